"""Why the suppliers changed (book/supplier_shift): the rules of csreport.chapters.supplier_shift on small made-up
tables, and the chapter's headlines checked against its own tables (computed, never pinned).

Steps are counted per kind with every kind listed; a promise is not counted as signed; figures of
different measures never share a bar; a figure for another variant of a system is not drawn; a
system's Florence category decides whether the sub-regional arms-control regime covers it.
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport.chapters import supplier_shift as arms_shift

# --- Made-up inputs -------------------------------------------------------------------------------

KINDS = pd.DataFrame(
    {
        "value": ["sanctions", "blocked_supply", "ammunition", "turn_to_china"],
        "label": ["Sanctions", "Blocked", "Ammunition", "China"],
        "chart_label": ["Sanctions", "Blocked", "Ammo", "China"],
    }
).set_index("value")

DRIVERS = """id,date,date_note,kind,actor,event,value,currency,value_meaning,chart_label,chart_label_position,sources,notes
d1,2019-11-02,,sanctions,Country U,Warning,,,,Warning,above,srca,
d2,2020-03,,sanctions,Country U,Second warning,,,,,,srcb,
d3,2022-04-09,,turn_to_china,Country C,Airlift,,,,Airlift,below,srcc,
d4,2023,,blocked_supply,Country S,Nothing arrives,,,,,,srcd,
d5,2024-06-22,,ammunition,Paper F,Shells,800,EUR,estimate,Shells,above left,srce,
"""


def drivers(text=DRIVERS):
    return pd.read_csv(
        io.StringIO(text), dtype={"date": "string", "chart_label": "string", "chart_label_position": "string"}
    )


IND_KINDS = pd.DataFrame(
    {"value": ["agreement", "talks", "technology_transfer"], "label": ["Agreement", "Talks", "Transfer"]}
).set_index("value")
STATUSES = pd.DataFrame(
    {"value": ["signed", "discussed", "promised", "reported"], "label": ["Signed", "Discussed", "Promised", "Reported"]}
).set_index("value")

STEPS = """id,date,date_note,kind,chinese_party,serbian_party,event,status,sources,notes
i1,2016-06,,agreement,Government C,Ministry S,Agreement,signed,srca,
i2,2016-08-01,,talks,Company P,Ministry S,Talks,discussed,srcb,
i3,2020-07-04,,technology_transfer,Not named,Ministry S,Transfer,promised,srcc,
i4,2020-06-30,,technology_transfer,Company P,Institute V,Work in country C,reported,srcd,
"""


def steps(text=STEPS):
    return pd.read_csv(io.StringIO(text), dtype={"date": "string"})


MEASURES = pd.DataFrame(
    {
        "value": ["strike_range", "operating_radius", "engagement_range", "endurance", "quantity"],
        "label": ["Strike range", "Radius", "Engagement", "Endurance", "Number"],
        "drawn": [True, True, True, False, False],
    }
).set_index("value")
BASES = pd.DataFrame(
    {
        "value": ["manufacturer", "official_statement", "media_report"],
        "label": ["Manufacturer's figure", "Official", "Media"],
    }
).set_index("value")
FLORENCE = pd.DataFrame(
    {
        "value": ["combat_aircraft", "attack_helicopter", "none"],
        "label": ["Combat aircraft", "Attack helicopters", "None"],
    }
).set_index("value")

CAPS = """id,operator,system,supplier_country,kind,measure,value_low,value_high,qualifier,unit,basis,same_variant,florence_category,chart_label,sources,notes
c1,Serbia,Missile M,China,stand_off_strike,strike_range,,400,approx,km,media_report,true,none,M (paper),srca,
c2,Serbia,Missile M,China,stand_off_strike,strike_range,200,400,exact,km,official_statement,true,none,M (leader),srcb,
c3,Serbia,Drone D,China,armed_drone,operating_radius,,150,exact,km,media_report,true,none,D (paper),srcc,
c4,Serbia,Drone D,China,armed_drone,endurance,,9,at_most,h,media_report,true,none,,srcc,
c5,Serbia,SAM S,China,air_defence,engagement_range,,170,at_most,km,media_report,false,none,,srcd,
c6,Country H,Jet J,Country F,combat_aircraft,quantity,12,12,exact,units,manufacturer,true,combat_aircraft,,srce,
"""


def caps(text=CAPS):
    frame = pd.read_csv(io.StringIO(text), dtype={"chart_label": "string"})
    frame["same_variant"] = frame["same_variant"].astype(bool)
    return frame


# --- Why the suppliers changed --------------------------------------------------------------------


def test_kind_counts_list_every_kind_in_order():
    assert arms_shift.kind_counts(drivers(), KINDS).to_dict() == {
        "sanctions": 2,
        "blocked_supply": 1,
        "ammunition": 1,
        "turn_to_china": 1,
    }
    with pytest.raises(ValueError, match=r"kind .*d4 \(embargo\)"):
        arms_shift.kind_counts(drivers(DRIVERS.replace(",blocked_supply,", ",embargo,")), KINDS)


def test_first_of_kind_reads_partial_dates_and_flips_with_an_earlier_step():
    assert arms_shift.first_of_kind(drivers(), "sanctions")["id"] == "d1"
    earlier = DRIVERS + "d0,2019,,sanctions,Union E,Earlier call,,,,,,srcf,\n"  # mid-2019, before d1
    assert arms_shift.first_of_kind(drivers(earlier), "sanctions")["id"] == "d0"
    with pytest.raises(ValueError, match="no step of kind 'embargo'"):
        arms_shift.first_of_kind(drivers(), "embargo")


def test_steps_after_a_step_and_years_between_steps():
    assert list(arms_shift.steps_after(drivers(), "d2")["id"]) == ["d3", "d4", "d5"]
    assert list(arms_shift.steps_after(drivers(), "d1", kind="turn_to_china")["id"]) == ["d3"]
    with pytest.raises(ValueError, match="no row 'd9'"):
        arms_shift.steps_after(drivers(), "d9")
    assert arms_shift.years_between("2019-11-02", "2022-04-09") == 2.4
    assert arms_shift.years_between("2020", "2021") == 1.0
    with pytest.raises(ValueError, match="two dates"):
        arms_shift.years_between("", "2021")


def test_latest_delivery_of_a_group_skips_undated_rows_and_flips_with_a_later_one():
    register = pd.DataFrame(
        {
            "id": ["r1", "r2", "r3", "r4"],
            "supplier_group": ["Group R", "Group R", "Group R", "Group C"],
            "first_delivery": ["2019-12-02", "2021-12", None, "2022-04-09"],
        }
    )
    assert arms_shift.latest_delivery(register, "Group R")["id"] == "r2"
    later = pd.concat(
        [register, pd.DataFrame({"id": ["r5"], "supplier_group": ["Group R"], "first_delivery": ["2023"]})]
    )
    assert arms_shift.latest_delivery(later, "Group R")["id"] == "r5"
    with pytest.raises(ValueError, match="no dated delivery from 'Group W'"):
        arms_shift.latest_delivery(register, "Group W")


def test_drivers_figure_has_a_lane_per_kind_and_ends_at_the_cut_off():
    until = pd.Timestamp("2026-11-26")
    chart = arms_shift.drivers_figure(drivers(), until=until, kinds=KINDS)
    try:
        (ax,) = chart.fig.axes
        assert [t.get_text() for t in ax.get_yticklabels()] == list(KINDS["chart_label"])
        assert sum(len(c.get_offsets()) for c in ax.collections) == 5
        assert sorted(t.get_text() for t in ax.texts) == ["Airlift", "Shells", "Warning"]
        assert pd.Timestamp(ax.get_xlim()[1], unit="D") == until
        assert list(chart.data["id"]) == ["d1", "d2", "d3", "d4", "d5"] and "sources" in chart.data
    finally:
        plt.close(chart.fig)


def test_drivers_figure_refuses_an_unknown_label_position():
    with pytest.raises(ValueError, match="label position.*d1"):
        arms_shift.drivers_figure(
            drivers(DRIVERS.replace(",above,", ",aside,")), until=pd.Timestamp("2026-01-01"), kinds=KINDS
        )


def test_drivers_rows_are_by_date_with_labels():
    rows = arms_shift.drivers_rows(drivers(), KINDS)
    assert list(rows["id"]) == ["d1", "d2", "d3", "d4", "d5"]
    assert list(rows["shown_date"][:2]) == ["2 Nov 2019", "Mar 2020"]
    assert rows.iloc[2]["kind_label"] == "China"


# --- Defence-industrial cooperation ---------------------------------------------------------------


def test_industry_counts_keep_promises_apart_from_signatures():
    assert arms_shift.industry_counts(steps()) == arms_shift.IndustryCounts(
        total=4, signed=1, promised=1, discussed=1, unnamed_party=1
    )
    signed = STEPS.replace("Transfer,promised", "Transfer,signed")
    assert arms_shift.industry_counts(steps(signed)).signed == 2


def test_industry_counts_refuse_an_empty_status():
    with pytest.raises(ValueError, match="'status' is empty for i2"):
        arms_shift.industry_counts(steps(STEPS.replace("Talks,discussed", "Talks,")))


def test_named_chinese_parties_are_listed_once_in_order_and_skip_unnamed():
    assert arms_shift.named_chinese_parties(steps()) == ["Government C", "Company P"]


def test_industry_rows_are_by_date_with_status_and_parties():
    rows = arms_shift.industry_rows(steps(), IND_KINDS, STATUSES)
    assert list(rows["id"]) == ["i1", "i2", "i4", "i3"]
    assert rows.iloc[0]["parties"] == "Ministry S with Government C"
    assert list(rows["status_label"]) == ["Signed", "Discussed", "Reported", "Promised"]
    with pytest.raises(ValueError, match=r"status .*i1 \(ratified\)"):
        arms_shift.industry_rows(steps(STEPS.replace("Agreement,signed", "Agreement,ratified")), IND_KINDS, STATUSES)


# --- Capability, not only counts ------------------------------------------------------------------


def test_figure_text_shows_ranges_qualifiers_and_units():
    c = caps().set_index("id")
    assert arms_shift.figure_text(c.loc["c1"]) == "≈400 km"
    assert arms_shift.figure_text(c.loc["c2"]) == "200–400 km"
    assert arms_shift.figure_text(c.loc["c4"]) == "≤9 h"
    assert arms_shift.figure_text(c.loc["c6"]) == "12 units"


def test_drawn_ranges_keep_km_of_the_fielded_variant_by_measure_then_value():
    drawn = arms_shift.drawn_ranges(caps(), MEASURES)
    assert list(drawn["id"]) == ["c1", "c2", "c3"]  # c4 in hours, c5 another variant, c6 a count
    fielded = CAPS.replace(
        "c5,Serbia,SAM S,China,air_defence,engagement_range,,170,at_most,km,media_report,false,none,,srcd,",
        "c5,Serbia,SAM S,China,air_defence,engagement_range,,170,at_most,km,media_report,true,none,S,srcd,",
    )
    assert list(arms_shift.drawn_ranges(caps(fielded), MEASURES)["id"]) == ["c1", "c2", "c3", "c5"]


def test_drawn_ranges_need_a_label():
    unlabelled = CAPS.replace(",none,D (paper),srcc,", ",none,,srcc,")
    with pytest.raises(ValueError, match="chart_label: c3"):
        arms_shift.drawn_ranges(caps(unlabelled), MEASURES)


def test_largest_ignores_another_variant_and_flips_with_the_data():
    assert arms_shift.largest(caps(), "operating_radius")["id"] == "c3"
    longer = (
        CAPS + "c7,Serbia,Drone E,China,armed_drone,operating_radius,,200,exact,km,media_report,true,none,E,srcf,\n"
    )
    assert arms_shift.largest(caps(longer), "operating_radius")["id"] == "c7"
    with pytest.raises(ValueError, match="no figure of measure 'engagement_range'"):
        arms_shift.largest(caps(), "engagement_range")  # c5 is another variant


def test_ranges_figure_draws_one_panel_per_measure_on_one_scale():
    chart = arms_shift.ranges_figure(caps(), MEASURES)
    try:
        assert len(chart.fig.axes) == 2
        assert [ax.get_title(loc="left") for ax in chart.fig.axes] == ["Strike range", "Radius"]
        assert len({ax.get_xlim() for ax in chart.fig.axes}) == 1  # shared km axis
        labels = [t.get_text() for ax in chart.fig.axes for t in ax.texts]
        assert labels == ["≈400 km", "200–400 km", "150 km"]
        assert list(chart.data["id"]) == ["c1", "c2", "c3"]
    finally:
        plt.close(chart.fig)


def test_florence_status_and_the_uncovered_systems_of_a_supplier():
    status = arms_shift.florence_status(caps(), FLORENCE).set_index("system")
    assert status.loc["Jet J", "covered"] and not status.loc["Drone D", "covered"]
    assert list(arms_shift.uncovered(caps(), "China", FLORENCE)["system"]) == ["Missile M", "Drone D", "SAM S"]
    helicopter = CAPS.replace(
        "c3,Serbia,Drone D,China,armed_drone,operating_radius,,150,exact,km,media_report,true,none",
        "c3,Serbia,Drone D,China,armed_drone,operating_radius,,150,exact,km,media_report,true,attack_helicopter",
    )
    with pytest.raises(ValueError, match="two Florence categories: Serbia Drone D"):
        arms_shift.florence_status(caps(helicopter), FLORENCE)


def test_uncovered_flips_when_a_chinese_system_falls_in_a_category():
    covered = CAPS.replace("true,none,D (paper)", "true,attack_helicopter,D (paper)").replace(
        "c4,Serbia,Drone D,China,armed_drone,endurance,,9,at_most,h,media_report,true,none",
        "c4,Serbia,Drone D,China,armed_drone,endurance,,9,at_most,h,media_report,true,attack_helicopter",
    )
    assert "Drone D" not in set(arms_shift.uncovered(caps(covered), "China", FLORENCE)["system"])


def test_capabilities_rows_put_serbia_first_with_labels():
    rows = arms_shift.capabilities_rows(caps(), MEASURES, BASES, FLORENCE)
    assert list(rows["operator"]) == ["Serbia"] * 5 + ["Country H"]
    assert list(rows["id"][:3]) == ["c3", "c4", "c1"]  # Drone D, then Missile M
    assert rows.iloc[-1]["basis_label"] == "Manufacturer's figure"
    assert rows.iloc[-1]["florence_label"] == "Combat aircraft"


# --- The chapter's own tables ---------------------------------------------------------------------


# --- Florence: a category that cannot be established -----------------------------------------------


def test_an_unclear_category_is_neither_covered_nor_uncovered():
    """A neighbour's rocket launcher whose category the summary does not settle counts as neither."""
    unclear = (
        CAPS
        + "c8,Country H,Rocket R,Country U,rocket_artillery,quantity,8,8,exact,units,official_statement,true,unclear,,srcf,\n"
    )
    florence = pd.concat([FLORENCE, pd.DataFrame({"label": ["Not established"]}, index=["unclear"])])
    status = arms_shift.florence_status(caps(unclear), florence).set_index("system")
    assert (bool(status.loc["Rocket R", "covered"]), bool(status.loc["Rocket R", "established"])) == (False, False)
    assert "Rocket R" not in set(arms_shift.uncovered(caps(unclear), "Country U", florence)["system"])
    split = arms_shift.florence_split(status.reset_index(), caps(unclear), parties={"Country H"})
    assert (split.serbia_chinese, split.serbia_chinese_covered) == (3, 0)
    assert (split.neighbours, split.neighbours_covered, split.neighbours_unclear) == (2, 1, 1)


