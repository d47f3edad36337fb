"""Digital cooperation (book/digital): the rules of csreport.chapters.digital on small made-up tables, and the
chapter's headlines checked against its own tables (computed, never pinned).

Another source's rendering of a step is kept as its own row but drawn and counted once; steps are
counted per kind with every kind listed; a tool's basis is its strongest finding, and the headline on
Chinese tools turns on that basis. The `sandbox` fixture comes from tests/conftest.py.
"""

import csv
import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data
from csreport.chapters import digital, surveillance

# --- Made-up inputs -------------------------------------------------------------------------------

KINDS = pd.DataFrame(
    {
        "value": ["agreement", "opening", "us_commitment", "spectrum"],
        "label": ["Agreement", "Opening", "Commitment", "Spectrum step"],
        "chart_label": ["Agreements", "Openings", "US commitment", "Spectrum"],
    }
).set_index("value")

EVENTS = """id,date,kind,actors,chinese_party,event,value,currency,value_qualifier,alternative_of,chart_label,chart_label_position,sources
e1,2016-06,agreement,Operator A; Vendor X,true,Framework,,,,,,,srca
e2,2016-10-05,agreement,Operator A; Vendor X,true,Contract,150,EUR,exact,,Contract,above,srca
e3,2016,agreement,Operator A; Vendor X,true,Contract,150,USD,exact,e2,,,srcb
e4,2020-09-04,us_commitment,Country S; Country U,false,Pledge,,,,,Pledge,below,srcc
e5,2020-09-14,opening,Vendor X,true,Centre opens,,,,,,,srcd
e6,2021-06-01,spectrum,Regulator R,false,Call,,,,,,,srce
e7,2025-10-20,spectrum,Regulator R,,Deadline,,,,,Deadline,above left,srce
"""


def events(text=EVENTS):
    frame = pd.read_csv(
        io.StringIO(text),
        dtype={"date": "string", "alternative_of": "string", "chart_label": "string", "currency": "string"},
    )
    frame["chinese_party"] = frame["chinese_party"].astype("boolean")
    return frame


TYPES = pd.DataFrame(
    {"value": ["camera_network", "phone_extraction", "spyware"], "label": ["Cameras", "Extraction", "Spyware"]}
).set_index("value")

TOOLS = """id,tool,vendor,vendor_country,chinese,tool_type,legal_basis,oversight,sources
t1,Extractor,Company E,Country I,false,phone_extraction,Code of procedure,None found,srca
t2,Cameras,Vendor X,China,true,camera_network,Police law,Commissioner,srcb
t3,Implant,Agency S,Country S,false,spyware,None found,None found,srcc
"""


def tools(text=TOOLS):
    frame = pd.read_csv(io.StringIO(text))
    frame["chinese"] = frame["chinese"].astype("boolean")
    return frame


FINDING_TYPES = pd.DataFrame(
    {
        "value": ["documented_use", "deployed", "likely_customer", "not_verified"],
        "label": ["Used", "Deployed", "Likely customer", "Not verified"],
        "strength": [1, 2, 4, 8],
    }
).set_index("value")

FINDINGS = """id,tool,finding_type,date_reported,in_digital_prison,sources
f1,t1,documented_use,2024-12-16,yes,srca
f2,t2,deployed,2019-10,no,srcb
f3,t3,likely_customer,2013-03-13,no,srcc
f4,t3,documented_use,2024-12-16,yes,srcd
f5,t3,documented_use,2025-02,no,srce
f6,t1,not_verified,2018-09-18,no,srcf
f7,t3,documented_use,2024-12,summary_only,srcg
"""


def findings(text=FINDINGS):
    return pd.read_csv(io.StringIO(text), dtype={"date_reported": "string"})


STATEMENTS = pd.DataFrame(
    {
        "id": ["s2", "s1"],
        "date": ["2025-09-04", "2025-01"],
        "speaker": ["Leader L", "Spokesperson M"],
        "role": ["President", "Spokesperson"],
        "sources": ["srca", "srcb"],
    }
)


# --- Dated steps ----------------------------------------------------------------------------------


def test_primary_events_drop_other_renderings_and_sort_by_date():
    primary = digital.primary_events(events())
    assert list(primary["id"]) == ["e1", "e2", "e4", "e5", "e6", "e7"]  # e3 renders e2 differently
    assert list(primary["date_precision"][:2]) == ["month", "day"]


def test_an_alternative_must_name_a_primary_row_of_the_table():
    with pytest.raises(ValueError, match=r"names no row.*e3 \(e9\)"):
        digital.primary_events(events(EVENTS.replace(",e2,,,srcb", ",e9,,,srcb")))
    chained = EVENTS.replace(
        "e4,2020-09-04,us_commitment,Country S; Country U,false,Pledge,,,,,",
        "e4,2020-09-04,us_commitment,Country S; Country U,false,Pledge,,,,e3,",
    )
    with pytest.raises(ValueError, match="itself an alternative: e4"):
        digital.primary_events(events(chained))


