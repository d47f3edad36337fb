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


def test_the_zhao_vulin_call_has_xinhuas_date_in_both_tables():
    """One fact, one date: the commitments table and the context timeline agree (Xinhua, 27 May 2021)."""
    sc = data.load("security_commitments").set_index("id").loc["zhao_vulin_2021"]
    tl = data.load("context_timeline").set_index("id").loc["zhao_vulin_2021"]
    assert sc["date"] == tl["date"]
    assert "govcn2021zhao" in sc["sources"].split(";") and "govcn2021zhao" in tl["sources"].split(";")


def test_gsi_coding_agrees_with_its_basis():
    """A row coded as referring to the Global Security Initiative says how; an indirect reference
    explains itself in notes."""
    rows = data.load("security_commitments")
    for r in rows.itertuples():
        assert bool(r.gsi_reference) == (r.gsi_basis in ("named", "indirect")), r.id
        if r.gsi_basis == "indirect":
            assert isinstance(r.notes, str) and "Global Security Initiative" in r.notes, r.id
