"""Western and regional responses (book/responses) and polls (book/opinion): logic on small made-up frames, plus headline-vs-own-table agreement checks.

The values in data/ are pinned by nbval; these tests must survive any valid correction of them.
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport.chapters.opinion import polls as opinion
from csreport.chapters.responses import alignment as cfsp
from csreport.chapters.responses import statements as st


def _alignment(text: str) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), dtype={"period": str})
    frame["alternative_of"] = frame["alternative_of"].astype("string")
    frame["alternative_of"] = frame["alternative_of"].replace("", pd.NA)
    return frame


ALIGN = _alignment("""id,country,period,alignment_pct,qualifier,series,alternative_of,sources
a1,Serbia,2019,50,exact,isac_calendar_year,,k
a2,Albania,2019,90,exact,isac_calendar_year,,k
a3,Montenegro,2019,60,exact,isac_calendar_year,,k
a4,Serbia,2020,70,exact,isac_calendar_year,,k
a5,Serbia,2020,71,exact,isac_calendar_year,a4,k
a6,Albania,2020,40,exact,isac_calendar_year,,k
a7,Serbia,2021,80,exact,isac_calendar_year,,k
a8,Serbia,2021-H1,30,exact,isac_half_year,,k
a9,Albania,2021-H1,30,exact,isac_half_year,,k
c1,Serbia,2021-08,65,exact,commission_report,,k
c2,Serbia,2021,64,exact,commission_report,c1,k
""")


# --- alignment ---------------------------------------------------------------------------------


def test_position_places_years_halves_and_months_mid_period():
    assert cfsp.position("2019") == 2019.5
    assert cfsp.position("2024-H1") == 2024.25 and cfsp.position("2024-H2") == 2024.75
    assert cfsp.position("2022-08") == pytest.approx(2022 + 7.5 / 12)
    with pytest.raises(ValueError, match="cfsp_alignment"):
        cfsp.position("2022/2023")


def test_alternative_renderings_are_never_drawn_and_must_point_at_a_row():
    drawn = cfsp.drawn(ALIGN)
    assert set(drawn["id"]) == set(ALIGN["id"]) - {"a5", "c2"}
    bad = ALIGN.copy()
    bad.loc[bad["id"] == "a5", "alternative_of"] = "zz"
    with pytest.raises(ValueError, match="alternative_of"):
        cfsp.drawn(bad)


def test_series_are_never_merged():
    parts = cfsp.series(ALIGN)
    for (country, name), rows in parts.items():
        assert set(rows["country"]) == {country} and set(rows["series"]) == {name}
        assert rows["x"].is_monotonic_increasing and not rows["period"].duplicated().any()
    assert list(parts[("Serbia", "commission_report")]["id"]) == ["c1"]


def test_lowest_ranks_only_compared_isac_periods_and_ties_are_not_lowest():
    ranked = cfsp.lowest(ALIGN)
    assert list(ranked.index) == ["2019", "2020", "2021-H1"]  # 2021 has no other country; Commission never ranked
    assert ranked.loc["2019", "own_lowest"] and ranked.loc["2019", "others_min_country"] == "Montenegro"
    assert not ranked.loc["2020", "own_lowest"] and ranked.loc["2020", "lowest"] == "Albania"
    assert ranked.loc["2020", "own_pct"] == 70  # the drawn row, not its alternative rendering
    assert not ranked.loc["2021-H1", "own_lowest"]  # a tie is not "lowest"
    assert cfsp.years_without_comparison(ALIGN) == ["2021"]


def test_lowest_flips_when_the_data_flip():
    flipped = ALIGN.copy()
    flipped.loc[flipped["id"] == "a3", "alignment_pct"] = 45
    assert not cfsp.lowest(flipped).loc["2019", "own_lowest"]


def test_others_and_peak():
    assert list(cfsp.others(ALIGN, "2019")["country"]) == ["Albania", "Montenegro"]
    assert cfsp.peak(ALIGN)["id"] == "a7"
    with pytest.raises(ValueError, match="no rows"):
        cfsp.peak(ALIGN, "Kosovo*")


def test_cfsp_figure_draws_every_drawn_row_once():
    chart = cfsp.cfsp_figure(ALIGN)
    assert sorted(chart.data["id"]) == sorted(cfsp.drawn(ALIGN)["id"])
    plt.close(chart.fig)


def test_commission_panel_takes_every_report_of_an_extended_series_in_order():
    # a later report and a statement added to the Commission series: the reports form one series in
    # time order, the statement stays apart, and the alternative rendering is still left out
    extra = _alignment("""id,country,period,alignment_pct,qualifier,series,alternative_of,sources
