"""Checks on the real tables behind the responses chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters.responses import alignment as cfsp
from csreport.chapters.responses import statements as st


def test_real_tables_alternatives_resolve_and_series_stay_apart():
    alignment = data.load("cfsp_alignment")
    drawn = cfsp.drawn(alignment)
    assert len(drawn) == alignment["alternative_of"].isna().sum()
    for (_, name), rows in cfsp.series(alignment).items():
        assert set(rows["series"]) == {name}


def test_real_tables_key_points_hold():
    ranked = cfsp.lowest(data.load("cfsp_alignment"))
    assert ranked["own_lowest"].any()
    reactions = st.statement_rows(data.load("reactions"))
    concerns = st.neighbour_concerns(reactions)
    west, region = st.west_and_region(reactions)
    assert len(west) + len(region) == len(reactions)
    counts = concerns["suppliers_named"].value_counts()
    # the chapter: few neighbours' concerns single out China
    assert counts.get("China", 0) < len(concerns) / 2
    polls = data.load("polls")
    assert not polls["about_security"].any()  # the chapter: no poll asks about the security relationship


def test_real_un_votes_are_coded_consistently_and_serbia_splits_from_china_only_by_voting_for():
    from csreport.chapters.responses import partners

    s = partners.splits(data.load("un_votes"))  # raises if serbia_china_split disagrees with the votes
    assert s.n_split > 0 and s.split_serbia_votes == ("yes",)


def test_real_commission_statements_are_dated_and_not_drawn_on_top_of_each_other():
    alignment = data.load("cfsp_alignment")
    stated = cfsp.drawn(alignment).query("series == 'commission_statement'")
    assert stated["published"].notna().all()
    assert stated["x"].is_unique
