"""Alignment with EU foreign policy (table cfsp_alignment): series, Serbia's rank, the two-panel chart.

Two measures are never mixed: ISAC's count (calendar years and half-years) and the European
Commission's figures. Rows whose `alternative_of` names another row restate that row's figure
under another source or label: they stay in the data but are not drawn or ranked.
"""

from __future__ import annotations

import math
import re

import pandas as pd
from matplotlib.lines import Line2D

from csreport import data
from csreport.report import charts, glue

ISAC_SERIES = ("isac_calendar_year", "isac_half_year")


def position(period: str) -> float:
    """Where a period sits on a time axis in decimal years.

    Calendar year YYYY: its middle (YYYY.5); half-year YYYY-H1/H2: the middle of that half;
    month YYYY-MM: the middle of that month.
    """
    m = re.fullmatch(r"(\d{4})(?:-(H[12]|\d{2}))?", str(period))
    if not m:
        raise ValueError(f"cfsp_alignment: unsupported period '{period}' (YYYY, YYYY-H1/H2 or YYYY-MM)")
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return year + 0.5
    if part in ("H1", "H2"):
        return year + (0.25 if part == "H1" else 0.75)
    return year + (int(part) - 0.5) / 12


def drawn(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows drawn and ranked: every row that is not an alternative rendering of another, with `x`."""
    ids = set(frame["id"])
    alt = frame["alternative_of"].dropna()
    unknown = sorted(set(alt) - ids)
    if unknown:
        raise ValueError(f"cfsp_alignment, column 'alternative_of': no row with id {', '.join(unknown)}")
    kept = frame[frame["alternative_of"].isna()].copy()
    kept["x"] = kept["period"].map(position)
    if "published" in kept.columns:  # a statement without a reference period sits at the day it was made
        stated = (kept["series"] == "commission_statement") & kept["published"].notna()
        kept.loc[stated, "x"] = kept.loc[stated, "published"].map(decimal_date)
    return kept


def decimal_date(text: str) -> float:
    """A text date as decimal years, at the middle of its day, month or year ('2025-10-15' -> 2025.79)."""
    start, end, _ = data.date_interval(str(text))
    middle = start + (end - start) / 2 + pd.Timedelta(hours=12)
    year_start = pd.Timestamp(year=middle.year, month=1, day=1)
    days = 366 if middle.is_leap_year else 365
    return middle.year + (middle - year_start) / pd.Timedelta(days=days)


def series(frame: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """One frame per (country, series) of the drawn rows, sorted by `x`; series are never merged."""
    out = {}
    for (country, name), group in drawn(frame).groupby(["country", "series"], sort=True):
        out[(country, name)] = group.sort_values("x").reset_index(drop=True)
    return out


def lowest(frame: pd.DataFrame, country: str = "Serbia") -> pd.DataFrame:
    """Per ISAC period with `country` and at least one other country: who is lowest.

    Indexed by period. Columns: series, countries, lowest, own_pct, others_min, others_min_country,
    own_lowest (True only if `country` is strictly below every other country).
    """
    rows = drawn(frame)
    rows = rows[rows["series"].isin(ISAC_SERIES)]
    out = []
    for (name, period), group in rows.groupby(["series", "period"], sort=True):
        if group["country"].nunique() < 2 or country not in set(group["country"]):
            continue
        own = float(group.loc[group["country"] == country, "alignment_pct"].iloc[0])
        others = group[group["country"] != country].sort_values("alignment_pct", kind="stable")
        out.append(
            {
                "period": period,
                "series": name,
                "countries": group["country"].nunique(),
                "lowest": group.sort_values("alignment_pct", kind="stable").iloc[0]["country"],
                "own_pct": own,
                "others_min": float(others.iloc[0]["alignment_pct"]),
                "others_min_country": others.iloc[0]["country"],
                "own_lowest": bool(own < others["alignment_pct"].min()),
            }
        )
    columns = ["period", "series", "countries", "lowest", "own_pct", "others_min", "others_min_country", "own_lowest"]
    return pd.DataFrame(out, columns=columns).set_index("period")


def others(frame: pd.DataFrame, period: str, country: str = "Serbia") -> pd.DataFrame:
    """The drawn ISAC rows of the other countries in `period`, highest first."""
    rows = drawn(frame)
    rows = rows[rows["series"].isin(ISAC_SERIES) & rows["period"].eq(period) & rows["country"].ne(country)]
    return rows.sort_values("alignment_pct", ascending=False, kind="stable").reset_index(drop=True)


def years_without_comparison(frame: pd.DataFrame, country: str = "Serbia") -> list[str]:
    """Calendar years of `country`'s ISAC series, from the first compared period on, with no other country."""
    ranked = lowest(frame, country)
    if ranked.empty:
        return []
    first = int(str(ranked.index.min())[:4])
    years = series(frame).get((country, "isac_calendar_year"), pd.DataFrame(columns=["period"]))["period"]
    return [p for p in years if int(p) >= first and p not in ranked.index]


def peak(frame: pd.DataFrame, country: str = "Serbia", name: str = "isac_calendar_year") -> pd.Series:
    """The drawn row with the highest alignment in one country's series (the earliest if tied)."""
    rows = series(frame).get((country, name))
    if rows is None or rows.empty:
        raise ValueError(f"cfsp_alignment: no rows for {country}, series '{name}'")
    return rows.loc[rows["alignment_pct"].astype(float).idxmax()]


# Per country: sideways shift on the time axis (so equal values stay visible), colour and marker.
OFFSET = {"Serbia": 0.0, "Albania": -0.14, "Bosnia and Herzegovina": -0.05, "Montenegro": 0.05, "North Macedonia": 0.14}
STYLE = {
    "Serbia": (charts.ACTOR["Serbia"], "o"),
    "Albania": (charts.PALETTE[0], "s"),
    "Bosnia and Herzegovina": (charts.PALETTE[3], "^"),
    "Montenegro": (charts.PALETTE[2], "D"),
    "North Macedonia": (charts.PALETTE[6], "v"),
}


def _axis_years(ax, x: pd.Series, pad: float) -> None:
    """x limits from the data (whole years, padded) and a tick every second year from the first."""
    lo, hi = math.floor(x.min()), math.ceil(x.max())
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_xticks(range(lo, hi, 2))


def _draw_series(left, right, country: str, name: str, rows: pd.DataFrame) -> None:
    colour, marker = STYLE[country]
    x, y = rows["x"] + OFFSET[country], rows["alignment_pct"].astype(float)
    main = country == "Serbia"
    if name == "isac_calendar_year":
        run = (rows["x"].diff().fillna(1) > 1).cumsum()  # a gap in the data stays a gap in the line
        for _, part in rows.assign(x=x).groupby(run):
            left.plot(
                part["x"],
                part["alignment_pct"].astype(float),
                color=colour,
                marker=marker,
                linewidth=2.2 if main else 1.2,
                markersize=6 if main else 5,
            )
    elif name == "isac_half_year":
        left.plot(
            x,
            y,
            linestyle="none",
            marker=marker,
            markerfacecolor="white",
            markeredgecolor=colour,
            markeredgewidth=1.6,
            markersize=6,
        )
    else:
        report = name == "commission_report"
        right.plot(
            rows["x"],
            y,
            color=colour,
            marker="s" if report else "*",
            linestyle="--" if report else "none",
            linewidth=1.8,
            markersize=6 if report else 11,
        )
        for k, (xv, yv) in enumerate(zip(rows["x"], y)):
            lift = 2 if report or k % 2 else -11  # neighbouring statements label on alternate sides
            right.annotate(
                glue.percent(yv), (xv, yv), xytext=(6 if report else 7, lift), textcoords="offset points", fontsize=8
            )


def cfsp_figure(frame: pd.DataFrame) -> charts.Chart:
    """The two-panel alignment chart: ISAC on the left, the Commission (Serbia only) on the right."""
    parts = series(frame)
    fig, (left, right) = charts.figure(height=3.6, ncols=2, sharey=True, gridspec_kw={"width_ratios": [2.3, 1]})
    for (country, name), rows in parts.items():
        _draw_series(left, right, country, name, rows)
    rows = pd.concat(parts.values(), ignore_index=True)
    isac = rows["series"].isin(ISAC_SERIES)
    left.set_title("ISAC Fund count, Western Balkan countries with a figure", loc="left", fontsize=9)
    right.set_title("European Commission, Serbia", loc="left", fontsize=9)
    left.set_ylabel("Alignment, %")
    left.set_ylim(0, 108)
    _axis_years(left, rows.loc[isac, "x"], 0.2)
    _axis_years(right, rows.loc[~isac, "x"], 0.4)
    handles = [
        Line2D([], [], color=STYLE[c][0], marker=STYLE[c][1], linewidth=2.2 if c == "Serbia" else 1.2, label=c)
        for c in STYLE
    ]
    handles += [
        Line2D(
            [],
            [],
            color=charts.GREY,
            marker="o",
            linestyle="none",
            markerfacecolor="white",
            label="Hollow: half-year review",
        )
    ]
    left.legend(handles=handles, loc="lower left", ncol=2, fontsize=7.5)
    serbia = charts.ACTOR["Serbia"]
    right.legend(
        handles=[
            Line2D([], [], color=serbia, marker="s", linestyle="--", label="Annual report"),
            Line2D(
                [],
                [],
                color=serbia,
                marker="*",
                linestyle="none",
                markersize=10,
                label="Statement, no period",
            ),
        ],
        loc="lower left",
        fontsize=7.5,
    )
    return charts.Chart(fig, rows[["country", "series", "period", "alignment_pct", "qualifier", "id", "sources"]])
