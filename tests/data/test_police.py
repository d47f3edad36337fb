"""Checks on the real tables behind the police chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters.police import patrols, presence


def test_headline_serbia_has_fewer_rounds_in_serbia_than_croatia():
    rounds = patrols.patrol_rounds(data.load("police_patrols"))
    serbia = patrols.held_rounds(rounds, "Serbia")
    assert serbia["host_country"].eq("Serbia").sum() < patrols.partner_rounds(rounds, "Croatia").n_held


def test_headline_the_record_arrivals_year_brought_no_chinese_officers_to_serbia():
    arrivals = presence.full_year_values(data.load("chinese_presence"), "tourist_arrivals")
    top_year = arrivals.loc[arrivals["value"].idxmax(), "year"]
    serbia = patrols.serbia_patrol_rounds(data.load("police_patrols"))
    assert not (serbia["year"].eq(top_year) & serbia["host_country"].eq("Serbia")).any()


def test_part_year_tourism_rows_carry_their_period_in_words():
    tourism = data.load("chinese_presence")
    part = tourism[tourism["period"].isin(presence.PERIOD_END_MONTH)]
    assert part["period_note"].notna().all()
    assert tourism.loc[tourism["period"].eq("full_year"), "period_note"].isna().all()
