"""Strategic and economic context: timeline dates, trade series, projects, debt, FDI (chapter 1).

Each takes a validated table from `data.load` and returns plain values or small frames.
Nothing here converts currencies, averages competing values or merges statistical bases.
"""
from __future__ import annotations

import pandas as pd

TRADE_SERIES_KEY = ["basis", "currency", "flow"]


def timeline_dates(events: pd.DataFrame) -> pd.DataFrame:
    """The context timeline with its text dates as intervals of their precision.

    Adds `start` and `end` (Timestamps) and `precision` ('day', 'month', 'year'): a date given
    as '2009' covers the whole year, '2016-06' the whole month. Sorted by start.
    """
    out = events.copy()
    text = out["date"].astype(str)
    precision = text.str.len().map({4: "year", 7: "month", 10: "day"})
    if precision.isna().any():
        raise ValueError(f"unexpected date text: {list(text[precision.isna()])}")
    start = pd.to_datetime(text.where(precision == "day", text.where(precision == "month", text + "-01") + "-01"))
    offsets = {"day": pd.offsets.Day(0), "month": pd.offsets.MonthEnd(0), "year": pd.offsets.YearEnd(0)}
    end = pd.Series([s + offsets[p] for s, p in zip(start, precision)], index=out.index)
    out["start"], out["end"], out["precision"] = start, end, precision
    return out.sort_values(["start", "id"]).reset_index(drop=True)


def timeline_date_of(events: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The (start) date of one timeline event, by id."""
    row = timeline_dates(events).set_index("id").loc[event_id]
    return row["start"]


def trade_series(frame: pd.DataFrame, full_year_only: bool = True) -> dict[tuple[str, str, str], pd.DataFrame]:
    """Trade figures split into series, one per (basis, currency, flow); never merged across them.

    Each series is sorted by year and holds at most one value per year (a second value for the
    same year, basis, currency and flow raises ValueError rather than being dropped or averaged).
    Partial-year figures are left out unless `full_year_only` is False.
    """
    rows = frame[frame["coverage"] == "full_year"] if full_year_only else frame
    out = {}
    for key, group in rows.groupby(TRADE_SERIES_KEY, sort=True):
        dup = group[group["year"].duplicated(keep=False)]
        if full_year_only and not dup.empty:
            raise ValueError(f"trade series {key}: several values for one year ({', '.join(dup['id'])})")
        out[tuple(key)] = group.sort_values("year").reset_index(drop=True)
    return out


def trade_gap(frame: pd.DataFrame, year: int, flow: str, currency: str,
              basis_a: str, basis_b: str) -> tuple[float, float, float]:
    """Values of one year and flow on two bases (same currency) and their difference a - b."""
    series = trade_series(frame)
    a = series[(basis_a, currency, flow)].set_index("year").loc[year, "value"]
    b = series[(basis_b, currency, flow)].set_index("year").loc[year, "value"]
    return float(a), float(b), float(a - b)


def project_groups(projects: pd.DataFrame) -> pd.DataFrame:
    """Project rows with a `group` key: the id without its value suffix ('kostolac_b3_usd608' ->
    'kostolac_b3'). Rows of one group are competing or partial values of one project, never to be summed."""
    out = projects.copy()
    out["group"] = out["id"].str.rsplit("_", n=1).str[0]
    return out


def debt_measures(debt: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Debt-to-China rows split into measures that must not be compared or added.

    - exim_public: public debt to China's Exim Bank (Public Debt Administration), money values;
    - other_public: other official public-debt figures (all Chinese lenders, Bank of China);
    - nbs_external: all debt to China in the external-debt statistics of the central bank;
    - shares: official shares of external debt, percent (each with its own base);
    - estimates: figures of journalists, experts and media, never official.
    Every row falls in exactly one measure.
    """
    money = debt["unit"] == "million"
    official = debt["basis"] == "official"
    groups = {
        "exim_public": official & money & (debt["measure"] == "public_debt_to_china") & (debt["creditor_scope"] == "exim_bank"),
        "other_public": official & money & (debt["measure"] == "public_debt_to_china") & (debt["creditor_scope"] != "exim_bank"),
        "nbs_external": official & money & (debt["measure"] == "external_debt_to_china"),
        "shares": official & (debt["unit"] == "percent"),
        "estimates": ~official,
    }
    covered = sum(mask.astype(int) for mask in groups.values())
    if (covered != 1).any():
        raise ValueError(f"debt rows not in exactly one measure: {', '.join(debt.loc[covered != 1, 'id'])}")
    return {name: debt[mask].sort_values(["date", "id"]).reset_index(drop=True) for name, mask in groups.items()}


def fdi_by_period(fdi: pd.DataFrame) -> pd.DataFrame:
    """FDI rows ordered by period start, with `period_label` ('2020', 'Jan–Sep 2023', '2016–2024')."""
    out = fdi.copy()

    def label(p: str) -> str:
        if "/" not in p:
            return p
        a, b = p.split("/")
        if len(a) == 4:
            return f"{a}–{b}"
        sa, sb = pd.Timestamp(a + "-01"), pd.Timestamp(b + "-01")
        return f"{sa:%b}–{sb:%b} {sb:%Y}" if sa.year == sb.year else f"{sa:%b %Y}–{sb:%b %Y}"

    out["period_label"] = out["period"].map(label)
    out["period_start"] = pd.to_datetime(out["period"].str.split("/").str[0].map(
        lambda s: s + "-01" if len(s) == 7 else s + "-01-01"))
    order = {"rank": 0, "inflow": 1, "share_pct": 2, "cumulative_inflow": 3, "stock": 4}
    out["_o"] = out["indicator"].map(order)
    return out.sort_values(["period_start", "period", "basis", "_o"]).drop(columns="_o").reset_index(drop=True)
