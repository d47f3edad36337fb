"""Supplier shares computed by the report from SIPRI's trade register for Serbia (a January 2025 export).

A separate basis from the media renderings of SIPRI shares in `shares`: the two are never merged.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from csreport.data import sources


def _years(register: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(register["delivery_year"], errors="raise").astype(int)


def window_shares(register: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Each supplier's TIV delivered in the years `start`..`end` and its share of the window's total.

    Columns `supplier`, `tiv`, `share_pct`, largest first (ties by name). Raises if nothing was
    delivered in the window, since a share of zero would be meaningless.
    """
    years = _years(register)
    rows = register[(years >= start) & (years <= end)]
    tiv = rows.groupby("supplier")["tiv_delivered"].sum().astype(float)
    tiv = tiv[tiv > 0]
    if tiv.empty:
        raise ValueError(f"sipri_transfers_register: no deliveries in {start}-{end} (column 'delivery_year')")
    out = tiv.rename("tiv").reset_index()
    out["share_pct"] = 100 * out["tiv"] / out["tiv"].sum()
    return out.sort_values(["tiv", "supplier"], ascending=[False, True], ignore_index=True)


def windows_ending(register: pd.DataFrame, length: int, n: int) -> list[tuple[int, int]]:
    """The last `n` windows of `length` years that end in a year the register covers, oldest first."""
    last = int(_years(register).max())
    return [(end - length + 1, end) for end in range(last - n + 1, last + 1)]


def compare_windows(
    register: pd.DataFrame, windows: Iterable[tuple[int, int]], first: str, second: str
) -> pd.DataFrame:
    """Two suppliers' shares in each window: `first_pct`, `second_pct`, `total_tiv`, `leader`.

    `leader` is the supplier with the larger share, or 'tie'; a supplier with no delivery in the
    window has a share of 0. `sources` lists the register rows' keys for the source line.
    """
    out = []
    for start, end in windows:
        window = window_shares(register, start, end).set_index("supplier")
        a, b = float(window["share_pct"].get(first, 0.0)), float(window["share_pct"].get(second, 0.0))
        out.append(
            {
                "period_start": start,
                "period_end": end,
                "first_pct": a,
                "second_pct": b,
                "total_tiv": float(window["tiv"].sum()),
                "leader": first if a > b else second if b > a else "tie",
            }
        )
    frame = pd.DataFrame(out)
    frame["sources"] = ";".join(sources.keys_of(register))
    return frame


def first_window_led(comparison: pd.DataFrame, supplier: str) -> pd.Series | None:
    """The earliest window of `compare_windows` that `supplier` led, or None if it led none."""
    led = comparison[comparison["leader"] == supplier].sort_values("period_start")
    return None if led.empty else led.iloc[0]


def first_year_ahead(register: pd.DataFrame, supplier: str, rival: str) -> int | None:
    """The first delivery year in which `supplier` delivered more TIV than `rival` (None if never)."""
    by_year = register.assign(year=_years(register), tiv=register["tiv_delivered"].astype(float)).pivot_table(
        index="year", columns="supplier", values="tiv", aggfunc="sum", fill_value=0.0
    )
    for name in (supplier, rival):
        if name not in by_year.columns:
            by_year[name] = 0.0
    ahead = by_year.index[by_year[supplier] > by_year[rival]]
    return int(ahead.min()) if len(ahead) else None


def window_growth_pct(register: pd.DataFrame, window: tuple[int, int], previous: tuple[int, int]) -> float:
    """How much more TIV Serbia received in `window` than in `previous`, in percent (SIPRI's 'change')."""
    now, before = (float(window_shares(register, *w)["tiv"].sum()) for w in (window, previous))
    return 100 * (now / before - 1)


def share_rows(register: pd.DataFrame, windows: Iterable[tuple[int, int]], shown: list[str]) -> pd.DataFrame:
    """One row per window for the table: the shares of the `shown` suppliers, 'Others' and the total TIV."""
    rows = []
    for start, end in windows:
        shares = window_shares(register, start, end).set_index("supplier")
        row = {"period_start": start, "period_end": end}
        for name in shown:
            row[name] = float(shares["share_pct"].get(name, 0.0))
        row["Others"] = 100 - sum(row[name] for name in shown)
        row["total_tiv"] = float(shares["tiv"].sum())
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["sources"] = ";".join(sources.keys_of(register))
    return frame
