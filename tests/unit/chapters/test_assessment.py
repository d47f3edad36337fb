"""Closing chapter (levers): logic on small made-up frames, plus headline-vs-own-table agreement checks.

The values in data/ are pinned by nbval; these tests must survive any valid correction of them.
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data
from csreport.chapters import assessment as levers


def _frame(text: str, booleans=(), strings=()) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).replace("", pd.NA)
    for column in booleans:
        frame[column] = frame[column].map({"true": True, "false": False}).astype("boolean")
    return frame


COMMITMENTS = _frame(
    """id,label,date,serbian_speaker,gsi_reference,law_enforcement,quote,quote_kind,description,sources
c1,A,2021-05-28,Speaker One,false,true,,,First.,k
c2,B,2024-05-08,Speaker Two,true,,some words,translation,Second.,k
c3,C,2024-09,Speaker One,true,true,other words,as_reported,Third.,k
c4,D,2024-09-12,Speaker One,false,false,,,Fourth.,k
""",
    booleans=("gsi_reference", "law_enforcement"),
)

LEVERS = _frame("""id,label,actor,lever,instrument,date,status,option,sources
l1,A,EU,Chapter X,negotiations,2018-07-31,not_opened,o,k
l2,B,EU,Trade,FTA,2023-10,applies_on_accession,o,k
l3,C,EU,Screening,Regulation,2019,member_states_only,o,k
l4,D,US,5G,pledge,2020-09-04,pledge,o,k
l5,E,NATO,Partnership,plan,2015-01-15,partnership,o,k
""")

DOCUMENTS = _frame(
    """id,label,signed,kind,lender_kind,heading_confidentiality,heading_default,heading_change_of_law,tender_exempt,text_read,sources
