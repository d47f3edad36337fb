"""Safe City surveillance (book/surveillance): the rules of csreport.chapters.surveillance on small made-up tables, and
the chapter's headlines checked against its own tables (computed, never pinned).

Camera numbers of different kinds are never merged; a draft law is matched to the withdrawal that
names it; claims are counted per status with every status listed. The `sandbox` fixture comes
from tests/conftest.py.
"""

import csv
import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data, paths
from csreport.chapters import surveillance
from csreport.data import rows

# --- Made-up inputs -------------------------------------------------------------------------------

KINDS = pd.DataFrame(
    {
        "value": ["announced", "verified_civic_mapping", "planned_impact_assessment", "none"],
        "label": ["Announced", "Verified", "Planned", "No number"],
        "street_count": [True, True, False, False],
    }
).set_index("value")

MILESTONES = """id,date,cameras,locations,count_kind,qualifier,locations_qualifier,chart_label,chart_label_position,actor,sources
m1,2019-01-31,1000,800,announced,approx,approx,minister,above,Minister A,srca
m2,2020,689,,verified_civic_mapping,exact,,civic map,below,Group B,srcb
m3,2019,,,none,,,,,Ministry C,srca
m4,2020-05,8000,,planned_impact_assessment,at_least,,plan,right,Ministry C,srcc
m5,2019-02-09,1000,800,announced,approx,approx,,,Director D,srca;srcd
"""


def milestones(text=MILESTONES):
    frame = pd.read_csv(io.StringIO(text), dtype={"date": "string"})
    frame["cameras"] = frame["cameras"].astype("Int64")
    frame["locations"] = frame["locations"].astype("Int64")
    return frame


TYPES = pd.DataFrame(
    {
        "value": ["law_adopted", "draft_law", "withdrawal", "statement"],
        "label": ["Law adopted", "Draft law", "Withdrawal", "Statement"],
        "chart_label": ["Law adopted", "Draft law published", "Draft withdrawn", "Statement"],
    }
).set_index("value")

LEGAL = """id,date,event_type,actor,description,outcome,withdraws,biometric_powers,chart_label,chart_label_position,sources
l1,2018-11,law_adopted,Assembly,A data law,In force,,false,Law,above right,srca
l2,2021-08-30,draft_law,Ministry,First draft,,,true,1st draft,above right,srcb
l3,2021-09-23,withdrawal,Minister,Withdraws the first draft,Withdrawn,l2,,withdrawn,above right,srcc;srcb
l4,2022-12,draft_law,Ministry,Second draft,,,true,,,srcd
l5,2022-12-26,withdrawal,Prime minister,Withdraws the second draft,Withdrawn,l4,,,,srce
l6,2025-12-28,statement,Minister,No face recognition,,,,,,srcf
"""


def legal(text=LEGAL):
    frame = pd.read_csv(io.StringIO(text), dtype={"date": "string", "withdraws": "string", "outcome": "string"})
    frame["biometric_powers"] = frame["biometric_powers"].astype("boolean")
    return frame


STATUSES = pd.DataFrame(
    {
        "value": ["confirmed_officially", "reported_not_confirmed", "denied", "unknown"],
        "label": ["Confirmed", "Reported", "Denied", "Unknown"],
    }
).set_index("value")
FACTS = pd.DataFrame(
    {
        "id": ["f1", "f2", "f3", "f4"],
        "what_is_claimed": ["Vendor is X", "Price is Y", "Z is on", "Cameras are W"],
        "claimed_by": ["Group A", "Paper B", "Group C", "Group A"],
        "status": ["reported_not_confirmed", "confirmed_officially", "denied", "confirmed_officially"],
    }
)


# --- Camera numbers -------------------------------------------------------------------------------


def test_camera_counts_keep_one_row_per_number_in_kind_order_then_date():
    counts = surveillance.camera_counts(milestones(), KINDS)
    assert list(counts["id"]) == ["m1", "m5", "m2", "m4"]  # no merging; m3 has no number
    assert list(counts["kind"]) == ["Announced", "Announced", "Verified", "Planned"]
    assert list(counts["label"]) == ["≈1,000", "≈1,000", "689", "≥8,000"]
    assert list(counts["street"]) == [True, True, True, False]
    assert list(counts["cameras"]) == [1000, 1000, 689, 8000]  # the sources' numbers, not sums


