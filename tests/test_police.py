"""Chapter 03 (police cooperation): facts the chapter states, checked against the data."""
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data, police


def _serbia_rounds():
    patrols = data.load("police_patrols")
    held = patrols["direction"].isin(["chinese_officers_abroad", "host_officers_in_china"])
    return patrols[patrols["partner_country"].eq("Serbia") & held].sort_values("start_date")


def test_serbian_patrol_years_are_2019_2023_in_serbia_and_2024_in_china():
    rounds = _serbia_rounds()
    assert sorted(rounds["year"].tolist()) == [2019, 2023, 2024]
    where = {int(y): (h, d) for y, h, d in zip(rounds["year"], rounds["host_country"], rounds["direction"])}
    assert where[2019] == ("Serbia", "chinese_officers_abroad")
    assert where[2023] == ("Serbia", "chinese_officers_abroad")
    assert where[2024] == ("China", "host_officers_in_china")
    # No other Serbia row exists that could be read as a round (e.g. a status row).
    patrols = data.load("police_patrols")
    assert len(patrols[patrols["partner_country"].eq("Serbia")]) == 3


def test_first_serbian_round_is_2019_with_chinese_officers_in_serbia():
    first = _serbia_rounds().iloc[0]
    assert first["year"] == 2019
    assert first["host_country"] == "Serbia"
    assert first["officers_china"] == 6
    assert str(first["start_date"]).startswith("2019-09")


def test_smederevo_headcounts_kept_as_separate_rows_per_source():
    ex = data.load("exercises")
    smed = ex[ex["event_id"].eq("smederevo2019")]
    assert len(smed) == 2
    assert set(smed["force"]) == {"police"}
    assert smed["headcount_basis"].nunique() == 2
    reuters = smed[smed["headcount_basis"].eq("reuters")].iloc[0]
    moi = smed[smed["headcount_basis"].eq("serbian_moi_via_tanjug")].iloc[0]
    # Reuters: about 180 Chinese officers, no total; MoI: 180 participants in total, no Chinese count.
    assert reuters["headcount_china"] == 180 and pd.isna(reuters["headcount_total"])
    assert moi["headcount_total"] == 180 and pd.isna(moi["headcount_china"])


def test_only_full_year_tourism_figures_are_labelled_full_year():
    presence = data.load("chinese_presence")
    tourism = presence[presence["metric"].isin(["tourist_arrivals", "tourist_overnights"])]
    partial = tourism[tourism["period"].str.startswith("jan_")]
    assert len(partial) > 0 and not partial["period_note"].isna().any()
    full = tourism[tourism["period"].eq("full_year")]
    assert full["period_note"].isna().all()


# --- Functions the chapter notebook calls (csreport.police) -------------------------------------

def _frames():
    return {name: data.load(name) for name in
            ("police_patrols", "chinese_presence", "police_station_claims", "exercises", "context_timeline")}


def test_patrol_numbers_state_serbias_rounds_comparators_and_legal_basis():
    f = _frames()
    n = police.patrol_numbers(f["police_patrols"], f["police_station_claims"], f["context_timeline"])
    assert all(isinstance(v, str) for v in n.values())
    assert n["pol_srb_n_in_serbia"] == "2" and n["pol_srb_years_in_serbia"] == "2019 and 2023"
    assert (n["pol_r1_days"], n["pol_r1_officers"], n["pol_r1_start"]) == ("30", "6", "17 September 2019")
    assert (n["pol_r2_officers"], n["pol_r2_host"]) == ("9", "20")
    assert (n["pol_r3_year"], n["pol_r3_officers"], n["pol_r3_cities"]) == ("2024", "6", "Sanya and Guangzhou")
    assert n["pol_srb_gap_years"] == "2020–2022"
    assert (n["pol_hrv_n"], n["pol_hrv_first"], n["pol_hrv_gap"]) == ("6", "2018", "2020–2021")
    assert (n["pol_ita_n_abroad"], n["pol_ita_n_cn"], n["pol_ita_mou"]) == ("4", "3", "24 September 2015")
    assert n["pol_cn_only_list"] == "Italy 2018 (in China) and Italy 2019"
    assert (n["pol_mou_date"], n["pol_mou_month"], n["pol_claimed_year"]) == ("19 May 2019", "May 2019", "2016")
    assert n["pol_powers_years"] == "2019, 2022 and 2023"


