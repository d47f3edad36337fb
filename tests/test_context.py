"""Chapter 1 (context): series with different bases are never merged; key dates come from the data."""
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import context, data, glue, indicators
from csreport.context import (debt_measures, fdi_by_period, project_groups, timeline_date_of,
                              timeline_dates, trade_gap, trade_series)


def test_one_trade_series_per_basis_currency_and_flow():
    frame = data.load("context_trade")
    series = trade_series(frame)
    full = frame[frame["coverage"] == "full_year"]
    # every (basis, currency, flow) of the full-year rows has exactly one series, and nothing else does
    assert set(series) == set(map(tuple, full[["basis", "currency", "flow"]].drop_duplicates().values))
    by_id = frame.set_index("id")
    for (basis, currency, flow), rows in series.items():
        assert set(rows["basis"]) == {basis}, f"series {basis}/{currency}/{flow} mixes bases"
        assert set(rows["currency"]) == {currency}, f"series {basis}/{currency}/{flow} mixes currencies"
        assert set(rows["flow"]) == {flow}
        assert (rows["coverage"] == "full_year").all()
        assert not rows["year"].duplicated().any()
        assert rows["year"].is_monotonic_increasing
        # values are the table's own, unconverted and unaveraged
        assert (by_id.loc[rows["id"], "value"].to_numpy() == rows["value"].to_numpy()).all()
    # every full-year row is drawn exactly once
    drawn = pd.concat(series.values())["id"]
    assert sorted(drawn) == sorted(full["id"])


def test_serbian_and_chinese_totals_are_separate_series_and_differ():
    frame = data.load("context_trade")
    series = trade_series(frame)
    assert ("serbian_statistics", "USD", "total") in series
    assert ("chinese_customs", "USD", "total") in series
    serbian, chinese, gap = trade_gap(frame, 2023, "total", "USD", "serbian_statistics", "chinese_customs")
    assert serbian > chinese and gap == serbian - chinese


def test_partial_years_only_on_request():
    frame = data.load("context_trade")
    assert all((s["coverage"] == "full_year").all() for s in trade_series(frame).values())
    with_partial = pd.concat(trade_series(frame, full_year_only=False).values())
    assert (with_partial["coverage"] == "partial_year").any()


def test_strategic_partnership_date():
    timeline = data.load("context_timeline")
    assert timeline_date_of(timeline, "strategic_partnership_2009") == pd.Timestamp("2009-08-20")
    assert timeline_date_of(timeline, "comprehensive_partnership_2016") == pd.Timestamp("2016-06-18")
    assert timeline_date_of(timeline, "fta_signed_2023") == pd.Timestamp("2023-10-17")
    assert timeline_date_of(timeline, "fta_in_force_2024") == pd.Timestamp("2024-07-01")


def test_2013_statement_is_unconfirmed_and_only_year_precise():
    timeline = timeline_dates(data.load("context_timeline")).set_index("id")
    row = timeline.loc["nikolic_xi_statement_2013"]
    assert row["date_confirmed"] == "no"
    assert row["precision"] == "year"
    assert row["end"] == pd.Timestamp("2013-12-31")


def test_debt_measures_are_disjoint_and_estimates_never_official():
    debt = data.load("context_debt_to_china")
    measures = debt_measures(debt)
    ids = [i for m in measures.values() for i in m["id"]]
    assert sorted(ids) == sorted(debt["id"])  # each row in exactly one measure
    assert (measures["exim_public"]["creditor_scope"] == "exim_bank").all()
    assert (measures["exim_public"]["currency"] == "EUR").all()
    assert (measures["nbs_external"]["measure"] == "external_debt_to_china").all()
    assert (measures["estimates"]["basis"] != "official").all()
    assert not (measures["exim_public"]["basis"] != "official").any()


def test_project_values_keep_their_currency_and_group():
    projects = project_groups(data.load("context_projects"))
    assert projects["group"].notna().all()
    # a project with competing values keeps them as separate rows
    kostolac = projects[projects["group"] == "kostolac_b3"]
    assert len(kostolac) > 1 and kostolac["id"].is_unique


def test_nbs_china_definition_includes_hong_kong_taiwan_macau_in_2020():
    fdi = fdi_by_period(data.load("context_fdi"))
    row = fdi[(fdi["period"] == "2020") & (fdi["indicator"] == "inflow")].iloc[0]
    assert row["basis"] == "nbs" and row["china_definition"] == "china_incl_hk_tw_mo"


# --- The chapter's glued values, figures and tables (moved out of the notebook) -----------------

@pytest.fixture(scope="module")
def timeline():
    return timeline_dates(data.load("context_timeline"))


@pytest.fixture(scope="module")
def projects():
    return project_groups(data.load("context_projects"))


@pytest.fixture(scope="module")
def measures():
    return debt_measures(data.load("context_debt_to_china"))


