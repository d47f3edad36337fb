"""Checks on the real tables behind the context chapter: the claims its prose makes still hold."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csreport import data
from csreport.chapters.context import debt, fdi, indicators, projects, timeline, trade


def test_real_timeline_has_a_short_label_for_every_event_and_draws_what_it_shows():
    events = timeline.timeline_dates(data.load("context_timeline"))
    assert events["short_label"].notna().all()
    chart = timeline.timeline_figure(events, data.cutoff())
    assert chart.data["id"].tolist() == timeline.timeline_shown(events)["id"].tolist()
    assert chart.fig.axes[1].get_xlim()[1] == pytest.approx(plt.matplotlib.dates.date2num(data.cutoff()))


def test_ceec_periods_and_names_follow_the_membership_events():
    # indicators.ceec_periods on the chapter's table (kept from the earlier test of the chapter)
    events = data.load("ceec_membership")
    periods = indicators.ceec_periods(events)
    first, last = periods.iloc[0], periods.iloc[-1]
    assert first["start"] == pd.Timestamp("2012-04-26")
    assert (first["members"], first["name"]) == (16, "16+1")
    greece = events.loc[events["country"] == "Greece", "date"].iloc[0]
    assert indicators.ceec_name_on(periods, greece) == "17+1"
    assert (last["members"], last["name"]) == (14, "14+1")
    assert not ((events["country"] == "Serbia") & (events["event"] == "left")).any()


def test_real_trade_headlines_agree_with_the_table():
    rows = data.load("context_trade")
    rzs = trade.basis_by_year(rows, "serbian_statistics", "USD")
    year = int(rzs["value"]["total"].last_valid_index())
    # "trade is lopsided": imports above exports; "the Serbian figure is higher" than Chinese customs
    assert rzs["value"]["imports_from_china"][year] > rzs["value"]["exports_to_china"][year]
    assert trade.trade_gap(rows, year, "total", "USD", "serbian_statistics", "chinese_customs").difference > 0
    assert sorted(trade.trade_figure(rows).data["id"]) == sorted(rows.loc[rows["coverage"] == "full_year", "id"])


def test_real_fdi_headline_china_first_in_every_nbs_period_since_it_first_ranked_first():
    investment = fdi.fdi_by_period(data.load("context_fdi"))
    ranks = fdi.rank_history(investment)
    nbs_ranks = investment[(investment["basis"] == "nbs") & (investment["indicator"] == "rank")]
    assert (nbs_ranks.loc[nbs_ranks["period_start"].dt.year >= ranks.first_top_year, "value"] == 1).all()


def test_real_projects_each_group_is_one_project():
    rows = data.load("context_projects")
    per_group = rows.groupby("group")[["group_label", "sector", "instrument"]].nunique()
    assert (per_group == 1).all().all(), "a project group mixes labels, sectors or instruments"
    assert sorted(
        projects.projects_figure(rows).data["id"].tolist() + projects.not_drawn(rows)["id"].tolist()
    ) == sorted(rows["id"])


def test_real_debt_headline_exim_debt_rose_and_wider_measure_is_larger():
    measures = debt.debt_measures(data.load("context_debt_to_china"))
    exim, nbs = debt.trend(measures["exim_public"]), debt.trend(measures["nbs_external"])
    assert exim.peak["value"] > exim.first["value"] and exim.first["start"] < exim.peak["start"]
    # "commentators' estimates run far higher": the highest EUR estimate is above the central bank's latest figure
    eur = measures["estimates"][measures["estimates"]["currency"] == "EUR"]
    assert eur["value"].max() > nbs.last["value"]


def test_ceec_names_follow_membership():
    periods = indicators.ceec_periods(data.load("ceec_membership"))
    assert list(periods["name"]) == ["16+1", "17+1", "16+1", "14+1"]
    assert periods.iloc[0]["start"].year == 2012
    assert indicators.ceec_name_on(periods, "2020-01-01") == "17+1"
    assert indicators.ceec_name_on(periods, "2026-01-01") == "14+1"


def test_real_loan_tables_agree_and_the_confidentiality_claims_hold():
    from csreport.chapters.context import loans

    documents, headings_read = data.load("loan_documents"), data.load("loan_headings")
    rows = loans.loan_rows(documents)
    assert loans.unlisted_headings(headings_read, documents) == []
    assert loans.flags_disagree(headings_read, rows) == []
    heads = loans.headings(rows)
    assert heads.n_text_read == 0  # the chapter: no clause text was read
    # the chapter: the same confidentiality heading appears in a non-Chinese facility
    assert "confidentiality" in loans.comparator_clauses(headings_read)
    # the comparator is listed as such, and is not one of Serbia's Chinese loans
    compared = set(headings_read.loc[headings_read["comparator"], "document"])
    assert set(documents.loc[documents["kind"] == "comparator", "id"]) == compared
    assert not compared & set(rows["id"])
    clauses = data.load("loan_clauses").set_index("id")
    assert clauses.loc["confidentiality", "serbia_status"] != "texts_public"  # no longer "does not extend"


def test_real_exporter_lists_share_and_rank():
    from csreport.chapters.context import assets

    exporters = data.load("chinese_exporters")
    shares = assets.list_shares(exporters)
    assert not shares.empty and (shares["share_pct"] < 100).all()
    # every list the figure draws has its own total, so no share mixes lists
    assert set(assets.firms(exporters)["period"]) == set(shares["period"])


def test_real_canopy_case_the_appeal_is_the_last_step_and_counts_are_consistent():
    from csreport.chapters.context import canopy

    case = data.load("canopy_case_events")
    indicted = canopy.persons(case, "indicted")
    assert canopy.persons(case, "indictment confirmed") + canopy.persons(case, "proceedings discontinued") == indicted
    assert canopy.last_legal_step(case)["kind"] in canopy.LEGAL_KINDS
