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


def test_headline_arms_control_binds_the_neighbours_new_weapons_not_serbias_chinese_ones():
    c = data.load("arms_capabilities")
    split = arms_shift.florence_split(arms_shift.florence_status(c), c, parties={"Serbia", "Croatia"})
    assert split.serbia_chinese_covered == 0 < split.neighbours_covered


def test_every_neighbour_step_names_a_system_of_the_capabilities_table():
    steps = data.load("neighbour_procurement")
    assert set(steps["system_row"].dropna()) <= set(data.load("arms_capabilities")["id"])


def test_every_mapped_site_takes_its_coordinates_from_a_named_source():
    from csreport.data import sources

    places = set(data.load("places")["id"])
    for row in data.load("arms_basing").itertuples():
        ref = row.coordinates_source
        assert (ref.startswith("places:") and ref.split(":", 1)[1] in places) or ref in sources.keys(), row.id


def test_no_export_report_found_covers_the_years_of_the_ammunition_claims():
    cov = arms_shift.report_coverage(data.load("arms_export_reports"))
    ft = data.load("arms_shift_drivers").set_index("id").loc["ft_ammunition_2024", "date"]
    assert max(cov.latest_national, cov.latest_regional) < int(ft[:4]) - 1


def test_the_hq17ae_circle_reaches_no_neighbour_and_the_fk3_circles_do():
    bases, caps = data.load("arms_basing"), data.load("arms_capabilities")
    rings = arms_shift.range_rings(
        bases,
        caps,
        {"rs_fk3_pancevo": ["rs_fk3_range_kurir", "rs_fk3_hq22_range"], "rs_hq17ae_nis": ["rs_hq17ae_range"]},
    )
    reach = arms_shift.ring_reach(rings, bases).set_index("cap")["reaches"]
    assert reach["rs_hq17ae_range"] == [] and reach["rs_fk3_range_kurir"] and reach["rs_fk3_hq22_range"]
