"""The military chapter's computations, on small made-up tables (csreport.chapters.military).

Values below are fake (the BibTeX keys are real only because the loader checks them). The real tables are pinned by nbval on book/military.ipynb; the only
tests on real data check that the chapter's headline agrees with its own table, computed.
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport.chapters.military import deliveries as dlv
from csreport.chapters.military import exercises as exr
from csreport.chapters.military import register as reg
from csreport.chapters.military import shares as shr
from csreport.chapters.military import spending as spd
from csreport.report import charts


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype={"year": "string", "period": "string"})


# --- shares ---------------------------------------------------------------------------------------
SHARES = """id,period,period_start,period_end,supplier,share_pct,rendered_by,outlet,confidence,sources,notes
a1,2001-2005,2001,2005,China,50,Outlet A,A,high,rferl2025drones,
a2,2001-2005,2001,2005,Russia,30,Outlet A,A,high,rferl2025drones,
a3,2001-2005,2001,2005,France,10,Outlet A,A,medium,rferl2025drones,
a4,2001-2005,2001,2005,France,12,Outlet B (citing A),B,low,mesazhi2026sipri,
a5,2001-2005,2001,2005,Others,10,Outlet B (citing A),B,low,mesazhi2026sipri,
b1,2002-2006,2002,2006,China,40,Outlet C,C,medium,tportal2026sipri,
b2,2002-2006,2002,2006,Russia,45,Outlet C,C,medium,tportal2026sipri,
b3,2002-2006,2002,2006,France,5,Outlet C,C,medium,tportal2026sipri,
c1,2003-2007,2003,2007,China,20,Outlet C,C,medium,tportal2026sipri,
"""


def test_china_vs_russia_names_the_larger_and_the_smallest_margin():
    cmp = shr.china_vs_russia(frame(SHARES)).set_index("period")
    assert list(cmp.index) == ["2001-2005", "2002-2006"]  # 2003-07 has no Russia figure
    assert cmp.loc["2001-2005", "larger"] == "China" and cmp.loc["2001-2005", "margin_pts"] == 20
    assert cmp.loc["2002-2006", "larger"] == "Russia" and cmp.loc["2002-2006", "margin_pts"] == 5


def test_conflicting_renderings_give_contested_not_an_average():
    rows = frame(SHARES + "a6,2001-2005,2001,2005,Russia,55,Outlet D,D,low,dnevnikhr2026sipri,\n")
    row = shr.china_vs_russia(rows).set_index("period").loc["2001-2005"]
    assert row["larger"] == "contested" and pd.isna(row["margin_pts"])
    assert (row["russia_low"], row["russia_high"]) == (30, 55)


def test_headline_flag_flips_when_the_data_flip():
    shares = frame(SHARES)
    assert not shr.china_led_every_window(shr.china_vs_russia(shares))
    shares.loc[shares["id"] == "b2", "share_pct"] = 35
    assert shr.china_led_every_window(shr.china_vs_russia(shares))
    assert not shr.china_led_every_window(shr.china_vs_russia(shares.iloc[0:0]))


def test_preferred_rendering_takes_the_best_sourced_and_keeps_the_other():
    pref = shr.preferred_rendering(frame(SHARES)).set_index(["period", "supplier"])
    france = pref.loc[("2001-2005", "France")]
    assert (france["share_pct"], france["outlet"]) == (10, "A")
    assert (france["alt_value"], france["alt_outlet"], france["alt_sources"]) == (12, "B", "mesazhi2026sipri")
    assert pd.isna(pref.loc[("2001-2005", "China"), "alt_value"])


def test_preferred_rendering_flips_with_confidence():
    shares = frame(SHARES)
    shares.loc[shares["id"] == "a4", "confidence"] = "high"
    france = shr.preferred_rendering(shares).set_index(["period", "supplier"]).loc[("2001-2005", "France")]
    assert (france["share_pct"], france["alt_value"]) == (12, 10)


def test_window_length_and_overlap():
    shares = frame(SHARES)
    assert shr.window_length(shares) == 5
    first, second, third = (shares[shares["id"] == i].iloc[0] for i in ("a1", "b1", "c1"))
    assert shr.overlap_years(first, second) == 4 and shr.overlap_years(first, third) == 3
    later = pd.Series({"period_start": 2010, "period_end": 2014})
    assert shr.overlap_years(first, later) == 0
    mixed = frame(SHARES + "d1,2001-2003,2001,2003,China,1,X,X,low,krstarica2024sipri,\n")
    with pytest.raises(ValueError, match="different lengths"):
        shr.window_length(mixed)


def test_shares_figure_returns_a_chart_citing_the_alternative_rendering():
    shares = frame(SHARES)
    chart = shr.shares_figure(shares, shr.china_vs_russia(shares))
    plt.close(chart.fig)
    assert isinstance(chart, charts.Chart)
    assert set(chart.data["supplier"]) == {"China", "Russia", "France"}
    assert set(chart.data["period"]) == {"2001-2005", "2002-2006"}
    assert "notes" not in chart.data.columns
    assert chart.keys == ["rferl2025drones", "tportal2026sipri", "mesazhi2026sipri"]


# --- deliveries ----------------------------------------------------------------------------------
DELIVERIES = """id,supplier,supplier_group,system,short_name,category,quantity_low,quantity_high,quantity_unit,basis,order_date,first_delivery,public_unveiling,terms,value,value_qualifier,currency,confidence,sources
x1,China,China,Drone X armed UAV,Drone X,uav,6,6,units,official_statement,2019,2020-06,2020-07-04,purchase,19300000,exact,USD,high,exit2020fk3
x2,China,China,Drone X armed UAV,Drone X,uav,9,9,units,media_report,2019,2020,,purchase,,,,low,ap2020fk3
x3,China,China,Missile Y,Missile Y,missile,,,missiles,official_statement,,,2026-03,purchase,,,,medium,rumod2017mig29
x4,China,China,Donated boats,Equipment donation,non_lethal,,,units,official_statement,2014-11,,,donation,1000000,exact,USD,medium,b922019belarus
r1,Russia,Russia/Belarus,Fighter Z,Fighter Z,aircraft,6,6,units,official_statement,2016,2017-10-02,,donation,,,,high,tass2021kornet
r2,Belarus,Russia/Belarus,Fighter Z,Fighter Z,aircraft,4,4,units,official_statement,2018,2019-02,,donation,,,,high,dassault2024rafale
r3,Russia,Russia/Belarus,Launcher W,Launcher W,anti_tank,,,units,official_statement,2021,2021-12-23,,purchase,,,,high,sputnik2023h145
w1,France,Western (EU states),Jet V,Jet V,aircraft,12,12,units,official_statement,2024-08-29,,,purchase,2700000000,exact,EUR,high,krstarica2024sipri
w2,Germany,Western (EU states),Heli U (follow-on),Heli U follow-on,helicopter,10,10,units,planned,,,,purchase,,,,low,nethr2026dw
"""


def test_timeline_merges_contested_reports_into_a_range_dated_by_the_best_row():
    tl = dlv.delivery_timeline(frame(DELIVERIES)).set_index(["supplier", "system"])
    drone = tl.loc[("China", "Drone X armed UAV")]
    assert (drone["quantity_low"], drone["quantity_high"], drone["quantity_contested"]) == (6, 9, True)
    assert (drone["date_kind"], drone["date_text"], drone["rows"]) == ("delivery", "2020-06", 2)
    assert tl.loc[("China", "Missile Y"), "date_kind"] == "unveiling"
    assert tl.loc[("France", "Jet V"), "date_kind"] == "contract"
    assert pd.isna(tl.loc[("Germany", "Heli U (follow-on)"), "date"])


def test_group_summary_counts_terms_prices_and_missing_quantities():
    rows = frame(DELIVERIES)
    cn = dlv.group_summary(rows, "China")
    assert (cn.systems, cn.purchased, cn.donated, cn.priced, cn.unquantified) == (2, 2, 0, 1, 1)
    rb = dlv.group_summary(rows, "Russia/Belarus")
    assert (rb.systems, rb.donated, rb.purchased) == (3, 2, 1)
    assert rb.donated_categories == {"aircraft"}
    rows.loc[rows["id"] == "x3", "terms"] = "donation"
    assert dlv.group_summary(rows, "China").purchased == 1  # the prose's "all bought" check would fail


def test_latest_dated_and_undated_systems():
    rows = frame(DELIVERIES)
    assert dlv.latest_dated(rows, "Russia/Belarus")["short_name"] == "Launcher W"
    assert list(dlv.undated_systems(rows)["short_name"]) == ["Heli U follow-on"]
    with pytest.raises(ValueError, match="no dated weapon system"):
        dlv.latest_dated(rows[rows["supplier_group"] != "China"], "China")


def test_donations_are_the_non_lethal_gifts_of_a_group():
    assert list(dlv.donations(frame(DELIVERIES), "China")["id"]) == ["x4"]
    assert dlv.donations(frame(DELIVERIES), "Russia/Belarus").empty  # the fighters are weapons


def test_quantity_text():
    assert dlv.quantity_text(6, 9) == "6–9"
    assert dlv.quantity_text(4, 4, "batteries") == "4 batteries"
    assert dlv.quantity_text(None, None) == "not published"


def test_deliveries_figure_draws_dated_weapons_only():
    chart = dlv.deliveries_figure(frame(DELIVERIES))
    plt.close(chart.fig)
    assert chart.data["date"].notna().all()
    assert "non_lethal" not in set(chart.data["category"])
    assert list(chart.data["group"]) == [
        "China",
        "China",
        "Russia/Belarus",
        "Russia/Belarus",
        "Russia/Belarus",
        "Western (EU states)",
    ]
    assert "Drone X drones: 6–9" in set(chart.data["label"])


def test_register_rows_sort_by_group_and_name_the_basis_of_repeated_counts():
    reg = dlv.register_rows(frame(DELIVERIES))
    assert reg["group_order"].is_monotonic_increasing
    drone = reg[reg["short_name"] == "Drone X"]
    assert set(drone["quantity"]) == {"6 (official)", "9 (media report)"}
    assert reg.loc[reg["id"] == "w2", "quantity"].iloc[0] == "10 (planned)"
    assert reg.loc[reg["id"] == "w1", "terms_value"].iloc[0] == "purchase, 2.7 billion EUR"
    assert reg.loc[reg["id"] == "x4", "system_text"].iloc[0] == "Equipment donation (non-lethal equipment)"


# --- exercises -----------------------------------------------------------------------------------
EXERCISES = """id,event_id,scope,start_date,end_date,name,short_name,place,country,region,headcount_china,headcount_serbia,headcount_total,force,in_europe
e1,drill,china_serbia,2019-11-28,2019-11-28,,,Town,Serbia,,180,,,police,true
e2,drill,china_serbia,2019-11-28,2019-11-28,,,Town,Serbia,,,,180,police,true
e3,joint,china_serbia,2025-07-19,2025-07-28,Joint-2025 (also rendered Joint 25),Joint-2025,Province,China,,,,,military,false
c0,ctxm,context,2011-07,,Month,Month,Range,Belarus,,,,,military,true
c1,ctxa,context,2015-06-15,2015-06-27,Alpha,Alpha,Field,Belarus,,,,,military,true
c2,ctxb,context,2019-07-03,2019-07-17,Beta,Beta,Base,Germany,,91,,,military,true
c3,ctxc,context,2024-07-08,2024-07-19,,,Field,Belarus,,,,,military,true
c4,ctxd,context,2010-09-20,2010-10-04,Delta,Delta,Air base,Turkey,,,,,military,false
c5,ctxe,context,2009-09-14,,Echo,Echo,Sea,international waters,Baltic Sea,,,,military,true
"""


def test_event_rows_and_first_reported_headcount():
    ex = frame(EXERCISES)
    drill = exr.event_rows(ex, "drill")
    assert exr.first_reported(drill, "headcount_china") == 180
    assert exr.first_reported(drill, "headcount_total") == 180
    assert exr.first_reported(drill, "headcount_serbia") is None
    assert exr.headcounts_published(drill) and not exr.headcounts_published(exr.event_rows(ex, "joint"))
    with pytest.raises(ValueError, match="no row with event_id"):
        exr.event_rows(ex, "missing")


def test_earlier_drills_count_context_events_in_europe_before_a_date():
    ex = frame(EXERCISES)
    assert list(exr.earlier_drills(ex, "2019-11-28")["event_id"]) == ["ctxe", "ctxm", "ctxa", "ctxb"]
    assert list(exr.earlier_drills(ex, "2019-07-03")["event_id"]) == ["ctxe", "ctxm", "ctxa"]  # same day is not before
    assert list(exr.earlier_drills(ex, "2011-07-01")["event_id"]) == ["ctxe"]  # a month counts from its first day
    assert list(exr.earlier_drills(ex, "2019-11-28", in_europe=False)["event_id"]) == ["ctxd"]  # Konya is in Asia
    assert len(exr.earlier_drills(ex, "2019-11-28", in_europe=None)) == 5
    ex.loc[ex["id"] == "c4", "in_europe"] = True  # the count must follow the column
    assert len(exr.earlier_drills(ex, "2019-11-28")) == 5


def test_exercise_rows_are_military_by_date_with_plain_names():
    rows = exr.exercise_rows(frame(EXERCISES))
    assert (rows["force"] == "military").all()
    assert list(rows["name_text"]) == ["Echo", "Delta", "Month", "Alpha", "Beta", "(no code name found)", "Joint-2025"]
    assert rows.iloc[-1]["dates"] == "19 Jul–28 Jul 2025"
    assert list(rows["dates"].iloc[:3]) == ["from 14 Sep 2009", "20 Sep–4 Oct 2010", "Jul 2011"]
    assert list(rows["host"].iloc[:2]) == ["at sea (Baltic Sea)", "Turkey"]


# --- shares computed from SIPRI's trade register -------------------------------------------------
REGISTER = """id,supplier,delivery_year,tiv_delivered,sources
r1,Russia,2016,60,sipri2025export
r2,Russia,2018,20,sipri2025export
r3,Germany,2018,20,sipri2025export
r4,China,2019,30,sipri2025export
r5,Russia,2019,10,sipri2025export
r6,China,2020,50,sipri2025export
r7,Russia,2020,50,sipri2025export
r8,Belarus,2021,0,sipri2025export
"""


def test_window_shares_divide_each_supplier_by_the_window_total():
    shares = reg.window_shares(frame(REGISTER), 2016, 2019).set_index("supplier")
    assert list(shares.index) == ["Russia", "China", "Germany"]  # largest first
    assert shares.loc["Russia", "share_pct"] == 100 * 90 / 140
    assert abs(shares["share_pct"].sum() - 100) < 1e-9
    assert "Belarus" not in set(reg.window_shares(frame(REGISTER), 2017, 2021)["supplier"])  # zero TIV is no supplier
    with pytest.raises(ValueError, match="no deliveries in 2010-2014"):
        reg.window_shares(frame(REGISTER), 2010, 2014)


def test_compare_windows_names_the_leader_and_counts_an_absent_supplier_as_zero():
    cmp = reg.compare_windows(frame(REGISTER), [(2014, 2018), (2016, 2020), (2019, 2020)], "China", "Russia")
    assert list(cmp["leader"]) == ["Russia", "Russia", "China"]
    assert cmp.loc[0, "first_pct"] == 0 and cmp.loc[0, "second_pct"] == 80
    assert cmp.loc[2, "first_pct"] == 100 * 80 / 140 and cmp.loc[2, "total_tiv"] == 140
    assert reg.first_window_led(cmp, "China")["period_start"] == 2019
    assert reg.first_window_led(cmp, "Germany") is None
    tie = reg.compare_windows(frame(REGISTER), [(2017, 2021)], "China", "Russia")  # 80 TIV each
    assert tie.loc[0, "leader"] == "tie"


def test_first_year_ahead_flips_when_the_data_flip():
    rows = frame(REGISTER)
    assert reg.first_year_ahead(rows, "China", "Russia") == 2019
    rows.loc[rows["id"] == "r5", "tiv_delivered"] = 40
    assert reg.first_year_ahead(rows, "China", "Russia") is None  # 2020 is a tie, not a lead
    assert reg.first_year_ahead(rows, "Belarus", "Ukraine") is None  # a supplier absent from the table


def test_window_growth_compares_two_windows_totals():
    rows = frame(REGISTER)
    assert reg.window_growth_pct(rows, (2019, 2020), (2016, 2018)) == pytest.approx(40.0)  # 140 against 100 TIV
    with pytest.raises(ValueError, match="no deliveries"):
        reg.window_growth_pct(rows, (2019, 2020), (2001, 2005))


def test_windows_ending_and_share_rows():
    rows = frame(REGISTER)
    assert reg.windows_ending(rows, 5, 2) == [(2016, 2020), (2017, 2021)]
    table = reg.share_rows(rows, [(2018, 2019)], ["China", "Russia"]).iloc[0]
    assert (table["China"], table["Russia"], table["Others"], table["total_tiv"]) == (37.5, 37.5, 25.0, 80.0)
    assert table["sources"] == "sipri2025export"


# --- spending ------------------------------------------------------------------------------------
SPENDING = """id,year,value,currency,share_gdp_pct,qualifier,basis,rendered_by,confidence,sources,shown_as,excludes_value
s1,2019,1000,USD,,exact,sipri_estimate,A,high,exit2020fk3,,
s2,2024,2000,USD,2.5,approx,sipri_estimate,A,high,exit2020fk3,,
s3,2024,150000,RSD,,exact,budget_plan,B,high,ap2020fk3,s4,
s4,2024,1300,EUR,,exact,budget_plan,B,high,ap2020fk3,,
s5,2024,2100,EUR,2.7,approx,budget_plan,B,medium,ap2020fk3,,400
s6,2024,,,1.7,approx,budget_plan,C,medium,rumod2017mig29,,
s7,2026,,,2.9,exact,ministry,D,low,b922019belarus,,
"""


def test_year_figures_leave_out_rows_shown_as_another():
    sp = frame(SPENDING)
    assert list(spd.year_figures(sp, 2024)["id"]) == ["s2", "s4", "s5", "s6"]
    assert list(spd.year_figures(sp, "2019")["id"]) == ["s1"]
    assert spd.gdp_share_range(sp, 2024) == (1.7, 2.7)
    with pytest.raises(ValueError, match="no share_gdp_pct for year 2019"):
        spd.gdp_share_range(sp, 2019)


def test_year_rows_order_by_basis_then_value():
    rows = spd.year_rows(frame(SPENDING), 2024)
    assert list(rows["id"]) == ["s2", "s4", "s5", "s6"]
    assert list(rows["amount"].iloc[:3]) == ["2 billion USD", "1.3 billion EUR", "2.1 billion EUR"]


def test_spending_figure_draws_the_shown_figures_and_its_ranges():
    sp = frame(SPENDING)
    chart = spd.spending_figure(sp)
    plt.close(chart.fig)
    assert "s3" not in set(chart.data["id"]) and "year_n" not in chart.data.columns
    ranges = spd.figure_ranges(sp)
    assert (ranges.usd, ranges.eur, ranges.gdp) == ((1.0, 2.0), (1.3, 2.1), (1.7, 2.9))


# --- the latest confirmed system (the one rule the military chapter and the outlook share) ---------
CONFIRMED = """id,supplier_group,category,short_name,first_delivery,confirmed,confirmed_basis
a,China,air_defence,Air A,2024,2024-06-28,display
b,China,missile,Missile B,,2026-03-12,statement
c,China,non_lethal,Boats,2027-01-01,2027-01-01,delivery
d,Russia/Belarus,aircraft,Jet D,2028,2028,delivery
e,China,uav,Drone E,,,
"""


def test_latest_confirmed_ranks_by_confirmation_not_by_delivery():
    """Missile B has no delivery date but the latest confirmation, so it is the latest system;
    a later non-lethal donation and another group's delivery do not count."""
    latest = dlv.latest_confirmed(frame(CONFIRMED), "China")
    assert (latest["id"], latest["confirmed_basis"]) == ("b", "statement")


def test_latest_confirmed_places_partial_dates_mid_period_and_breaks_ties_by_id():
    rows = frame(CONFIRMED)
    rows.loc[rows["id"] == "b", "confirmed"] = "2024"  # mid-2024 falls after 28 June 2024
    assert dlv.latest_confirmed(rows, "China")["id"] == "b"
    rows.loc[rows["id"] == "b", "confirmed"] = "2024-06-28"  # a tie: the later id wins
    assert dlv.latest_confirmed(rows, "China")["id"] == "b"


def test_latest_confirmed_flips_when_a_later_confirmation_is_added():
    rows = pd.concat(
        [frame(CONFIRMED), frame("id,supplier_group,category,short_name,confirmed\nf,China,uav,Drone F,2026-05\n")]
    )
    assert dlv.latest_confirmed(rows, "China")["short_name"] == "Drone F"


def test_latest_confirmed_needs_a_confirmed_weapon():
    rows = frame(CONFIRMED)
    with pytest.raises(ValueError, match="no weapon system of supplier group 'China' has a 'confirmed' date"):
        dlv.latest_confirmed(rows[rows["id"].isin(["c", "e"])], "China")
