"""Chapter 02 (public security): camera numbers of different kinds are never mixed; the chapter's
texts, figures and table frames read the real data."""
import json
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data, surveillance
from csreport.paths import BOOK

COUNT_KINDS = {
    "announced", "installed_per_officials", "verified_civic_mapping", "activists_estimate",
    "planned_impact_assessment", "inferred_capacity", "media_estimate", "vendor_case_study",
}


def test_every_camera_number_has_exactly_one_kind():
    milestones = data.load("surveillance_milestones")
    counted = milestones[milestones["cameras"].notna()]
    assert len(counted) > 0
    # one kind per row, and it is a real kind (not 'none', not empty, not a list of kinds)
    assert counted["count_kind"].isin(COUNT_KINDS).all(), counted.loc[
        ~counted["count_kind"].isin(COUNT_KINDS), ["id", "count_kind"]]
    assert not counted["count_kind"].str.contains(r"[;,|]").any()
    assert counted["qualifier"].isin(["exact", "approx", "at_least", "at_most"]).all()
    # rows without a number carry no kind
    uncounted = milestones[milestones["cameras"].isna()]
    assert (uncounted["count_kind"] == "none").all()


def test_figure_frame_keeps_kinds_apart():
    milestones = data.load("surveillance_milestones")
    counts = surveillance.camera_counts(milestones)
    # one figure row per camera number, nothing dropped, added or merged
    assert len(counts) == milestones["cameras"].notna().sum()
    assert counts["id"].is_unique
    assert set(counts["id"]) == set(milestones.loc[milestones["cameras"].notna(), "id"])
    # more than one kind, each drawn as its own series with its own legend label
    assert counts["count_kind"].nunique() > 1
    labels = counts.groupby("count_kind")["kind"].unique()
    assert all(len(v) == 1 for v in labels)            # no kind mixing within a series
    assert labels.map(lambda v: v[0]).is_unique         # no two kinds share a legend label
    # the numbers are the source's numbers, row by row (no sums or averages)
    merged = counts.merge(milestones[["id", "cameras", "count_kind"]], on="id", suffixes=("", "_src"))
    assert (merged["cameras"] == merged["cameras_src"]).all()
    assert (merged["count_kind"] == merged["count_kind_src"]).all()
    # plans and capacity are drawn apart from counts of street cameras
    plans = counts[counts["panel"] == "plan"]
    assert set(plans["count_kind"]) == {"planned_impact_assessment", "inferred_capacity"}
    assert not counts.loc[counts["panel"] == "count", "count_kind"].isin(
        ["planned_impact_assessment", "inferred_capacity"]).any()


def test_verified_and_announced_are_distinct_rows_of_different_kinds():
    counts = surveillance.camera_counts(data.load("surveillance_milestones"))
    verified = counts[counts["cameras"] == 689]
    announced = counts[(counts["cameras"] == 1000) & (counts["count_kind"] == "announced")]
    assert len(verified) == 1 and len(announced) >= 1
    assert verified.iloc[0]["count_kind"] == "verified_civic_mapping"
    assert verified.iloc[0]["qualifier"] == "exact"
    assert (announced["qualifier"] == "approx").all()
    assert not set(verified["id"]) & set(announced["id"])
    assert verified.iloc[0]["count_kind"] not in set(announced["count_kind"])


def test_qualifiers_are_shown_in_labels():
    counts = surveillance.camera_counts(data.load("surveillance_milestones"))
    signs = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}
    for _, row in counts.iterrows():
        assert row["label"].startswith(signs[row["qualifier"]]) if signs[row["qualifier"]] else \
            row["label"][0].isdigit()


def test_draft_laws_were_withdrawn():
    spans = surveillance.draft_law_spans(data.load("surveillance_legal_events"))
    assert len(spans) == 2
    assert spans["withdrawal"].notna().all()
    assert (spans["withdrawn"] >= spans["published"].map(lambda t: t.replace(day=1))).all()
    # no law authorising biometric surveillance: no 'law_adopted' row after the 2018 data-protection law
    legal = data.load("surveillance_legal_events")
    assert list(legal.loc[legal["event_type"] == "law_adopted", "id"]) == ["le2018dpl"]


