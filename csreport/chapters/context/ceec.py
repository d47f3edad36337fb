"""The China–CEEC format ('16+1'): its membership over time (periods from `indicators.ceec_periods`)."""

from __future__ import annotations

import pandas as pd

from csreport.report import charts


def ceec_figure(periods: pd.DataFrame, cutoff: pd.Timestamp) -> charts.Chart:
    """Step chart of the format's European members from its launch to `cutoff` (the open period ends there)."""
    last = periods.iloc[-1]
    steps = periods.assign(end=periods["end"].fillna(cutoff))
    fig, ax = charts.figure(height=2.8)
    ax.step(
        list(steps["start"]) + [cutoff],
        list(steps["members"]) + [last["members"]],
        where="post",
        color=charts.ACTOR["China"],
        linewidth=2,
    )
    for _, p in steps.iterrows():
        ax.annotate(
            p["name"],
            (p["start"] + (p["end"] - p["start"]) / 2, p["members"]),
            xytext=(0, 5),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            fontweight="bold",
        )
    ax.set_ylim(0, int(steps["members"].max()) + 3)  # room for the period names above the steps
    ax.set_ylabel("European member countries")
    ax.set_xlim(pd.Timestamp(f"{steps['start'].min().year}-01-01"), cutoff)
    return charts.Chart(fig, steps)