def test_florence_split_flips_when_a_chinese_system_is_covered():
    covered = CAPS.replace("true,none,D (paper)", "true,attack_helicopter,D (paper)").replace(
        "true,none,,srcc", "true,attack_helicopter,,srcc"
    )
    status = arms_shift.florence_status(caps(covered), FLORENCE)
    assert arms_shift.florence_split(status, caps(covered), parties=set()).serbia_chinese_covered == 1


# --- Posture: sites, published ranges around them, the neighbours' purchases ------------------------

SITES = """id,operator,system,supplier_country,unit,site,town,latitude,longitude,coordinates_source,date,date_note,basing_claim,sources,notes
s1,Serbia,SAM S,China,Battalion,Barracks A,Town A,45.0,20.0,srca,2023,,ministry_release,srcm,
s2,Serbia,Drone D,China,Not named,Airfield B,Town B,44.0,21.0,srcb,2020-07-04,,presentation_site,srcn,
s3,Kosovo,Drone K,Country T,Unit K,Air base K,Town K,42.5,20.5,srcc,2024-06-01,,official_statement,srco,
"""
RANGES = (
    CAPS
    + "c9,Serbia,SAM S,China,air_defence,engagement_range,,100,at_most,km,media_report,true,none,S (show),srclow,\n"
)
BASIS_LABELS = BASES["label"]


