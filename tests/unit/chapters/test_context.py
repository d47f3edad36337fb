"""Context (book/context): the rules of csreport.chapters.context on small made-up tables.

Series with different bases are never merged, competing values are never added, measures of debt
are never compared, and the chapter's headlines agree with its own tables (computed, not pinned:
nbval pins the outputs).
"""

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport.chapters.context import ceec, debt, fdi, indicators, projects, scales, timeline, trade
from csreport.report import charts


def frame(text: str) -> pd.DataFrame:
    """A small table from CSV text; every cell a string or number as pandas reads it."""
    return pd.read_csv(io.StringIO(text), dtype={"date": str, "key_date": str, "period": str})


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- Timeline -----------------------------------------------------------------------------------

EVENTS = """id,date,category,date_confirmed,economic_framework,short_label,event,sources
a1,2009-08-20,political,yes,false,Partnership,A partnership,k1
a2,2009,economic,yes,true,Framework deal,A framework deal,k2
a3,2014-12-17,economic,yes,false,A loan,A project loan,k3
a4,2013,political,no,false,Unconfirmed statement,A statement,k4
a5,2016-06,security,yes,false,Defence deal,A defence deal,k5
a6,1955-01-02,diplomatic,yes,false,Relations,Relations,k6
a7,2018-12,economic,no,false,Takeover,A takeover,k7
"""


@pytest.fixture
def events():
    return timeline.timeline_dates(frame(EVENTS))


def test_timeline_dates_cover_the_whole_year_or_month_of_a_partial_date(events):
    by_id = events.set_index("id")
    assert (by_id.loc["a2", "start"], by_id.loc["a2", "end"], by_id.loc["a2", "precision"]) == (
        pd.Timestamp("2009-01-01"),
        pd.Timestamp("2009-12-31"),
        "year",
    )
    assert (by_id.loc["a5", "start"], by_id.loc["a5", "end"], by_id.loc["a5", "precision"]) == (
        pd.Timestamp("2016-06-01"),
        pd.Timestamp("2016-06-30"),
        "month",
    )
    assert by_id.loc["a1", "start"] == by_id.loc["a1", "end"] == pd.Timestamp("2009-08-20")
    assert events["start"].is_monotonic_increasing


def test_timeline_figure_shows_framework_and_unconfirmed_economic_events_but_not_projects(events):
    shown = timeline.timeline_shown(events)
    assert set(shown["id"]) == {"a1", "a2", "a4", "a5", "a6", "a7"}  # a3: a single project, confirmed
    assert list(shown["y"]) == list(range(len(shown)))
    by_id = shown.set_index("id")
    assert by_id.loc["a1", "label"] == "20 Aug 2009  Partnership"
    assert by_id.loc["a5", "label"] == "Jun 2016  Defence deal"
    assert by_id.loc["a4", "label"] == "2013  Unconfirmed statement"  # no month or day invented
    assert by_id.loc["a4", "mid"] == pd.Timestamp("2013-07-02")  # the middle of the year


def test_a_project_event_enters_the_figure_when_marked_as_framework(events):
    marked = events.assign(economic_framework=events["id"].isin(["a2", "a3"]))
    assert "a3" in set(timeline.timeline_shown(marked)["id"])


def test_timeline_summary_counts_and_latest_date(events):
    s = timeline.timeline_summary(events)
    assert (s.n_events, s.n_unconfirmed, s.n_shown) == (7, 2, 6)
    assert s.last_event == pd.Timestamp("2018-12-01")


def test_events_rows_give_each_date_at_its_precision(events):
    rows = timeline.events_rows(events).set_index("id")
    assert rows.loc["a1", "when"] == "20 Aug 2009"
    assert rows.loc["a5", "when"] == "Jun 2016"
    assert rows.loc["a2", "when"] == "2009"
    assert rows.loc["a4", "confirmed"] == "not confirmed" and rows.loc["a1", "confirmed"] == "yes"