def test_camera_counts_refuse_a_number_without_kind_or_qualifier():
    unknown_kind = MILESTONES.replace("verified_civic_mapping,exact", "guess,exact")
    with pytest.raises(ValueError, match=r"count kind .*m2 \(guess\)"):
        surveillance.camera_counts(milestones(unknown_kind), KINDS)
    no_qualifier = MILESTONES.replace("verified_civic_mapping,exact", "verified_civic_mapping,")
    with pytest.raises(ValueError, match="qualifier.*m2"):
        surveillance.camera_counts(milestones(no_qualifier), KINDS)


def test_panel_labels_are_distinct_and_split_street_counts_from_plans():
    counts = surveillance.camera_counts(milestones(), KINDS)
    assert surveillance.panel_labels(counts, street=True) == ["≈1,000", "689"]
    assert surveillance.panel_labels(counts, street=False) == ["≥8,000"]


def test_signed_shows_the_qualifier_as_a_sign():
    assert [surveillance.signed(q, 1200) for q in ("exact", "approx", "at_least", "at_most")] == [
        "1,200",
        "≈1,200",
        "≥1,200",
        "≤1,200",
    ]


def test_cameras_figure_draws_each_number_once_and_labels_only_labelled_rows():
    counts = surveillance.camera_counts(milestones(), KINDS)
    until = pd.Timestamp("2026-11-26")
    chart = surveillance.cameras_figure(counts, until=until, kinds=KINDS)
    try:
        top, bottom = chart.fig.axes
        assert len(top.collections) == 3 and len(bottom.collections) == 1
        labels = sorted(t.get_text() for ax in (top, bottom) for t in ax.texts)
        assert labels == ["689 civic map", "≈1,000 minister", "≥8,000 plan"]  # m5 has no label
        legend = [t.get_text() for t in chart.fig.legends[0].get_texts()]
        assert legend[:3] == ["Announced", "Verified", "Planned"]
        assert pd.Timestamp(bottom.get_xlim()[1], unit="D") == until  # axis ends at the cut-off
        assert bottom.get_ylim()[1] > 8000 and top.get_ylim()[1] > 1000
        assert list(chart.data["id"]) == list(counts["id"]) and "sources" in chart.data
        assert not {"when", "street"} & set(chart.data.columns)
    finally:
        plt.close(chart.fig)


def test_cameras_figure_refuses_an_unknown_label_position():
    counts = surveillance.camera_counts(milestones(MILESTONES.replace(",below,", ",somewhere,")), KINDS)
    with pytest.raises(ValueError, match="label position.*m2"):
        surveillance.cameras_figure(counts, until=pd.Timestamp("2026-01-01"), kinds=KINDS)


# --- The legal fight ------------------------------------------------------------------------------


def test_days_between_needs_dates_known_to_the_day():
    assert surveillance.days_between("2022-12-20", "2022-12-26") == 6
    assert surveillance.days_between("2021-08-30", "2021-09-23") == 24
    with pytest.raises(ValueError, match="known to the day"):
        surveillance.days_between("2022-12", "2022-12-26")


def test_draft_law_spans_follow_the_withdraws_column():
    spans = surveillance.draft_law_spans(legal())
    assert list(spans.index) == ["l2", "l4"]
    assert list(spans["withdrawal"]) == ["l3", "l5"]
    assert spans.loc["l2", "days"] == 24
    assert pd.isna(spans.loc["l4", "days"])  # draft dated to the month only
    assert spans.loc["l2", "sources"] == "srcb;srcc"  # both rows' keys, each once


def test_a_draft_nobody_withdrew_has_no_withdrawal():
    without_l5 = "\n".join(line for line in LEGAL.splitlines() if not line.startswith("l5,"))
    spans = surveillance.draft_law_spans(legal(without_l5))
    assert pd.isna(spans.loc["l4", "withdrawal"]) and pd.isna(spans.loc["l4", "withdrawn_at"])
    assert spans.loc["l2", "withdrawal"] == "l3"