def sites(text=SITES):
    return pd.read_csv(io.StringIO(text), dtype={"date": "string"})


def test_only_sites_named_by_a_ministry_or_an_official_are_drawn():
    drawn = arms_shift.mapped_sites(sites())
    assert list(drawn["id"]) == ["s1", "s3"]  # a presentation site is not a base
    assert drawn["legend"].nunique() == 2


def test_range_rings_label_the_figure_and_mark_weak_sources_and_other_variants():
    rings = arms_shift.range_rings(
        sites(), caps(RANGES), {"s1": ["c9", "c5"]}, basis_labels=BASIS_LABELS, is_low=lambda k: k == "srclow"
    ).set_index("cap")
    assert list(rings["radius_km"]) == [100.0, 170.0]
    assert (bool(rings.loc["c9", "low_reliability"]), rings.loc["c9", "style"]) == (True, "--")
    assert (bool(rings.loc["c5", "same_variant"]), rings.loc["c5", "style"]) == (False, ":")
    assert rings.loc["c9", "label"].startswith("SAM S: ≤100 km (")
    assert "low reliability" in rings.loc["c9", "label"] and "another variant" in rings.loc["c5", "label"]


@pytest.mark.parametrize(
    "pairs, message",
    [
        ({"s2": ["c3"]}, "is not drawn"),  # a presentation site
        ({"s1": ["c4"]}, "is not a range in km"),  # an endurance in hours
        ({"s1": ["c3"]}, "is not the system at"),  # the drone's radius around the SAM's site
    ],
)
def test_range_rings_refuse_a_site_figure_or_system_that_does_not_fit(pairs, message):
    with pytest.raises(ValueError, match=message):
        arms_shift.range_rings(sites(), caps(RANGES), pairs, basis_labels=BASIS_LABELS, is_low=lambda k: False)