def test_year_position_uses_start_month_then_end_month_then_mid_year():
    row = pd.Series({"year": 2019, "start_date": "2019-09-17", "end_date": "2019-10-16"})
    assert police.year_position(row) == pytest.approx(2019 + 8.5 / 12)
    ended = pd.Series({"year": 2022, "start_date": None, "end_date": "2022-12"})
    assert police.year_position(ended) == pytest.approx(2022 + 11.5 / 12)
    assert police.year_position(pd.Series({"year": 2024, "start_date": None, "end_date": None})) == 2024.5
    assert police.year_position(pd.Series({"year": 2016, "start_date": "2016", "end_date": None})) == 2016.5


def test_rounds_figure_draws_every_patrol_row_in_its_lane():
    patrols = data.load("police_patrols")
    rounds = police.patrol_rounds(patrols)
    fig, drawn = police.rounds_figure(rounds, data.cutoff())
    plt.close(fig)
    assert len(drawn) == len(patrols)
    assert drawn.loc[drawn["partner_country"].eq("Serbia"), "lane"].eq(3).all()
    assert drawn.loc[drawn["partner_country"].eq("Hungary"), "lane"].eq(0).all()
    text = police.rounds_by_lane_text(drawn)
    assert text.startswith("Serbia: 2019, 2023, 2024 (in China); Croatia: 2018, 2019, 2022, 2023, 2024, 2025; ")
    assert text.endswith("2022 (ended); Hungary: 2024 (agreement only)")


def test_rounds_table_rows_list_partners_in_chart_order_then_by_start():
    rows = police.rounds_table_rows(police.patrol_rounds(data.load("police_patrols")))
    assert list(dict.fromkeys(rows["partner_country"])) == police.LANES
    serbia = rows[rows["partner_country"].eq("Serbia")]
    assert serbia["start"].tolist() == sorted(serbia["start"])
    assert rows["start"].notna().all()


def test_tourism_numbers_keep_full_year_and_part_year_figures_apart():
    f = _frames()
    serbia = police.serbia_patrol_rounds(f["police_patrols"])
    n = police.tourism_numbers(f["chinese_presence"], f["context_timeline"], serbia, data.cutoff())
    assert n["pol_arr_years"] == "2013, 2018, 2019 and 2024"
    assert n["pol_arr_missing"] == "2014–2017, 2020–2023 and 2025"
    assert (n["pol_arr_2019"], n["pol_arr_last"], n["pol_arr_max_year"]) == ("≈145,000", "156,664", "2024")
    assert (n["pol_tos_period"], n["pol_tos_label"]) == ("January–September 2024", "≈150,000")
    assert (n["pol_oct24_period"], n["pol_oct24_label"]) == ("January–October 2024", "134,975")
    assert n["pol_wp_text"] == "10,044 work permits in 2022 and 10,198 in 2023"
    assert n["pol_wp_cum"] == "more than 45,000"
    assert n["pol_visa_date"] == "15 January 2017"


def test_tourists_figure_data_holds_every_tourism_row_and_the_visa_event():
    f = _frames()
    presence = f["chinese_presence"]
    serbia = police.serbia_patrol_rounds(f["police_patrols"])
    fig, drawn = police.tourists_figure(presence, f["context_timeline"], serbia, data.cutoff())
    plt.close(fig)
    tourism = presence[presence["metric"].isin(["tourist_arrivals", "tourist_overnights"])]
    assert set(tourism["id"]) == set(drawn["id"]) - {"visa_free_in_force_2017"}
    assert "visa_free_in_force_2017" in set(drawn["id"])


def test_drill_numbers_and_table_keep_each_smederevo_account():
    exercises = data.load("exercises")
    n = police.drill_numbers(exercises)
    assert (n["pol_smed_date"], n["pol_smed_cn_reuters"], n["pol_smed_total_mup"]) == ("28 November 2019", "180", "180")
    assert (n["pol_gz_cn"], n["pol_gz_rs"], n["pol_combined_before_months"]) == ("47", "13", "5")
    rows = police.drill_table_rows(exercises)
    assert rows["force"].eq("police").all() and rows["basis"].notna().all()
    assert rows["start_date"].tolist() == sorted(rows["start_date"])


def test_station_numbers_and_table_follow_the_claims_in_date_order():
    f = _frames()
    serbia = police.serbia_patrol_rounds(f["police_patrols"])
    n = police.station_numbers(f["police_station_claims"], serbia)
    assert (n["pol_sd_first_date"], n["pol_mup_denial_date"]) == ("12 September 2022", "4 December 2022")
    assert n["pol_mup_denial_when"] == "The same day" and n["pol_denial_officers"] == "6"
    rows = police.station_table_rows(f["police_station_claims"])
    assert rows["date"].tolist() == sorted(rows["date"])
    assert rows["type_t"].notna().all() and rows["scope_t"].notna().all()