c3,Serbia,2023-08,51,exact,commission_report,,k
c0,Serbia,2019-08,53,exact,commission_report,,k
s1,Serbia,2025,61,exact,commission_statement,,k
""")
    frame = pd.concat([ALIGN, extra], ignore_index=True)
    parts = cfsp.series(frame)
    assert list(parts[("Serbia", "commission_report")]["id"]) == ["c0", "c1", "c3"]
    assert list(parts[("Serbia", "commission_statement")]["id"]) == ["s1"]
    chart = cfsp.cfsp_figure(frame)
    assert {"c0", "c1", "c3", "s1"} <= set(chart.data["id"]) and "c2" not in set(chart.data["id"])
    plt.close(chart.fig)


# --- statements --------------------------------------------------------------------------------

REACT = pd.DataFrame(
    {
        "id": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "date": ["2020-08-10", "2022-04", "2022-05-20", "2023", "2022-04-12", "2021-01-01"],
        "actor": ["US", "Kosovo", "Croatia", "Kosovo", "other", "EU"],
        "actor_detail": ["Embassy", "PM (X)", "Minister", "FM", "Govt", "Spokesperson"],
        "speaker": [None, "PM", "Minister", "FM", None, None],
        "actor_label": ["US", "Kosovo", "Croatia", "Kosovo", "Germany", "EU"],
        "neighbour": [False, True, True, True, False, False],
        "suppliers_named": [None, "China", "none", "Russia and China", None, None],
        "systems_named": ["FK-3", "FK-3;CH-92A", None, None, None, None],
        "reaction_type": ["warning", "concern", "concern", "statement", "statement", "concern"],
        "topic": ["arms", "arms", "arms", "arms", "arms", "general"],
        "description": ["d"] * 6,
        "confidence": ["high", "low", "high", "high", "low", "medium"],
        "sources": ["k"] * 6,
    }
)


def test_statement_rows_label_date_and_mark_low_confidence():
    rows = st.statement_rows(REACT).set_index("id")
    assert rows.loc["r5", "who"] == "Germany" and rows.loc["r5", "actor_text"] == "Germany: Govt"
    assert rows.loc["r2", "when"] == pd.Timestamp("2022-04-15")  # a month is placed mid-month
    assert rows.loc["r2", "what"].endswith(st.LOW_CONFIDENCE) and rows.loc["r1", "what"] == "d"


def test_west_and_region_follow_the_neighbour_column():
    west, region = st.west_and_region(st.statement_rows(REACT))
    assert set(west["id"]) == {"r1", "r5", "r6"} and set(region["id"]) == {"r2", "r3", "r4"}
    assert west["when"].is_monotonic_increasing and region["when"].is_monotonic_increasing


def test_neighbour_concerns_leave_out_plain_statements_and_need_suppliers():
    concerns = st.neighbour_concerns(st.statement_rows(REACT))
    assert list(concerns["id"]) == ["r2", "r3"]
    missing = REACT.assign(suppliers_named=lambda f: f["suppliers_named"].where(f["id"] != "r3", None))
    with pytest.raises(ValueError, match="suppliers_named"):
        st.neighbour_concerns(st.statement_rows(missing))


def test_naming_reads_the_systems_column():
    rows = st.statement_rows(REACT)
    assert list(st.naming(rows, "FK-3")["id"]) == ["r1", "r2"]
    assert list(st.naming(rows, "CH-92A")["id"]) == ["r2"]
    assert st.naming(rows, "CM-400AKG").empty


def test_milestones_and_the_month_window():
    steps = st.milestones([st.Milestone("later", "2022-04-09", "k"), st.Milestone("earlier", "2020-07", "k")])
    assert list(steps["event"]) == ["earlier", "later"]
    assert st.months_after(pd.Timestamp("2022-05-31"), pd.Timestamp("2022-04-09")) == 1
    assert st.months_after(pd.Timestamp("2022-03-31"), pd.Timestamp("2022-04-09")) == -1
    near = st.near_milestone(st.statement_rows(REACT), steps).tolist()
    # r1 Aug 2020: 1 month after Jul 2020; r2/r5 Apr 2022; r3 May 2022; r4 2023 and r6 2021: no
    assert near == [True, True, True, False, True, False]
    with pytest.raises(ValueError, match="without a date"):
        st.milestones([st.Milestone("undated", None, "k")])


def test_timeline_figure_needs_every_actor_in_the_row_order():
    rows = st.statement_rows(REACT)
    steps = st.milestones([st.Milestone("step", "2022-04-09", "k")])
    chart = st.timeline_figure(rows, steps, ["US", "EU", "Germany", "Kosovo", "Croatia"])
    assert len(chart.data) == len(rows) + 1 and (chart.data["who"] == "milestone").sum() == 1
    plt.close(chart.fig)
    with pytest.raises(ValueError, match="row order"):
        st.timeline_figure(rows, steps, ["US"])


# --- opinion -----------------------------------------------------------------------------------

POLLS = pd.DataFrame(
    {
        "id": ["p1", "p2", "p3", "p4", "p5", "q1", "q2", "q3"],
        "poll_id": ["w1"] * 5 + ["w2"] * 3,
        "pollster": ["Pollster One"] * 5 + ["Pollster Two"] * 3,
        "pollster_short": ["P1"] * 5 + ["P2"] * 3,
        "fieldwork_start": ["2023-12"] * 5 + [pd.NA] * 3,
        "fieldwork_end": ["2024-01-10"] * 5 + [pd.NA] * 3,
        "question": ["ally?"] * 4 + ["threat?"] + ["partner?"] * 3,
        "question_short": ["Ally"] * 4 + ["Threat"] + ["Partner"] * 3,
        "answer_option": ["Russia", "Russia", "China", "Hungary", "United States", "Russia", "European Union", "China"],
        "target": ["Russia", "Russia", "China", "other", "US", "Russia", "EU", "China"],
        "value_pct": [45, 46, 14, 5, 36, 40, 30, 25.5],
        "qualifier": ["exact", "exact", "exact", "exact", "exact", "exact", "at_most", "approx"],
        "confidence": ["high", "medium", "high", "high", "high", "high", "high", "high"],
        "sources": ["k"] * 8,
    }
)


def test_answers_use_the_best_attested_value_and_show_every_reported_one():
    a = opinion.answers(POLLS[POLLS["question"] == "ally?"]).set_index("answer")
    assert list(a.index) == ["Russia", "China", "Hungary"]  # 'other' shows its option
    assert a.loc["Russia", "value"] == 45 and a.loc["Russia", "label"] == "45 or 46"
    swapped = POLLS.assign(confidence=["medium", "high"] + ["high"] * 6)
    assert opinion.answers(swapped[swapped["question"] == "ally?"]).iloc[0]["value"] == 46


def test_panel_takes_every_row_of_the_wave_with_the_same_question():
    p = opinion.panel(POLLS, "p3")
    assert set(p.rows["id"]) == {"p1", "p2", "p3", "p4"} and (p.pollster, p.question) == ("P1", "Ally")
    assert p.share("China") == 14 and p.share("EU") is None
    with pytest.raises(ValueError, match="no row"):
        opinion.panel(POLLS, "zz")


def test_when_and_fieldwork():
    assert opinion.when(*opinion.fieldwork(POLLS, "w1")) == "Dec 2023–Jan 2024"
    assert opinion.when(*opinion.fieldwork(POLLS, "w2")) == opinion.NOT_DATED


def test_leaders_ahead_and_share_range_flip_with_the_data():
    panels = [opinion.panel(POLLS, "p3"), opinion.panel(POLLS, "q3")]
    assert opinion.leaders(panels) == ["Russia", "Russia"]
    assert opinion.ahead(panels, "EU", "China")  # only where both are answers
    low, high = opinion.share_range(panels, "China")
    assert (low.poll_id, high.poll_id) == ("w1", "w2")
    flipped = POLLS.assign(value_pct=[45, 46, 14, 5, 36, 40, 20, 25.5])
    assert not opinion.ahead([opinion.panel(flipped, "q3")], "EU", "China")
    with pytest.raises(ValueError, match="no panel"):
        opinion.share_range(panels, "Japan")


def test_polls_figure_draws_the_panels_and_both_waves():
    panels = [opinion.panel(POLLS, "p3")]
    waves = (opinion.panel(POLLS, "q1"), opinion.panel(POLLS, "q3"))
    chart = opinion.polls_figure(panels, waves)
    assert len(chart.data) == 4 + 3 + 3
    plt.close(chart.fig)


# --- the chapter's claims agree with its own tables (computed, not pinned) -----------------------


def test_share_expected_by_chance_counts_months_near_a_milestone_within_the_span():
    """Statements over Jan-Dec 2020 (12 months); milestones in March and in December 2020.
    Near months: Mar, Apr (first milestone) and Dec (the month after, Jan 2021, is outside the span)."""
    statements = pd.DataFrame({"when": pd.to_datetime(["2020-01-10", "2020-03-05", "2020-12-20"])})
    steps = pd.DataFrame({"date": pd.to_datetime(["2020-03-01", "2020-12-01"])})
    assert st.share_by_chance(statements, steps) == 3 / 12
    assert st.share_by_chance(statements, steps, months=0) == 2 / 12
    # a milestone before the first statement still covers the months after it that are in the span
    assert st.share_by_chance(statements, pd.DataFrame({"date": pd.to_datetime(["2019-12-15"])})) == 1 / 12


# --- Commission statements placed at the day they were made ---------------------------------------


def test_a_statement_without_reference_period_sits_at_its_publication_day():
    rows = _alignment("""id,country,period,alignment_pct,qualifier,series,alternative_of,published,sources