def test_ring_reach_names_the_neighbours_inside_each_circle_nearest_first():
    """A square 'Serbia' around the site, a neighbour 'Romania' 50 km east, 'Croatia' 150 km west."""
    km = 1 / 111.2  # degrees of latitude per km, near enough for the test

    def square(lon0, lat0, side):
        return [[(lon0, lat0), (lon0 + side, lat0), (lon0 + side, lat0 + side), (lon0, lat0 + side)]]

    shapes = {
        "Serbia": square(19.5, 44.5, 1.0),
        "Romania": square(20.0 + 50 * km / 0.707, 44.9, 0.5),
        "Croatia": square(20.0 - 150 * km / 0.707 - 0.5, 44.9, 0.5),
    }
    rings = pd.DataFrame({"site": ["s1", "s1"], "radius_km": [100.0, 200.0], "cap": ["a", "b"]})
    reach = arms_shift.ring_reach(rings, sites(), shapes=shapes).set_index("cap")["reaches"]
    assert reach["a"] == ["Romania"] and reach["b"] == ["Romania", "Croatia"]
    assert (
        arms_shift.ring_reach(rings.assign(radius_km=[10.0, 20.0]), sites(), shapes=shapes)["reaches"].map(len).sum()
        == 0
    )


def test_unbased_systems_are_those_no_named_site_carries():
    assert arms_shift.unbased(["SAM S", "Drone D", "Missile M"], sites()) == ["Drone D", "Missile M"]


