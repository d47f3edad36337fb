"""Checks on the real tables behind the supplier shift chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters import supplier_shift as arms_shift
from csreport.data import rows


def test_every_category_of_the_chapters_tables_has_a_label():
    for table, column in [
        ("arms_shift_drivers", "kind"),
        ("arms_industry_steps", "kind"),
        ("arms_industry_steps", "status"),
        ("arms_capabilities", "measure"),
        ("arms_capabilities", "basis"),
        ("arms_capabilities", "florence_category"),
    ]:
        cats = rows.categories(table, column)
        assert set(data.load(table)[column]) <= set(cats.index)
        assert cats["label"].notna().all()


def test_headline_no_chinese_system_falls_in_a_florence_category():
    c = data.load("arms_capabilities")
    chinese = set(c.loc[c["supplier_country"] == "China", "system"].str.split(" with ").str[0])
    assert set(arms_shift.uncovered(c, "China")["system"]) == chinese


def test_every_drawn_range_is_for_the_fielded_variant_and_in_km():
    drawn = arms_shift.drawn_ranges(data.load("arms_capabilities"))
    assert drawn["same_variant"].all() and (drawn["unit"] == "km").all()
