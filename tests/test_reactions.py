"""Chapter 5 (reactions): alignment series are never merged; Serbia's rank is computed from data."""
import pandas as pd

from csreport import data

from csreport.reactions import (ALIGNMENT_ALTERNATIVES, alignment_lowest, alignment_series,
                                 neighbour_concerns)


def test_each_series_holds_one_country_and_one_series_only():
    frame = data.load("cfsp_alignment")
    series = alignment_series(frame)
    by_id = frame.set_index("id")
    for (country, name), rows in series.items():
        assert set(rows["country"]) == {country}
        assert set(rows["series"]) == {name}
        # every drawn row is a row of the table with that very series: nothing relabelled
        assert (by_id.loc[rows["id"], "series"] == name).all()
        assert rows["x"].is_monotonic_increasing
        assert not rows["period"].duplicated().any()


def test_isac_and_commission_values_are_never_in_one_series():
    series = alignment_series(data.load("cfsp_alignment"))
    serbia = {name for (country, name) in series if country == "Serbia"}
    assert {"isac_calendar_year", "isac_half_year", "commission_report", "commission_statement"} <= serbia
    isac = series[("Serbia", "isac_calendar_year")]
    commission = series[("Serbia", "commission_report")]
    assert not isac["id"].str.startswith("ec").any()
    assert commission["id"].str.startswith("ec").all()
    assert set(isac["id"]).isdisjoint(commission["id"])
    # the Commission's 64 % stays a Commission value; ISAC's 2021 value is its own 62 %
    assert 64 not in set(isac["alignment_pct"])
    assert isac.loc[isac["period"] == "2021", "alignment_pct"].tolist() == [62]


def test_contested_duplicates_are_drawn_once():
    frame = data.load("cfsp_alignment")
    drawn = pd.concat(alignment_series(frame).values())
    for dropped, kept in ALIGNMENT_ALTERNATIVES.items():
        assert dropped in set(frame["id"]) and kept in set(drawn["id"])
        assert dropped not in set(drawn["id"])
    assert len(drawn) == len(frame) - len(ALIGNMENT_ALTERNATIVES)


def test_serbia_lowest_in_the_periods_the_chapter_claims():
    lowest = alignment_lowest(data.load("cfsp_alignment")).set_index("period")
    assert lowest.loc[["2019", "2020", "2024-H1"], "serbia_lowest"].all()
    assert lowest.loc["2019", "countries"] == 5 and lowest.loc["2024-H1", "countries"] == 5
    assert lowest.loc["2024-H1", "others_min"] == 100 and lowest.loc["2024-H1", "serbia_pct"] == 47
    # In 2021 Bosnia and Herzegovina (not yet a candidate) was lower: the chapter must not claim 2021.
    assert not lowest.loc["2021", "serbia_lowest"]
    assert lowest.loc["2021", "lowest"] == "Bosnia and Herzegovina"
    # No comparator figures for 2022 or 2023: no claim possible.
    assert "2022" not in lowest.index and "2023" not in lowest.index


def test_few_neighbour_concerns_single_out_china():
    concerns = neighbour_concerns(data.load("reactions"))
    counts = concerns["supplier_named"].value_counts()
    assert counts.get("China", 0) < len(concerns) / 2
    assert counts.get("Russia and China", 0) >= counts.get("China", 0)


def test_tirana_declaration_and_rama_are_not_counted_as_concern():
    reactions = data.load("reactions")
    ids = set(neighbour_concerns(reactions)["id"])
    assert "alb_hr_ks2025_declaration" not in ids and "albania2022_rama" not in ids