STEP_LABELS = pd.DataFrame(
    {"value": ["us_approval", "contract_signed", "delivered"], "label": ["Approved", "Contract", "Delivered"]}
).set_index("value")
BUYS = """id,country,system,system_row,supplier,step,date,date_note,value,currency,value_note,delivery_due,financing,sources,notes
b1,Country H,Jet J,c6,Country F,contract_signed,2021-05,,,,,,,srcp,
b2,Country H,Jet J,c6,Country F,delivered,2024-04-25,,,,,,,srcq,
b3,Country H,Package,,Several,contract_signed,2025-10-29,,1945,EUR,,,,srcr,
"""


def test_neighbour_rows_give_each_system_its_latest_step_and_both_tables_sources():
    buys = pd.read_csv(io.StringIO(BUYS), dtype={"date": "string"})
    rows = arms_shift.neighbour_rows(caps(), buys, STEP_LABELS, FLORENCE).set_index("id")
    assert list(rows.index) == ["c6"]  # Serbia's systems and non-quantity rows are not the neighbours'
    jet = rows.loc["c6"]
    assert (jet["latest_step"], jet["latest_date"], jet["n_steps"]) == ("Delivered", "2024-04-25", 2)
    assert jet["sources"] == "srce;srcp;srcq" and bool(jet["covered"])


