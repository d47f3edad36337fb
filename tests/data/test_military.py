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


def test_the_latest_chinese_system_is_the_one_confirmed_last():
    """The military chapter and the outlook name the latest Chinese system by the confirmed column."""
    from csreport.data import partial_date

    deliveries = data.load("arms_deliveries")
    latest = dlv.latest_confirmed(deliveries, "China")
    weapons = deliveries[deliveries["supplier_group"].eq("China") & deliveries["category"].ne("non_lethal")]
    dates = weapons["confirmed"].dropna().map(lambda d: partial_date(d)[0])
    assert latest["when"] == dates.max()


def test_confirmed_dates_follow_the_columns_they_come_from():
    """A confirmation by delivery or display repeats that column's date; one by statement has no
    delivery known to the month (otherwise the delivery would be the confirmation)."""
    deliveries = data.load("arms_deliveries").dropna(subset=["confirmed"])
    by = deliveries.set_index("id")
    for row_id, r in by.iterrows():
        if r["confirmed_basis"] == "delivery":
            assert r["confirmed"] == r["first_delivery"], row_id
        elif r["confirmed_basis"] == "display":
            assert r["confirmed"] == r["public_unveiling"], row_id
        else:
            assert r["confirmed_basis"] == "statement", row_id
            assert not (isinstance(r["first_delivery"], str) and "-" in r["first_delivery"]), row_id
