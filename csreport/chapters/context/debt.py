"""Serbia's debt to Chinese lenders: measures that must not be compared or added, and the figure."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from csreport.report import charts

from .timeline import timeline_dates

CREDITOR_LABEL = {
    "china_all": "all Chinese lenders",
    "bank_of_china": "the Bank of China",
    "exim_bank": "Exim Bank",
    "chinese_banks_all": "all Chinese banks",
    "chinese_banks_other": "other Chinese banks",
}
ESTIMATE_LABEL = {
    "debt_to_chinese_banks": "Debt to Chinese banks",
    "total_debt_estimate": "All debt to China",
    "projected_debt_estimate": "Projected, planned loans",
}
BOUND_LABEL = {"exact": "", "approx": "", "at_least": ", lower bound", "at_most": ", upper bound"}  # estimate labels
FIGURE_COLUMNS = [
    "id",
    "date",
    "value",
    "currency",
    "qualifier",
    "measure",
    "creditor_scope",
    "basis",
    "confidence",
    "sources",
]


def debt_measures(debt: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Debt-to-China rows split into measures that must not be compared or added, each dated and sorted.

    - exim_public: public debt to China's Exim Bank (Public Debt Administration), money values;
    - other_public: other official public-debt figures (all Chinese lenders, Bank of China);
    - nbs_external: all debt to China in the external-debt statistics of the central bank;
    - shares: official shares of external debt, percent (each with its own base);
    - estimates: figures of journalists, experts and media, never official.
    Every row falls in exactly one measure (else ValueError). Rows get `start`, `end` and `mid`
    from their text dates (a year covers the whole year).
    """
    money = debt["unit"] == "million"
    official = debt["basis"] == "official"
    public = official & money & (debt["measure"] == "public_debt_to_china")
    groups = {
        "exim_public": public & (debt["creditor_scope"] == "exim_bank"),
        "other_public": public & (debt["creditor_scope"] != "exim_bank"),
        "nbs_external": official & money & (debt["measure"] == "external_debt_to_china"),
        "shares": official & (debt["unit"] == "percent"),
        "estimates": ~official,
    }
    covered = sum(mask.astype(int) for mask in groups.values())
    if (covered != 1).any():
        raise ValueError(
            f"context_debt_to_china: rows not in exactly one measure: {', '.join(debt.loc[covered != 1, 'id'])}"
        )
    out = {}
    for name, mask in groups.items():
        d = timeline_dates(debt[mask]) if mask.any() else debt[mask].assign(start=pd.NaT, end=pd.NaT, precision=None)
        out[name] = (
            d.assign(mid=d["start"] + (d["end"] - d["start"]) / 2).sort_values(["start", "id"]).reset_index(drop=True)
        )
    return out


@dataclass(frozen=True)
class DebtTrend:
    """The first, the highest and the latest row of one measure (dated rows from `debt_measures`)."""

    first: pd.Series
    peak: pd.Series
    last: pd.Series

    @property
    def growth(self) -> float:
        """How many times the first value the peak is."""
        return float(self.peak["value"] / self.first["value"])


def trend(measure: pd.DataFrame) -> DebtTrend:
    """First, peak (the earliest of equal highs) and latest row of a measure sorted by date."""
    if measure.empty:
        raise ValueError("context_debt_to_china: a trend needs at least one row")
    return DebtTrend(first=measure.iloc[0], peak=measure.loc[measure["value"].idxmax()], last=measure.iloc[-1])


def latest_share(measures: dict[str, pd.DataFrame], creditor_scope: str) -> pd.Series:
    """The latest official share of external debt owed to `creditor_scope` ('china_all', 'exim_bank')."""
    shares = measures["shares"]
    rows = shares[shares["creditor_scope"] == creditor_scope]
    if rows.empty:
        raise ValueError(f"context_debt_to_china: no share row with creditor_scope '{creditor_scope}'")
    return rows.iloc[-1]