def test_neighbour_rows_refuse_a_step_for_an_unknown_system():
    buys = pd.read_csv(io.StringIO(BUYS.replace(",c6,Country F,delivered", ",c99,Country F,delivered")))
    with pytest.raises(ValueError, match="system_row names no row of arms_capabilities: c99"):
        arms_shift.neighbour_rows(caps(), buys, STEP_LABELS, FLORENCE)


# --- Export controls and transparency ---------------------------------------------------------------

REPORTS = """id,publisher,series,title,year_covered,published_in,published_date,destinations,destinations_basis,serbia_export_value,value_unit,value_qualifier,value_meaning,sources,notes
n1,Gov,national,Report 2009,2009,Book,2011-06,stated,contents,,,,,srca,
n2,Gov,national,Report 2019,2019,Gazette,2021,not_checked,,400,million USD,at_least,exports,srcb,
g1,SEESAC,regional,Regional 2020,2020,SEESAC,,not_checked,,,,,,srcc,
"""


def test_report_coverage_is_the_latest_year_of_each_series():
    cov = arms_shift.report_coverage(pd.read_csv(io.StringIO(REPORTS), dtype={"published_date": "string"}))
    assert (cov.latest_national, cov.latest_regional, cov.national_published) == (2019, 2020, "2021")
    assert (cov.stated_destinations, cov.total) == (1, 3)


def test_report_coverage_needs_both_series():
    reports = pd.read_csv(io.StringIO(REPORTS))
    with pytest.raises(ValueError, match="no report of series 'regional'"):
        arms_shift.report_coverage(reports[reports["series"] == "national"])


INSTRUMENTS = pd.DataFrame(
    {
        "id": ["i1", "i2", "i3"],
        "instrument": ["Treaty T", "Register R", "Treaty T"],
        "status": ["signed", "not_found", "ratified"],
        "date": ["2013-08-12", None, "2014-10-29"],
        "covers_new_chinese_systems": ["yes", "unknown", "yes"],
    }
)
INSTRUMENT_STATUSES = pd.DataFrame(
    {"value": ["signed", "ratified", "not_found"], "label": ["Signed", "Ratified", "Not found"]}
).set_index("value")


def test_instruments_rows_are_by_date_with_undated_rows_last():
    rows = arms_shift.instruments_rows(INSTRUMENTS, INSTRUMENT_STATUSES)
    assert list(rows["id"]) == ["i1", "i3", "i2"]
    assert list(rows["status_label"]) == ["Signed", "Ratified", "Not found"]


def test_covering_lists_each_instrument_once_and_refuses_other_answers():
    assert arms_shift.covering(INSTRUMENTS, "yes") == ["Treaty T"]
    assert arms_shift.covering(INSTRUMENTS, "no") == []
    with pytest.raises(ValueError, match="yes, no or unknown"):
        arms_shift.covering(INSTRUMENTS, "maybe")