def test_a_withdrawal_must_name_one_draft_once():
    with pytest.raises(ValueError, match="names no draft law.*l5"):
        surveillance.draft_law_spans(legal(LEGAL.replace(",l4,,", ",l9,,")))
    with pytest.raises(ValueError, match="withdrawn twice.*l3, l5"):
        surveillance.draft_law_spans(legal(LEGAL.replace(",l4,,", ",l2,,")))


def test_biometric_laws_flip_when_an_adopted_law_has_biometric_powers():
    assert surveillance.biometric_laws(legal()).empty
    adopted = legal(
        LEGAL.replace(
            "law_adopted,Assembly,A data law,In force,,false", "law_adopted,Assembly,A data law,In force,,true"
        )
    )
    assert list(surveillance.biometric_laws(adopted)["id"]) == ["l1"]


def test_legal_rows_are_by_date_with_type_label_and_outcome():
    rows = surveillance.legal_rows(legal(), TYPES)
    assert list(rows["id"]) == ["l1", "l2", "l3", "l4", "l5", "l6"]
    assert rows.iloc[0]["what"] == "Law adopted: A data law. Outcome: In force."
    assert rows.iloc[1]["what"] == "Draft law: First draft. Outcome: not known."
    assert list(rows["shown_date"][:2]) == ["November 2018", "30 August 2021"]


def test_legal_figure_has_a_lane_per_type_and_shades_each_withdrawn_draft():
    events = surveillance.legal_events(legal())
    spans = surveillance.draft_law_spans(legal())
    chart = surveillance.legal_figure(events, spans, until=pd.Timestamp("2026-11-26"), types=TYPES)
    try:
        (ax,) = chart.fig.axes
        assert [t.get_text() for t in ax.get_yticklabels()] == list(TYPES["chart_label"])
        assert len(ax.patches) == 2
        assert sum(len(c.get_offsets()) for c in ax.collections) == len(events)
        assert sorted(t.get_text() for t in ax.texts) == ["1st draft", "Law", "withdrawn"]
        assert len(chart.data) == len(events) and "when" not in chart.data
    finally:
        plt.close(chart.fig)


# --- What is known, and the polls -----------------------------------------------------------------


def test_status_counts_list_every_status_even_when_none_has_it():
    counts = surveillance.status_counts(FACTS, STATUSES)
    assert counts.to_dict() == {"confirmed_officially": 2, "reported_not_confirmed": 1, "denied": 1, "unknown": 0}
    assert counts.sum() == len(FACTS)


def test_status_counts_refuse_an_undescribed_status():
    with pytest.raises(ValueError, match="status.*f1"):
        surveillance.status_counts(FACTS.assign(status=["rumour", *FACTS["status"][1:]]), STATUSES)


def test_facts_rows_put_confirmed_claims_first_and_name_the_claimant():
    rows = surveillance.facts_rows(FACTS, STATUSES)
    assert list(rows["id"]) == ["f2", "f4", "f1", "f3"]  # status order, stable within a status
    assert list(rows["status_label"]) == ["Confirmed", "Confirmed", "Reported", "Denied"]
    assert rows.iloc[0]["claim"] == "Price is Y (Paper B)"


def test_questions_matching_searches_question_and_wording_in_any_case():
    polls = pd.DataFrame(
        {
            "question": ["Trust in police", "Views of China", None],
            "question_wording": [None, "Do you support Facial recognition?", "x"],
        }
    )
    assert list(surveillance.questions_matching(polls, r"facial|camera").index) == [1]
    assert surveillance.questions_matching(polls, r"drone").empty


def test_confirmed_date_refuses_an_unconfirmed_timeline_date():
    timeline = pd.DataFrame({"id": ["t1", "t2"], "date": ["2016-06", "2013"], "date_confirmed": ["yes", "no"]})
    assert surveillance.confirmed_date(timeline, "t1") == "2016-06"
    with pytest.raises(ValueError, match="t2"):
        surveillance.confirmed_date(timeline, "t2")


# --- The chapter's own tables ---------------------------------------------------------------------


