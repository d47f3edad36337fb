"""Checks on the real tables behind the surveillance chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters import surveillance
from csreport.data import rows


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


def test_the_benchmark_has_every_safeguard_for_every_instrument_and_marks_what_was_not_read():
    bench = data.load("safeguard_benchmark")
    safeguards = rows.categories("safeguard_benchmark", "safeguard")
    instruments = rows.categories("safeguard_benchmark", "instrument")
    assert len(bench) == len(safeguards) * len(instruments)
    unread = bench["status"] == "unknown"
    assert (bench.loc[unread, "read"] == "not_read").all()
    assert bench.loc[~unread & (bench["read"] != "not_read"), "requirement"].notna().all()


def test_each_draft_on_the_benchmark_is_a_withdrawn_draft_with_biometric_powers():
    drafts = data.load("draft_safeguards")
    spans = surveillance.draft_law_spans(data.load("surveillance_legal_events"))
    for draft in drafts["draft"].unique():
        assert spans.loc[draft, "biometric_powers"] and spans.loc[draft, "withdrawal"], draft
    assert set(drafts["safeguard"]) <= set(rows.categories("safeguard_benchmark", "safeguard").index)


def test_headline_the_2022_drafts_meet_more_of_the_benchmark_but_not_its_core():
    bench, drafts = data.load("safeguard_benchmark"), data.load("draft_safeguards")
    needed = surveillance.benchmark.requirements(bench)
    assert needed["needed"].all()
    s21 = surveillance.benchmark.draft_score(drafts, needed, "le2021draft")
    s22 = surveillance.benchmark.draft_score(drafts, needed, "le2022draft")
    assert s22.present > s21.present and s22.present < s22.needed
    core = drafts.set_index(["draft", "safeguard"])["status"]
    assert core[("le2022draft", "exceptions")] != "present" and core[("le2022draft", "prior_auth")] != "present"


def test_no_support_contract_or_vendor_access_is_public():
    facts = data.load("safe_city_facts").set_index("id")
    assert (facts.loc[["vendor_support", "vendor_access"], "status"] == "unknown").all()
