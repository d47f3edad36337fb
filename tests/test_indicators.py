"""Computations shared by chapters and the claims ledger, checked against the data."""

from csreport import data, indicators


def test_ceec_names_follow_membership():
    periods = indicators.ceec_periods(data.load("ceec_membership"))
    assert list(periods["name"]) == ["16+1", "17+1", "16+1", "14+1"]
    assert periods.iloc[0]["start"].year == 2012
    assert indicators.ceec_name_on(periods, "2020-01-01") == "17+1"
    assert indicators.ceec_name_on(periods, "2026-01-01") == "14+1"
