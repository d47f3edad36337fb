"""Chapter 02 (public security): camera numbers of different kinds are never mixed."""
from csreport import data, surveillance

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
