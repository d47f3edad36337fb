"""Checks on the real tables behind the digital chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters import digital
from csreport.data import rows


def test_every_category_of_the_chapters_tables_has_a_label():
    for table, column, labels in [
        ("digital_events", "kind", ["label", "chart_label"]),
        ("surveillance_tools", "tool_type", ["label"]),
    ]:
        cats = rows.categories(table, column)
        assert set(data.load(table)[column]) <= set(cats.index)
        assert cats[labels].notna().all().all()


def test_every_alternative_rendering_has_a_value_that_differs_from_its_step():
    ev = data.load("digital_events")
    primary = ev.set_index("id")
    for _, alt in ev[ev["alternative_of"].notna()].iterrows():
        step = primary.loc[alt["alternative_of"]]
        assert (alt["value"], alt["currency"]) != (step["value"], step["currency"])


def test_headline_no_chinese_tool_has_documented_use_against_people():
    counts = digital.tool_counts(data.load("surveillance_tools"))
    assert counts.chinese_targeted == 0 and counts.targeted > 0