def test_timeline_figure_draws_the_shown_events_with_their_sources(events):
    chart = timeline.timeline_figure(events, pd.Timestamp("2025-12-31"))
    assert isinstance(chart, charts.Chart) and len(chart.fig.axes) == 2
    assert chart.data["id"].tolist() == timeline.timeline_shown(events)["id"].tolist()
    assert "sources" in chart.data


# --- China–CEEC format --------------------------------------------------------------------------


def test_ceec_figure_ends_the_open_period_at_the_cutoff_and_scales_to_the_data():
    events = frame("""id,country,event,date,sources
x1,A,founding_member,2012-04-26,xinhua2012warsaw
x2,B,founding_member,2012-04-26,xinhua2012warsaw
x3,C,joined,2019-04-12,xinhua2012warsaw
x4,A,left,2021-05-22,xinhua2012warsaw
""").assign(date=lambda f: pd.to_datetime(f["date"]))
    periods = indicators.ceec_periods(events)
    cutoff = pd.Timestamp("2025-12-31")
    chart = ceec.ceec_figure(periods, cutoff)  # (ceec_periods checks its keys against references.bib)
    assert chart.data["end"].iloc[-1] == cutoff and chart.data["end"].notna().all()
    assert chart.fig.axes[0].get_ylim() == (0, 3 + 3)


# --- Trade --------------------------------------------------------------------------------------

TRADE = """id,year,flow,value,currency,qualifier,coverage,basis,confidence,sources
t1,2013,exports_to_china,9,USD,exact,full_year,serbian_statistics,high,k1
t2,2013,imports_from_china,1500,USD,approx,full_year,serbian_statistics,high,k1
t3,2023,exports_to_china,1200,USD,exact,full_year,serbian_statistics,high,k1
t4,2023,imports_from_china,4800,USD,approx,full_year,serbian_statistics,high,k1
t5,2023,total,6000,USD,exact,full_year,serbian_statistics,high,k1
t6,2023,total,4000,USD,exact,full_year,chinese_customs,high,k2
t7,2022,total,5800,EUR,exact,full_year,serbian_official,medium,k3
t8,2024,imports_from_china,2900,EUR,exact,partial_year,serbian_statistics,medium,k4
t9,2011,total,900,USD,exact,full_year,chinese_customs,high,k2
"""


def test_one_series_per_basis_currency_and_flow_never_merged():
    rows = frame(TRADE)
    series = trade.trade_series(rows)
    assert set(series) == {
        ("serbian_statistics", "USD", "exports_to_china"),
        ("serbian_statistics", "USD", "imports_from_china"),
        ("serbian_statistics", "USD", "total"),
        ("chinese_customs", "USD", "total"),
        ("serbian_official", "EUR", "total"),
    }
    assert series[("chinese_customs", "USD", "total")]["year"].tolist() == [2011, 2023]
    assert "t8" not in set(pd.concat(series.values())["id"])  # partial year left out ...
    assert "t8" in set(pd.concat(trade.trade_series(rows, full_year_only=False).values())["id"])  # ... unless asked


def test_two_values_for_one_year_of_one_series_raise_instead_of_being_averaged():
    rows = frame(TRADE + "t10,2023,total,6100,USD,exact,full_year,serbian_statistics,medium,k5\n")
    with pytest.raises(ValueError, match="t10"):
        trade.trade_series(rows)


def test_basis_by_year_puts_flows_side_by_side_with_their_qualifiers():
    rzs = trade.basis_by_year(frame(TRADE), "serbian_statistics", "USD")
    assert rzs["value"]["imports_from_china"][2013] == 1500 and rzs["qualifier"]["imports_from_china"][2013] == "approx"
    assert pd.isna(rzs["value"]["total"][2013])  # no total for 2013: not filled from the flows
    assert int(rzs["value"]["total"].last_valid_index()) == 2023
    with pytest.raises(ValueError, match="chinese_customs"):
        trade.basis_by_year(frame(TRADE), "chinese_customs", "EUR")