# --- The chapter's texts, figures and table frames (moved from the notebook into the module) ---

def _by_id(name):
    return data.load(name).set_index("id", drop=False).rename_axis(None)


def _chapter_texts():
    milestones, legal = _by_id("surveillance_milestones"), _by_id("surveillance_legal_events")
    counts = surveillance.camera_counts(milestones)
    spans = surveillance.draft_law_spans(legal).set_index("draft")
    return {**surveillance.history_texts(milestones, counts, _by_id("context_timeline"),
                                         _by_id("reactions")),
            **surveillance.legal_texts(legal, spans),
            **surveillance.facts_texts(data.load("safe_city_facts")),
            **surveillance.polls_texts(data.load("polls"))}


def test_every_glue_key_in_the_chapter_has_a_text():
    cells = json.loads((BOOK / "02_public_security.ipynb").read_text(encoding="utf-8"))["cells"]
    prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:text\}`(ps_\w+)`", prose))
    texts = _chapter_texts()
    assert used <= set(texts), used - set(texts)
    assert all(isinstance(v, str) and v for v in texts.values())


def test_history_texts_read_the_milestones():
    texts = _chapter_texts()
    milestones = _by_id("surveillance_milestones")
    # camera numbers carry their qualifier sign; sites are formatted with separators
    assert texts["ps_verified"] == "689"
    assert texts["ps_announce_cams"] == "≈1,000" and texts["ps_announce_sites"].startswith("≈")
    assert texts["ps_dpia_cams"].startswith("≥") and texts["ps_capacity"].startswith("≤")
    assert texts["ps_rebic_cams"] == f"{int(milestones.loc['ms2019rebicnow', 'cameras']):,}"
    # dates at their own precision
    assert texts["ps_talks_year"] == milestones.loc["ms2011talks", "date"] == "2011"
    assert texts["ps_announce_date"] == "31 January 2019"
    assert texts["ps_spa_year"] == milestones.loc["ms2017spa", "date"][:4]
    # counts of numbers and kinds agree with camera_counts
    counts = surveillance.camera_counts(milestones)
    assert texts["ps_n_counts"] == str(len(counts))
    assert int(texts["ps_n_kinds"]) == len(surveillance.CAMERA_COUNT_KINDS)
    assert int(texts["ps_n_street_kinds"]) == int(texts["ps_n_kinds"]) - len(surveillance.CAMERA_PLAN_KINDS)


def test_legal_texts_measure_the_drafts_lifespans():
    texts = _chapter_texts()
    assert texts["ps_n_drafts"] == "2"
    assert texts["ps_draft1_days"] == "24"  # 30 August to 23 September 2021
    assert texts["ps_draft1_date"] == "30 August 2021" and texts["ps_withdrawal1_date"] == "23 September 2021"
    assert texts["ps_meps_to_withdrawal"] == "6"  # 20 to 26 December 2022
    assert texts["ps_draft1_year"] == "2021" and texts["ps_draft2_year"] == "2022"


def test_legal_texts_refuse_an_unwithdrawn_draft_or_a_new_law():
    legal = _by_id("surveillance_legal_events")
    spans = surveillance.draft_law_spans(legal).set_index("draft")
    open_draft = spans.copy()
    open_draft.loc["le2022draft", "withdrawal"] = None
    with pytest.raises(ValueError, match="without a withdrawal"):
        surveillance.legal_texts(legal, open_draft)
    adopted = legal.copy()
    adopted.loc["le2022draft", "event_type"] = "law_adopted"
    with pytest.raises(ValueError, match="new law"):
        surveillance.legal_texts(adopted, spans)


def test_facts_texts_and_table_split_by_status():
    facts = data.load("safe_city_facts")
    texts = surveillance.facts_texts(facts)
    parts = [int(texts[k]) for k in ("ps_n_confirmed", "ps_n_reported", "ps_n_denied", "ps_n_unknown")]
    assert sum(parts) == int(texts["ps_n_facts"]) == len(facts)
    assert parts[0] > 0
    table = surveillance.facts_table(facts)
    assert len(table) == len(facts) and set(table["id"]) == set(facts["id"])
    # confirmed claims first, then in the order of FACT_STATUS; labels and claimants shown
    order = list(surveillance.FACT_STATUS)
    assert table["status"].map(order.index).is_monotonic_increasing
    assert table["status_label"].notna().all()
    assert all(c.endswith(f"({who})") for c, who in zip(table["claim"], table["claimed_by"]))


