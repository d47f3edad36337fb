"""Checks on the real tables behind the military chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters.military import deliveries as dlv
from csreport.chapters.military import shares as shr


def test_headline_agrees_with_every_rendering_in_the_real_table():
    shares = data.load("arms_import_shares")
    cmp = shr.china_vs_russia(shares)
    for r in cmp.itertuples():
        rows = shares[shares["period"] == r.period]
        china = rows.loc[rows["supplier"] == "China", "share_pct"]
        russia = rows.loc[rows["supplier"] == "Russia", "share_pct"]
        expected = "China" if china.min() > russia.max() else "Russia" if russia.min() > china.max() else "contested"
        assert r.larger == expected
    assert shr.china_led_every_window(cmp) == (set(cmp["larger"]) == {"China"})


def test_real_register_agrees_with_the_prose_claims_it_supports():
    deliveries = data.load("arms_deliveries")
    cn = dlv.group_summary(deliveries, "China")
    rb = dlv.group_summary(deliveries, "Russia/Belarus")
    weapons = dlv.weapon_timeline(deliveries)
    china = weapons[weapons["group"] == "China"]
    assert cn.systems == len(china) and cn.purchased == (china["terms"] == "purchase").sum()
    assert rb.donated <= rb.systems