def test_trade_gap_compares_one_year_on_two_bases_and_flips_with_the_data():
    gap = trade.trade_gap(frame(TRADE), 2023, "total", "USD", "serbian_statistics", "chinese_customs")
    assert (gap.a, gap.b, gap.difference, gap.relative) == (6000, 4000, 2000, 0.5)
    flipped = frame(TRADE.replace("t6,2023,total,4000", "t6,2023,total,7000"))
    assert trade.trade_gap(flipped, 2023, "total", "USD", "serbian_statistics", "chinese_customs").difference < 0
    with pytest.raises(ValueError, match="2013"):
        trade.trade_gap(frame(TRADE), 2013, "total", "USD", "serbian_statistics", "chinese_customs")


def test_years_without_a_figure_of_the_given_bases():
    rows = frame(TRADE)
    assert trade.years_without(rows, ["serbian_statistics", "serbian_official"], until=2023) == [2011, 2012] + list(
        range(2014, 2022)
    )
    assert trade.years_without(rows, ["chinese_customs"], until=2013) == [2012, 2013]


def test_trade_figure_draws_every_full_year_row_once():
    rows = frame(TRADE)
    chart = trade.trade_figure(rows)
    assert len(chart.fig.axes) == 6
    assert sorted(chart.data["id"]) == sorted(rows.loc[rows["coverage"] == "full_year", "id"])


def test_log_axis_limits_follow_the_data():
    assert scales.log_top(1900) == 5000 and scales.log_top(4000) == 10000 and scales.log_top(3200) == 5000
    assert scales.log_bottom(46) == 15 and scales.log_bottom(12) == 1.5


# --- Investment ---------------------------------------------------------------------------------

FDI = """id,period,indicator,value,unit,currency,qualifier,basis,china_definition,confidence,sources
f1,2020,inflow,480,million,EUR,exact,nbs,china_incl_hk_tw_mo,high,k1
f2,2020,rank,3,rank,,exact,nbs,china_incl_hk_tw_mo,high,k1
f3,2021-01/2021-06,rank,2,rank,,exact,nbs,china_incl_hk_tw_mo,medium,k2
f4,2022-01/2022-09,inflow,1000,million,EUR,at_least,nbs,china_unspecified,high,k3
f5,2022-01/2022-09,rank,1,rank,,exact,nbs,china_unspecified,high,k3
f6,2024,rank,1,rank,,exact,nbs,china_unspecified,medium,k4
f7,2024,share_pct,28,percent,,at_least,other,china_unspecified,medium,k5
f8,2024-01/2024-07,share_pct,30,percent,,approx,other,china_unspecified,medium,k6
f9,2016/2024,cumulative_inflow,5300,million,EUR,approx,other,china_unspecified,medium,k7
"""


@pytest.fixture
def investment():
    return fdi.fdi_by_period(frame(FDI))


def test_fdi_periods_are_labelled_and_ordered_by_start(investment):
    labels = dict(zip(investment["id"], investment["period_label"]))
    assert (labels["f3"], labels["f4"], labels["f9"], labels["f1"]) == (
        "Jan–Jun 2021",
        "Jan–Sep 2022",
        "2016–2024",
        "2020",
    )
    assert investment["period_start"].is_monotonic_increasing
    assert investment["id"].tolist()[:3] == ["f9", "f2", "f1"]  # 2016 first; rank before inflow in one period


def test_rank_history_from_the_national_bank_rows(investment):
    ranks = fdi.rank_history(investment)
    assert (ranks.first_period, ranks.first_rank) == ("2020", 3)
    assert (ranks.first_top_year, ranks.last_top_period) == (2022, "2024")
    assert ranks.years_rank_only == [2021, 2022, 2023, 2024]  # no full-year NBS inflow after 2020


def test_rank_history_flips_when_the_first_place_moves(investment):
    later = investment.assign(value=investment["value"].where(investment["id"] != "f5", 2))
    assert fdi.rank_history(later).first_top_year == 2024
    with pytest.raises(ValueError, match="rank 1"):
        fdi.rank_history(investment.assign(value=investment["value"].where(investment["indicator"] != "rank", 2)))