def test_renderings_keep_both_values_of_one_contract():
    rows = digital.renderings(events(), "e2")
    assert list(rows["id"]) == ["e2", "e3"]
    assert list(zip(rows["value"], rows["currency"])) == [(150, "EUR"), (150, "USD")]
    with pytest.raises(ValueError, match="no row 'e9'"):
        digital.renderings(events(), "e9")


def test_kind_counts_list_every_kind_and_count_a_contract_once():
    counts = digital.kind_counts(events(), KINDS)
    assert counts.to_dict() == {"agreement": 2, "opening": 1, "us_commitment": 1, "spectrum": 2}
    with pytest.raises(ValueError, match=r"kind .*e5 \(party\)"):
        digital.kind_counts(events(EVENTS.replace(",opening,", ",party,")), KINDS)


def test_chinese_steps_count_primary_rows_and_read_a_missing_party_as_none():
    assert list(digital.chinese_steps(events())["id"]) == ["e1", "e2", "e5"]  # e7 has no party given
    flipped = EVENTS.replace("e6,2021-06-01,spectrum,Regulator R,false", "e6,2021-06-01,spectrum,Regulator R,true")
    assert len(digital.chinese_steps(events(flipped))) == 4


def test_latest_step_of_a_kind_respects_the_cut_off_and_flips_with_a_later_step():
    assert digital.latest(events(), "spectrum")["id"] == "e7"
    assert digital.latest(events(), "spectrum", until=pd.Timestamp("2024-01-01"))["id"] == "e6"
    awarded = EVENTS + "e8,2025-12-01,spectrum,Regulator R,false,Licences awarded,,,,,,,srcf\n"
    assert digital.latest(events(awarded), "spectrum")["id"] == "e8"
    with pytest.raises(ValueError, match="no step of kind 'opening'"):
        digital.latest(events(), "opening", until=pd.Timestamp("2019-01-01"))


def test_steps_after_a_step_are_later_primary_steps_of_a_kind():
    assert list(digital.steps_after(events(), "e4")["id"]) == ["e5", "e6", "e7"]
    assert list(digital.steps_after(events(), "e4", kind="spectrum")["id"]) == ["e6", "e7"]
    with pytest.raises(ValueError, match="no primary row 'e3'"):
        digital.steps_after(events(), "e3")


def test_days_from_the_pledge_to_the_opening():
    ev = events().set_index("id")
    assert surveillance.days_between(ev.loc["e4", "date"], ev.loc["e5", "date"]) == 10


def test_timeline_figure_has_a_lane_per_kind_and_draws_each_step_once():
    until = pd.Timestamp("2026-11-26")
    chart = digital.timeline_figure(events(), until=until, kinds=KINDS)
    try:
        (ax,) = chart.fig.axes
        assert [t.get_text() for t in ax.get_yticklabels()] == list(KINDS["chart_label"])
        assert sum(len(c.get_offsets()) for c in ax.collections) == 6  # e3 is not drawn
        assert sorted(t.get_text() for t in ax.texts) == ["Contract", "Deadline", "Pledge"]
        assert pd.Timestamp(ax.get_xlim()[1], unit="D") == until  # axis ends at the cut-off
        assert list(chart.data["id"]) == ["e1", "e2", "e4", "e5", "e6", "e7"] and "sources" in chart.data
        assert not {"when", "chart_label_position"} & set(chart.data.columns)
    finally:
        plt.close(chart.fig)


def test_timeline_figure_refuses_an_unknown_label_position():
    with pytest.raises(ValueError, match="label position.*e4"):
        digital.timeline_figure(
            events(EVENTS.replace(",below,", ",aside,")), until=pd.Timestamp("2026-01-01"), kinds=KINDS
        )


def test_events_rows_keep_every_rendering_with_date_and_kind_label():
    rows = digital.events_rows(events(), KINDS)
    assert list(rows["id"]) == ["e1", "e3", "e2", "e4", "e5", "e6", "e7"]  # e3 dated mid-2016
    assert list(rows["shown_date"][:3]) == ["June 2016", "2016", "5 October 2016"]
    assert rows.iloc[0]["kind_label"] == "Agreement"


# --- Tools and their basis -------------------------------------------------------------------------


def test_a_tools_basis_is_its_strongest_finding_dated_by_the_first_report_of_that_kind():
    basis = digital.tool_basis(tools(), findings(), FINDING_TYPES)
    assert list(basis.index) == ["t1", "t2", "t3"]
    assert list(basis["basis"]) == ["documented_use", "deployed", "documented_use"]
    # t3 was first named a likely customer in 2013, but its basis is the use documented in December 2024
    assert basis.loc["t3", "first_reported"] == "2024-12" and basis.loc["t3", "n_findings"] == 4
    assert basis.loc["t1", "first_reported"] == "2024-12-16"  # the 2018 check does not date the use
    assert basis.loc["t3", "basis_sources"] == "srcg;srcd;srce"


