"""SIPRI supplier shares of Serbia's imports of major arms, as rendered by media outlets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from csreport import data
from csreport.data import sources
from csreport.report import charts, glue

DRAWN_SUPPLIERS = ["China", "Russia", "France"]
SHARE_HATCHES = {"China": "", "Russia": "////", "France": "...."}


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
        rows.append(
            {
                "period": period,
                "period_start": int(group["period_start"].iloc[0]),
                "period_end": int(group["period_end"].iloc[0]),
                "china_low": cn.min(),
                "china_high": cn.max(),
                "russia_low": ru.min(),
                "russia_high": ru.max(),
                "larger": larger,
                "margin_pts": margin,
                "sources": ";".join(sources.keys_of(used)),
            }
        )
    return pd.DataFrame(rows)


def china_led_every_window(comparison: pd.DataFrame) -> bool:
    """True if China's share exceeded Russia's in every window of `china_vs_russia` (and there is one)."""
    return not comparison.empty and set(comparison["larger"]) == {"China"}


def window_length(shares: pd.DataFrame) -> int:
    """The length in years of the SIPRI windows; raises if the table mixes lengths."""
    lengths = set((shares["period_end"] - shares["period_start"] + 1).astype(int))
    if len(lengths) != 1:
        raise ValueError(f"arms_import_shares: windows of different lengths {sorted(lengths)} (column 'period')")
    return lengths.pop()


def overlap_years(first: pd.Series, last: pd.Series) -> int:
    """How many years two windows (rows with `period_start`, `period_end`) share; 0 if none."""
    start = max(int(first["period_start"]), int(last["period_start"]))
    end = min(int(first["period_end"]), int(last["period_end"]))
    return max(0, end - start + 1)


def preferred_rendering(shares: pd.DataFrame) -> pd.DataFrame:
    """One share per (window, supplier): the best-sourced rendering (confidence high > medium > low).

    Renderings not chosen whose value differs are summarised in `alt_value` (the first such
    value), `alt_outlet` and `alt_sources`, so a chart can show the one used and mark the other.
    Ties in confidence keep the table's order.
    """
    ranked = shares.assign(_rank=data.confidence_rank(shares["confidence"]))
    out = []
    for _, group in ranked.sort_values(["period_start", "_rank"], kind="stable").groupby(
        ["period", "supplier"], sort=False
    ):
        best = group.iloc[0]
        differing = group.iloc[1:][group.iloc[1:]["share_pct"] != best["share_pct"]]
        row = best.drop(labels="_rank").to_dict()
        row["alt_value"] = differing["share_pct"].iloc[0] if len(differing) else float("nan")
        row["alt_outlet"] = differing["outlet"].iloc[0] if len(differing) else None
        row["alt_sources"] = ";".join(sources.split_keys(";".join(differing["sources"]))) if len(differing) else ""
        out.append(row)
    return pd.DataFrame(out)


def _draw_supplier(ax, rows: pd.DataFrame, xs, width: float, supplier: str) -> None:
    colour = charts.ACTOR[supplier]
    ax.bar(
        xs,
        rows["share_pct"],
        width,
        color=colour,
        hatch=SHARE_HATCHES[supplier],
        edgecolor="white",
        linewidth=0.5,
        label=supplier,
    )
    for xi, v in zip(xs, rows["share_pct"]):
        ax.annotate(
            glue.percent(v),
            (xi, v),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8.5,
            fontweight="bold",
            color=charts.TEXT,
        )
    for xi, alt in zip(xs, rows["alt_value"]):
        if pd.isna(alt):
            continue
        ax.plot(
            [xi + width * 0.55],
            [alt],
            marker="D",
            markersize=5,
            markerfacecolor="white",
            markeredgecolor=colour,
            linestyle="none",
        )
        ax.annotate(
            f"{glue.percent(alt)} in a repost",
            (xi + width * 0.55, alt),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=charts.GREY,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )


def shares_figure(shares: pd.DataFrame, comparison: pd.DataFrame) -> charts.Chart:
    """Grouped bars of China's, Russia's and France's preferred shares in the windows of `comparison`.

    An alternative rendering is a hollow diamond; its sources join the source line.
    """
    periods = list(comparison["period"])
    preferred = preferred_rendering(shares)
    drawn = preferred[preferred["supplier"].isin(DRAWN_SUPPLIERS) & preferred["period"].isin(periods)]
    x = np.arange(len(periods))
    width = 0.26
    fig, ax = charts.figure(height=2.5)
    for i, supplier in enumerate(DRAWN_SUPPLIERS):
        rows = drawn[drawn["supplier"] == supplier].set_index("period").reindex(periods)
        _draw_supplier(ax, rows, x + (i - 1) * width, width, supplier)
    ax.set_xticks(x, [f"SIPRI window {glue.year_range(r.period_start, r.period_end)}" for r in comparison.itertuples()])
    ax.set_ylabel("Share of Serbia's imports (% of TIV)")
    top = max(drawn["share_pct"].max(), drawn["alt_value"].max(skipna=True) if drawn["alt_value"].notna().any() else 0)
    ax.set_ylim(0, math.ceil(top / 5) * 5 + 10)  # room above the tallest bar for its label and the legend
    ax.legend(loc="upper left", ncols=3)
    ax.grid(axis="x", visible=False)
    keys = sources.keys_of(drawn)
    keys += [k for k in sources.split_keys(";".join(drawn["alt_sources"])) if k not in keys]
    return charts.Chart(fig, drawn.drop(columns=["notes"]), keys=keys)
