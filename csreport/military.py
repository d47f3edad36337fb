"""Military cooperation (chapter 4): SIPRI supplier shares, deliveries, exercises, spending, policy.

The chapter notebook calls these for its prose values (dicts of glue key -> text), figures
(`*_figure` -> (fig, data drawn, texts for title/alt/note)) and table rows (`*_rows`)."""
from __future__ import annotations

import re

import matplotlib.lines as mlines
import numpy as np
import pandas as pd

from . import charts, data, glue, sources
from .data import partial_date

CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}


def china_vs_russia(shares: pd.DataFrame) -> pd.DataFrame:
    """China's and Russia's shares of Serbia's SIPRI-TIV arms imports, per five-year window.

    One row per window that has both a China and a Russia figure. Where outlets render a share
    differently, the low and high renderings are kept (never averaged). `larger` is 'China' or
    'Russia' only if that supplier's lowest rendering exceeds the other's highest; otherwise
    'contested'. `margin_pts` is the smallest gap between the two (low of the larger minus high
    of the smaller), in percentage points.
    """
    rows = []
    for period, group in shares.sort_values("period_start").groupby("period", sort=False):
        cn = group.loc[group["supplier"] == "China", "share_pct"].astype(float)
        ru = group.loc[group["supplier"] == "Russia", "share_pct"].astype(float)
        if cn.empty or ru.empty:
            continue
        if cn.min() > ru.max():
            larger, margin = "China", cn.min() - ru.max()
        elif ru.min() > cn.max():
            larger, margin = "Russia", ru.min() - cn.max()
        else:
            larger, margin = "contested", float("nan")
        used = group[group["supplier"].isin(["China", "Russia"])]
        rows.append({
            "period": period,
            "period_start": int(group["period_start"].iloc[0]),
            "period_end": int(group["period_end"].iloc[0]),
            "china_low": cn.min(), "china_high": cn.max(),
            "russia_low": ru.min(), "russia_high": ru.max(),
            "larger": larger, "margin_pts": margin,
            "sources": ";".join(sources.keys_of(used)),
        })
    return pd.DataFrame(rows)


def period_label(start: int, end: int) -> str:
    """'2020–24' for the window 2020-2024."""
    return f"{start}–{str(end)[-2:]}"


def shares_headline(comparison: pd.DataFrame) -> str:
    """The chapter's headline sentence on China vs Russia, written from `china_vs_russia` only."""
    if comparison.empty:
        return "No SIPRI window in the data gives both China's and Russia's share"
    labels = [period_label(r.period_start, r.period_end) for r in comparison.itertuples()]
    winners = set(comparison["larger"])
    if winners == {"China"}:
        which = "both" if len(labels) == 2 else "every one"
        windows = " and ".join(labels) if len(labels) == 2 else ", ".join(labels)
        return (f"China's share of Serbia's major-arms imports exceeded Russia's in {which} of the "
                f"SIPRI windows with published shares ({windows})")
    parts = [f"{lab}: {'contested' if w == 'contested' else w + ' larger'}"
             for lab, w in zip(labels, comparison["larger"])]
    return "China's share did not exceed Russia's in every SIPRI window (" + "; ".join(parts) + ")"


def preferred_rendering(shares: pd.DataFrame) -> pd.DataFrame:
    """One share per (window, supplier): the best-sourced rendering (confidence high > medium > low).

    The rows not chosen are returned in `alternatives` (a column listing 'value (outlet)' of the
    other renderings that differ), so a chart can show the one used and note the other.
    """
    ranked = shares.assign(_rank=shares["confidence"].map(CONFIDENCE_RANK))
    out = []
    for (_, _), group in ranked.sort_values(["period_start", "_rank"]).groupby(
            ["period", "supplier"], sort=False):
        best = group.iloc[0]
        others = group.iloc[1:]
        differing = others[others["share_pct"] != best["share_pct"]]
        row = best.drop(labels="_rank").to_dict()
        row["alternatives"] = "; ".join(f"{v:g} ({o})" for v, o in zip(differing["share_pct"], differing["rendered_by"]))
        row["alt_value"] = differing["share_pct"].iloc[0] if len(differing) else float("nan")
        row["alt_sources"] = ";".join(sources.split_keys(";".join(differing["sources"]))) if len(differing) else ""
        out.append(row)
    return pd.DataFrame(out)


SUPPLIER_GROUP = {"China": "China", "Russia": "Russia/Belarus", "Belarus": "Russia/Belarus"}


def delivery_timeline(deliveries: pd.DataFrame) -> pd.DataFrame:
    """One row per supplier and system for a timeline: the date to plot, what it is, the quantity range.

    Rows about the same supplier and system (e.g. a contested count) are merged: the quantity
    becomes the range of all renderings (lowest low to highest high), the date is that of the
    best-sourced row. The date is the first delivery; failing that the first public display or
    official confirmation; failing that the contract date (`date_kind` says which). Systems with
    no date at all get NaT.
    """
    ranked = deliveries.assign(_rank=deliveries["confidence"].map(CONFIDENCE_RANK))
    out = []
    for (supplier, system), group in ranked.sort_values("_rank").groupby(["supplier", "system"], sort=False):
        best = group.iloc[0]
        for col, kind in (("first_delivery", "delivery"), ("public_unveiling", "unveiling"),
                          ("order_date", "contract")):
            when, precision = partial_date(best[col])
            if not pd.isna(when):
                break
        else:
            kind = None
        low, high = group["quantity_low"].min(), group["quantity_high"].max()
        out.append({
            "supplier": supplier,
            "group": SUPPLIER_GROUP.get(supplier, "Western (EU states)"),
            "system": system, "category": best["category"], "terms": best["terms"],
            "date": when, "date_text": best[col] if kind else None, "date_kind": kind,
            "date_precision": precision,
            "quantity_low": low, "quantity_high": high, "quantity_unit": best["quantity_unit"],
            "quantity_contested": bool(pd.notna(low) and pd.notna(high) and low != high),
            "rows": len(group),
            "sources": ";".join(sources.keys_of(group)),
        })
    return pd.DataFrame(out)