def test_a_tool_without_finding_or_a_finding_without_tool_is_refused():
    with pytest.raises(ValueError, match="no finding in tool_findings for t2"):
        digital.tool_basis(tools(), findings(FINDINGS.replace("f2,t2,", "f2,t3,")), FINDING_TYPES)
    with pytest.raises(ValueError, match=r"tool of a finding .*f2 \(t9\)"):
        digital.tool_basis(tools(), findings(FINDINGS.replace("f2,t2,", "f2,t9,")), FINDING_TYPES)
    with pytest.raises(ValueError, match=r"finding type .*f3 \(rumour\)"):
        digital.tool_basis(tools(), findings(FINDINGS.replace("likely_customer", "rumour")), FINDING_TYPES)


def test_tools_with_a_basis_separate_chinese_from_other_tools_and_flip_with_a_new_finding(monkeypatch):
    monkeypatch.setattr(digital, "categories", lambda table, column: FINDING_TYPES)
    used = ["documented_use"]
    assert digital.tools_with_basis(tools(), findings(), used) == ["t1", "t3"]
    assert digital.tools_with_basis(tools(), findings(), used, chinese=True) == []
    flipped = FINDINGS + "f8,t2,documented_use,2026-01,no,srch\n"
    assert digital.tools_with_basis(tools(), findings(flipped), used, chinese=True) == ["t2"]


def test_tools_rows_put_the_strongest_basis_first_and_state_the_rules_once_when_they_agree(monkeypatch):
    monkeypatch.setattr(digital, "categories", lambda table, column: FINDING_TYPES)
    rows = digital.tools_rows(tools(), findings(), TYPES)
    assert list(rows["id"]) == ["t3", "t1", "t2"]  # both used: the one first reported earlier (Dec 2024) first
    assert list(rows["chinese_text"]) == ["No", "No", "Yes"]
    assert rows.iloc[2]["tool_origin"] == "Cameras — Vendor X (China)"
    assert list(rows["governance"]) == ["None found", "Code of procedure. None found", "Police law. Commissioner"]
    assert rows.iloc[2]["basis_text"] == "Deployed (Oct 2019)"
    with pytest.raises(ValueError, match=r"tool type .*t3 \(malware\)"):
        digital.tools_rows(tools(TOOLS.replace(",spyware,", ",malware,")), findings(), TYPES)


def test_findings_rows_are_by_date_reported_with_tool_name_and_labels():
    report = pd.DataFrame({"value": ["yes", "no", "summary_only"], "label": ["In", "Not in", "Summary"]}).set_index(
        "value"
    )
    rows = digital.findings_rows(findings(), tools(), FINDING_TYPES, report)
    assert list(rows["id"]) == ["f3", "f6", "f2", "f7", "f1", "f4", "f5"]
    assert rows.iloc[0]["tool_name"] == "Implant" and rows.iloc[0]["finding_label"] == "Likely customer"
    assert list(rows["report_label"][:4]) == ["Not in", "Not in", "Not in", "Summary"]


def test_in_report_lists_the_tools_the_report_names_in_order_and_apart_from_summaries():
    assert digital.in_report(findings()) == ["t1", "t3"]
    assert digital.in_report(findings(), "summary_only") == ["t3"]
    assert digital.in_report(findings(FINDINGS.replace(",yes,", ",no,"))) == []


# --- The 5G licences --------------------------------------------------------------------------------

LICENCES = pd.DataFrame(
    {
        "id": ["o1", "o2", "o3"],
        "operator": ["Operator A", "Operator B", "Operator C"],
        "issued": ["2025-11", "2025-11", "2025-11"],
        "fee": [100.0, 100.0, 100.0],
        "currency": ["EUR", "EUR", "EUR"],
        "fee_qualifier": ["approx", "approx", "exact"],
        "sources": ["srca", "srca", "srca"],
    }
)


def test_licence_total_adds_fees_of_one_currency_only():
    assert digital.licence_total(LICENCES) == 300.0
    with pytest.raises(ValueError, match="more than one currency"):
        digital.licence_total(LICENCES.assign(currency=["EUR", "USD", "EUR"]))


def test_licences_rows_show_the_month_and_the_fee_with_its_qualifier():
    rows = digital.licences_rows(LICENCES)
    assert list(rows["shown_issued"]) == ["November 2025"] * 3
    assert list(rows["fee_text"]) == ["about EUR 100m", "about EUR 100m", "EUR 100m"]


def test_statements_rows_are_by_date_and_name_the_speaker_with_office():
    rows = digital.statements_rows(STATEMENTS)
    assert list(rows["id"]) == ["s1", "s2"]
    assert list(rows["who"]) == ["Spokesperson M, Spokesperson", "Leader L, President"]
    assert list(rows["shown_date"]) == ["January 2025", "4 September 2025"]


# --- The chapter's own tables ---------------------------------------------------------------------


def test_headline_flips_when_a_chinese_tool_is_found_used_against_people(sandbox):
    chinese = data.load("surveillance_tools").query("chinese")["id"].iloc[0]
    path = sandbox / "data" / "tool_findings.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows.append(dict(rows[0], id="made_up_use", tool=chinese, finding_type="documented_use"))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    tools_, findings_ = data.load("surveillance_tools"), data.load("tool_findings")
    assert chinese in digital.tools_with_basis(tools_, findings_, ["documented_use"], chinese=True)
