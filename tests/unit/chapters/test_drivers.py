"""Drivers chapter (analysis of competing hypotheses): logic on small made-up frames.

The values in data/ are pinned by nbval; these tests must survive any valid correction of them.
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data
from csreport.chapters import drivers


def _frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).replace("", pd.NA)


HYPOTHESES = _frame("""id,code,label,sources
h1,H1,Hedging,k
h2,H2,Alignment,k
h3,H3,Transactional,k
h4,H4,Regime,k
""")

# e1 and e2 tell against H2; e3 partly against H3; e4 is consistent with every explanation.
EVIDENCE = _frame("""id,date,label,h1,h2,h3,h4,sources
e1,2024-08-29,Fighters from the West,consistent,inconsistent,consistent,neutral,k1
e2,2020-09,Exercises suspended,consistent,inconsistent,neutral,neutral,k2
e3,2024,Political cover,consistent,consistent,partly inconsistent,neutral,k3
e4,2021,No conditions,consistent,consistent,consistent,consistent,k4
""")


def test_tally_counts_codes_and_weighs_evidence_against():
    t = drivers.tally(EVIDENCE, HYPOTHESES)
    assert list(t.index) == ["H1", "H2", "H3", "H4"]
    assert t.loc["H2", "inconsistent"] == 2 and t.loc["H2", "consistent"] == 2
    assert t["against"].to_dict() == {"H1": 0.0, "H2": 2.0, "H3": 0.5, "H4": 0.0}


def test_ranking_keeps_ties_together():
    r = drivers.ranking(drivers.tally(EVIDENCE, HYPOTHESES))
    assert r.least == ("H1", "H4") and r.most == ("H2",)
    assert (r.least_against, r.most_against) == (0.0, 2.0)
    assert r.order == ("H1", "H4", "H3", "H2")


def test_the_ranking_flips_when_the_codes_flip():
    flipped = EVIDENCE.copy()
    flipped[["h1", "h2"]] = flipped[["h2", "h1"]].to_numpy()  # the same evidence read the other way round
    r = drivers.ranking(drivers.tally(flipped, HYPOTHESES))
    assert r.most == ("H1",) and "H2" in r.least


def test_evidence_consistent_with_all_explanations_does_not_discriminate():
    assert list(drivers.diagnostic(EVIDENCE)["id"]) == ["e1", "e2", "e3"]
    neutral_everywhere = EVIDENCE.assign(h1="neutral", h2="neutral", h3="neutral", h4="neutral")
    assert drivers.diagnostic(neutral_everywhere).empty


def test_items_against_an_explanation_by_date_strict_or_not():
    assert list(drivers.against(EVIDENCE, "h2")["id"]) == ["e2", "e1"]
    assert list(drivers.against(EVIDENCE, "h3")["id"]) == ["e3"]
    assert drivers.against(EVIDENCE, "h3", strict=True).empty
    with pytest.raises(ValueError, match="h9"):
        drivers.against(EVIDENCE, "h9")


def test_an_unknown_code_is_an_error_naming_the_item():
    bad = EVIDENCE.copy()
    bad.loc[bad["id"] == "e3", "h4"] = "supports"
    with pytest.raises(data.DataError, match="e3"):
        drivers.tally(bad, HYPOTHESES)


def test_matrix_puts_diagnostic_items_first_and_heads_columns_by_code():
    rows = drivers.matrix_rows(EVIDENCE, HYPOTHESES)
    assert list(rows["id"]) == ["e2", "e3", "e1", "e4"]  # diagnostic by date, then the rest
    assert {"H1", "H2", "H3", "H4"} <= set(rows.columns)
    chart = drivers.matrix_figure(EVIDENCE, HYPOTHESES)
    assert list(chart.data["id"]) == list(rows["id"]) and "sources" in chart.data
    plt.close(chart.fig)
    short = drivers.matrix_figure(EVIDENCE, HYPOTHESES, diagnostic_only=True)
    assert list(short.data["id"]) == ["e2", "e3", "e1"]  # e4 fits every explanation
    plt.close(short.fig)


LITERATURE = _frame("""id,author,date,explanation,report_view,sources
l1,B;C,2021-07,H2,disagrees,k
l2,A,2019,context,not assessed,k
l3,D,2023-02,H1,agrees,k
l4,E,2020,H1,partly agrees,k
""")


def test_literature_ordered_by_explanation_then_date_and_views_counted():
    rows = drivers.literature_rows(LITERATURE)
    assert list(rows["id"]) == ["l4", "l3", "l1", "l2"]
    assert rows.loc[2, "author_year"] == "B, C (2021)"
    assert drivers.views(LITERATURE).to_dict() == {"agrees": 1, "partly agrees": 1, "disagrees": 1, "not assessed": 1}


COUNTS = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "year": [2016, 2016, 2019, 2019],
        "period_note": ["Jan-Aug", "Jan-Aug", "full year", "to October"],
        "partner": ["NATO", "Russia", "NATO", "Russia"],
        "count": [116, 17, 23, 4],
        "unit": ["activities", "activities", "exercises", "exercises"],
        "basis": ["MoD", "MoD", "BCSP", "BCSP"],
    }
)


def test_only_counts_of_one_basis_unit_and_period_are_compared():
    pair = drivers.like_with_like(COUNTS, 2016, "MoD")
    assert pair.loc["NATO", "count"] == 116 and pair.loc["Russia", "count"] == 17
    with pytest.raises(data.DataError, match="period_note"):
        drivers.like_with_like(COUNTS, 2019, "BCSP")  # a full year beside ten months
    with pytest.raises(ValueError, match="2020"):
        drivers.like_with_like(COUNTS, 2020, "MoD")


def test_drivers_grouped_by_side_and_kinds_in_words():
    frame = _frame("""id,side,date,statement_kind,sources
d1,China,2024-05,official,k
d2,Serbia,2023,analyst,k
d3,Hungary,2025,state_media,k
d4,Serbia,2020,official_and_analyst,k
""")
    rows = drivers.driver_rows(frame)
    assert list(rows["id"]) == ["d4", "d2", "d1", "d3"]
    assert list(rows["kind"]) == ["official and analyst", "analyst", "official", "state media"]
    with pytest.raises(data.DataError, match="Turkey"):
        drivers.driver_rows(frame.assign(side=["Turkey", "Serbia", "China", "Serbia"]))