def test_shares_keep_both_sources_of_one_year(investment):
    shares = fdi.share_rows(investment)
    assert shares["id"].tolist() == ["f7", "f8"]  # same start: order of fdi_by_period kept, never averaged
    assert fdi.definition_periods(investment, "china_incl_hk_tw_mo") == ["2020", "Jan–Jun 2021"]


def test_fdi_value_text_uses_the_chapter_words(investment):
    by_id = investment.set_index("id")
    assert fdi.value_text(by_id.loc["f2"]) == "3rd"
    assert fdi.value_text(by_id.loc["f7"], share_words={"at_least": "more than "}) == "more than 28%"
    assert fdi.value_text(by_id.loc["f4"]) == "at least EUR 1bn"


def test_fdi_rows_one_per_period_and_source_and_no_value_hidden(investment):
    table = fdi.fdi_rows(investment)
    assert len(table) == len(investment[["period_label", "basis", "china_definition", "sources"]].drop_duplicates())
    row = table[table["period_label"] == "2020"].iloc[0]
    assert (row["rank"], row["amount"], row["source_type"]) == (
        "3rd",
        "EUR 480m",
        "NBS (China with Hong Kong, Taiwan, Macau)",
    )
    assert table.loc[table["period_label"] == "2016–2024", "amount"].iloc[0] == "about EUR 5.3bn (cumulative)"
    clash = pd.concat([investment, investment[investment["id"] == "f1"].assign(id="f1b", value=500)])
    with pytest.raises(ValueError, match="f1"):
        fdi.fdi_rows(clash)


# --- Projects -----------------------------------------------------------------------------------

PROJECTS = """id,group,group_label,sector,instrument,key_date,value,currency,value_basis,value_type,qualifier,confidence,project,sources
p1,bridge,Bridge,transport,exim_loan,2014-12-18,260,USD,reported_cost,project_cost,exact,high,A bridge,k1
p2,bridge,Bridge,transport,exim_loan,2014-12-18,170,EUR,reported_cost,project_cost,exact,medium,A bridge,k2
p3,mill,Mill,steel,fdi,2016-04-05,46,EUR,contract,purchase_price,exact,high,A mill,k3
p4,road,Road,transport,exim_loan,2017-11-27,450,EUR,contract,project_cost,exact,high,A road,k4
p5,road,Road,transport,exim_loan,2017-11-29,520,CNY,contract,project_cost,approx,low,A road,k5
p6,sewers,Sewers,other,interstate_contract,2021-08,3200,EUR,announced,project_cost,at_most,medium,Sewers,k6
"""


def test_projects_are_counted_by_group_not_by_row():
    counts = projects.project_counts(frame(PROJECTS))
    assert (counts.projects, counts.fdi, counts.exim_loan, counts.contested) == (4, 1, 2, 2)


def test_project_summary_orders_by_sector_then_first_date():
    summary = projects.project_summary(frame(PROJECTS))
    assert summary["group"].tolist() == ["mill", "bridge", "road", "sewers"]
    assert summary.loc[0, "label"] == "Mill · FDI"


def test_projects_figure_draws_eur_and_usd_and_names_the_rest():
    rows = frame(PROJECTS)
    chart = projects.projects_figure(rows)
    left_out = projects.not_drawn(rows)
    assert sorted(list(chart.data["id"]) + list(left_out["id"])) == sorted(rows["id"])
    assert left_out["id"].tolist() == ["p5"]
    assert chart.fig.axes[0].get_xlim() == pytest.approx((15, 5000))  # from the smallest and largest value drawn


def test_projects_rows_show_each_value_as_reported():
    table = projects.projects_rows(frame(PROJECTS), words={"at_most": "up to "}).set_index("id")
    assert table.loc["p6", "shown"] == "up to EUR 3.2bn"
    assert table.loc["p5", "shown"] == "about CNY 520m"
    assert table.loc["p1", "name"] == "Bridge (Exim loan)" and table.loc["p1", "what"] == "Project cost (reported cost)"