def test_timeline_numbers_give_each_milestone_at_its_precision(timeline):
    numbers = context.timeline_numbers(timeline)
    assert set(context.TIMELINE_DATES) < set(numbers)
    assert numbers["ctx_sp_date"] == "20 August 2009" and numbers["ctx_sp_year"] == "2009"
    assert numbers["ctx_csp_date"] == "18 June 2016" and numbers["ctx_csp_year"] == "2016"
    assert numbers["ctx_fta_in_force"] == "1 July 2024"
    assert numbers["ctx_nikolic_year"] == "2013"  # only the year is known: no month or day invented
    assert numbers["ctx_interior_month"] == "May 2019"
    assert numbers["ctx_n_events"] == str(len(timeline))
    assert numbers["ctx_n_unconfirmed"] == str((timeline["date_confirmed"] == "no").sum())
    assert numbers["ctx_last_event"] == f"{timeline['start'].max():%-d %B %Y}"
    assert numbers["ctx_n_shown"] == str(len(context.timeline_shown(timeline)))


def test_timeline_figure_shows_framework_and_unconfirmed_but_not_project_events(timeline):
    assert set(context.SHORT) <= set(timeline["id"]), "a short label names an event the data no longer hold"
    rows = context.timeline_shown(timeline)
    economic = rows[rows["category"] == "economic"]
    assert set(economic["id"]) <= set(context.ECONOMIC_FRAMEWORK) | set(timeline.loc[timeline["date_confirmed"] == "no", "id"])
    assert set(timeline.loc[timeline["date_confirmed"] == "no", "id"]) <= set(rows["id"])
    assert set(timeline.loc[timeline["category"] != "economic", "id"]) <= set(rows["id"])
    assert list(rows["y"]) == list(range(len(rows)))
    sp = rows.set_index("id").loc["strategic_partnership_2009"]
    assert sp["label"] == "20 Aug 2009  Strategic partnership (Hu–Tadić)"
    assert rows.set_index("id").loc["nikolic_xi_statement_2013", "mid"] == pd.Timestamp("2013-07-02")  # middle of the year
    fig, drawn = context.timeline_figure(timeline, data.cutoff())
    assert len(fig.axes) == 2 and drawn["id"].tolist() == rows["id"].tolist()
    plt.close(fig)


def test_events_table_lists_every_event_with_its_date_text(timeline):
    table = context.events_table(timeline).set_index("id")
    assert len(table) == len(timeline)
    assert table.loc["strategic_partnership_2009", "when"] == "20 Aug 2009"
    assert table.loc["interior_agreements_2019", "when"] == "May 2019"
    assert table.loc["nikolic_xi_statement_2013", "when"] == "2013"
    assert table.loc["nikolic_xi_statement_2013", "confirmed"] == "not confirmed"
    assert set(table["confirmed"]) == {"yes", "not confirmed"}


def test_ceec_numbers_follow_the_membership_events():
    events = data.load("ceec_membership")
    periods = indicators.ceec_periods(events)
    numbers = context.ceec_numbers(events, periods)
    assert numbers["ceec_launch_date"] == "26 April 2012"
    assert (numbers["ceec_founders"], numbers["ceec_first_name"]) == ("16", "16+1")
    assert numbers["ceec_name_2019"] == "17+1"
    assert numbers["ceec_lithuania_month"] == "May 2021"
    assert numbers["ceec_baltic_date"] == "11 August 2022"
    assert (numbers["ceec_members_now"], numbers["ceec_name_now"]) == ("14", "14+1")
    assert numbers["ceec_serbia_status"] == "remains"
    fig, steps = context.ceec_figure(periods, data.cutoff())
    assert steps["end"].notna().all() and steps["end"].iloc[-1] == data.cutoff()
    plt.close(fig)


def test_trade_numbers_keep_serbian_and_chinese_totals_apart():
    trade = data.load("context_trade")
    numbers = context.trade_numbers(trade)
    year = int(numbers["ctx_trade_year"])
    serbian, chinese, gap = trade_gap(trade, year, "total", "USD", "serbian_statistics", "chinese_customs")
    assert numbers["ctx_tot_rzs"] == glue.money(serbian, "USD")
    assert numbers["ctx_tot_customs"] == glue.money(chinese, "USD")
    assert numbers["ctx_tot_gap"] == glue.money(gap, "USD")
    assert numbers["ctx_tot_gap_pct"] == f"{gap / chinese:.0%}"
    assert numbers["ctx_n_partial"] == str((trade["coverage"] == "partial_year").sum())
    # the years without a Serbian full-year figure: none of them has one
    serbian_years = set(trade.loc[trade["basis"].isin(["serbian_statistics", "serbian_official"])
                                  & (trade["coverage"] == "full_year"), "year"])
    assert numbers["ctx_rzs_missing"] == "2011 and 2015–2020"
    assert not serbian_years & {2011, 2015, 2016, 2017, 2018, 2019, 2020}