def _official_panel(ax, measures: dict[str, pd.DataFrame], cutoff: pd.Timestamp) -> None:
    exim, nbs, other = measures["exim_public"], measures["nbs_external"], measures["other_public"]
    ax.plot(
        exim["mid"],
        exim["value"],
        color=charts.PALETTE[0],
        marker="o",
        linewidth=1.6,
        label="Public debt to Exim Bank (Debt Administration)",
    )
    ax.scatter(
        nbs["mid"],
        nbs["value"],
        color=charts.PALETTE[1],
        marker="^",
        s=46,
        zorder=3,
        label="All debt to China (central bank, external debt)",
    )
    for _, r in nbs.iterrows():
        ax.plot([r["start"], r["end"]], [r["value"]] * 2, color=charts.PALETTE[1], linewidth=3, alpha=0.35)
    ax.scatter(
        other["mid"],
        other["value"],
        color=charts.PALETTE[5],
        marker="s",
        s=30,
        zorder=3,
        label="Other official public-debt figures",
    )
    official = pd.concat([exim, nbs, other])
    ax.set_ylim(0, math.ceil(official["value"].max() * 1.2 / 500) * 500)  # room for the legend
    ax.set_xlim(official["start"].min() - pd.DateOffset(months=6), cutoff)
    ax.set_ylabel("EUR million")
    ax.yaxis.set_major_formatter(charts.whole)
    ax.set_title("Official figures", loc="left", fontweight="bold")
    ax.legend(loc="upper left", fontsize=7.5)


def _estimates_panel(ax, est: pd.DataFrame, currency: str) -> None:
    e = est[est["currency"] == currency].sort_values("value").reset_index(drop=True)
    ax.scatter(
        e["value"], range(len(e)), marker="D", color=charts.GREY, facecolors="white", s=34, zorder=3, linewidths=1.3
    )
    ax.set_yticks(
        range(len(e)),
        [
            f"{ESTIMATE_LABEL[m]}{BOUND_LABEL[q]} ({b.split('_')[0]})"
            for m, q, b in zip(e["measure"], e["qualifier"], e["basis"])
        ],
        fontsize=7,
    )
    ax.set_ylim(-0.6, len(e) - 0.4)
    ax.set_xlim(0, e["value"].max() * 1.15)
    ax.xaxis.set_major_formatter(charts.whole)
    ax.set_xlabel(f"{currency} million")
    ax.grid(axis="x", color="#EEEEEE")
    ax.grid(axis="y", visible=False)
    ax.set_title(f"Estimates by experts and media (not official), {currency}", loc="left", fontweight="bold")


def debt_figure(measures: dict[str, pd.DataFrame], cutoff: pd.Timestamp) -> charts.Chart:
    """Official debt figures over time (EUR) above dot plots of the estimates, one per currency."""
    if set(measures["exim_public"]["currency"]) | set(measures["nbs_external"]["currency"]) != {"EUR"}:
        raise ValueError(
            "context_debt_to_china: the official panel has a EUR axis, and an official figure is not in EUR"
        )
    est = measures["estimates"]
    currencies = sorted(est["currency"].dropna().unique())
    fig, ax0 = charts.figure(height=3.0)
    ax0.remove()
    grid = fig.add_gridspec(1 + len(currencies), 1, height_ratios=[2.3, 0.9, 0.65][: 1 + len(currencies)], hspace=1.1)
    _official_panel(fig.add_subplot(grid[0]), measures, cutoff)
    for k, currency in enumerate(currencies):
        _estimates_panel(fig.add_subplot(grid[1 + k]), est, currency)
    fig.subplots_adjust(left=0.36, right=0.97)
    drawn = pd.concat(
        [measures["exim_public"], measures["nbs_external"], measures["other_public"], est], ignore_index=True
    )
    return charts.Chart(fig, drawn[FIGURE_COLUMNS])