def test_polls_texts_count_questions_and_refuse_a_surveillance_poll():
    polls = data.load("polls")
    texts = surveillance.polls_texts(polls)
    assert texts["ps_n_poll_rows"] == f"{len(polls):,}"
    assert int(texts["ps_n_poll_questions"]) == polls["question"].nunique() < len(polls)
    changed = polls.copy()
    changed.loc[changed.index[0], "question_wording"] = "Do you support facial recognition cameras?"
    with pytest.raises(ValueError, match="poll on surveillance"):
        surveillance.polls_texts(changed)


def test_legal_table_is_dated_and_describes_each_event():
    legal = _by_id("surveillance_legal_events")
    table = surveillance.legal_table(legal)
    assert len(table) == len(legal)
    assert table["when"].is_monotonic_increasing
    assert list(table["id"][:2]) == ["le2018finding", "le2018dpl"]   # by date, not by type
    assert list(table["shown_date"][:2]) == ["21 March 2018", "November 2018"]
    assert table["what"].str.contains(r"^[A-Z][\w ]+: .+\. Outcome: .+\.$", regex=True).all()
    assert set(table["event_type"]) <= set(surveillance.LEGAL_TYPE_LABEL)


def test_cameras_figure_draws_every_number_once_with_its_label():
    counts = surveillance.camera_counts(_by_id("surveillance_milestones"))
    fig, drawn = surveillance.cameras_figure(counts)
    try:
        top, bottom = fig.axes
        # one marker per camera number; plans and capacity in the lower panel only
        n_plan = int((counts["panel"] == "plan").sum())
        assert len(top.collections) == len(counts) - n_plan and len(bottom.collections) == n_plan
        labels = [t.get_text() for ax in (top, bottom) for t in ax.texts]
        assert "689 #hiljadekamera map" in labels and "≤3,500 more: IPVM, from a leaked order" in labels
        assert len(labels) == sum(1 for i in counts["id"] if surveillance.CAMERA_WHO[i])
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        assert legend[:len(surveillance.CAMERA_COUNT_KINDS)] == list(surveillance.CAMERA_COUNT_KINDS.values())
        # the data published is exactly the rows drawn, without the drawing-only columns
        assert list(drawn["id"]) == list(counts["id"])
        assert not {"when", "sign", "panel"} & set(drawn.columns) and "sources" in drawn
    finally:
        plt.close(fig)
    assert surveillance.panel_labels(counts, "plan") == "≥8,000, ≤3,500"
    assert "689" in surveillance.panel_labels(counts, "count").split(", ")


def test_cameras_figure_needs_a_label_decision_for_every_number():
    counts = surveillance.camera_counts(_by_id("surveillance_milestones"))
    extra = counts.iloc[[0]].assign(id="ms_new_number")
    with pytest.raises(ValueError, match="no label set"):
        surveillance.cameras_figure(pd.concat([counts, extra]))


def test_legal_figure_has_a_lane_per_event_type_and_shades_each_draft():
    legal = _by_id("surveillance_legal_events")
    spans = surveillance.draft_law_spans(legal).set_index("draft")
    events = surveillance.legal_events(legal)
    assert events["when"].notna().all() and len(events) == len(legal)
    fig, drawn = surveillance.legal_figure(events, spans)
    try:
        (ax,) = fig.axes
        lanes = [v[0] for v in surveillance.LEGAL_LANES.values()]
        assert [t.get_text() for t in ax.get_yticklabels()] == lanes
        assert len(ax.patches) == len(spans) == 2             # one shaded span per draft
        assert len(ax.collections) == events["event_type"].nunique()
        assert sum(len(c.get_offsets()) for c in ax.collections) == len(events)
        assert len(ax.texts) == events["id"].isin(list(surveillance.LEGAL_NOTES)).sum()
        assert list(drawn.columns) == list(legal.columns) and len(drawn) == len(legal)
    finally:
        plt.close(fig)
