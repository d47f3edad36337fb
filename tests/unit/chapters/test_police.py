"""Police cooperation (book/police): the logic of csreport.chapters.police on small made-up tables.

The real values are pinned by nbval on book/police.ipynb; here only the rules are tested, plus
the chapter's headlines computed against its own tables (never pinned values).
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport.chapters.police import drills, patrols, presence, stations

PATROLS = """id,year,host_country,partner_country,direction,cities,officers_china,officers_host,start_date,end_date,basis_signed,sources
a1,2019,Serbia,Serbia,chinese_officers_abroad,X;Y,6,,2019-09-01,2019-09-30,2019-05-19,k1
a2,2023,Serbia,Serbia,chinese_officers_abroad,X,9,20,2023-09-28,2023-10-26,2019,k1
a3,2024,China,Serbia,host_officers_in_china,Z,,6,2024-09-07,,2019,k1
b1,2018,Croatia,Croatia,chinese_officers_abroad,Q,6,,2018-07-15,,2017,k1
b2,2021,Croatia,Croatia,chinese_officers_abroad,Q,8,,2021-07-13,,2017,k1
b3,2022,China,Croatia,host_officers_in_china,Q,,3,2022-05-01,,2017,k1
c1,2022,Italy,Italy,ended,,,,,2022-12,2015,k1
d1,2024,Hungary,Hungary,agreement_only,,,,,,2024-02,k1
"""


def _patrols() -> pd.DataFrame:
    frame = pd.read_csv(
        io.StringIO(PATROLS), dtype={"start_date": "string", "end_date": "string", "basis_signed": "string"}
    )
    for col in ("officers_china", "officers_host"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _rounds(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """patrol_rounds of the made-up rows, with a made-up publisher for every source key."""
    return patrols.patrol_rounds(_patrols() if frame is None else frame, publisher=lambda key: "Fake outlet")


# --- patrols ------------------------------------------------------------------------------------


def test_patrol_rounds_counts_the_officers_who_travelled():
    rounds = patrols.patrol_rounds(_patrols(), publisher=lambda key: {"k1": "Xinhua"}.get(key, "Other")).set_index("id")
    assert rounds.loc["a1", "travelling"] == 6  # Chinese officers abroad
    assert rounds.loc["a3", "travelling"] == 6  # the partner's officers in China
    assert pd.isna(rounds.loc["c1", "travelling"]) and not rounds.loc["c1", "held"]
    assert rounds["chinese_media_only"].all() and rounds.loc["a1", "reported_by"] == "Xinhua"


def test_a_round_also_reported_by_other_media_is_not_chinese_media_only():
    frame = _patrols().assign(sources=["k1;k2"] + ["k1"] * 7)
    rounds = patrols.patrol_rounds(frame, publisher={"k1": "Xinhua", "k2": "Reuters"}.get).set_index("id")
    assert not rounds.loc["a1", "chinese_media_only"] and rounds.loc["a2", "chinese_media_only"]
    assert rounds.loc["a1", "reported_by"] == "Xinhua; Reuters"


def test_chinese_media_only_needs_every_publisher_to_be_state_media():
    state = {"Xinhua", "Global Times"}
    assert patrols.chinese_media_only(["Xinhua", "Global Times"], state)
    assert not patrols.chinese_media_only(["Xinhua", "Reuters"], state)
    assert not patrols.chinese_media_only([], state)


def test_a_repost_of_state_media_counts_as_state_media():
    assert patrols.outlet("Xinhua (via a mirror site)") == "Xinhua"
    assert (
        patrols.outlet("China Radio International (Serbian service)") == "China Radio International (Serbian service)"
    )
    assert patrols.chinese_media_only(["Xinhua (via a mirror site)", "Global Times"], {"Xinhua", "Global Times"})
    assert not patrols.chinese_media_only(["Reuters (via a mirror site)"], {"Xinhua"})


def test_partner_rounds_counts_directions_gaps_officers_and_basis():
    hrv = patrols.partner_rounds(_rounds(), "Croatia")
    assert (hrv.n_held, hrv.n_abroad, hrv.n_in_china) == (3, 2, 1)
    assert (hrv.first_year, hrv.last_year, hrv.gap_years) == (2018, 2022, (2019, 2020))
    assert (hrv.officers_min, hrv.officers_max) == (6, 8)
    assert hrv.basis_signed == "2017"


def test_partner_rounds_basis_is_that_of_the_earliest_round():
    srb = patrols.partner_rounds(_rounds(), "Serbia")
    assert srb.basis_signed == "2019-05-19" and srb.gap_years == (2020, 2021, 2022)


def test_partner_rounds_of_a_partner_without_rounds_is_an_error():
    with pytest.raises(ValueError, match="Hungary"):
        patrols.partner_rounds(_rounds(), "Hungary")


def test_partner_rounds_follow_a_new_round():
    frame = _patrols()
    extra = frame[frame["id"].eq("b2")].assign(id="b4", year=2025, start_date="2025-07-16", officers_china=10)
    hrv = patrols.partner_rounds(_rounds(pd.concat([frame, extra], ignore_index=True)), "Croatia")
    assert (hrv.n_held, hrv.last_year, hrv.officers_max) == (4, 2025, 10)
    assert hrv.gap_years == (2019, 2020, 2023, 2024)


def test_status_row_finds_the_end_or_agreement_and_names_a_missing_one():
    rounds = _rounds()
    assert patrols.status_row(rounds, "Italy", "ended")["year"] == 2022
    with pytest.raises(ValueError, match="Serbia.*ended"):
        patrols.status_row(rounds, "Serbia", "ended")


def test_round_days_counts_both_ends_and_needs_both_dates():
    rows = _patrols().set_index("id", drop=False)
    assert patrols.round_days(rows.loc["a1"]) == 30
    with pytest.raises(ValueError, match="b1"):
        patrols.round_days(rows.loc["b1"])


def test_missing_years_between_first_and_last():
    assert patrols.missing_years([2019, 2023, 2024], 2019, 2024) == [2020, 2021, 2022]
    assert patrols.missing_years([2019], 2019, 2019) == []


def test_year_position_uses_start_month_then_end_month_then_mid_year():
    row = pd.Series({"year": 2019, "start_date": "2019-09-17", "end_date": "2019-10-16"})
    assert patrols.year_position(row) == pytest.approx(2019 + 8.5 / 12)
    ended = pd.Series({"year": 2022, "start_date": None, "end_date": "2022-12"})
    assert patrols.year_position(ended) == pytest.approx(2022 + 11.5 / 12)
    assert patrols.year_position(pd.Series({"year": 2024, "start_date": None, "end_date": None})) == 2024.5
    assert patrols.year_position(pd.Series({"year": 2016, "start_date": "2016", "end_date": None})) == 2016.5


def test_rounds_figure_draws_every_row_and_returns_only_data_columns():
    rounds = _rounds()
    chart = patrols.rounds_figure(rounds, pd.Timestamp("2026-01-31"))
    plt.close(chart.fig)
    assert len(chart.data) == len(rounds) and {"x", "lane"}.isdisjoint(chart.data.columns)
    assert "sources" in chart.data.columns


def test_rounds_by_lane_text_lists_partners_in_lane_order_by_date():
    text = patrols.rounds_by_lane_text(_rounds())
    assert text == (
        "Serbia: 2019, 2023, 2024 (in China); Croatia: 2018, 2021, 2022 (in China); "
        "Italy: 2022 (ended); Hungary: 2024 (agreement only)"
    )


def test_rounds_rows_sort_partners_in_chart_order_then_by_start():
    rows = patrols.rounds_rows(_rounds())
    assert list(dict.fromkeys(rows["partner_country"])) == patrols.LANES
    assert rows.set_index("id").loc["d1", "start"] == "2024"  # no date: the year
    assert rows.set_index("id").loc["c1", "start"] == "2022-12"  # no start: the end


# --- presence -----------------------------------------------------------------------------------

PRESENCE = """id,year,metric,value,period,period_note,qualifier,sources
t1,2013,tourist_arrivals,5500,full_year,,approx,k1
t2,2018,tourist_arrivals,102000,full_year,,at_least,k1
t3,2019,tourist_arrivals,73559,jan_jul,January–July 2019,exact,k1
t4,2019,tourist_overnights,135386,jan_jul,January–July 2019,exact,k1
t5,2024,tourist_arrivals,150000,jan_sep,January–September 2024,approx,k1
t6,2024,tourist_arrivals,134975,jan_oct,January–October 2024,exact,k1
t7,2024,tourist_overnights,404000,full_year,,at_least,k1
w1,2024,work_permits_issued,45000,cumulative,from 2016 to December 2024,at_least,k1
"""


def _presence() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(PRESENCE))


def test_sign_label_puts_the_qualifier_sign_before_the_count():
    assert presence.sign_label("approx", 145000) == "≈145,000"
    assert presence.sign_label("at_least", 78000) == "≥78,000"
    assert presence.sign_label("exact", 134975) == "134,975"


def test_full_year_values_keep_only_full_years_oldest_first():
    rows = presence.full_year_values(_presence().iloc[::-1], "tourist_arrivals")
    assert rows["id"].tolist() == ["t1", "t2"] and rows["label"].tolist() == ["≈5,500", "≥102,000"]


def test_partial_year_values_are_tourism_part_years_by_year_then_end_month():
    rows = presence.partial_year_values(_presence())
    assert rows["id"].tolist() == ["t3", "t4", "t5", "t6"]  # no full years, no cumulative permits


def test_latest_part_year_is_the_one_that_ends_last():
    assert presence.latest_part_year(_presence(), "tourist_arrivals")["id"] == "t6"
    with pytest.raises(ValueError, match="work_permits_issued"):
        presence.latest_part_year(_presence(), "work_permits_issued")


def test_missing_full_years_run_to_the_last_full_year_before_the_cutoff():
    arrivals = presence.full_year_values(_presence(), "tourist_arrivals")
    assert presence.missing_full_years(arrivals, pd.Timestamp("2020-03-01")) == [2014, 2015, 2016, 2017, 2019]


def test_tourists_figure_data_holds_every_tourism_row_and_the_marked_event():
    event = pd.Series({"date": "2017-01-15", "event": "Visa-free travel", "sources": "k2"}, name="e1")
    serbia = _rounds()[lambda f: f["partner_country"].eq("Serbia")]
    chart = presence.tourists_figure(_presence(), serbia, event, "visa-free", pd.Timestamp("2026-01-31"))
    plt.close(chart.fig)
    assert set(chart.data["id"]) == {"t1", "t2", "t3", "t4", "t5", "t6", "t7", "e1"}


# --- drills and stations ------------------------------------------------------------------------

EXERCISES = """id,event_id,start_date,force,headcount_china,headcount_total,headcount_basis,sources
x1,drill1,2019-11-28,police,180,,reuters,k1
x2,drill1,2019-11-28,police,,180,serbian_moi_via_tanjug,k1
x3,army1,2019-07-03,military,,,,k1
x4,drill2,2024-09-11,police,47,,serbian_moi_via_beta,k1
"""


def test_accounts_are_keyed_by_who_gave_the_headcount():
    ex = pd.read_csv(io.StringIO(EXERCISES))
    acc = drills.accounts(ex, "drill1")
    assert acc.loc["reuters", "headcount_china"] == 180 and acc.loc["serbian_moi_via_tanjug", "headcount_total"] == 180
    with pytest.raises(ValueError, match="nodrill"):
        drills.accounts(ex, "nodrill")


def test_months_between_rounds_to_whole_months():
    assert drills.months_between("2019-07-03", "2019-11-28") == 5
    assert drills.months_between("2019-01-01", "2019-01-10") == 0


def test_drills_rows_keep_each_police_account_by_date_and_source():
    rows = drills.drills_rows(pd.read_csv(io.StringIO(EXERCISES)))
    assert rows["id"].tolist() == ["x1", "x2", "x4"] and rows["basis"].notna().all()


CLAIMS = """id,date,claimant,claim_type,about_serbia,says_no_police_powers,sources
s1,2023-09-28,Ministry A,statement,yes,yes,k1
s2,2019-09-19,Ministry A,statement,yes,yes,k1
s3,2022-12-04,Ministry A,denial,yes,yes,k1
s4,2022-12-04,Ministry B,denial,no,yes,k1
s5,2022-09-12,Group C,report,yes,no,k1
"""


def test_no_powers_years_are_the_claimants_flagged_statements():
    cl = pd.read_csv(io.StringIO(CLAIMS))
    assert stations.no_powers_years(cl, "Ministry A") == [2019, 2022, 2023]
    assert stations.no_powers_years(cl, "Group C") == []


def test_stations_rows_in_date_order_with_readable_kind_and_scope():
    rows = stations.stations_rows(pd.read_csv(io.StringIO(CLAIMS)))
    assert rows["id"].tolist() == ["s2", "s5", "s3", "s4", "s1"]
    assert rows["type_t"].notna().all() and rows["scope_t"].notna().all()


# --- the chapter's headlines, computed from its own tables --------------------------------------