r1,Serbia,2022-08,45,exact,commission_report,,2022-10-12,k
s1,Serbia,2025,61,exact,commission_statement,,2025-10-15,k
s2,Serbia,2025,62,exact,commission_statement,,2025-11-04,k
s3,Serbia,2025,60,exact,commission_statement,,,k
""")
    x = cfsp.drawn(rows).set_index("id")["x"]
    assert x["r1"] == pytest.approx(cfsp.position("2022-08"))  # a report keeps its reference period
    assert 2025.75 < x["s1"] < x["s2"] < 2025.9  # two statements of one year no longer overlap
    assert x["s3"] == pytest.approx(2025.5)  # without a publication day, the period's middle
    assert cfsp.decimal_date("2025") == pytest.approx(2025.5, abs=0.01)


# --- Serbia's other partners (csreport.chapters.responses.partners) -------------------------------

from csreport.chapters.responses import partners  # noqa: E402

VOTES = pd.DataFrame(
    {
        "id": ["v1", "v2", "v3", "v4", "v4b"],
        "date": ["2022-03-02", "2022-04-07", "2024-05-23", "2025-02-24", "2022-03-02"],
        "subject": ["War", "HRC", "Srebrenica", "Anniversary", "War"],
        "votes_for": [141, 93, 84, 93, 141],
        "votes_against": [5, 24, 19, 18, 5],
        "votes_abstaining": [35, 58, 68, 65, 35],
        "serbia_vote": ["yes", "yes", "no", "yes", "yes"],
        "china_vote": ["abstain", "no", "no", "not_stated", "abstain"],
        "russia_vote": ["no", "no", "no", "no", "no"],
        "serbia_china_split": ["yes", "yes", "no", "not_established", "yes"],
        "alternative_of": [None, None, None, None, "v1"],
        "sources": ["k"] * 5,
    }
)


def test_splits_count_votes_once_and_leave_unknown_votes_apart():
    s = partners.splits(VOTES)
    assert (s.n_votes, s.n_split, s.n_together, s.n_unknown) == (4, 2, 1, 1)
    assert s.split_serbia_votes == ("yes",) and s.split_china_votes == ("abstain", "no")


def test_splits_flip_when_a_vote_flips_and_refuse_a_wrong_code():
    flipped = VOTES.assign(
        china_vote=["yes", "no", "no", "not_stated", "yes"],
        serbia_china_split=["no", "yes", "no", "not_established", "no"],
    )
    assert partners.splits(flipped).n_split == 1
    wrong = VOTES.assign(serbia_china_split=["no", "yes", "no", "not_established", "yes"])
    with pytest.raises(ValueError, match="v1"):
        partners.splits(wrong)


def test_vote_rows_word_the_votes_and_drop_alternatives():
    rows = partners.vote_rows(VOTES).set_index("id")
    assert "v4b" not in rows.index
    assert rows.loc["v1", "china"] == "abstained" and rows.loc["v1", "count"] == "141–5–35"


EVENTS_RU = pd.DataFrame(
    {
        "id": ["e1", "e2", "e2b", "e3", "g1"],
        "date": ["2025-01-10", "2025-10-09", "2025-10-08", "2026-01", "2026-02-20"],
        "kind": ["sanction", "sanction", "sanction", "negotiation", "gas_contract"],
        "alternative_of": [None, None, "e2", None, None],
        "sources": ["k"] * 5,
    }
)


def test_last_step_of_some_kinds_leaves_alternatives_out_and_flips_with_a_later_step():
    assert partners.last_step(EVENTS_RU)["id"] == "g1"
    assert partners.last_step(EVENTS_RU, ("sanction", "negotiation"))["id"] == "e3"
    later = pd.concat(
        [
            EVENTS_RU,
            pd.DataFrame(
                {"id": ["e4"], "date": ["2026-02-01"], "kind": ["licence"], "alternative_of": [None], "sources": ["k"]}
            ),
        ]
    )
    assert partners.last_step(later, ("sanction", "negotiation", "licence"))["id"] == "e4"
    assert list(partners.dated(EVENTS_RU)["id"]) == ["e1", "e2", "e3", "g1"]
