"""What drives opinion (book/opinion): logic on small made-up frames.

The values in data/ are pinned by nbval; these tests must survive any valid correction of them.
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport.chapters.opinion import drivers as od
from csreport.report import glue


def _csv(text: str, **dtypes) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        dtype={
            "date": str,
            "period_start": str,
            "period_end": str,
            "fieldwork_start": str,
            "fieldwork_end": str,
            **dtypes,
        },
    )


AID = _csv("""id,date,lane,kind,label,amount,currency,amount_qualifier,amount_meaning,paid_for,sources
a1,2020-03-15,Serbia,statement,S,,,,,not_applicable,k
a2,2020-03-21,China,delivery,D1,,,,,donation,k
a3,2020-03,EU,package,P,90,EUR,exact,package announced,donation,k
a4,2020-03-20,EU,grant,G,5,EUR,exact,grant signed,donation,k
a5,2020-03-26,EU,delivery,D2,,,,,purchase,k
a6,2020-03-26,China,delivery,D3,,,,,donation,k
a7,2020,Serbia,display,B,,,,,not_applicable,k
""")


def test_lanes_sort_by_date_and_unknown_lane_raises():
    eu = od.lane_steps(AID, "EU")
    assert list(eu["id"]) == ["a3", "a4", "a5"]  # March (mid-month) before the 20th
    with pytest.raises(ValueError, match="unknown lane"):
        od.lane_steps(AID, "Russia")


def test_amounts_only_where_stated_and_unvalued_deliveries_counted():
    assert list(od.valued(AID, "EU")["id"]) == ["a3", "a4"]
    assert od.valued(AID, "China").empty
    assert list(od.unvalued_deliveries(AID, "China")["id"]) == ["a2", "a6"]
    assert list(od.unvalued_deliveries(AID, "EU")["id"]) == ["a5"]


def test_first_step_and_days_apart_need_day_precision():
    assert od.first_step(AID, "China", "delivery")["id"] == "a2"
    steps = od.dated(AID).set_index("id", drop=False)
    assert od.days_apart(steps.loc["a1"], steps.loc["a2"]) == 6
    with pytest.raises(ValueError, match="not dated to the day"):
        od.days_apart(steps.loc["a3"], steps.loc["a2"])
    with pytest.raises(ValueError, match="no step of kind"):
        od.first_step(AID, "China", "grant")


def test_timeline_draws_the_window_and_leaves_out_year_only_dates():
    chart = od.aid_timeline_figure(AID, "2020-03-01", "2020-04-30")
    plt.close(chart.fig)
    assert "a7" not in set(chart.data["id"])
    assert set(chart.data["id"]) == {"a1", "a2", "a3", "a4", "a5", "a6"}
    assert "sources" in chart.data


def test_aid_rows_state_amounts_with_their_meaning():
    rows = od.aid_rows(AID).set_index("id")
    assert rows.loc["a3", "amount_text"].endswith("package announced")
    assert rows.loc["a2", "amount_text"] == ""
    assert rows.loc["a1", "paid_for_text"] == "not applicable"


MEDIA = _csv("""id,monitor,period_start,period_end,items,actor,measure,value_pct,value_qualifier,value_as_reported,base,sources
m1,M,2020-01,2020-12,100,China,share_positive,20,approx,a fifth,Items about China,k
m2,M,2020-01,2020-12,100,EU,share_positive,5,exact,5 percent,Items about the EU,k
m3,M,2020-01,2020-12,100,US,tone_summary,,,,Items about the US,k
m4,M,2021-01,2021-12,50,China,share_positive,30,exact,30%,Items about China,k
m5,N,2020-01,2020-12,,Russia,tone_summary,,,,Items about Russia,k
""")


def test_shares_keep_one_study_and_highest_first():
    study = od.shares(MEDIA, "M", "2020-12")
    assert list(study["id"]) == ["m1", "m2"]
    assert od.ratio(study, "China", "EU") == pytest.approx(4)
    with pytest.raises(ValueError, match="no share_positive"):
        od.shares(MEDIA, "N", "2020-12")


def test_shares_refuse_rows_with_different_item_counts():
    mixed = MEDIA.copy()
    mixed.loc[mixed["id"] == "m2", "items"] = 99
    with pytest.raises(ValueError, match="different item counts"):
        od.shares(mixed, "M", "2020-12")


def test_ratio_flips_with_the_data_and_refuses_missing_or_zero():
    study = od.shares(MEDIA, "M", "2020-12")
    assert od.ratio(study, "EU", "China") < 1 < od.ratio(study, "China", "EU")
    with pytest.raises(ValueError, match="no share for 'Russia'"):
        od.ratio(study, "Russia", "EU")
    zero = study.assign(value_pct=[20.0, 0.0])
    with pytest.raises(ValueError, match="zero"):
        od.ratio(zero, "China", "EU")


def test_framing_rows_name_the_base_of_each_share():
    rows = od.framing_rows(MEDIA).set_index("id")
    assert rows.loc["m1", "share"].endswith("of items about China")
    assert rows.loc["m3", "share"] == ""
    assert rows.loc["m5", "period"] != "not reported"


def test_framing_figure_draws_only_the_study():
    chart = od.framing_figure(od.shares(MEDIA, "M", "2020-12"))
    plt.close(chart.fig)
    assert list(chart.data["id"]) == ["m1", "m2"] and "base" in chart.data


VIEWS = _csv("""id,poll_id,country,question,answer,value_pct,qualifier,confidence,sources
v1,s1,Alpha,View of X,positive or very positive,40,exact,high,k
v2,s1,Alpha,View of X,negative or very negative,30,exact,high,k
v3,s1,Beta,View of X,positive or very positive,60,at_most,high,k
v4,s1,Gamma,View of X,positive or very positive,10,approx,medium,k
""")
POLLS = _csv("""id,poll_id,answer_option,value_pct,qualifier,confidence,sources,fieldwork_start,fieldwork_end,sample_n,mode
p1,s1,positive or very positive,60,at_least,high,k,2020-09,2020-10,,online
p2,s1,positive or very positive,60,at_most,medium,k,2020-09,2020-10,,online
p3,s2,positive or very positive,99,exact,high,k,2021,,1000,
""")


def test_country_views_join_serbia_from_polls_and_keep_every_rendering():
    frame = od.country_views(VIEWS, POLLS, "s1", "positive or very positive")
    assert sorted(frame["country"]) == ["Alpha", "Beta", "Gamma", "Serbia", "Serbia"]
    assert "p3" not in set(frame["id"])  # another survey is never mixed in
    best = od.best_per_country(frame).set_index("country")
    assert best.loc["Serbia", "id"] == "p1" and best.loc["Serbia", "renderings"] == 2
    assert best.loc["Serbia", "labels"] == "≥60% or ≤60%"


def test_country_views_refuse_mixed_questions_or_a_missing_survey():
    mixed = VIEWS.copy()
    mixed.loc[mixed["id"] == "v4", "question"] = "Trust in X"
    with pytest.raises(ValueError, match="one question"):
        od.country_views(mixed, POLLS, "s1", "positive or very positive")
    with pytest.raises(ValueError, match="no row of survey"):
        od.country_views(VIEWS.assign(poll_id="s9"), POLLS, "s9", "positive or very positive")


def test_standing_counts_ties_and_flips_when_the_data_flip():
    best = od.best_per_country(od.country_views(VIEWS, POLLS, "s1", "positive or very positive"))
    s = od.standing(best, "Serbia")
    assert (s.rank, s.tied_with, s.countries) == (1, ("Beta",), 4)
    lower = od.best_per_country(
        od.country_views(VIEWS, POLLS.assign(value_pct=[35.0, 35.0, 99.0]), "s1", "positive or very positive")
    )
    assert od.standing(lower, "Serbia") == od.Standing(3, (), 4)
    with pytest.raises(ValueError, match="no figure"):
        od.standing(best, "Delta")


def test_country_views_figure_draws_one_bar_per_country():
    best = od.best_per_country(od.country_views(VIEWS, POLLS, "s1", "positive or very positive"))
    chart = od.country_views_figure(best)
    plt.close(chart.fig)
    assert len(chart.data) == 4 and "sources" in chart.data


def test_poll_rows_state_the_base_or_its_absence():
    rows = od.poll_rows(POLLS, ["p3", "p1"]).set_index("id")
    assert rows.loc["p3", "base"].startswith("1,000 respondents")
    assert rows.loc["p1", "base"] == "sample size not published, online"
    assert rows.loc["p1", "share"] == glue.percent(60, "at_least")
    with pytest.raises(ValueError, match="no row with id"):
        od.poll_rows(POLLS, ["zz"])


def test_in_window_keeps_steps_wholly_inside_and_drops_later_ones():
    aid = pd.DataFrame({"id": ["a", "b", "c", "d"], "date": ["2020-03-15", "2020", "2020-04", "2021-01-16"]})
    assert list(od.in_window(aid, "2020-01-01", "2020-12-31")["id"]) == ["a", "b", "c"]
    assert list(od.in_window(aid, "2020-03-01", "2020-04-30")["id"]) == ["a", "c"]  # the year-only step is wider