def quantity_text(low, high, unit: str | None = None) -> str:
    """'6', '6–9' or 'not published', with the unit if given."""
    if low is None or pd.isna(low):
        return "not published"
    text = f"{int(low)}" if pd.isna(high) or low == high else f"{int(low)}–{int(high)}"
    return f"{text} {unit}" if unit else text


# --- chapter figures, tables and prose values (moved from book/04_military.ipynb) ----------------

def ordinal(n) -> str:
    """1 -> 'first' … 5 -> 'fifth', then '6th', '11th', '21st'."""
    n = int(n)
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    if n in words:
        return words[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number_in(text: str, pattern: str) -> str:
    """A number stated in a data cell's text (raises if the wording changed)."""
    m = re.search(pattern, text)
    if not m:
        raise ValueError(f"pattern {pattern!r} not found in {text!r}")
    return m.group(1)


def short_name(system: str) -> str:
    """A system's short name: 'MiG-29' from 'MiG-29 fighters …', 'Mi-35M' or 'FK-3'."""
    return re.match(r"(\S+(?: \d+\b)?)", system).group(1)


def _window(text: str) -> str:
    return period_label(*map(int, text.split("-")))


def shares_numbers(comparison: pd.DataFrame) -> dict[str, str]:
    """Prose values of the key points on China vs Russia, from `china_vs_russia`."""
    first, last = comparison.iloc[0], comparison.iloc[-1]
    return {
        "mil_headline": shares_headline(comparison),
        "mil_first_period": period_label(first["period_start"], first["period_end"]),
        "mil_last_period": period_label(last["period_start"], last["period_end"]),
        "mil_cn_first": glue.percent(first["china_low"], high=first["china_high"], sign=""),
        "mil_ru_first": glue.percent(first["russia_low"], high=first["russia_high"], sign=""),
        "mil_cn_last": glue.percent(last["china_low"], high=last["china_high"], sign=""),
        "mil_ru_last": glue.percent(last["russia_low"], high=last["russia_high"], sign=""),
        "mil_margin_first": f"{first['margin_pts']:g}",
        "mil_margin_last": f"{last['margin_pts']:g}",
        "mil_n_windows": f"{len(comparison)}",
    }


def _france_and_others(shares: pd.DataFrame, comparison: pd.DataFrame):
    first, last = comparison.iloc[0], comparison.iloc[-1]
    preferred = preferred_rendering(shares)
    drawn = preferred[preferred["supplier"].isin(DRAWN_SUPPLIERS)].copy()
    fr_first = drawn[(drawn["supplier"] == "France") & (drawn["period"] == first["period"])].iloc[0]
    fr_last = drawn[(drawn["supplier"] == "France") & (drawn["period"] == last["period"])].iloc[0]
    others = preferred[(preferred["supplier"] == "Others") & (preferred["period"] == first["period"])].iloc[0]
    return drawn, fr_first, fr_last, others


def shares_context_numbers(shares, comparison, deliveries, indicators) -> dict[str, str]:
    """Prose values of the SIPRI section: windows, France's renderings, Serbia's SIPRI ranks."""
    first, last = comparison.iloc[0], comparison.iloc[-1]
    _, fr_first, fr_last, others = _france_and_others(shares, comparison)
    hq17 = deliveries.set_index("id").loc["cn_hq17ae"]
    ind = indicators.set_index("id")
    rank = ind.loc["ind_2021_25_global_rank"]
    out = {
        "mil_window_len": f"{int((shares['period_end'] - shares['period_start']).iloc[0]) + 1}",
        "mil_overlap": f"{int(last['period_end'] - last['period_start']) + 1 - int(last['period_start'] - first['period_start'])}",
        "mil_fr_used": f"{fr_first['share_pct']:g}",
        "mil_fr_alt": f"{fr_first['alt_value']:g}",
        "mil_fr_diff": f"{abs(fr_first['alt_value'] - fr_first['share_pct']):.1f}",
        "mil_fr_last": f"{fr_last['share_pct']:g}",
        "mil_others": f"{others['share_pct']:g}",
        "mil_first_end": f"{int(first['period_end'])}",
        "mil_rse_year": sources.entries()["cazinnet2020rse"]["date"][:4],
        "mil_hq17_month": f"{partial_date(hq17['public_unveiling'])[0]:%B %Y}",
        "mil_rank_2125": ordinal(rank["value"]),
        "mil_wb_rank": ordinal(ind.loc["ind_2021_25_western_balkans_rank", "value"]),
        "mil_g1_rank": ordinal(ind.loc["ind_2018_22_global_growth_rank", "value"]),
        "mil_rank_of": number_in(rank["notes"], r"world's (\d+) largest"),
    }
    for key, id_ in (("mil_g1", "ind_2018_22_import_growth"), ("mil_g2", "ind_2019_23_import_growth")):
        row = ind.loc[id_]
        out[key] = f"{int(row['value'])}"
        out[key + "_period"] = _window(row["period"])
        out[key + "_cmp"] = _window(row["comparison_period"])
    by = ind.loc["ind_2019_23_belarus_export_share"]
    out["mil_by_share"] = f"{int(by['value'])}"
    out["mil_by_period"] = _window(by["period"])
    return out


DRAWN_SUPPLIERS = ["China", "Russia", "France"]
SHARE_HATCHES = {"China": "", "Russia": "////", "France": "...."}


def shares_figure(shares: pd.DataFrame, comparison: pd.DataFrame):
    """Grouped bars of China's, Russia's and France's shares per window -> (fig, data drawn, texts).

    `texts` holds what the title, alt text, note and source keys need: 'both_or_all', 'china_led',
    the formatted shares ('cn_first', 'fr_last', ...), France's renderings and the 'keys'.
    """
    first, last = comparison.iloc[0], comparison.iloc[-1]
    drawn, fr_first, fr_last, others = _france_and_others(shares, comparison)
    periods = list(comparison["period"])
    alt_outlet = shares.loc[shares["share_pct"].eq(fr_first["alt_value"]) & shares["supplier"].eq("France"),
                            "rendered_by"].iloc[0].split("(")[0].strip()
    x = np.arange(len(periods))
    width = 0.26
    fig, ax = charts.figure(height=2.5)
    for i, supplier in enumerate(DRAWN_SUPPLIERS):
        rows = drawn[drawn["supplier"] == supplier].set_index("period").reindex(periods)
        xs = x + (i - 1) * width
        ax.bar(xs, rows["share_pct"], width, color=charts.ACTOR[supplier], hatch=SHARE_HATCHES[supplier],
               edgecolor="white", linewidth=0.5, label=supplier)
        for xi, v in zip(xs, rows["share_pct"]):
            ax.annotate(f"{v:g}%", (xi, v), xytext=(0, 2), textcoords="offset points", ha="center",
                        va="bottom", fontsize=8.5, fontweight="bold", color=charts.TEXT)
        alt = rows.dropna(subset=["alt_value"])
        for period, r in alt.iterrows():
            xi = x[periods.index(period)] + (i - 1) * width
            ax.plot([xi + width * 0.55], [r["alt_value"]], marker="D", markersize=5, markerfacecolor="white",
                    markeredgecolor=charts.ACTOR[supplier], linestyle="none")
            ax.annotate(f"{r['alt_value']:g}% in a repost", (xi + width * 0.55, r["alt_value"]),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=7.5, color=charts.GREY,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xticks(x, [f"SIPRI window {period_label(int(r.period_start), int(r.period_end))}"
                      for r in comparison.itertuples()])
    ax.set_ylabel("Share of Serbia's imports (% of TIV)")
    ax.set_ylim(0, 75)
    ax.legend(loc="upper left", ncols=3)
    ax.grid(axis="x", visible=False)
    keys = sources.keys_of(drawn)
    texts = {
        "china_led": set(comparison["larger"]) == {"China"},
        "both_or_all": "both" if len(comparison) == 2 else "all",
        "keys": keys + [k for k in sources.split_keys(";".join(drawn["alt_sources"])) if k not in keys],
        "first_period": first["period"], "last_period": last["period"],
        "first_label": period_label(first["period_start"], first["period_end"]),
        "cn_first": glue.percent(first["china_low"]), "ru_first": glue.percent(first["russia_low"]),
        "fr_first": glue.percent(fr_first["share_pct"]),
        "cn_last": glue.percent(last["china_low"]), "ru_last": glue.percent(last["russia_low"]),
        "fr_last": glue.percent(fr_last["share_pct"]),
        "fr_used": f"{fr_first['share_pct']:g}", "fr_used_by": fr_first["rendered_by"],
        "fr_alt": f"{fr_first['alt_value']:g}", "fr_alt_by": alt_outlet, "others": f"{others['share_pct']:g}",
    }
    return fig, drawn.drop(columns=["notes"]), texts


def weapon_timeline(deliveries: pd.DataFrame) -> pd.DataFrame:
    """`delivery_timeline` without non-lethal equipment: the weapon systems."""
    timeline = delivery_timeline(deliveries)
    return timeline[timeline["category"] != "non_lethal"]


def chinese_donations(deliveries: pd.DataFrame) -> pd.DataFrame:
    """The rows of Chinese donations (non-lethal equipment)."""
    return deliveries[(deliveries["supplier"] == "China") & (deliveries["terms"] == "donation")]


def deliveries_numbers(deliveries: pd.DataFrame, events: pd.DataFrame) -> dict[str, str]:
    """Prose values of the deliveries section: counts, dates, quantities and prices by system."""
    d = deliveries.set_index("id")
    timeline = delivery_timeline(deliveries)
    weapons = timeline[timeline["category"] != "non_lethal"]
    cn = weapons[weapons["supplier"] == "China"]
    rb = weapons[weapons["group"] == "Russia/Belarus"]
    assert (cn["terms"] == "purchase").all()
    cn_rows = deliveries[(deliveries["supplier"] == "China") & (deliveries["category"] != "non_lethal")]
    priced = cn_rows.dropna(subset=["value"])["system"].nunique()
    donated = rb[rb["terms"] == "donation"]
    assert set(donated["category"]) >= {"aircraft", "armour"}
    last_ru = rb.dropna(subset=["date"]).sort_values("date").iloc[-1]
    ch = timeline[timeline["system"] == d.loc["cn_ch92a_official", "system"]].iloc[0]
    cn_don = chinese_donations(deliveries)

    def n(id_):
        return f"{int(d.loc[id_, 'quantity_low'])}"

    def when(id_, col, precision=None):
        return glue.date_text(d.loc[id_, col], precision)

    def event(id_):
        return glue.date_text(data.row(events, id_)["date"])

    return {
        "mil_cn_systems": f"{len(cn)}",
        "mil_cn_priced": "one" if priced == 1 else f"{priced}",
        "mil_cn_noqty": f"{cn.loc[cn['quantity_low'].isna(), 'system'].nunique()}",
        "mil_rb_n": f"{len(rb)}",
        "mil_rb_don": f"{len(donated)}",
        "mil_ru_mig_n": n("ru_mig29"),
        "mil_ru_mig_month": when("ru_mig29", "first_delivery", "month"),
        "mil_by_mig_n": n("by_mig29"),
        "mil_by_mig_month": when("by_mig29", "first_delivery", "month"),
        "mil_t72_n": n("ru_t72ms"),
        "mil_brdm_n": n("ru_brdm2ms"),
        "mil_t72_val": f"{d.loc['ru_t72ms', 'value'] / 1e6:g}",
        "mil_t72_economx": f"{d.loc['ru_t72ms_economx', 'value'] / 1e6:g}",
        "mil_pantsir_date": when("ru_pantsir", "first_delivery"),
        "mil_pantsir_n": n("ru_pantsir"),
        "mil_mi35m_n": n("ru_mi35m"),
        "mil_last_ru_month": f"{last_ru['date']:%B %Y}",
        "mil_last_ru_system": last_ru["system"].split()[0],
        "mil_ch92a_month": when("cn_ch92a_official", "first_delivery"),
        "mil_ch92a_show": when("cn_ch92a_official", "public_unveiling"),
        "mil_ch92a_qty": quantity_text(ch["quantity_low"], ch["quantity_high"]),
        "mil_ch92a_official": n("cn_ch92a_official"),
        "mil_ch92a_ukdj": n("cn_ch92a_ukdj"),
        "mil_ch92a_price": f"${d.loc['cn_ch92a_official', 'value'] / 1e6:.1f} million",
        "mil_ft8_n": n("cn_ft8_missiles"),
        "mil_fk3_order": when("cn_fk3", "order_date"),
        "mil_fk3_date": when("cn_fk3", "first_delivery"),
        "mil_fk3_year": when("cn_fk3", "first_delivery", "year"),
        "mil_fk3_show": when("cn_fk3", "public_unveiling"),
        "mil_fk3_batteries": n("cn_fk3"),
        "mil_vucic_fk3_date": event("vucic_fk3_2020"),
        "mil_hq17_show": when("cn_hq17ae", "public_unveiling"),
        "mil_cm400_date": when("cn_cm400akg", "public_unveiling"),
        "mil_cm400_month": when("cn_cm400akg", "public_unveiling", "month"),
        "mil_vucevic_date": event("vucevic2023"),
        "mil_h145_n": n("de_h145m"),
        "mil_h145_month": when("de_h145m", "first_delivery"),
        "mil_mistral_l": quantity_text(d.loc["fr_mistral3_launchers", "quantity_low"],
                                       d.loc["fr_mistral3_launchers", "quantity_high"]),
        "mil_mistral_m": n("fr_mistral3_missiles"),
        "mil_mistral_date": when("fr_mistral3_launchers", "order_date", "month"),
        "mil_c295_n": n("es_c295"),
        "mil_c295_val": f"€{d.loc['es_c295', 'value'] / 1e6:g} million",
        "mil_mi35p_n": n("cy_mi35p"),
        "mil_raf_n": n("fr_rafale"),
        "mil_raf_val": f"€{d.loc['fr_rafale', 'value'] / 1e9:g} billion",
        "mil_raf_date": when("fr_rafale", "order_date"),
        "mil_raf_by": number_in(d.loc["fr_rafale", "date_note"], r"by (\d{4})"),
        "mil_largest_value": ("the Rafale contract" if d["value"].idxmax() == "fr_rafale"
                              else d.loc[d["value"].idxmax(), "system"]),
        "mil_cn_don_n": f"{len(cn_don)}",
        "mil_cn_don_first": cn_don["order_date"].dropna().min()[:4],
        "mil_cn_don_last": d.loc["cn_donation_2019", "first_delivery"][:4],
        "mil_cn_don_cum": number_in(d.loc["cn_donation_2019", "notes"],
                                    r"cumulative Chinese donations about ([\d.]+) million EUR"),
    }


CATEGORY = {"uav": "drones", "air_defence": "air defence", "missile": "missiles", "aircraft": "fighters",
            "helicopter": "helicopters", "armour": "armoured vehicles", "anti_tank": "anti-tank missiles",
            "transport": "transport aircraft", "non_lethal": "non-lethal equipment"}
DATE_KIND = {"delivery": ("o", "full", "First delivery"),
             "unveiling": ("o", "none", "First shown or confirmed (delivery date unknown)"),
             "contract": ("X", "full", "Contract signed (no delivery date found)")}
GROUPS = ["China", "Russia/Belarus", "Western (EU states)"]


def _timeline_label(r) -> str:
    unit = "" if r["quantity_unit"] == "units" or CATEGORY[r["category"]] == r["quantity_unit"] else r["quantity_unit"]
    qty = quantity_text(r["quantity_low"], r["quantity_high"], unit or None)
    who = f" ({r['supplier'].split('/')[0]})" if r["group"] != "China" else ""
    return f"{short_name(r['system'])} {CATEGORY[r['category']]}{who}: {qty}"


def deliveries_figure(deliveries: pd.DataFrame):
    """Dot timeline of weapon systems by supplier group -> (fig, data drawn, texts).

    `texts`: 'first_cn_year' (first dated Chinese system), 'undated' (systems with no date) and
    'cn_donations' (number of Chinese donation rows, not drawn).
    """
    colour = {"China": charts.ACTOR["China"], "Russia/Belarus": charts.ACTOR["Russia"],
              "Western (EU states)": charts.ACTOR["Western suppliers"]}
    weapons = weapon_timeline(deliveries)
    cn = weapons[weapons["supplier"] == "China"]
    plot = weapons.dropna(subset=["date"]).copy()
    undated = weapons[weapons["date"].isna()]
    plot["group_order"] = plot["group"].map(GROUPS.index)
    plot = plot.sort_values(["group_order", "date"], ascending=[True, True]).reset_index(drop=True)
    plot["label"] = plot.apply(_timeline_label, axis=1)
    n = len(plot)
    y = np.arange(n)[::-1] + 0.0
    # Leave a gap between supplier groups.
    gap = plot["group_order"].to_numpy() * 0.8
    y = y - gap + gap.max()
    fig, ax = charts.figure(height=0.24 * n + 0.6)
    for (yi, r) in zip(y, plot.to_dict("records")):
        marker, fill, _ = DATE_KIND[r["date_kind"]]
        c = colour[r["group"]]
        if r["date_precision"] == "year":
            start = pd.Timestamp(year=r["date"].year, month=1, day=1)
            ax.plot([start, start + pd.offsets.YearEnd(0)], [yi, yi], color=c, linewidth=2.2, alpha=0.35,
                    solid_capstyle="butt")
        ax.plot([r["date"]], [yi], marker=marker, fillstyle=fill, markersize=6.5, color=c,
                markeredgecolor=c, linestyle="none")
        if r["quantity_contested"]:
            ax.annotate("range", (r["date"], yi), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=7, color=charts.GREY, style="italic")
    ax.set_yticks(y, plot["label"], fontsize=7.5)
    for tick, r in zip(ax.get_yticklabels(), plot.to_dict("records")):
        tick.set_color(colour[r["group"]])
    for g in GROUPS:
        ys = y[plot["group"] == g]
        if len(ys):
            ax.text(1.0, ys.max(), g, transform=ax.get_yaxis_transform(), ha="right", va="center",
                    fontsize=8.5, fontweight="bold", color=colour[g])
    ax.set_xlim(pd.Timestamp("2016-01-01"), data.cutoff() + pd.Timedelta(days=60))
    ax.set_ylim(y.min() - 0.8, y.max() + 0.8)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    handles = [mlines.Line2D([], [], marker=m, fillstyle=f, color=charts.TEXT, linestyle="none", markersize=6,
                             label=lab) for m, f, lab in DATE_KIND.values()]
    handles.append(mlines.Line2D([], [], color=charts.GREY, linewidth=2.2, alpha=0.5, label="Only the year is known"))
    ax.legend(handles=handles, loc="lower left", ncols=1, fontsize=7, borderaxespad=0.2)
    fig.subplots_adjust(left=0.40, right=0.98)
    texts = {"first_cn_year": cn["date"].min().year,
             "undated": "; ".join(f"{short_name(r.system)} ({r.supplier})" for r in undated.itertuples()),
             "cn_donations": len(chinese_donations(deliveries))}
    return fig, plot.drop(columns=["group_order"]), texts


QUANTITY_BASIS = {"official_statement": "official", "official_and_rferl": "official and RFE/RL",
                  "media_report": "media report", "media_estimate": "media estimate", "planned": "planned"}


def register_rows(deliveries: pd.DataFrame) -> pd.DataFrame:
    """The register of deliveries sorted by supplier group and date, with the texts the table shows.

    Adds 'system_text', 'category_text', 'terms_value' and the quantity text ('quantity');
    repeated reports of a system and planned quantities say their basis.
    """
    register = deliveries.copy()
    register["group_order"] = register["supplier"].map(lambda s: GROUPS.index(SUPPLIER_GROUP.get(s, GROUPS[2])))
    register["sort_date"] = [partial_date(t)[0] for t in
                             register["first_delivery"].fillna(register["public_unveiling"]).fillna(register["order_date"])]
    register["conf_rank"] = register["confidence"].map(CONFIDENCE_RANK)
    register = register.sort_values(["group_order", "sort_date", "conf_rank", "id"], na_position="last")
    register["category_text"] = register["category"].map(CATEGORY)
    repeated = register.duplicated(subset=["supplier", "system"], keep=False)
    register["quantity"] = [
        quantity_text(lo, hi, None if u == "units" else u) + (f" ({QUANTITY_BASIS[b]})" if rep or b == "planned" else "")
        for lo, hi, u, b, rep in zip(register["quantity_low"], register["quantity_high"],
                                     register["quantity_unit"], register["basis"], repeated)]
    register["system_text"] = [("Equipment donation" if c == "non_lethal" else short_name(sy))
                               + (" follow-on" if "follow-on" in sy else "") + f" ({CATEGORY[c]})"
                               for sy, c in zip(register["system"], register["category"])]
    register["terms_value"] = [t + (f", {glue.money(v, c, q, unit=1, long=True)}" if pd.notna(v) else "")
                               for t, v, c, q in zip(register["terms"], register["value"], register["currency"],
                                                     register["value_qualifier"])]
    return register


def exercise_numbers(exercises: pd.DataFrame) -> dict[str, str]:
    """Prose values of the exercises section: Peace Guardian-2025, Smederevo and PLA drills in Europe."""
    ex = exercises.set_index("id")
    pg = ex.loc["peaceguardian2025"]
    pg_start, pg_end = pd.Timestamp(pg["start_date"]), pd.Timestamp(pg["end_date"])
    pg_heads = exercises.loc[exercises["event_id"] == pg["event_id"],
                             ["headcount_china", "headcount_serbia", "headcount_total"]]
    smed = exercises[exercises["event_id"] == "smederevo2019"]
    smed_start = pd.Timestamp(smed["start_date"].iloc[0])
    ctx = exercises[exercises["scope"] == "context"].sort_values("start_date")
    before = ctx[pd.to_datetime(ctx["start_date"]) < smed_start]
    return {
        "mil_pg_month": f"{pg_start:%B %Y}",
        "mil_pg_dates": (f"{pg_start:%-d} to {pg_end:%-d %B %Y}" if pg_start.month == pg_end.month
                         else f"{pg_start:%-d %B} to {pg_end:%-d %B %Y}"),
        "mil_pg_unit": pg["units"].split(";")[0].replace("Serbian ", "").strip(),
        "mil_pg_place": pg["place"].replace(" province", ""),
        "mil_pg_heads": "were not published" if pg_heads.isna().all().all() else "were published",
        "mil_smed_year": f"{smed_start.year}",
        "mil_smed_date": f"{smed_start:%-d %B %Y}",
        "mil_smed_n": f"{int(smed['headcount_china'].dropna().iloc[0])}",
        "mil_smed_total": f"{int(smed['headcount_total'].dropna().iloc[0])}",
        "mil_gz_date": f"{pd.Timestamp(ex.loc['guangzhou2024', 'start_date']):%-d %B %Y}",
        "mil_ctx_before_n": {1: "once", 2: "twice"}.get(len(before), f"{len(before)} times"),
        "mil_de_year": f"{pd.Timestamp(ex.loc['ctx_dashingeagle2015', 'start_date']).year}",
        "mil_ca_month": f"{pd.Timestamp(ex.loc['ctx_combinedaid2019', 'start_date']):%B %Y}",
        "mil_ea_year": f"{pd.Timestamp(ex.loc['ctx_eagleassault2024', 'start_date']).year}",
    }


def exercise_rows(exercises: pd.DataFrame) -> pd.DataFrame:
    """Military exercises by start date, with 'dates', 'scope_text', 'name_text' and 'where' for the table."""
    mil = exercises[exercises["force"] == "military"].sort_values("start_date").copy()
    mil["dates"] = [f"{pd.Timestamp(s):%-d %b}–{pd.Timestamp(e):%-d %b %Y}" if s != e else f"{pd.Timestamp(s):%-d %b %Y}"
                    for s, e in zip(mil["start_date"], mil["end_date"])]
    mil["scope_text"] = mil["scope"].map({"china_serbia": "China–Serbia", "context": "Context (no Serbia)"})
    mil["name_text"] = mil["name"].fillna("(no code name found)").str.split(" \\(").str[0]
    mil["where"] = mil["place"] + ", " + mil["country"]
    return mil


# Figures glued as `<key>` (amount), `<key>_year` and `<key>_gdp`, with the currency sign of the amount.
SPENDING_FIGURES = {
    "mil_sipri_2019": ("ms_2019_sipri_usd", "$"), "mil_sipri_2024": ("ms_2024_sipri_usd", "$"),
    "mil_np_2023": ("ms_2023_sipri_newspravda_usd", "$"), "mil_out_2015": ("ms_2015_outturn_eur", "€"),
    "mil_out_2018": ("ms_2018_outturn_eur", "€"), "mil_rev_2019": ("ms_2019_revised_eur", "€"),
    "mil_stmt_2018": ("ms_2018_statement_eur", "€"), "mil_janes_2018": ("ms_2018_janes_usd", "$"),
    "mil_rev_2021": ("ms_2021_revised_eur", "€"), "mil_janes_2021": ("ms_2021_janes_usd", "$"),
    "mil_econ_2021": ("ms_2021_economist_usd", "$"), "mil_bdm_2021": ("ms_2021_bdm_share", None),
    "mil_plan_2024": ("ms_2024_plan_eur", "€"), "mil_plus_2024": ("ms_2024_plan_plus_eur", "€"),
    "mil_bsn_2024": ("ms_2024_plan_plus_usd_bsn", "$"), "mil_bdm_2024": ("ms_2024_bdm_projection", None),
    "mil_np_2024": ("ms_2024_sipri_newspravda_usd", "$"), "mil_stmt_2026": ("ms_2026_statement_share", None),
}


def spending_2024(spending: pd.DataFrame) -> pd.DataFrame:
    """The figures for SIPRI's latest year (2024), one per source and basis (dinar rows dropped)."""
    y2024 = spending[spending["year"] == spending.set_index("id").loc["ms_2024_sipri_usd", "year"]]
    # RSD rows are the same plan as their euro rows.
    return y2024[y2024["currency"].fillna("") != "RSD"]


def spending_numbers(spending: pd.DataFrame) -> dict[str, str]:
    """Prose values of the spending section: each figure's amount, year and GDP share; counts per year."""
    sp = spending.set_index("id")
    out = {}
    for key, (id_, sign) in SPENDING_FIGURES.items():
        out[key + "_year"] = f"{sp.loc[id_, 'year']}"
        if sign:
            out[key] = glue.money(sp.loc[id_, "value"], sign, long=True)
        if pd.notna(sp.loc[id_, "share_gdp_pct"]):
            out[key + "_gdp"] = f"{sp.loc[id_, 'share_gdp_pct']:g}"
    y2024 = spending[spending["year"] == sp.loc["ms_2024_sipri_usd", "year"]]
    figures = spending_2024(spending)
    out.update({
        "mil_rafale_instalment": number_in(sp.loc["ms_2024_plan_plus_eur", "notes"],
                                           r"excludes the (\d+) million euro Rafale"),
        "mil_n_2021": f"{int((spending['year'] == '2021').sum())}",
        "mil_n_2018": f"{int((spending['year'] == '2018').sum())}",
        "mil_2024_n": f"{len(figures)}",
        "mil_2024_gdp_min": f"{y2024['share_gdp_pct'].min():g}",
        "mil_2024_gdp_max": f"{y2024['share_gdp_pct'].max():g}",
        "mil_2024_bases": f"{figures['basis'].nunique()}",
    })
    return out


# Basis -> (legend name, colour index in charts.PALETTE, marker, x offset of the marker).
SPENDING_BASIS = {"sipri_estimate": ("SIPRI estimate", 0, "o", -0.22),
                  "budget_plan": ("Budget plan or revision", 1, "s", 0.12),
                  "budget_outturn": ("Budget outturn (final accounts)", 2, "D", 0.0),
                  "analyst_estimate": ("Analyst estimate (Janes, The Economist)", 4, "v", -0.22),
                  "ministry": ("Political statement", 3, "^", 0.12)}
_LEFT_LABEL = {"sipri_estimate", "analyst_estimate"}
_PREFIX = {"at_least": "≥", "at_most": "≤"}


def _span(frame: pd.DataFrame, col: str, scale=1) -> str:
    v = frame[col].dropna() / scale
    return f"{v.min():g} to {v.max():g}"


def spending_figure(spending: pd.DataFrame):
    """Unjoined markers of spending by basis in dollars, euros and % of GDP -> (fig, data drawn, texts).

    `texts`: 'growth' (SIPRI 2019 to 2024 in words), 'from_year', 'to_year', and the ranges
    'usd_span', 'eur_span' (billion) and 'gdp_span' (percent) for the alt text.
    """
    drawn_sp = spending[spending["currency"].fillna("") != "RSD"].copy()
    drawn_sp["year_n"] = drawn_sp["year"].astype(int)
    fig, axes = charts.figure(height=5.0, nrows=2, ncols=2,
                              gridspec_kw={"height_ratios": [1.25, 1], "hspace": 0.45, "wspace": 0.22})
    gs = axes[1, 0].get_gridspec()
    for a in axes[1]:
        a.remove()
    ax_gdp = fig.add_subplot(gs[1, :])
    panels = [(axes[0, 0], "USD", "US dollars, billion", "value"), (axes[0, 1], "EUR", "Euros, billion", "value"),
              (ax_gdp, None, "Percent of GDP", "share_gdp_pct")]
    for ax, currency, ylabel, col in panels:
        rows = drawn_sp if currency is None else drawn_sp[drawn_sp["currency"] == currency]
        rows = rows.dropna(subset=[col])
        if currency is None:
            rows = rows.drop_duplicates(subset=["year", "basis", "share_gdp_pct", "rendered_by"])
        for basis, (_, colour_i, marker, dx) in SPENDING_BASIS.items():
            colour = charts.PALETTE[colour_i]
            b = rows[rows["basis"] == basis]
            if b.empty:
                continue
            scale = 1000 if currency else 1
            b = b.sort_values(col, ascending=False)
            b = b.assign(k=b.groupby("year_n").cumcount(), m=b.groupby("year_n")["year_n"].transform("size"))
            for r in b.itertuples():
                v = getattr(r, col) / scale
                low = r.confidence == "low"
                step = 0.22 if col == "share_gdp_pct" else 0.16
                xpos = r.year_n + dx + (step * r.k if basis not in _LEFT_LABEL else -step * r.k)
                ax.plot([xpos], [v], marker=marker, markersize=6, linestyle="none", color=colour,
                        markerfacecolor="white" if low else colour, markeredgewidth=1.3)
                left = basis in _LEFT_LABEL
                ax.annotate(f"{_PREFIX.get(r.qualifier, '')}{v:.3g}", (xpos, v),
                            xytext=(-5 if left else 5,
                                    ((r.m - 1) / 2 - r.k) * 9 if r.m > 1 and col == "share_gdp_pct" else 0),
                            textcoords="offset points", va="center", ha="right" if left else "left",
                            fontsize=6.5, color=colour)
        ax.set_ylabel(ylabel)
        ax.set_xlim(2014.5, 2026.8)
        ax.set_xticks(range(2015, 2027, 2 if currency else 1))
        ax.set_ylim(0, None)
        ax.set_title({"USD": "Amounts in US dollars", "EUR": "Amounts in euros", None: "Share of GDP"}[currency],
                     loc="left", fontsize=8.5, fontweight="bold")
    ax_gdp.set_ylim(0, 3.4)
    handles = [mlines.Line2D([], [], marker=m, color=charts.PALETTE[c], linestyle="none", markersize=6, label=n)
               for n, c, m, _ in SPENDING_BASIS.values()]
    handles.append(mlines.Line2D([], [], marker="o", color=charts.GREY, markerfacecolor="white", linestyle="none",
                                 markersize=6, label="Hollow: low-reliability source"))
    ax_gdp.legend(handles=handles, loc="lower center", ncols=3, fontsize=7, bbox_to_anchor=(0.5, 0.0))
    sp = spending.set_index("id")
    s19, s24 = sp.loc["ms_2019_sipri_usd"], sp.loc["ms_2024_sipri_usd"]
    ratio = float(s24["value"] / s19["value"])
    growth = ("nearly doubled" if 1.8 <= ratio < 2 else
              ("more than doubled" if ratio >= 2 else f"grew by {ratio - 1:.0%}"))
    usd, eur = drawn_sp[drawn_sp["currency"] == "USD"], drawn_sp[drawn_sp["currency"] == "EUR"]
    texts = {"growth": growth, "from_year": s19["year"], "to_year": s24["year"],
             "usd_span": _span(usd, "value", 1000), "eur_span": _span(eur, "value", 1000),
             "gdp_span": _span(drawn_sp, "share_gdp_pct")}
    return fig, drawn_sp.drop(columns=["year_n"]), texts


def spending_2024_rows(spending: pd.DataFrame) -> pd.DataFrame:
    """The 2024 figures ordered by basis then value, with 'basis_text' and 'amount' for the table."""
    t24 = spending_2024(spending).copy()
    t24["basis_text"] = t24["basis"].map({k: v[0] for k, v in SPENDING_BASIS.items()})
    t24["amount"] = [None if pd.isna(v) else (f"{v / 1000:.3g} billion {c}" if v >= 1000 else f"{v:g} million {c}")
                     for v, c in zip(t24["value"], t24["currency"])]
    t24["order"] = t24["basis"].map(list(SPENDING_BASIS).index)
    return t24.sort_values(["order", "value"])


def policy_numbers(events: pd.DataFrame) -> dict[str, str]:
    """Prose values of the policy section: neutrality vote, warnings' dates, the trade agreement's terms."""
    def date(id_):
        return glue.date_text(data.row(events, id_)["date"])

    def year(id_):
        return f"{partial_date(data.row(events, id_)['date'])[0].year}"

    votes = re.search(r"Passed (\d+) to (\d+) with (\d+) abstentions", data.row(events, "neutrality2007")["description"])
    fta = data.row(events, "fta_signed2023")["description"]
    phases = [int(x) for x in re.findall(r"\d+", number_in(fta, r"phased over ([\d, or]+) years"))]
    entries = sources.entries()
    out = {
        "mil_neut_date": date("neutrality2007"), "mil_neut_for": votes.group(1),
        "mil_neut_against": votes.group(2), "mil_neut_abst": votes.group(3),
        "mil_neut2026_date": date("neutrality2026"),
        "mil_us2020_date": date("us_warning2020"), "mil_us2020_year": year("us_warning2020"),
        "mil_vucic2020_date": date("vucic_fk3_2020"), "mil_palmer_date": date("palmer2019"),
        "mil_us2022_month": date("us_warning2022"), "mil_stano2020_date": date("eu_stano2020"),
        "mil_germany_date": date("germany2022"), "mil_mfa_date": date("china_mfa2022"),
        "mil_eu2025_month": date("eu_warning2025"), "mil_croatia_date": date("croatia2026"),
        "mil_eu_fta2022": date("eu_fta2022"), "mil_eu_fta2023": date("eu_fta2023"),
        "mil_fta_signed": date("fta_signed2023"), "mil_fta_year": year("fta_signed2023"),
    }
    out.update({
        "mil_fta_inforce": date("fta_inforce2024"),
        "mil_fta_lines": number_in(fta, r"tariffs removed on (\d+)% of tariff lines"),
        "mil_fta_immediate": number_in(fta, r"over (\d+)% immediately"),
        "mil_fta_phases": ", ".join(map(str, phases[:-1])) + f" or {phases[-1]}",
        "mil_fta_years": f"{max(phases)}",
        "mil_diplomat_date": f"{pd.Timestamp(entries['thediplomat2023fta']['date']):%B %Y}",
        "mil_scmp_date": f"{pd.Timestamp(entries['scmp2024fta']['date']):%B %Y}",
    })
    return out
