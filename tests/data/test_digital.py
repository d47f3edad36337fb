"""Checks on the real tables behind the digital chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters import digital
from csreport.data import rows


def test_every_category_of_the_chapters_tables_has_a_label():
    for table, column, labels in [
        ("digital_events", "kind", ["label", "chart_label"]),
        ("surveillance_tools", "tool_type", ["label"]),
        ("tool_findings", "finding_type", ["label", "strength"]),
        ("tool_findings", "in_digital_prison", ["label"]),
        ("oversight_record", "body_type", ["label"]),
        ("oversight_record", "action", ["label"]),
        ("protest_surveillance_events", "stance", ["label"]),
        ("protest_surveillance_events", "actor_type", ["label"]),
    ]:
        cats = rows.categories(table, column)
        assert set(data.load(table)[column]) <= set(cats.index), (table, column)
        assert cats[labels].notna().all().all(), (table, column)


def test_finding_strengths_rank_every_type_once():
    strength = rows.categories("tool_findings", "finding_type")["strength"]
    assert strength.is_unique and list(strength) == sorted(strength)


def test_every_alternative_rendering_has_a_value_that_differs_from_its_step():
    ev = data.load("digital_events")
    primary = ev.set_index("id")
    for _, alt in ev[ev["alternative_of"].notna()].iterrows():
        step = primary.loc[alt["alternative_of"]]
        assert (alt["value"], alt["currency"]) != (step["value"], step["currency"])


def test_every_tool_has_a_finding_and_no_chinese_tool_is_found_used_against_people():
    tools, findings = data.load("surveillance_tools"), data.load("tool_findings")
    basis = digital.tool_basis(tools, findings)  # raises if a tool has no finding or a finding no tool
    against_people = ["documented_use", "attempted_infection"]
    assert digital.tools_with_basis(tools, findings, against_people)  # some tool was used against people
    assert not digital.tools_with_basis(tools, findings, against_people, chinese=True)
    assert set(basis.loc[tools.loc[tools["chinese"].astype(bool), "id"], "basis"]) <= {"deployed"}


def test_the_operators_fees_add_up_to_the_reported_total_and_name_a_real_vendor_step():
    licences, events = data.load("spectrum_licences"), data.load("digital_events").set_index("id")
    total = events.loc["ratel_licences_2025"]
    assert abs(digital.licence_total(licences) - total["value"]) <= 0.1 * total["value"]
    named = licences["radio_vendor_event"].dropna()
    assert set(named) <= set(events.index)
    assert (licences["issued"].str[:7] == str(total["date"])[:7]).all()


def test_the_5g_launch_follows_the_licences_and_precedes_the_cut_off():
    ev = digital.primary_events(data.load("digital_events")).set_index("id")
    assert ev.loc["ratel_licences_2025", "when"] < ev.loc["launch_5g_2025", "when"] <= data.cutoff()


def test_no_official_body_or_court_confirms_the_sound_device_was_used():
    events = data.load("protest_surveillance_events")
    sound = events[events["topic"] == "sound_device"]
    official = sound["actor_type"].isin(
        ["government", "police", "prosecutor", "ombudsman", "parliament", "international_court"]
    )
    assert not (sound.loc[official, "stance"].isin(["confirms_use"])).any()
    assert (sound["stance"] == "alleges_use").any() and (sound["stance"] == "denies_use").any()


def test_figures_that_describe_an_oversight_act_name_a_real_row():
    figures = data.load("surveillance_figures")
    for ref in figures["about"].dropna():
        table, row_id = ref.split(":")
        assert row_id in set(data.load(table)["id"]), ref
