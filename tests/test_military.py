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


# --- functions moved out of the chapter notebook ----------------------------------------------------

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


def test_ordinal_words_then_suffixes():
    assert [military.ordinal(n) for n in (1, 2, 5)] == ["first", "second", "fifth"]
    assert [military.ordinal(n) for n in (6, 11, 12, 13, 21, 22, 23, 37, 111)] == \
        ["6th", "11th", "12th", "13th", "21st", "22nd", "23rd", "37th", "111th"]


def test_number_in_raises_when_the_wording_changed():
    assert military.number_in("the world's 40 largest", r"world's (\d+) largest") == "40"
    with pytest.raises(ValueError):
        military.number_in("the forty largest", r"world's (\d+) largest")


def test_shares_numbers_follow_the_comparison():
    nums = military.shares_numbers(comparison())
    assert nums["mil_headline"] == military.shares_headline(comparison())
    assert (nums["mil_first_period"], nums["mil_last_period"]) == ("2020–24", "2021–25")
    assert (nums["mil_cn_first"], nums["mil_ru_first"], nums["mil_cn_last"], nums["mil_ru_last"]) == \
        ("57", "20", "61", "7")
    assert nums["mil_n_windows"] == "2"
    assert all(isinstance(v, str) for v in nums.values())


def test_shares_context_uses_the_preferred_france_rendering_and_sipri_ranks():
    nums = military.shares_context_numbers(data.load("arms_import_shares"), comparison(),
                                           data.load("arms_deliveries"), data.load("sipri_serbia_indicators"))
    assert (nums["mil_fr_used"], nums["mil_fr_alt"], nums["mil_fr_diff"]) == ("7.4", "7.7", "0.3")
    assert (nums["mil_window_len"], nums["mil_overlap"]) == ("5", "4")
    assert (nums["mil_rank_2125"], nums["mil_wb_rank"], nums["mil_rank_of"]) == ("37th", "first", "40")
    assert (nums["mil_g1_period"], nums["mil_g1_cmp"]) == ("2018–22", "2013–17")


def test_shares_figure_draws_three_suppliers_and_cites_the_alternative():
    fig, drawn, texts = military.shares_figure(data.load("arms_import_shares"), comparison())
    plt.close(fig)
    assert set(drawn["supplier"]) == {"China", "Russia", "France"}
    assert "notes" not in drawn.columns
    assert texts["china_led"] and texts["both_or_all"] == "both"
    assert (texts["fr_used_by"], texts["fr_alt_by"]) == ("RFE/RL", "Mesazhi")
    # The alternative France rendering's source is cited although its value is not a bar.
    assert "mesazhi2026sipri" in texts["keys"]


def test_deliveries_numbers_counts_and_prices():
    nums = military.deliveries_numbers(data.load("arms_deliveries"), data.load("military_policy_events"))
    assert (nums["mil_cn_systems"], nums["mil_rb_n"], nums["mil_rb_don"]) == ("6", "10", "5")
    assert nums["mil_ch92a_qty"] == "6–9"
    assert nums["mil_ch92a_price"] == "$19.3 million"
    assert nums["mil_raf_val"] == "€2.7 billion"
    assert nums["mil_largest_value"] == "the Rafale contract"
    assert nums["mil_cn_don_n"] == "4"


def test_deliveries_figure_draws_dated_weapons_only():
    deliveries = data.load("arms_deliveries")
    fig, plot, texts = military.deliveries_figure(deliveries)
    plt.close(fig)
    assert plot["date"].notna().all()
    assert "non_lethal" not in set(plot["category"])
    assert len(plot) + texts["undated"].count(";") + 1 == len(military.weapon_timeline(deliveries))
    assert texts["undated"] == "CH-95 (China); H145M (Germany/Airbus)"
    assert texts["first_cn_year"] == 2020
    assert any(lab.startswith("CH-92A drones: 6–9") for lab in plot["label"])


def test_register_rows_sorted_by_group_and_name_the_basis_of_repeated_counts():
    reg = military.register_rows(data.load("arms_deliveries"))
    assert len(reg) == len(data.load("arms_deliveries"))
    assert reg["group_order"].is_monotonic_increasing
    ch92a = reg[reg["system_text"] == "CH-92A (drones)"]
    assert set(ch92a["quantity"]) == {"6 (official and RFE/RL)", "9 (media report)"}
    assert (reg.loc[reg["category"] == "non_lethal", "system_text"]
            == "Equipment donation (non-lethal equipment)").all()


def test_exercise_numbers_and_rows():
    exercises = data.load("exercises")
    nums = military.exercise_numbers(exercises)
    assert (nums["mil_pg_month"], nums["mil_pg_dates"]) == ("July 2025", "19 to 28 July 2025")
    assert nums["mil_pg_heads"] == "were not published"
    assert nums["mil_ctx_before_n"] == "twice"
    rows = military.exercise_rows(exercises)
    assert (rows["force"] == "military").all()
    assert list(rows["start_date"]) == sorted(rows["start_date"])
    assert rows.iloc[-1]["name_text"] == "Peace Guardian-2025"


def test_spending_numbers_and_2024_figures():
    spending = data.load("military_spending")
    nums = military.spending_numbers(spending)
    assert (nums["mil_sipri_2019"], nums["mil_sipri_2024"], nums["mil_sipri_2024_gdp"]) == \
        ("$1.14 billion", "$2.2 billion", "2.6")
    assert "mil_bdm_2021" not in nums and nums["mil_bdm_2021_gdp"] == "2.42"  # a share, no amount
    y2024 = military.spending_2024(spending)
    assert "RSD" not in set(y2024["currency"].dropna())
    assert nums["mil_2024_n"] == str(len(y2024)) == "7"
    assert (nums["mil_2024_gdp_min"], nums["mil_2024_gdp_max"]) == ("1.8", "2.8")
    rows = military.spending_2024_rows(spending)
    assert list(rows["basis"].unique()) == ["sipri_estimate", "budget_plan"]
    assert rows.iloc[0]["amount"] == "2.2 billion USD"


def test_spending_figure_leaves_out_dinars():
    fig, drawn, texts = military.spending_figure(data.load("military_spending"))
    plt.close(fig)
    assert "RSD" not in set(drawn["currency"].dropna())
    assert "year_n" not in drawn.columns
    assert texts["growth"] == "nearly doubled"
    assert (texts["usd_span"], texts["gdp_span"]) == ("0.7 to 2.32", "1.4 to 2.8")


def test_policy_numbers_from_event_texts():
    nums = military.policy_numbers(data.load("military_policy_events"))
    assert (nums["mil_neut_for"], nums["mil_neut_against"], nums["mil_neut_abst"]) == ("220", "14", "3")
    assert nums["mil_neut_date"] == "26 December 2007"
    assert (nums["mil_fta_phases"], nums["mil_fta_years"]) == ("5, 10 or 15", "15")
    assert (nums["mil_fta_lines"], nums["mil_fta_immediate"]) == ("90", "60")