# --- Debt ---------------------------------------------------------------------------------------

DEBT = """id,date,value,unit,currency,qualifier,measure,creditor_scope,basis,confidence,sources
d1,2021-03-31,1150,million,EUR,exact,public_debt_to_china,exim_bank,official,high,k1
d2,2023-06-30,2370,million,EUR,exact,public_debt_to_china,exim_bank,official,high,k2
d3,2025-01-31,3100,million,EUR,exact,public_debt_to_china,exim_bank,official,medium,k3
d4,2025-10,2800,million,EUR,approx,public_debt_to_china,exim_bank,official,medium,k4
d5,2023-06,24,million,EUR,exact,public_debt_to_china,bank_of_china,official,high,k2
d6,2023,3700,million,EUR,approx,external_debt_to_china,china_all,official,high,k5
d7,2023,8.4,percent,,exact,share_of_external_debt,china_all,official,high,k5
d8,2025-10,11,percent,,approx,share_of_external_debt,exim_bank,official,medium,k4
d9,2021-09,8000,million,EUR,at_most,total_debt_estimate,china_all,expert_estimate,low,k6
d10,2022,3000,million,USD,at_least,debt_to_chinese_banks,chinese_banks_all,expert_estimate,low,k7
"""


@pytest.fixture
def measures():
    return debt.debt_measures(frame(DEBT))


def test_debt_measures_put_every_row_in_exactly_one_measure(measures):
    assert {k: v["id"].tolist() for k, v in measures.items()} == {
        "exim_public": ["d1", "d2", "d3", "d4"],
        "other_public": ["d5"],
        "nbs_external": ["d6"],
        "shares": ["d7", "d8"],
        "estimates": ["d9", "d10"],
    }
    assert measures["nbs_external"].loc[0, "mid"] == pd.Timestamp("2023-07-02")  # a year is drawn across the year


def test_a_row_that_fits_no_measure_raises():
    odd = frame(DEBT + "d11,2024,5,million,EUR,exact,share_of_external_debt,china_all,official,high,k8\n")
    with pytest.raises(ValueError, match="d11"):
        debt.debt_measures(odd)


def test_debt_trend_first_peak_last_and_growth(measures):
    t = debt.trend(measures["exim_public"])
    assert (t.first["id"], t.peak["id"], t.last["id"]) == ("d1", "d3", "d4")
    assert t.growth == pytest.approx(3100 / 1150)
    tie = debt.trend(measures["exim_public"].assign(value=[1, 5, 5, 2]))
    assert tie.peak["id"] == "d2"  # the earliest of equal highs
    with pytest.raises(ValueError):
        debt.trend(measures["exim_public"].iloc[0:0])


def test_latest_share_by_creditor_scope(measures):
    assert debt.latest_share(measures, "china_all")["id"] == "d7"
    assert debt.latest_share(measures, "exim_bank")["id"] == "d8"
    with pytest.raises(ValueError, match="bank_of_china"):
        debt.latest_share(measures, "bank_of_china")


def test_debt_figure_draws_every_money_figure_and_no_share(measures):
    chart = debt.debt_figure(measures, pd.Timestamp("2025-12-31"))
    assert sorted(chart.data["id"]) == sorted(f"d{i}" for i in (1, 2, 3, 4, 5, 6, 9, 10))
    official = chart.fig.axes[0]
    assert official.get_ylim() == (0, 4500)  # 3700 and room for the legend


def test_debt_figure_refuses_an_official_figure_not_in_euros(measures):
    usd = dict(measures, exim_public=measures["exim_public"].assign(currency="USD"))
    with pytest.raises(ValueError, match="EUR"):
        debt.debt_figure(usd, pd.Timestamp("2025-12-31"))


# --- Loan agreements (csreport.chapters.context.loans) -------------------------------------------

