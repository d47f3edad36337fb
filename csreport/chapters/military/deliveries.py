"""The register of arms deliveries to Serbia: timeline, supplier-group summaries, figure and table."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.lines as mlines
import numpy as np
import pandas as pd

from csreport import data
from csreport.data import partial_date, sources
from csreport.report import charts, glue

GROUPS = ["China", "Russia/Belarus", "Western (EU states)"]  # the order of the figure and the table
CATEGORY = {
    "uav": "drones",
    "air_defence": "air defence",
    "missile": "missiles",
    "aircraft": "fighters",
    "helicopter": "helicopters",
    "armour": "armoured vehicles",
    "anti_tank": "anti-tank missiles",
    "transport": "transport aircraft",
    "non_lethal": "non-lethal equipment",
}
QUANTITY_BASIS = {
    "official_statement": "official",
    "official_and_rferl": "official and RFE/RL",
    "media_report": "media report",
    "media_estimate": "media estimate",
    "planned": "planned",
}
# Which date a system is placed at, in order of preference, and how it is marked.
DATE_COLUMNS = (("first_delivery", "delivery"), ("public_unveiling", "unveiling"), ("order_date", "contract"))
DATE_KIND = {
    "delivery": ("o", "full", "First delivery"),
    "unveiling": ("o", "none", "First shown or confirmed (delivery date unknown)"),
    "contract": ("X", "full", "Contract signed (no delivery date found)"),
}
GROUP_COLOUR = {
    "China": charts.ACTOR["China"],
    "Russia/Belarus": charts.ACTOR["Russia"],
    "Western (EU states)": charts.ACTOR["Western suppliers"],
}


def _placed(row: pd.Series):
    """(date, its text, kind, precision) of the first date column a row fills, or NaT and Nones."""
    for col, kind in DATE_COLUMNS:
        when, precision = partial_date(row[col])
        if not pd.isna(when):
            return when, row[col], kind, precision
    return pd.NaT, None, None, None


def delivery_timeline(deliveries: pd.DataFrame) -> pd.DataFrame:
    """One row per supplier and system: the date to plot, what it is, the quantity range.

    Rows about the same supplier and system (e.g. a contested count) are merged: the quantity
    becomes the range of all renderings (lowest low to highest high), the date is that of the
    best-sourced row: its first delivery, failing that its first display or confirmation,
    failing that its contract (`date_kind` says which). Systems with no date get NaT.
    """
    ranked = deliveries.assign(_rank=data.confidence_rank(deliveries["confidence"]))
    out = []
    for (supplier, system), group in ranked.sort_values("_rank", kind="stable").groupby(
        ["supplier", "system"], sort=False
    ):
        best = group.iloc[0]
        when, text, kind, precision = _placed(best)
        low, high = group["quantity_low"].min(), group["quantity_high"].max()
        out.append(
            {
                "supplier": supplier,
                "group": best["supplier_group"],
                "system": system,
                "short_name": best["short_name"],
                "category": best["category"],
                "terms": best["terms"],
                "date": when,
                "date_text": text,
                "date_kind": kind,
                "date_precision": precision,
                "quantity_low": low,
                "quantity_high": high,
                "quantity_unit": best["quantity_unit"],
                "quantity_contested": bool(pd.notna(low) and pd.notna(high) and low != high),
                "rows": len(group),
                "sources": ";".join(sources.keys_of(group)),
            }
        )
    return pd.DataFrame(out)


def weapon_timeline(deliveries: pd.DataFrame) -> pd.DataFrame:
    """`delivery_timeline` without non-lethal equipment: the weapon systems."""
    timeline = delivery_timeline(deliveries)
    return timeline[timeline["category"] != "non_lethal"]


def donations(deliveries: pd.DataFrame, group: str) -> pd.DataFrame:
    """The rows of non-lethal donations by a supplier group."""
    return deliveries[
        deliveries["supplier_group"].eq(group)
        & deliveries["category"].eq("non_lethal")
        & deliveries["terms"].eq("donation")
    ]


@dataclass(frozen=True)
class GroupSummary:
    """What a supplier group transferred: weapon systems by terms, and what is known about them."""

    systems: int  # weapon systems (non-lethal equipment excluded), contested reports merged
    purchased: int
    donated: int
    priced: int  # systems with a value in at least one row
    unquantified: int  # systems whose quantity no row gives
    donated_categories: frozenset


def group_summary(deliveries: pd.DataFrame, group: str) -> GroupSummary:
    """The `GroupSummary` of supplier group `group` ('China', 'Russia/Belarus' ...)."""
    weapons = weapon_timeline(deliveries)
    mine = weapons[weapons["group"] == group]
    rows = deliveries[deliveries["supplier_group"].eq(group) & deliveries["category"].ne("non_lethal")]
    donated = mine[mine["terms"] == "donation"]
    return GroupSummary(
        systems=len(mine),
        purchased=int((mine["terms"] == "purchase").sum()),
        donated=len(donated),
        priced=rows.dropna(subset=["value"])["system"].nunique(),
        unquantified=mine.loc[mine["quantity_low"].isna(), "system"].nunique(),
        donated_categories=frozenset(donated["category"]),
    )


def latest_dated(deliveries: pd.DataFrame, group: str) -> pd.Series:
    """The weapon system of `group` placed last on the timeline (its `date`, `short_name` ...)."""
    weapons = weapon_timeline(deliveries)
    dated = weapons[weapons["group"].eq(group)].dropna(subset=["date"])
    if dated.empty:
        raise ValueError(f"arms_deliveries: no dated weapon system for supplier group '{group}'")
    return dated.sort_values("date").iloc[-1]


def latest_confirmed(deliveries: pd.DataFrame, group: str) -> pd.Series:
    """The weapon system of `group` confirmed last: the row with the latest `confirmed` date
    (when the sources first show the system in Serbia's hands), non-lethal equipment left out.

    This is the one rule for "the latest Chinese system": the military chapter and the outlook
    both call it, so they name the same system. Partial dates are placed mid-period (a system
    confirmed in "2024" counts as mid-2024); a tie goes to the later row id. Adds `when`. Raises
    ValueError if the group has no confirmed weapon system.
    """
    rows = deliveries[deliveries["supplier_group"].eq(group) & deliveries["category"].ne("non_lethal")]
    rows = rows.dropna(subset=["confirmed"])
    if rows.empty:
        raise ValueError(f"arms_deliveries: no weapon system of supplier group '{group}' has a 'confirmed' date")
    rows = rows.assign(when=rows["confirmed"].map(lambda d: partial_date(d)[0]))
    return rows.sort_values(["when", "id"], kind="stable").iloc[-1]


def quantity_text(low, high, unit: str | None = None) -> str:
    """'6', '6–9' or 'not published', with the unit if given (chart and table labels)."""
    if low is None or pd.isna(low):
        return "not published"
    text = glue.count_range(low, high)
    return f"{text} {unit}" if unit else text


def _timeline_label(r) -> str:
    unit = "" if r["quantity_unit"] == "units" or CATEGORY[r["category"]] == r["quantity_unit"] else r["quantity_unit"]
    qty = quantity_text(r["quantity_low"], r["quantity_high"], unit or None)
    who = f" ({r['supplier'].split('/')[0]})" if r["group"] != "China" else ""
    return f"{r['short_name']} {CATEGORY[r['category']]}{who}: {qty}"


def _timeline_rows(weapons: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The dated systems in plot order with their labels, and their y positions (a gap between groups)."""
    plot = weapons.dropna(subset=["date"]).copy()
    plot["group_order"] = plot["group"].map(GROUPS.index)
    plot = plot.sort_values(["group_order", "date"], kind="stable").reset_index(drop=True)  # ties: table order
    plot["label"] = plot.apply(_timeline_label, axis=1)
    gap = plot["group_order"].to_numpy() * 0.8
    y = np.arange(len(plot))[::-1] + 0.0 - gap + gap.max()
    return plot, y


def _draw_marks(ax, plot: pd.DataFrame, y: np.ndarray) -> None:
    for yi, r in zip(y, plot.to_dict("records")):
        marker, fill, _ = DATE_KIND[r["date_kind"]]
        c = GROUP_COLOUR[r["group"]]
        if r["date_precision"] == "year":
            start = pd.Timestamp(year=r["date"].year, month=1, day=1)
            ax.plot(
                [start, start + pd.offsets.YearEnd(0)],
                [yi, yi],
                color=c,
                linewidth=2.2,
                alpha=0.35,
                solid_capstyle="butt",
            )
        ax.plot(
            [r["date"]],
            [yi],
            marker=marker,
            fillstyle=fill,
            markersize=6.5,
            color=c,
            markeredgecolor=c,
            linestyle="none",
        )
        if r["quantity_contested"]:
            ax.annotate(
                "range",
                (r["date"], yi),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color=charts.GREY,
                style="italic",
            )


def _label_axes(ax, plot: pd.DataFrame, y: np.ndarray) -> None:
    ax.set_yticks(y, plot["label"], fontsize=7.5)
    for tick, group in zip(ax.get_yticklabels(), plot["group"]):
        tick.set_color(GROUP_COLOUR[group])
    for g in GROUPS:
        ys = y[plot["group"] == g]
        if len(ys):
            ax.text(
                1.0,
                ys.max(),
                g,
                transform=ax.get_yaxis_transform(),
                ha="right",
                va="center",
                fontsize=8.5,
                fontweight="bold",
                color=GROUP_COLOUR[g],
            )
    first_year = plot["date"].min().year
    ax.set_xlim(pd.Timestamp(year=first_year, month=1, day=1), data.cutoff() + pd.Timedelta(days=60))
    ax.set_ylim(y.min() - 0.8, y.max() + 0.8)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    handles = [
        mlines.Line2D([], [], marker=m, fillstyle=f, color=charts.TEXT, linestyle="none", markersize=6, label=lab)
        for m, f, lab in DATE_KIND.values()
    ]
    handles.append(mlines.Line2D([], [], color=charts.GREY, linewidth=2.2, alpha=0.5, label="Only the year is known"))
    ax.legend(handles=handles, loc="lower left", ncols=1, fontsize=7, borderaxespad=0.2)


def deliveries_figure(deliveries: pd.DataFrame) -> charts.Chart:
    """Dot timeline of the dated weapon systems by supplier group (undated ones are not drawn)."""
    plot, y = _timeline_rows(weapon_timeline(deliveries))
    fig, ax = charts.figure(height=0.21 * len(plot) + 0.6)
    _draw_marks(ax, plot, y)
    _label_axes(ax, plot, y)
    fig.subplots_adjust(left=0.40, right=0.98)
    return charts.Chart(fig, plot.drop(columns=["group_order"]))


def undated_systems(deliveries: pd.DataFrame) -> pd.DataFrame:
    """The weapon systems no row gives any date for (not on the timeline)."""
    weapons = weapon_timeline(deliveries)
    return weapons[weapons["date"].isna()]


def _quantity_cell(low, high, unit, basis, repeated: bool) -> str:
    text = quantity_text(low, high, None if unit == "units" else unit)
    return text + (f" ({QUANTITY_BASIS[basis]})" if repeated or basis == "planned" else "")


def register_rows(deliveries: pd.DataFrame) -> pd.DataFrame:
    """The register sorted by supplier group and date, with the texts the table shows.

    Adds 'system_text', 'category_text', 'terms_value' and 'quantity'; repeated reports of a
    system and planned quantities say their basis.
    """
    register = deliveries.copy()
    register["group_order"] = register["supplier_group"].map(GROUPS.index)
    placed = register["first_delivery"].fillna(register["public_unveiling"]).fillna(register["order_date"])
    register["sort_date"] = [partial_date(t)[0] for t in placed]
    register["conf_rank"] = data.confidence_rank(register["confidence"])
    register = register.sort_values(["group_order", "sort_date", "conf_rank", "id"], na_position="last")
    register["category_text"] = register["category"].map(CATEGORY)
    repeated = register.duplicated(subset=["supplier", "system"], keep=False)
    register["quantity"] = [
        _quantity_cell(*args)
        for args in zip(
            register["quantity_low"], register["quantity_high"], register["quantity_unit"], register["basis"], repeated
        )
    ]
    register["system_text"] = [f"{sn} ({CATEGORY[c]})" for sn, c in zip(register["short_name"], register["category"])]
    register["terms_value"] = [
        t + (f", {glue.money(v, c, q, unit=1, long=True)}" if pd.notna(v) else "")
        for t, v, c, q in zip(register["terms"], register["value"], register["currency"], register["value_qualifier"])
    ]
    return register
