"""Major Chinese projects: one row per reported value; rows of one `group` are never added."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.lines import Line2D

from csreport.report import charts, glue

from .scales import log_bottom, log_top

INSTRUMENT = {
    "fdi": "FDI",
    "exim_loan": "Exim loan",
    "interstate_contract": "interstate contract",
    "other": "other loan",
}
VALUE_TYPE = {  # label, colour, marker
    "loan": ("Loan", charts.PALETTE[0], "o"),
    "project_cost": ("Project cost", charts.PALETTE[1], "s"),
    "works_value": ("Value of works", charts.PALETTE[5], "P"),
    "investment_pledge": ("Investment pledge", charts.PALETTE[2], "D"),
    "equity_injection": ("Equity paid", charts.PALETTE[3], "^"),
    "purchase_price": ("Purchase price", charts.PALETTE[4], "v"),
}
SECTOR_ORDER = ["steel", "mining", "manufacturing", "energy", "transport", "other"]
PANELS = ["EUR", "USD"]  # currencies drawn in the figure, one panel each
FIGURE_COLUMNS = [
    "id",
    "project",
    "group",
    "sector",
    "instrument",
    "key_date",
    "value",
    "currency",
    "value_basis",
    "value_type",
    "qualifier",
    "confidence",
    "sources",
]


def project_summary(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project `group`, ordered by sector and first date, with row `y`, `label` and `n` values."""
    groups = (
        projects.groupby("group", sort=False)
        .agg(
            sector=("sector", "first"),
            instrument=("instrument", "first"),
            first=("key_date", "min"),
            n=("id", "size"),
            group_label=("group_label", "first"),
        )
        .reset_index()
    )
    groups["order"] = groups["sector"].map(SECTOR_ORDER.index)
    groups = groups.sort_values(["order", "first"]).reset_index(drop=True)
    groups["y"] = range(len(groups))
    groups["label"] = [f"{g} · {INSTRUMENT[i]}" for g, i in zip(groups["group_label"], groups["instrument"])]
    return groups


@dataclass(frozen=True)
class ProjectCounts:
    """Projects (groups, not rows) in all, by instrument, and those with more than one value."""

    projects: int
    fdi: int
    exim_loan: int
    contested: int


def project_counts(projects: pd.DataFrame) -> ProjectCounts:
    """Counts of projects: a project with several reported values counts once."""
    groups = project_summary(projects)
    return ProjectCounts(
        projects=len(groups),
        fdi=int((groups["instrument"] == "fdi").sum()),
        exim_loan=int((groups["instrument"] == "exim_loan").sum()),
        contested=int((groups["n"] > 1).sum()),
    )


def _panel(ax, part: pd.DataFrame, currency: str, lims: tuple[float, float], block_starts: list[int]) -> None:
    offsets = {t: (k - (len(VALUE_TYPE) - 1) / 2) * 0.11 for k, t in enumerate(VALUE_TYPE)}
    for vtype, (_, colour, marker) in VALUE_TYPE.items():
        rows_t = part[part["value_type"] == vtype]
        y = rows_t["y"] + offsets[vtype]
        low = rows_t["confidence"] == "low"
        ax.scatter(rows_t.loc[~low, "value"], y[~low], marker=marker, color=colour, s=30, zorder=3)
        ax.scatter(
            rows_t.loc[low, "value"],
            y[low],
            marker=marker,
            color=colour,
            facecolors="white",
            s=30,
            zorder=3,
            linewidths=1.2,
        )
    ax.set_xscale("log")
    ax.set_xlim(*lims)
    ax.xaxis.set_major_formatter(charts.whole)
    ax.set_xlabel(f"{currency} million (log scale)")
    ax.set_title(f"Values reported in {currency}", loc="left", fontweight="bold")
    ax.grid(axis="x", color="#EEEEEE", linewidth=0.6)
    for b in block_starts[1:]:
        ax.axhline(b - 0.5, color=charts.GREY, linewidth=0.6)


def projects_figure(projects: pd.DataFrame) -> charts.Chart:
    """Dot plot of every project value in EUR and USD, one panel per currency (see `not_drawn` for the rest)."""
    groups = project_summary(projects)
    block_starts = [i for i in groups.index if i == 0 or groups.loc[i, "sector"] != groups.loc[i - 1, "sector"]]
    drawn = projects[projects["currency"].isin(PANELS)].merge(groups[["group", "y"]], on="group")
    lims = (log_bottom(drawn["value"].min()), log_top(drawn["value"].max()))
    fig, axes = charts.figure(height=4.1, ncols=2, sharey=True, gridspec_kw={"wspace": 0.06})
    for ax, currency in zip(axes, PANELS):
        _panel(ax, drawn[drawn["currency"] == currency], currency, lims, block_starts)
    for b in block_starts:  # sector name atop each block
        axes[0].text(
            0.02,
            b - 0.42,
            groups.loc[b, "sector"].capitalize(),
            transform=axes[0].get_yaxis_transform(),
            fontsize=7,
            fontweight="bold",
            color=charts.GREY,
            va="top",
        )
    axes[0].set_yticks(groups["y"], groups["label"], fontsize=7)
    axes[0].set_ylim(len(groups) - 0.5, -0.5)
    handles = [Line2D([], [], linestyle="none", marker=m, color=c, label=lab) for lab, c, m in VALUE_TYPE.values()]
    handles.append(
        Line2D([], [], linestyle="none", marker="o", color=charts.GREY, markerfacecolor="white", label="Low confidence")
    )
    axes[1].legend(handles=handles, loc="lower right", fontsize=7)
    fig.subplots_adjust(left=0.34, right=0.98)
    return charts.Chart(fig, drawn[FIGURE_COLUMNS])


def not_drawn(projects: pd.DataFrame) -> pd.DataFrame:
    """The project values the figure leaves out: those in a currency without a panel."""
    return projects[~projects["currency"].isin(PANELS)].reset_index(drop=True)


def projects_rows(projects: pd.DataFrame, *, words: dict | None = None) -> pd.DataFrame:
    """Every project value in figure order, with `name`, `what` (what the value measures) and `shown` (as text)."""
    rows = projects.merge(project_summary(projects)[["group", "y"]], on="group").sort_values(["y", "key_date", "id"])
    return rows.assign(
        name=[f"{g} ({INSTRUMENT[i]})" for g, i in zip(rows["group_label"], rows["instrument"])],
        what=[f"{VALUE_TYPE[t][0]} ({b.replace('_', ' ')})" for t, b in zip(rows["value_type"], rows["value_basis"])],
        shown=[glue.money(v, c, q, words=words) for v, c, q in zip(rows["value"], rows["currency"], rows["qualifier"])],
    )
