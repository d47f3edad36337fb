"""One fact, one place: the check of rows that record the same fact in two tables (inline frames)."""

import pandas as pd
import pytest

from csreport.data import facts


def tables(a_date="2026-03-12", a_sources="k1;k2", b_date="2026-03-12", b_sources="k2;k1"):
    return {
        "ta": pd.DataFrame({"id": ["a1", "a2"], "date": [a_date, "2020"], "sources": [a_sources, "k9"]}),
        "tb": pd.DataFrame({"id": ["b1"], "start_date": [b_date], "sources": [b_sources]}),
    }


def pairs(first="ta:a1", second="tb:b1", shown="k1"):
    return pd.DataFrame(
        {
            "id": ["sf_x"],
            "fact": ["A statement"],
            "first": [first],
            "first_date_column": ["date"],
            "second": [second],
            "second_date_column": ["start_date"],
            "sources": [shown],
        }
    )


def test_agreeing_rows_give_no_problem():
    assert facts.problems(pairs(), tables()) == []


def test_dates_that_differ_by_a_day_are_one_line_naming_both_rows():
    out = facts.problems(pairs(), tables(b_date="2026-03-13"))
    assert out == ["data/shared_facts.csv, row 2: ta:a1 date 2026-03-12 ≠ tb:b1 date 2026-03-13"]


@pytest.mark.parametrize(
    "coarse, fine, ok",
    [
        ("2019", "2019-05-19", True),
        ("2019-05", "2019-05-19", True),
        ("2019-06", "2019-05-19", False),
        ("2018", "2019-05", False),
    ],
)
def test_a_coarser_date_must_contain_the_finer_one(coarse, fine, ok):
    assert facts.dates_agree(coarse, fine) is ok
    assert facts.dates_agree(fine, coarse) is ok
    assert (facts.problems(pairs(), tables(a_date=coarse, b_date=fine)) == []) is ok


def test_a_source_missing_on_either_side_is_reported_for_that_side():
    out = facts.problems(pairs(), tables(a_sources="k1", b_sources="k1;k3"))
    assert out == ["data/shared_facts.csv, row 2: ta:a1 lacks source(s) k3 that tb:b1 cites"]
    out = facts.problems(pairs(), tables(a_sources="k1;k4", b_sources="k1"))
    assert out == ["data/shared_facts.csv, row 2: tb:b1 lacks source(s) k4 that ta:a1 cites"]


def test_date_and_sources_problems_are_both_reported():
    assert len(facts.problems(pairs(), tables(b_date="2025", b_sources="k1"))) == 2


def test_unknown_table_row_or_column_is_named():
    assert facts.problems(pairs(first="tz:a1"), tables()) == ["data/shared_facts.csv, row 2: tz:a1: no table 'tz'"]
    assert "no row with id 'a9'" in facts.problems(pairs(first="ta:a9"), tables())[0]
    bad = pairs()
    bad["second_date_column"] = ["date"]
    assert "has no column 'date'" in facts.problems(bad, tables())[0]
    assert "not of the form" in facts.problems(pairs(first="a1"), tables())[0]


def test_shown_sources_must_be_cited_by_both_rows():
    out = facts.problems(pairs(shown="k1;k7"), tables())
    assert out == ["data/shared_facts.csv, row 2: column 'sources' names k7, not cited by both rows"]


def test_missing_date_on_one_side_is_a_disagreement():
    out = facts.problems(pairs(), tables(b_date=None))
    assert out == ["data/shared_facts.csv, row 2: ta:a1 date 2026-03-12 ≠ tb:b1 date (empty)"]
