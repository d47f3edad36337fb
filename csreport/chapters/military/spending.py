"""Serbia's military spending: figures by basis (SIPRI, budgets, accounts, analysts, statements)."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.lines as mlines
import pandas as pd

from csreport.report import charts, glue

# Basis -> (legend name, colour index in charts.PALETTE, marker, x offset of the marker).
SPENDING_BASIS = {
    "sipri_estimate": ("SIPRI estimate", 0, "o", -0.22),
    "budget_plan": ("Budget plan or revision", 1, "s", 0.12),
    "budget_outturn": ("Budget outturn (final accounts)", 2, "D", 0.0),
    "analyst_estimate": ("Analyst estimate (Janes, The Economist)", 4, "v", -0.22),
    "ministry": ("Political statement", 3, "^", 0.12),
}
_LEFT_LABEL = {"sipri_estimate", "analyst_estimate"}
_PREFIX = {"at_least": "≥", "at_most": "≤"}
_PANEL_TITLE = {"USD": "Amounts in US dollars", "EUR": "Amounts in euros", None: "Share of GDP"}


def shown_figures(spending: pd.DataFrame) -> pd.DataFrame:
    """The figures the chapter shows and counts: rows not `shown_as` another row (dinar plans drop out)."""
    return spending[spending["shown_as"].isna()]


def year_figures(spending: pd.DataFrame, year) -> pd.DataFrame:
    """The shown figures for one year, one per source and basis."""
    shown = shown_figures(spending)
    return shown[shown["year"] == str(year)]


def gdp_share_range(spending: pd.DataFrame, year) -> tuple[float, float]:
    """The lowest and highest share of GDP any figure gives for `year`; raises if none does."""
    shares = spending.loc[spending["year"] == str(year), "share_gdp_pct"].dropna()
    if shares.empty:
        raise ValueError(f"military_spending: no share_gdp_pct for year {year}")
    return float(shares.min()), float(shares.max())


@dataclass(frozen=True)
class Ranges:
    """The span of the drawn figures per panel: dollars and euros in billions, GDP shares in percent."""

    usd: tuple[float, float]
    eur: tuple[float, float]
    gdp: tuple[float, float]


def figure_ranges(spending: pd.DataFrame) -> Ranges:
    """The `Ranges` of what `spending_figure` draws (for its alt text)."""
    shown = shown_figures(spending)

    def span(rows, col, scale):
        v = rows[col].dropna() / scale
        return float(v.min()), float(v.max())

    return Ranges(
        usd=span(shown[shown["currency"] == "USD"], "value", 1000),
        eur=span(shown[shown["currency"] == "EUR"], "value", 1000),
        gdp=span(shown, "share_gdp_pct", 1),
    )


def _draw_basis(ax, b: pd.DataFrame, basis: str, col: str, scale: float) -> None:
    _, colour_i, marker, dx = SPENDING_BASIS[basis]
    colour = charts.PALETTE[colour_i]
    left = basis in _LEFT_LABEL
    step = 0.22 if col == "share_gdp_pct" else 0.16
    b = b.sort_values(col, ascending=False)
    b = b.assign(k=b.groupby("year_n").cumcount(), m=b.groupby("year_n")["year_n"].transform("size"))
    for r in b.itertuples():
        v = getattr(r, col) / scale
        xpos = r.year_n + dx + (-step * r.k if left else step * r.k)
        ax.plot(
            [xpos],
            [v],
            marker=marker,
            markersize=6,
            linestyle="none",
            color=colour,
            markerfacecolor="white" if r.confidence == "low" else colour,
            markeredgewidth=1.3,
        )
        dy = ((r.m - 1) / 2 - r.k) * 9 if r.m > 1 and col == "share_gdp_pct" else 0
        ax.annotate(
            f"{_PREFIX.get(r.qualifier, '')}{v:.3g}",
            (xpos, v),
            xytext=(-5 if left else 5, dy),
            textcoords="offset points",
            va="center",
            ha="right" if left else "left",
            fontsize=6.5,
            color=colour,
        )


def _draw_panel(ax, drawn: pd.DataFrame, currency: str | None, ylabel: str, col: str) -> None:
    rows = drawn if currency is None else drawn[drawn["currency"] == currency]
    rows = rows.dropna(subset=[col])
    if currency is None:
        rows = rows.drop_duplicates(subset=["year", "basis", "share_gdp_pct", "rendered_by"])
    for basis in SPENDING_BASIS:
        b = rows[rows["basis"] == basis]
        if not b.empty:
            _draw_basis(ax, b, basis, col, 1000 if currency else 1)
    first, last = int(drawn["year_n"].min()), int(drawn["year_n"].max())
    ax.set_ylabel(ylabel)
    ax.set_xlim(first - 0.5, last + 0.8)
    ax.set_xticks(range(first, last + 1, 2 if currency else 1))
    ax.set_ylim(0, None)
    ax.set_title(_PANEL_TITLE[currency], loc="left", fontsize=8.5, fontweight="bold")


def _legend(ax) -> None:
    handles = [
        mlines.Line2D([], [], marker=m, color=charts.PALETTE[c], linestyle="none", markersize=6, label=n)
        for n, c, m, _ in SPENDING_BASIS.values()
    ]
    handles.append(
        mlines.Line2D(
            [],
            [],
            marker="o",
            color=charts.GREY,
            markerfacecolor="white",
            linestyle="none",
            markersize=6,
            label="Hollow: low-reliability source",
        )
    )
    ax.legend(handles=handles, loc="lower center", ncols=3, fontsize=7, bbox_to_anchor=(0.5, 0.0))


def spending_figure(spending: pd.DataFrame) -> charts.Chart:
    """Unjoined markers of the shown figures by basis: dollars, euros (billion) and % of GDP in three panels."""
    drawn = shown_figures(spending).copy()
    drawn["year_n"] = drawn["year"].astype(int)
    fig, axes = charts.figure(
        height=5.0, nrows=2, ncols=2, gridspec_kw={"height_ratios": [1.25, 1], "hspace": 0.45, "wspace": 0.22}
    )
    gs = axes[1, 0].get_gridspec()
    for a in axes[1]:
        a.remove()
    ax_gdp = fig.add_subplot(gs[1, :])
    _draw_panel(axes[0, 0], drawn, "USD", "US dollars, billion", "value")
    _draw_panel(axes[0, 1], drawn, "EUR", "Euros, billion", "value")
    _draw_panel(ax_gdp, drawn, None, "Percent of GDP", "share_gdp_pct")
    ax_gdp.set_ylim(0, float(drawn["share_gdp_pct"].max()) + 0.6)  # room below the markers for the legend
    _legend(ax_gdp)
    return charts.Chart(fig, drawn.drop(columns=["year_n"]))


def year_rows(spending: pd.DataFrame, year) -> pd.DataFrame:
    """The shown figures of `year` ordered by basis then value, with 'basis_text' and 'amount' for the table."""
    rows = year_figures(spending, year).copy()
    rows["basis_text"] = rows["basis"].map({k: v[0] for k, v in SPENDING_BASIS.items()})
    rows["amount"] = [
        None if pd.isna(v) else glue.money(v, c, long=True) for v, c in zip(rows["value"], rows["currency"])
    ]
    rows["order"] = rows["basis"].map(list(SPENDING_BASIS).index)
    return rows.sort_values(["order", "value"])
