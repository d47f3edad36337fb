"""Chinese-owned strategic assets: their weight among Serbia's exporters, and the controversies around them.

Tables: chinese_exporters (the Finance Ministry's lists of the 15 largest exporters, as reported,
and one share of all goods exports reported by AFP) and asset_controversies (labour and
environmental steps at Bor, Smederevo and Zrenjanin). Shares are computed only within one list:
the Chinese firms' exports over the same list's total, never across lists or periods.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport.report import charts

OWNER_COLOUR = {"Zijin": charts.ACTOR["China"], "HBIS": charts.PALETTE[4]}


def firms(exporters: pd.DataFrame) -> pd.DataFrame:
    """The Chinese-owned companies' export values (measure 'exports'), in the table's order."""
    return exporters[exporters["measure"] == "exports"].reset_index(drop=True)


@dataclass(frozen=True)
class ListShare:
    """The Chinese-owned firms' combined exports in one list and their share of the list's total."""

    period: str
    chinese: float  # million EUR, sum of the firms' values
    total: float  # million EUR, the 15 largest exporters together
    share_pct: float
    n_firms: int
    approximate: bool  # whether any value summed is approximate


def list_shares(exporters: pd.DataFrame) -> pd.DataFrame:
    """For each list (period) with a top-15 total: the Chinese firms' sum and share of that total.

    A period with firm values but no total gets no share (the firms' sum alone is not a share).
    """
    out = []
    for period, rows in exporters.groupby("period", sort=False):
        total = rows[rows["measure"] == "top15_total"]
        parts = rows[rows["measure"] == "exports"]
        if len(total) > 1:
            raise ValueError(f"chinese_exporters: more than one top-15 total for {period}")
        if total.empty or parts.empty:
            continue
        t = float(total["value"].iloc[0])
        s = float(parts["value"].sum())
        exact = (pd.concat([parts["qualifier"], total["qualifier"]]) == "exact").all()
        out.append(ListShare(period, s, t, 100 * s / t, len(parts), not exact).__dict__)
    return pd.DataFrame(out, columns=list(ListShare.__dataclass_fields__))


def exporters_figure(exporters: pd.DataFrame) -> charts.Chart:
    """Horizontal bars of each Chinese-owned firm's exports, grouped by list (period), with its rank."""
    drawn = firms(exporters)
    periods = list(dict.fromkeys(drawn["period"]))
    fig, ax = charts.figure(height=0.14 * len(drawn) + 0.2 * len(periods))
    y, ticks, labels = 0.0, [], []
    for period in periods:
        rows = drawn[drawn["period"] == period]
        for _, r in rows.iterrows():
            ax.barh(y, r["value"], color=OWNER_COLOUR.get(r["owner_group"], charts.GREY), height=0.7)
            rank = f"  #{int(r['rank'])}" if pd.notna(r["rank"]) else ""
            ax.text(r["value"], y, f"  {r['value']:,.0f}{rank}", va="center", fontsize=7, color=charts.TEXT)
            ticks.append(y)
            labels.append(f"{period}: {r['company'].split(' (')[0]}")
            y += 1
        y += 0.6
    ax.set_yticks(ticks, labels, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlabel("Exports, million EUR (#: rank in the list of the 15 largest exporters)")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, drawn["value"].max() * 1.22)
    fig.subplots_adjust(left=0.42, right=0.97)
    return charts.Chart(fig, drawn)


def controversy_counts(controversies: pd.DataFrame) -> pd.DataFrame:
    """Steps per company and kind (rows: company, columns: kind), for the prose's tally."""
    return controversies.pivot_table(index="company", columns="kind", values="id", aggfunc="count", fill_value=0)


def controversy_rows(controversies: pd.DataFrame) -> pd.DataFrame:
    """The controversies for the Databook table, by date."""
    from csreport.report import glue

    out = controversies.assign(when=[glue.date_text(d, short=True) for d in controversies["date"]])
    return out.sort_values("date", kind="stable")