def test_every_category_of_the_chapters_tables_has_a_label():
    for table, column, extra in [
        ("surveillance_milestones", "count_kind", "street_count"),
        ("surveillance_legal_events", "event_type", "chart_label"),
        ("safe_city_facts", "status", None),
    ]:
        field = next(f for f in data.resource(table)["schema"]["fields"] if f["name"] == column)
        cats = rows.categories(table, column)
        assert set(cats.index) == set(field["constraints"]["enum"]), (table, column)
        assert cats["label"].notna().all() and cats["label"].is_unique
        if extra:
            assert cats[extra].notna().all()


def _edit(root, table, row_id, column, value):
    path = root / "data" / table
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    i_id, i_col = rows[0].index("id"), rows[0].index(column)
    hit = [r for r in rows[1:] if r[i_id] == row_id]
    assert hit, row_id
    hit[0][i_col] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    paths.use(paths.ROOT)  # forget what was read


def test_headline_flips_when_a_withdrawal_turns_out_to_be_a_statement(sandbox):
    legal_ = data.load("surveillance_legal_events")
    withdrawal = legal_.loc[legal_["withdraws"].notna()].iloc[0]
    _edit(sandbox, "surveillance_legal_events.csv", withdrawal["id"], "event_type", "statement")
    _edit(sandbox, "surveillance_legal_events.csv", withdrawal["id"], "withdraws", "")
    spans = surveillance.draft_law_spans(data.load("surveillance_legal_events"))
    assert pd.isna(spans.loc[withdrawal["withdraws"], "withdrawal"])


# --- The benchmark for the next law ---------------------------------------------------------------

SAFEGUARDS = pd.DataFrame(
    {"value": ["ban", "auth", "records"], "label": ["Limits on live use", "Prior authorisation", "Records"]}
).set_index("value")
INSTRUMENTS = pd.DataFrame(
    {"value": ["eu", "court"], "label": ["EU act", "Court"], "binding_now": [False, True]}
).set_index("value")
BENCH_STATUSES = pd.DataFrame(
    {
        "value": ["required", "partial", "not_addressed", "unknown"],
        "label": ["Required", "Partly", "Not addressed", "Not read"],
        "requires": ["yes", "partly", "no", "unknown"],
    }
).set_index("value")
DRAFT_STATUSES = pd.DataFrame(
    {"value": ["present", "partial", "absent", "unknown"], "label": ["Present", "Partly", "Absent", "Unknown"]}
).set_index("value")

BENCH = """id,safeguard,instrument,provision,status,read,sources
ban_eu,ban,eu,Art. 5,required,text,srca
ban_court,ban,court,,not_addressed,text,srcb
auth_eu,auth,eu,Art. 5(3),required,text,srca
auth_court,auth,court,,unknown,not_read,srcb
records_eu,records,eu,Art. 5(4),partial,text,srcc
records_court,records,court,Art. 8,required,text,srcb
"""


def bench(text=BENCH):
    return pd.read_csv(io.StringIO(text), dtype={"provision": "string"})


def drafts(text=None):
    text = text or (
        "id,draft,safeguard,status,sources\n"
        "ban_d1,d1,ban,absent,srcd\nauth_d1,d1,auth,partial,srcd\nrecords_d1,d1,records,present,srce\n"
        "ban_d2,d2,ban,absent,srcd\n"
    )
    return pd.read_csv(io.StringIO(text))


def requirements(text=BENCH, statuses=BENCH_STATUSES):
    return surveillance.benchmark.requirements(bench(text), SAFEGUARDS, INSTRUMENTS, statuses)


def test_requirements_name_the_instruments_that_require_each_safeguard():
    req = requirements()
    assert list(req.index) == ["ban", "auth", "records"]
    assert req.loc["ban", "required_by"] == ["eu"] and req.loc["auth", "not_read"] == ["court"]
    assert req.loc["records", "required_by"] == ["court"] and req.loc["records", "partly_by"] == ["eu"]
    assert req.loc["records", "binding_by"] == ["court"] and req.loc["ban", "binding_by"] == []
    assert req["needed"].all()
    assert req.loc["records", "sources"] == "srcc;srcb"