f1,A,2009-08-20,framework_agreement,,,,,true,false,k
d1,B,2010-07-14,loan_agreement,chinese_policy_bank,false,true,false,,false,k
d2,C,2021-11-30,loan_agreement,western_bank_chinese_cover,true,true,false,,false,k
d3,D,2022-01-27,loan_agreement,chinese_commercial_bank,true,false,false,,false,k
d4,E,2023-10-10,loan_agreement,chinese_policy_bank,false,true,true,,false,k
p1,F,2024-05-08,protocol,,,,,,false,k
""",
    booleans=("heading_confidentiality", "heading_default", "heading_change_of_law", "tender_exempt", "text_read"),
)


# --- commitments ---------------------------------------------------------------------------------


def test_commitments_are_dated_sorted_and_quotes_are_marked():
    rows = levers.commitment_rows(COMMITMENTS.iloc[::-1])
    assert list(rows["id"]) == ["c1", "c2", "c4", "c3"]  # a month-only date sits mid-month, after the 12th
    assert rows.loc[1, "what"].endswith("“some words” (report's translation).")
    assert rows.loc[3, "what"].endswith("(as reported).")
    assert rows.loc[0, "what"] == "First."


def test_a_quote_without_its_kind_is_an_error_naming_the_row():
    bad = COMMITMENTS.copy()
    bad.loc[bad["id"] == "c2", "quote_kind"] = pd.NA
    with pytest.raises(data.DataError, match="c2"):
        levers.commitment_rows(bad)


def test_endorsements_count_unknown_law_enforcement_apart():
    e = levers.endorsements(levers.commitment_rows(COMMITMENTS))
    assert (e.n_events, e.n_gsi, e.n_law_enforcement, e.n_law_unknown) == (4, 2, 2, 1)
    assert e.first_gsi == pd.Timestamp("2024-05-08")
    assert e.gsi_speakers == ("Speaker Two", "Speaker One")  # in date order, each once


def test_no_gsi_reference_gives_no_first_date():
    none = COMMITMENTS.assign(gsi_reference=pd.array([False] * 4, dtype="boolean"))
    e = levers.endorsements(levers.commitment_rows(none))
    assert e.n_gsi == 0 and e.first_gsi is None and e.gsi_speakers == ()


def test_busiest_year_and_its_tie_rule():
    rows = levers.commitment_rows(COMMITMENTS)
    assert levers.busiest_year(rows) == levers.Busiest(2024, 3)
    tie = levers.commitment_rows(COMMITMENTS.iloc[:2])
    assert levers.busiest_year(tie).year == 2021  # one each in 2021 and 2024: the earliest wins
    with pytest.raises(ValueError):
        levers.busiest_year(rows.iloc[0:0])


# --- levers --------------------------------------------------------------------------------------


def test_lever_rows_label_states_and_refuse_unknown_status():
    rows = levers.lever_rows(LEVERS)
    assert rows.set_index("id").loc["l1", "state"] == levers.STATUS_TEXT["not_opened"]
    bad = LEVERS.assign(status=["not_opened", "suspended", "pledge", "pledge", "partnership"])
    with pytest.raises(data.DataError, match="suspended"):
        levers.lever_rows(bad)


def test_eu_instruments_not_binding_before_accession_flip_with_status():
    assert set(levers.not_binding_before_accession(LEVERS, "EU")["id"]) == {"l1", "l2", "l3"}
    opened = LEVERS.assign(
        status=["partnership", "applies_on_accession", "member_states_only", "pledge", "partnership"]
    )
    assert set(levers.not_binding_before_accession(opened, "EU")["id"]) == {"l2", "l3"}
    assert levers.not_binding_before_accession(LEVERS, "NATO").empty


# --- loans ---------------------------------------------------------------------------------------


def test_loan_rows_keep_loans_only_in_date_order():
    loans = levers.loan_rows(DOCUMENTS.iloc[::-1])
    assert list(loans["id"]) == ["d1", "d2", "d3", "d4"]


def test_a_loan_without_a_heading_cell_is_an_error_naming_it():
    bad = DOCUMENTS.copy()
    bad.loc[bad["id"] == "d3", "heading_default"] = pd.NA
    with pytest.raises(data.DataError, match="d3"):
        levers.loan_rows(bad)


def test_headings_count_and_split_lender_kinds():
    h = levers.headings(levers.loan_rows(DOCUMENTS))
    assert (h.n_loans, h.n_confidentiality, h.n_default, h.n_change_of_law, h.n_text_read) == (4, 2, 3, 1, 0)
    assert h.confidentiality_kinds == ("chinese_commercial_bank", "western_bank_chinese_cover")
    assert h.no_confidentiality_kinds == ("chinese_policy_bank",)


def test_a_policy_bank_confidentiality_clause_moves_the_kind_across():
    flipped = DOCUMENTS.copy()
    flipped.loc[flipped["id"] == "d4", "heading_confidentiality"] = True
    h = levers.headings(levers.loan_rows(flipped))
    assert "chinese_policy_bank" in h.confidentiality_kinds and h.no_confidentiality_kinds == ()


def test_tender_exempt_and_same_day():
    assert list(levers.tender_exempt(DOCUMENTS)["id"]) == ["f1"]
    assert levers.same_day("2024-05-08", "2024-05-08") and not levers.same_day("2024-05-08", "2024-05-09")
    with pytest.raises(ValueError, match="known to the day"):
        levers.same_day("2024-05", "2024-05-08")


def test_clause_status_counts():
    clauses = pd.DataFrame({"id": ["a", "b", "c"], "serbia_status": ["heading_only", "not_read", "heading_only"]})
    assert levers.clause_status(clauses).to_dict() == {"heading_only": 2, "not_read": 1}


# --- figure --------------------------------------------------------------------------------------


def test_timeline_draws_every_row_once_with_its_sources():
    points = levers.timeline_frame(COMMITMENTS, LEVERS, DOCUMENTS)
    assert len(points) == len(COMMITMENTS) + len(LEVERS) + len(DOCUMENTS)
    assert set(points["lane"]) == set(levers.LANES)
    chart = levers.timeline_figure(points)
    assert list(chart.data.columns) == ["lane", "when", "label", "id", "sources"]
    plt.close(chart.fig)


def test_a_row_without_a_date_is_an_error_naming_it():
    bad = LEVERS.copy()
    bad.loc[bad["id"] == "l4", "date"] = pd.NA
    with pytest.raises(data.DataError, match="l4"):
        levers.timeline_frame(COMMITMENTS, bad, DOCUMENTS)


# --- the chapter's own tables --------------------------------------------------------------------
