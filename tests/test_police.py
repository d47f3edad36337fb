"""Chapter 03 (police cooperation): facts the chapter states, checked against the data."""
import pandas as pd

from csreport import data


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