def test_trade_figure_draws_every_full_year_row_once():
    trade = data.load("context_trade")
    fig, drawn = context.trade_figure(trade)
    assert len(fig.axes) == 6
    assert sorted(drawn["id"]) == sorted(trade.loc[trade["coverage"] == "full_year", "id"])
    plt.close(fig)


def test_fdi_numbers_and_table():
    fdi = fdi_by_period(data.load("context_fdi"))
    numbers = context.fdi_numbers(fdi)
    assert numbers["ctx_fdi_first_year"] == "2020" and numbers["ctx_fdi_rank_2020"] == "third"
    assert numbers["ctx_fdi_rank1_first"] == "2022"
    assert numbers["ctx_fdi_incl_periods"] == "2020 and the first half of 2021"
    assert int(numbers["ctx_fdi_gap_from"]) <= int(numbers["ctx_fdi_gap_to"])
    assert numbers["ctx_fdi_share_last"] == "more than 28% or about 30%"  # two sources, never averaged
    table = context.fdi_table(fdi)
    keys = ["period_label", "basis", "china_definition", "sources"]
    assert len(table) == len(fdi[keys].drop_duplicates())  # one row per period and source
    assert table["rank"].dropna().str.fullmatch(r"\d+(st|nd|rd|th)").all()
    shown = {t for t in table[["rank", "amount", "share"]].to_numpy().ravel() if isinstance(t, str)}
    assert all(any(text.startswith(context.fdi_value_text(r)) for text in shown) for _, r in fdi.iterrows())
    assert table.loc[table["period_label"] == "2020", "source_type"].iloc[0] == "NBS (China with Hong Kong, Taiwan, Macau)"


def test_project_numbers_count_groups_not_rows(projects):
    groups = context.project_summary(projects)
    assert sorted(groups["group"]) == sorted(projects["group"].unique())
    assert groups["sector"].map(context.SECTOR_ORDER.index).is_monotonic_increasing
    numbers = context.project_numbers(projects)
    assert numbers["ctx_n_projects"] == str(len(groups)) == "15"
    assert numbers["ctx_n_contested"] == str((projects["group"].value_counts() > 1).sum())
    assert numbers["ctx_kostolac_loan"] == "USD 608.26m" and numbers["ctx_kostolac_cost"] == "USD 715.6m"
    assert (numbers["ctx_linglong_min"], numbers["ctx_linglong_max"]) == ("EUR 400m", "EUR 1bn")


def test_projects_figure_and_table_show_every_value_once(projects):
    fig, drawn, left_out = context.projects_figure(projects)
    plt.close(fig)
    assert sorted(list(drawn["id"]) + list(left_out["id"])) == sorted(projects["id"])
    assert set(drawn["currency"]) == set(context.PROJECT_PANELS)
    assert not set(left_out["currency"]) & set(context.PROJECT_PANELS)
    assert context.projects_not_drawn(left_out) == "CNY 520m for Motorway Preljina–Požega"
    table = context.projects_table(projects)
    assert sorted(table["id"]) == sorted(projects["id"])
    assert table["y"].is_monotonic_increasing
    by_id = table.set_index("id")
    assert by_id.loc["kostolac_b3_usd608", "name"] == "Kostolac B3 and Drmno mine (Exim loan)"
    assert by_id.loc["kostolac_b3_usd608", "shown"] == "USD 608.26m"
    upper = table[table["qualifier"] == "at_most"]
    assert upper["shown"].str.startswith("up to ").all()


def test_debt_numbers_and_figure_keep_the_measures_apart(measures):
    numbers = context.debt_numbers(measures)
    assert (numbers["ctx_exim_first"], numbers["ctx_exim_first_date"]) == ("EUR 1.15bn", "March 2021")
    assert (numbers["ctx_exim_peak"], numbers["ctx_exim_peak_date"]) == ("EUR 3.1bn", "January 2025")
    assert numbers["ctx_nbs_share"] == "8.4%" and numbers["ctx_nbs_last_year"] == "2023"
    assert numbers["ctx_est_proj"] == "up to EUR 15bn"
    assert numbers["ctx_est_usd_low"] == "more than USD 3bn"
    first, peak = context.exim_growth(measures)
    assert peak["value"] == measures["exim_public"]["value"].max() and first["start"] <= peak["start"]
    fig, drawn = context.debt_figure(measures, data.cutoff())
    plt.close(fig)
    # every money figure is drawn, the percentage shares are not (they have no money axis)
    expected = pd.concat([m for name, m in measures.items() if name != "shares"])["id"]
    assert sorted(drawn["id"]) == sorted(expected)
    assert context.other_official_debt(measures) == "all Chinese lenders (September 2021) and the Bank of China (June 2023)"
