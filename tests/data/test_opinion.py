"""Checks on the real tables behind the opinion chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters.opinion import drivers as od


def test_headline_agrees_with_the_real_tables():
    """Serbia's standing in the survey figure is computed from the real tables, not pinned."""
    best = od.best_per_country(
        od.country_views(data.load("china_views_europe"), data.load("polls"), "ceias2020", "positive or very positive")
    )
    s = od.standing(best, "Serbia")
    top = best["value"].max()
    assert (s.rank == 1) == (float(best.loc[best["country"] == "Serbia", "value"].iloc[0]) == top)