from csreport import data  # noqa: E402
from csreport.chapters.context import assets, canopy, loans  # noqa: E402

DOCUMENTS = pd.DataFrame(
    {
        "id": ["f1", "l1", "l2", "l3", "l4", "c1"],
        "label": [
            "Framework",
            "Exim road",
            "Bank of China",
            "Sinosure bridge",
            "Exim bypass",
            "Export-credit comparator",
        ],
        "kind": [
            "framework_agreement",
            "loan_agreement",
            "loan_agreement",
            "loan_agreement",
            "loan_agreement",
            "comparator",
        ],
        "signed": ["2009-08-20", "2021-11-26", "2022-01-27", "2021-11-30", "2023-10-10", "2025-05-13"],
        "lender_kind": [
            None,
            "chinese_policy_bank",
            "chinese_commercial_bank",
            "western_bank_chinese_cover",
            "chinese_policy_bank",
            None,
        ],
        "heading_confidentiality": [None, False, True, True, False, True],
        "heading_default": [None, True, True, True, True, True],
        "heading_change_of_law": [None, True, False, False, True, False],
        "text_read": [False, False, False, False, False, False],
    }
)
HEADINGS = frame("""id,document,comparator,part,number,heading,matches_study_clause,sources
h1,l1,False,article,14,Events of Default,default_acceleration,k
h2,l2,False,clause,33,Confidential Information,confidentiality,k
h3,l3,False,clause,35,Confidential information,confidentiality,k
h4,c1,True,clause,34,Confidentiality,confidentiality,k
h5,c1,True,clause,23,Events of Default,default_acceleration,k
""")


def test_loan_rows_keep_loans_only_in_date_order():
    rows = loans.loan_rows(DOCUMENTS.iloc[::-1])
    assert list(rows["id"]) == ["l1", "l3", "l2", "l4"]


def test_a_loan_without_a_heading_cell_is_an_error_naming_it():
    bad = DOCUMENTS.copy()
    bad.loc[bad["id"] == "l2", "heading_default"] = None
    with pytest.raises(data.DataError, match="l2"):
        loans.loan_rows(bad)


def test_headings_count_and_split_lender_kinds_and_flip_with_an_exim_confidentiality_clause():
    h = loans.headings(loans.loan_rows(DOCUMENTS))
    assert (h.n_loans, h.n_confidentiality, h.n_default, h.n_change_of_law, h.n_text_read) == (4, 2, 4, 2, 0)
    assert h.no_confidentiality_kinds == ("chinese_policy_bank",)
    assert h.change_of_law_kinds == ("chinese_policy_bank",)
    flipped = DOCUMENTS.copy()
    flipped.loc[flipped["id"] == "l4", "heading_confidentiality"] = True
    assert loans.headings(loans.loan_rows(flipped)).no_confidentiality_kinds == ()


def test_comparator_clauses_come_only_from_the_comparator():
    assert loans.comparator_clauses(HEADINGS) == {"confidentiality", "default_acceleration"}
    assert loans.comparator_clauses(HEADINGS[HEADINGS["document"] != "c1"]) == set()


def test_headings_and_agreements_must_agree():
    rows = loans.loan_rows(DOCUMENTS)
    assert loans.unlisted_headings(HEADINGS, DOCUMENTS) == []
    assert loans.flags_disagree(HEADINGS, rows) == []
    # a confidentiality heading read in an agreement flagged without one, and a heading for an unknown agreement
    extra = pd.concat(
        [
            HEADINGS,
            frame(
                "id,document,comparator,part,number,heading,matches_study_clause,sources\nh6,l1,False,article,17,Confidentiality,confidentiality,k\nh7,l9,False,article,1,Definitions,,k\n"
            ),
        ]
    )
    assert loans.flags_disagree(extra, rows) == ["l1"]
    assert loans.unlisted_headings(extra, DOCUMENTS) == ["l9"]


