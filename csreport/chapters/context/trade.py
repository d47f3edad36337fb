"""Trade between Serbia and China: one series per statistical basis, currency and flow, never merged."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.lines import Line2D

from csreport.report import charts

from .scales import log_top

SERIES_KEY = ["basis", "currency", "flow"]
BASIS = {  # label, colour, marker, line style per basis
    "serbian_statistics": ("Serbian statistics (RZS)", charts.PALETTE[0], "o", "-"),
    "serbian_official": ("Serbian officials", charts.PALETTE[5], "s", "--"),
    "chinese_customs": ("Chinese customs", charts.PALETTE[1], "^", "-"),
    "chinese_official": ("Chinese officials", charts.PALETTE[3], "D", "--"),
    "unspecified": ("Basis not stated", charts.GREY, "X", ":"),
}
FLOWS = {"exports_to_china": "Exports to China", "imports_from_china": "Imports from China", "total": "Total trade"}
CURRENCIES = ["USD", "EUR"]  # one row of panels each
FIGURE_COLUMNS = ["id", "year", "flow", "value", "currency", "qualifier", "basis", "confidence", "sources", "notes"]


def trade_series(frame: pd.DataFrame, full_year_only: bool = True) -> dict[tuple[str, str, str], pd.DataFrame]:
    """Trade figures split into series, one per (basis, currency, flow); never merged across them.

    Each series is sorted by year and holds at most one value per year (a second value for the
    same year, basis, currency and flow raises ValueError rather than being dropped or averaged).
    Partial-year figures are left out unless `full_year_only` is False.
    """
    rows = frame[frame["coverage"] == "full_year"] if full_year_only else frame
    out = {}
    for key, group in rows.groupby(SERIES_KEY, sort=True):
        dup = group[group["year"].duplicated(keep=False)]
        if full_year_only and not dup.empty:
            raise ValueError(f"context_trade: series {key} has several values for one year ({', '.join(dup['id'])})")
        out[tuple(key)] = group.sort_values("year").reset_index(drop=True)
    return out


def basis_by_year(frame: pd.DataFrame, basis: str, currency: str) -> pd.DataFrame:
    """The full-year figures of one basis and currency, one row per year: `value` and `qualifier` per flow.

    Columns are a (field, flow) MultiIndex, e.g. `out["value"]["total"]`; a year without a figure for a
    flow holds NA there.
    """
    series = [s for (b, c, _), s in trade_series(frame).items() if (b, c) == (basis, currency)]
    if not series:
        raise ValueError(f"context_trade: no full-year figure with basis '{basis}' in {currency}")
    return pd.concat(series).pivot(index="year", columns="flow", values=["value", "qualifier"])


@dataclass(frozen=True)
class Gap:
    """One year's value of one flow on two bases (same currency): a, b, and a − b as a share of b."""

    a: float
    b: float

    @property
    def difference(self) -> float:
        return self.a - self.b

    @property
    def relative(self) -> float:
        return (self.a - self.b) / self.b


def trade_gap(frame: pd.DataFrame, year: int, flow: str, currency: str, basis_a: str, basis_b: str) -> Gap:
    """Values of one year and flow on two bases (same currency), for comparing them."""
    series = trade_series(frame)
    values = []
    for basis in (basis_a, basis_b):
        s = series.get((basis, currency, flow))
        if s is None or year not in set(s["year"]):
            raise ValueError(f"context_trade: no full-year {flow} figure for {year} with basis '{basis}' in {currency}")
        values.append(float(s.set_index("year").loc[year, "value"]))
    return Gap(*values)


def years_without(frame: pd.DataFrame, bases: list[str], until: int) -> list[int]:
    """Years from the table's first year to `until` with no full-year figure of any of `bases`."""
    have = frame[frame["basis"].isin(bases) & (frame["coverage"] == "full_year")]
    return sorted(set(range(int(frame["year"].min()), until + 1)) - {int(y) for y in have["year"]})


def _draw_panel(ax, series: dict, currency: str, flow: str) -> bool:
    drawn = False
    for (basis, cur, fl), s in series.items():
        if (cur, fl) != (currency, flow):
            continue
        _, colour, marker, style = BASIS[basis]
        run = (s["year"].diff() != 1).cumsum()  # connect consecutive years only: no line across gaps
        for _, part in s.groupby(run):
            ax.plot(part["year"], part["value"], linestyle=style, color=colour, linewidth=1.2)
        low = s["confidence"] == "low"
        ax.scatter(s.loc[~low, "year"], s.loc[~low, "value"], marker=marker, color=colour, s=28, zorder=3)
        ax.scatter(
            s.loc[low, "year"], s.loc[low, "value"], marker=marker, color=colour, facecolors="white", s=28, zorder=3
        )
        drawn = True
    return drawn


def trade_figure(trade: pd.DataFrame) -> charts.Chart:
    """Small multiples of trade by flow (columns) and currency (rows), one series per basis."""
    series = trade_series(trade)
    fig, axes = charts.figure(height=3.9, nrows=2, ncols=3, sharex=True)
    legend_ax = axes[0, 0]
    exports = trade.loc[(trade["flow"] == "exports_to_china") & (trade["coverage"] == "full_year"), "value"]
    for i, currency in enumerate(CURRENCIES):
        for j, flow in enumerate(FLOWS):
            ax = axes[i, j]
            drawn = _draw_panel(ax, series, currency, flow)
            if flow == "exports_to_china":  # from a few million to over a billion: only a log scale shows both
                ax.set_yscale("log")
                ax.set_ylim(1, log_top(exports.max()))
            else:
                ax.set_ylim(bottom=0)
            ax.yaxis.set_major_formatter(charts.whole)
            if i == 0:
                ax.set_title(FLOWS[flow], fontweight="bold", loc="left")
            if j == 0:
                ax.set_ylabel(f"{currency} million")
            if not drawn:
                ax.text(
                    0.5,
                    0.9,
                    f"No full-year figure in {currency}",
                    transform=ax.transAxes,
                    ha="center",
                    color=charts.GREY,
                    fontsize=8,
                )
                ax.set_yticks([])
                ax.spines["left"].set_visible(False)
                legend_ax = ax
    axes[1, 0].set_xlim(trade["year"].min() - 0.5, trade["year"].max() + 0.5)
    handles = [Line2D([], [], color=c, marker=m, linestyle=ls, label=lab) for lab, c, m, ls in BASIS.values()]
    handles.append(
        Line2D([], [], color=charts.GREY, marker="o", markerfacecolor="white", linestyle="none", label="Low confidence")
    )
    legend_ax.legend(handles=handles, loc="lower center", fontsize=7.5, handlelength=2.2, borderaxespad=0)
    fig.subplots_adjust(hspace=0.3, wspace=0.35)
    drawn = pd.concat(series.values(), ignore_index=True)
    return charts.Chart(fig, drawn[[c for c in FIGURE_COLUMNS if c in drawn]])  # notes when the table has them