def test_a_safeguard_no_instrument_requires_is_not_needed_and_unread_provisions_never_count():
    text = BENCH.replace("ban_eu,ban,eu,Art. 5,required", "ban_eu,ban,eu,Art. 5,unknown")
    req = requirements(text)
    assert not req.loc["ban", "needed"] and req.loc["ban", "not_read"] == ["eu"]


def test_requirements_refuse_undescribed_values_and_a_pair_given_twice():
    with pytest.raises(ValueError, match=r"status .*ban_eu \(demanded\)"):
        requirements(BENCH.replace("ban_eu,ban,eu,Art. 5,required", "ban_eu,ban,eu,Art. 5,demanded"))
    with pytest.raises(ValueError, match="given twice: ban_court, ban_x"):
        requirements(BENCH + "ban_x,ban,court,,required,text,srcb\n")
    broken = BENCH_STATUSES.assign(requires=["yes", "maybe", "no", "unknown"])
    with pytest.raises(ValueError, match="'requires' of a status"):
        requirements(statuses=broken)


def test_draft_score_counts_over_needed_safeguards_and_reads_a_missing_row_as_unknown():
    req = requirements()
    assert surveillance.benchmark.draft_score(drafts(), req, "d1") == surveillance.benchmark.DraftScore(
        needed=3, present=1, partial=1, absent=1, unknown=0
    )
    assert surveillance.benchmark.draft_score(drafts(), req, "d2") == surveillance.benchmark.DraftScore(
        needed=3, present=0, partial=0, absent=1, unknown=2
    )


def test_draft_score_flips_when_the_benchmark_stops_requiring_a_safeguard():
    req = requirements(
        BENCH.replace("records_eu,records,eu,Art. 5(4),partial", "records_eu,records,eu,,not_addressed").replace(
            "records_court,records,court,Art. 8,required", "records_court,records,court,,unknown"
        )
    )
    score = surveillance.benchmark.draft_score(drafts(), req, "d1")
    assert (score.needed, score.present) == (2, 0)


def test_draft_score_refuses_an_unknown_draft_or_a_safeguard_given_twice():
    req = requirements()
    with pytest.raises(ValueError, match="no row for draft 'd9'"):
        surveillance.benchmark.draft_score(drafts(), req, "d9")
    twice = drafts().iloc[[0, 0]].assign(id=["a", "b"])
    with pytest.raises(ValueError, match="given twice for a draft: a, b"):
        surveillance.benchmark.draft_score(twice, req, "d1")


def test_matrix_has_one_row_per_safeguard_with_instrument_and_draft_columns():
    drafts_cats = DRAFT_STATUSES
    table = surveillance.benchmark.matrix(bench(), drafts(), SAFEGUARDS, INSTRUMENTS, BENCH_STATUSES, drafts_cats)
    assert list(table["safeguard"]) == ["ban", "auth", "records"]
    assert list(table.columns) == ["safeguard", "label", "eu", "court", "d1", "d2", "sources"]
    assert table.loc[1, "court"] == "Not read" and table.loc[0, "d1"] == "Absent"
    assert pd.isna(table.loc[1, "d2"])  # no row for d2 on this safeguard: left empty, shown as a dash
    assert table.loc[0, "sources"] == "srca;srcb;srcd"
    with_articles = surveillance.benchmark.matrix(
        bench(), drafts(), SAFEGUARDS, INSTRUMENTS, BENCH_STATUSES, drafts_cats, provisions=True
    )
    assert with_articles.loc[0, "eu"] == "Required (Art. 5)" and with_articles.loc[0, "court"] == "Not addressed"


def test_register_rows_are_in_safeguard_then_instrument_order_with_labels():
    reads = pd.DataFrame({"value": ["text", "not_read"], "label": ["Read", "Not read"]}).set_index("value")
    shuffled = bench().iloc[::-1]
    rows_ = surveillance.benchmark.register_rows(shuffled, SAFEGUARDS, INSTRUMENTS, BENCH_STATUSES, reads)
    assert list(rows_["id"]) == ["ban_eu", "ban_court", "auth_eu", "auth_court", "records_eu", "records_court"]
    assert rows_.loc[3, "read_label"] == "Not read" and rows_.loc[0, "instrument_label"] == "EU act"
