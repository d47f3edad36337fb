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


# --- Functions the chapter notebook calls (moved out of book/05_reactions.ipynb) ---------------

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from csreport import reactions  # noqa: E402


@pytest.fixture(scope="module")
def tables():
    return {"alignment": data.load("cfsp_alignment"),
            "statements": reactions.label_statements(data.load("reactions")),
            "polls": data.load("polls"), "deliveries": data.load("arms_deliveries"),
            "exercises": data.load("exercises")}


def test_period_label():
    assert reactions.period_label("2024-H1") == "the first half of 2024"
    assert reactions.period_label("2023-H2") == "the second half of 2023"
    assert reactions.period_label("2022-06") == "June 2022"
    assert reactions.period_label("2019") == "2019"


def test_alignment_numbers_match_the_data(tables):
    t = reactions.alignment_numbers(tables["alignment"], tables["statements"])
    assert all(k.startswith("rx_") and isinstance(v, str) for k, v in t.items())
    assert t["rx_lowest_periods"] == "2019, 2020 and the first half of 2024"
    assert t["rx_h1_2024_srb"] == "47%" and t["rx_h1_2024_others"] == "100%" and t["rx_h1_2024_n_others"] == "4"
    assert t["rx_notlowest_year"] == "2021" and t["rx_notlowest_country"] == "Bosnia and Herzegovina"
    assert t["rx_isac_2021"] == "62%" and t["rx_isac_2021_choice"] == "61%"
    assert t["rx_isac_2022_year"] == "2022" and t["rx_ec_prev"] == "64%" and t["rx_vdl"] == "61%"
    facts = reactions.alignment_figure_facts(tables["alignment"])
    assert (facts["n_lowest"], facts["n_periods"]) == ("3", "4")
    assert facts["ec_prev_alt_label"] == t["rx_ec_prev_alt_label"] == "2020"


def test_statements_are_labelled_and_split(tables):
    st = tables["statements"]
    assert {"who", "actor_text", "when", "type_topic", "what"} <= set(st.columns)
    assert st.set_index("id").loc["germany2022_govt", "who"] == "Germany"
    assert st.set_index("id").loc["alb_hr_ks2025_declaration", "who"] == "Albania, Croatia, Kosovo"
    low = st[st["confidence"] == "low"]
    assert low["what"].str.endswith("(Low confidence: indirect or low-reliability source.)").all()
    west, region = reactions.west_and_region(st)
    assert len(west) + len(region) == len(st)
    assert "alb_hr_ks2025_declaration" in set(region["id"]) and "germany2022_govt" in set(west["id"])
    assert west["when"].is_monotonic_increasing and region["when"].is_monotonic_increasing


def test_milestones_and_statement_numbers(tables):
    milestones = reactions.arms_milestones(tables["deliveries"], tables["exercises"])
    assert list(milestones["event"]) == ["CH-92A drones shown", "FK-3 airlift", "Peace Guardian-2025",
                                         "CM-400AKG confirmed"]
    assert reactions.months_after(pd.Timestamp("2022-05-15"), pd.Timestamp("2022-04-10")) == 1
    near = reactions.near_milestone(tables["statements"], milestones)
    t = reactions.statement_numbers(tables["statements"], tables["deliveries"], tables["exercises"])
    assert t["rx_n_reactions"] == str(len(tables["statements"]))
    assert int(t["rx_n_west"]) + int(t["rx_n_region"]) == len(tables["statements"])
    assert t["rx_n_near"] == str(int(near.sum())) and t["rx_near_share"] == f"{near.mean() * 100:.0f}%"
    assert t["rx_us_fk3_years"] == "2020 and 2022" and t["rx_borrell_month"] == "October 2024"
    assert t["rx_drill_name"] == "Peace Guardian-2025"


def test_neighbour_numbers(tables):
    t = reactions.neighbour_numbers(tables["statements"], tables["deliveries"])
    assert int(t["rx_nb_china"]) + int(t["rx_nb_both"]) + int(t["rx_nb_none"]) <= int(t["rx_nb_total"])
    assert int(t["rx_nb_kosovo"]) + int(t["rx_nb_croatia"]) <= int(t["rx_nb_total"])
    assert t["rx_rama_days"] == "2 days"  # Rama spoke two days after the FK-3 airlift
    assert t["rx_china_only_list"].count(" of ") == int(t["rx_nb_china"])


def test_fieldwork_and_answers(tables):
    polls = tables["polls"]
    assert reactions.fieldwork(polls[polls["poll_id"] == "iri2024"]) == "Feb–Mar 2024"
    assert reactions.fieldwork(polls[polls["poll_id"] == "mei2018b"]) == "Dec 2018"
    assert reactions.fieldwork(polls[polls["poll_id"] == "impp2025"]) == "2025"
    assert reactions.fieldwork(polls[polls["poll_id"] == "ntp"]) == "fieldwork year not reported"
    iri = polls[(polls["poll_id"] == "iri2024") & polls["question"].str.contains("most important ally", case=False)]
    a = reactions.answers(iri).set_index("answer")
    assert a["value"].is_monotonic_decreasing
    assert a.loc["Russia", "label"] == "45 or 46"  # two sources, both shown; the bar uses the better-attested


def test_poll_panels_and_numbers(tables):
    panels = reactions.poll_panels(tables["polls"])
    assert [p["poll_id"] for p in panels] == [p[0] for p in reactions.POLL_PANELS]
    assert all(p["answers"].iloc[0]["target"] == "Russia" for p in panels)
    lo, hi = reactions.china_range(panels)
    assert lo["value"] < hi["value"]
    t = reactions.poll_numbers(tables["polls"], panels)
    assert t["rx_cn_min_poll"] == lo["poll"] and t["rx_cn_max_poll"] == hi["poll"]
    assert t["rx_n_security_questions"] == "0"  # the prose: no poll asks about the security relationship
    assert t["rx_n_polls"] == str(tables["polls"]["poll_id"].nunique())
    assert all(f"rx_p_{id_}" in t for id_ in reactions.POLL_VALUE_IDS)


def test_figures_return_the_data_drawn(tables):
    fig, drawn = reactions.draw_cfsp(tables["alignment"])
    assert len(drawn) == len(tables["alignment"]) - len(ALIGNMENT_ALTERNATIVES)
    plt.close(fig)
    milestones = reactions.arms_milestones(tables["deliveries"], tables["exercises"])
    fig, drawn = reactions.draw_timeline(tables["statements"], milestones)
    assert len(drawn) == len(tables["statements"]) + len(milestones)
    assert (drawn["who"] == "milestone").sum() == len(milestones)
    plt.close(fig)
    panels = reactions.poll_panels(tables["polls"])
    fig, drawn = reactions.draw_polls(tables["polls"], panels)
    assert set(drawn["poll_id"]) == {p["poll_id"] for p in panels} | set(reactions.DONOR_WAVES)
    plt.close(fig)
