"""Checks on the real tables behind the surveillance chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters import surveillance


def test_every_camera_number_has_one_kind_a_qualifier_and_a_placed_label():
    ms = data.load("surveillance_milestones")
    numbers = ms[ms["cameras"].notna()]
    assert (numbers["count_kind"] != "none").all() and numbers["qualifier"].notna().all()
    assert (ms.loc[ms["cameras"].isna(), "count_kind"] == "none").all()
    assert (ms["locations"].notna() == ms["locations_qualifier"].notna()).all()
    assert (ms["chart_label"].notna() == ms["chart_label_position"].notna()).all()
    counts = surveillance.camera_counts(ms)  # raises if a kind or qualifier is not described
    assert len(counts) == len(numbers) and counts["id"].is_unique


def test_headline_every_biometric_draft_was_withdrawn_and_no_such_law_adopted():
    legal_ = data.load("surveillance_legal_events")
    spans = surveillance.draft_law_spans(legal_)
    biometric = spans[spans["biometric_powers"].fillna(False).astype(bool)]
    assert len(biometric) > 0 and biometric["withdrawal"].notna().all()
    assert surveillance.biometric_laws(legal_).empty
    assert legal_.loc[legal_["event_type"].isin(["draft_law", "law_adopted"]), "biometric_powers"].notna().all()
