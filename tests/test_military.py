"""The military chapter's headline and contested values, checked against the data.

Needs the functions of /work/staging/chapters/mil_military.py in csreport/military.py.
The `sandbox` fixture comes from tests/conftest.py.
"""
import csv

from csreport import data, military

WINDOWS = ["2020-2024", "2021-2025"]


def comparison():
    return military.china_vs_russia(data.load("arms_import_shares"))


def test_china_share_exceeds_russia_in_both_windows():
    cmp = comparison().set_index("period")
    for period in WINDOWS:
        row = cmp.loc[period]
        assert row["larger"] == "China", period
        assert row["china_low"] > row["russia_high"], period
        assert row["margin_pts"] > 0


def test_function_agrees_with_every_rendering_in_the_table():
    shares = data.load("arms_import_shares")
    for period in WINDOWS:
        rows = shares[shares["period"] == period]
        china = rows.loc[rows["supplier"] == "China", "share_pct"]
        russia = rows.loc[rows["supplier"] == "Russia", "share_pct"]
        assert len(china) >= 1 and len(russia) >= 1
        # Every China rendering beats every Russia rendering: no outlet says otherwise.
        assert china.min() > russia.max(), period


def test_headline_cannot_contradict_the_table():
    cmp = comparison()
    headline = military.shares_headline(cmp)
    assert headline.startswith("China's share of Serbia's major-arms imports exceeded Russia's in both")
    for r in cmp.itertuples():
        assert military.period_label(r.period_start, r.period_end) in headline
        assert r.larger == "China"


def _set_share(root, row_id, value):
    path = root / "data" / "arms_import_shares.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    i_id, i_share = rows[0].index("id"), rows[0].index("share_pct")
    hit = [r for r in rows[1:] if r[i_id] == row_id]
    assert hit, row_id
    hit[0][i_share] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_headline_changes_when_the_data_change(sandbox):
    # If Russia led in 2021-25, the glued headline must stop saying China led in both windows.
    _set_share(sandbox, "ais_2021_25_russia_novars", "70")
    cmp = comparison().set_index("period")
    assert cmp.loc["2021-2025", "larger"] == "Russia"
    headline = military.shares_headline(cmp.reset_index())
    assert "exceeded Russia's in both" not in headline
    assert "2021–25: Russia larger" in headline


def test_conflicting_renderings_give_contested_not_an_average(sandbox):
    _set_share(sandbox, "ais_2020_24_russia_mesazhi", "60")
    row = comparison().set_index("period").loc["2020-2024"]
    assert row["larger"] == "contested"
    assert (row["russia_low"], row["russia_high"]) == (20, 60)


def test_france_2020_24_has_two_renderings_with_different_values_and_sources():
    shares = data.load("arms_import_shares")
    france = shares[(shares["period"] == "2020-2024") & (shares["supplier"] == "France")]
    assert len(france) == 2
    assert france["share_pct"].nunique() == 2
    assert set(france["share_pct"]) == {7.4, 7.7}
    assert france["sources"].nunique() == 2
    assert france["rendered_by"].nunique() == 2
    # The chapter uses the better-sourced rendering and keeps the other as an alternative.
    chosen = military.preferred_rendering(shares)
    chosen = chosen[(chosen["period"] == "2020-2024") & (chosen["supplier"] == "France")].iloc[0]
    assert chosen["share_pct"] == 7.4 and chosen["rendered_by"] == "RFE/RL"
    assert chosen["alt_value"] == 7.7


def test_contested_drone_count_is_a_range():
    timeline = military.delivery_timeline(data.load("arms_deliveries"))
    ch92a = timeline[timeline["system"].str.startswith("CH-92A")].iloc[0]
    assert (ch92a["quantity_low"], ch92a["quantity_high"]) == (6, 9)
    assert ch92a["quantity_contested"]
    assert military.quantity_text(ch92a["quantity_low"], ch92a["quantity_high"]) == "6–9"
