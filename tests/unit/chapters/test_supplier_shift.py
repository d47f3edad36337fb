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
