"""Chapter 1 (context): series with different bases are never merged; key dates come from the data."""
import pandas as pd

from csreport import data
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