def test_clause_rows_word_each_status_and_refuse_an_unknown_one():
    clauses = pd.DataFrame({"id": ["c1", "c2"], "serbia_status": ["heading_only", "not_read"]})
    assert list(loans.clause_rows(clauses)["status"]) == [
        loans.STATUS_TEXT["heading_only"],
        loans.STATUS_TEXT["not_read"],
    ]
    with pytest.raises(ValueError, match="read_in_full"):
        loans.clause_rows(clauses.assign(serbia_status=["read_in_full", "not_read"]))


def test_heading_rows_take_each_agreement_label_from_the_documents():
    rows = loans.heading_rows(HEADINGS, DOCUMENTS).set_index("id")
    assert rows.loc["h1", "agreement"] == "Exim road" and rows.loc["h4", "agreement"] == "Export-credit comparator"
    assert rows.loc["h2", "where"] == "Clause 33"


def test_heading_rows_follow_the_signing_dates():
    assert loans.heading_rows(HEADINGS, DOCUMENTS)["id"].tolist() == ["h1", "h3", "h2", "h4", "h5"]


# --- Chinese-owned exporters (csreport.chapters.context.assets) ----------------------------------

EXPORTERS = frame("""id,period,company,owner_group,measure,value,qualifier,rank,sources
a1,2021,Steel,HBIS,exports,100,exact,1,k
a2,2021,Copper,Zijin,exports,50,exact,3,k
a3,2021,Top 15,all,top15_total,600,approx,,k
b1,2023,Mine,Zijin,exports,200,approx,1,k
b2,2023,Top 15,all,top15_total,800,exact,,k
c1,H1,Mine,Zijin,exports,70,exact,1,k
s1,2023,Three firms,all,share_of_goods_exports,9,approx,,k
""")


def test_list_shares_divide_within_one_list_and_skip_a_list_without_total():
    shares = assets.list_shares(EXPORTERS).set_index("period")
    assert list(shares.index) == ["2021", "2023"]  # H1 has no total
    assert shares.loc["2021", "chinese"] == 150 and shares.loc["2021", "share_pct"] == pytest.approx(25)
    assert shares.loc["2023", "share_pct"] == pytest.approx(25) and shares.loc["2023", "n_firms"] == 1
    assert bool(shares.loc["2021", "approximate"]) and bool(shares.loc["2023", "approximate"])


def test_list_shares_refuse_two_totals_for_one_list():
    twice = pd.concat(
        [
            EXPORTERS,
            frame(
                "id,period,company,owner_group,measure,value,qualifier,rank,sources\na4,2021,Top 15,all,top15_total,700,exact,,k\n"
            ),
        ]
    )
    with pytest.raises(ValueError, match="2021"):
        assets.list_shares(twice)


def test_exporters_figure_draws_the_firms_only():
    chart = assets.exporters_figure(EXPORTERS)
    assert sorted(chart.data["id"]) == ["a1", "a2", "b1", "c1"]


# --- The canopy case (csreport.chapters.context.canopy) ------------------------------------------

CASE = frame("""id,date,kind,persons,persons_meaning,sources
x1,2024-11-01,collapse,16,killed,k
x2,2025-09-16,prosecution,13,indicted,k
x3,2025-12,court,,,k
x4,2025-12-24,court,6,proceedings discontinued,k
x5,2025-11-17,investigation,,,k
""")


def test_last_legal_step_orders_partial_dates_by_their_start_and_flips_with_a_later_step():
    assert canopy.last_legal_step(CASE)["id"] == "x4"  # December 2025 starts before the 24th
    later = pd.concat([CASE, frame("id,date,kind,persons,persons_meaning,sources\nx6,2026-01-05,prosecution,,,k\n")])
    assert canopy.last_legal_step(later)["id"] == "x6"
    with pytest.raises(ValueError, match="no step"):
        canopy.last_legal_step(CASE[CASE["kind"] == "collapse"])


def test_persons_needs_exactly_one_row():
    assert canopy.persons(CASE, "indicted") == 13
    with pytest.raises(ValueError, match="0 rows"):
        canopy.persons(CASE, "acquitted")
