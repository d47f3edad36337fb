"""Chinese presence in Serbia: tourist arrivals and stays, work permits, residents (book/police)."""

from __future__ import annotations

import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import pandas as pd

from csreport.report import charts, glue

TOURISM = ("tourist_arrivals", "tourist_overnights")
# Last month covered by each part-year `period` of chinese_presence (the part-year periods start in January).
PERIOD_END_MONTH = {"jan_apr": 4, "jan_jul": 7, "jan_sep": 9, "jan_oct": 10}
# Month names shortened for the row labels of the part-year panel.
_SHORT_MONTHS = {"January": "Jan", "April": "Apr", "July": "Jul", "September": "Sep", "October": "Oct"}


def sign_label(qualifier, value) -> str:
    """A count with its qualifier as a sign, as charts and tables show it: '≈145,000', '≥78,000'."""
    return glue.qualified(qualifier, glue.count(value), words=glue.QUALIFIER_SIGN)


def _with_labels(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(label=[sign_label(q, v) for q, v in zip(rows["qualifier"], rows["value"])])


def full_year_values(presence: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Full-year rows of one metric of `chinese_presence`, oldest first, with a `label` carrying the qualifier."""
    rows = presence[presence["metric"].eq(metric) & presence["period"].eq("full_year")]
    return _with_labels(rows).sort_values("year")


def partial_year_values(presence: pd.DataFrame) -> pd.DataFrame:
    """Tourism rows that cover only part of a year (never to be drawn on a full-year axis), by period."""
    rows = presence[presence["metric"].isin(TOURISM) & presence["period"].isin(PERIOD_END_MONTH)]
    months = rows["period"].map(PERIOD_END_MONTH)
    return _with_labels(rows).assign(_m=months).sort_values(["year", "_m", "metric"]).drop(columns="_m")


def latest_part_year(presence: pd.DataFrame, metric: str) -> pd.Series:
    """The part-year row of `metric` that ends latest."""
    rows = partial_year_values(presence)
    rows = rows[rows["metric"].eq(metric)]
    if rows.empty:
        raise ValueError(f"chinese_presence: no part-year row with metric '{metric}'")
    return rows.iloc[-1]


def _draw_full_years(ax, arrivals: pd.DataFrame, nights: pd.DataFrame, gaps: list[int]) -> float:
    """Arrival bars, stay markers and '?' for missing years; returns the top of the y axis."""
    ax.bar(arrivals["year"], arrivals["value"], width=0.6, color=charts.ACTOR["China"])
    for _, r in arrivals.iterrows():
        ax.annotate(
            r["label"], (r["year"], r["value"]), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=7.5
        )
    ax.plot(nights["year"], nights["value"], marker="D", linestyle="none", color=charts.PALETTE[0], markersize=6)
    for _, r in nights.iterrows():
        ax.annotate(
            r["label"] + " nights",
            (r["year"], r["value"]),
            xytext=(-6, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=7.5,
            color=charts.PALETTE[0],
        )
    for y in gaps:
        ax.annotate("?", (y, 0), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=8, color=charts.GREY)
    top = max(arrivals["value"].max(), nights["value"].max()) * 1.2
    ax.set_ylim(0, top)
    return top


def _shade_rounds(ax, serbia: pd.DataFrame) -> None:
    """Shade the years of Serbia's patrol rounds: plain for rounds in Serbia, hatched for rounds in China."""
    for _, r in serbia.iterrows():
        in_cn = r["host_country"] == "China"
        ax.axvspan(
            r["year"] - 0.45,
            r["year"] + 0.45,
            facecolor=charts.PALETTE[0] if in_cn else charts.ACTOR["China"],
            alpha=0.15,
            hatch="///" if in_cn else None,
            edgecolor=charts.PALETTE[0] if in_cn else "none",
            linewidth=0,
            zorder=0,
        )


def _mark_event(ax, day: pd.Timestamp, label: str, top: float) -> None:
    """A dashed vertical line at `day` on a year axis whose ticks are at mid-year."""
    x = day.year - 0.5 + (day.day_of_year - 1) / 365
    ax.axvline(x, color=charts.GREY, linestyle="--", linewidth=1)
    ax.annotate(
        label, (x, top * 0.55), xytext=(4, 0), textcoords="offset points", fontsize=7.5, color=charts.GREY, va="center"
    )


def _full_years_legend(ax) -> None:
    legend = [
        mpatches.Patch(color=charts.ACTOR["China"], label="Arrivals"),
        mlines.Line2D([], [], marker="D", linestyle="none", color=charts.PALETTE[0], label="Overnight stays"),
        mpatches.Patch(facecolor=charts.ACTOR["China"], alpha=0.15, label="Chinese officers patrol in Serbia"),
        mpatches.Patch(
            facecolor=charts.PALETTE[0],
            alpha=0.15,
            hatch="///",
            edgecolor=charts.PALETTE[0],
            linewidth=0,
            label="Serbian officers patrol in China",
        ),
    ]
    ax.legend(handles=legend, loc="upper left", fontsize=7.5, ncol=2)


def _draw_part_years(bx, partial: pd.DataFrame) -> pd.DataFrame:
    """One row per part-year period, never joined or put on the year axis; returns the rows drawn."""
    part = partial.reset_index(drop=True)
    part["row"] = part["period_note"].replace(_SHORT_MONTHS, regex=True)
    order = list(dict.fromkeys(part["row"]))
    part["y"] = part["row"].map({r: len(order) - 1 - i for i, r in enumerate(order)})
    for metric, marker, colour in zip(TOURISM, ("o", "D"), (charts.ACTOR["China"], charts.PALETTE[0])):
        sub = part[part["metric"].eq(metric)]
        bx.plot(sub["value"], sub["y"], marker=marker, linestyle="none", color=colour, markersize=6)
        for _, r in sub.iterrows():
            bx.annotate(
                r["label"],
                (r["value"], r["y"]),
                xytext=(7, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color=colour,
            )
    bx.set_yticks(range(len(order)))
    bx.set_yticklabels(list(reversed(order)), fontsize=8)
    bx.set_ylim(-0.6, len(order) - 0.4)
    bx.set_xlim(0, part["value"].max() * 1.25)
    bx.xaxis.set_major_formatter(charts.thousands)
    bx.grid(axis="y", visible=False)
    bx.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    bx.set_title("Parts of a year (officials' statements; not a series)", loc="left", fontsize=9, fontweight="bold")
    return part.drop(columns=["row", "y"])


def tourists_figure(
    presence: pd.DataFrame, serbia: pd.DataFrame, event: pd.Series, event_label: str, cutoff: pd.Timestamp
) -> charts.Chart:
    """Arrivals and stays by full year with patrol years shaded and `event` (a timeline row) marked (top);
    part-year figures (bottom). The year axis runs to the last full year before the data cut-off."""
    arrivals = full_year_values(presence, "tourist_arrivals")
    nights = full_year_values(presence, "tourist_overnights")
    first = int(arrivals["year"].iloc[0])
    fig, (ax, bx) = charts.figure(height=4.1, nrows=2, gridspec_kw={"height_ratios": [1.7, 1], "hspace": 0.45})
    top = _draw_full_years(ax, arrivals, nights, missing_full_years(arrivals, cutoff))
    _shade_rounds(ax, serbia)
    _mark_event(ax, pd.Timestamp(event["date"]), event_label, top)
    ax.set_xlim(first - 0.6, cutoff.year - 0.4)
    ax.set_xticks(range(first, cutoff.year))
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_formatter(charts.thousands)
    ax.set_title("Full years (arrivals: statistical office, as reported)", loc="left", fontsize=9, fontweight="bold")
    _full_years_legend(ax)
    part = _draw_part_years(bx, partial_year_values(presence))
    marked = pd.DataFrame(
        [
            {
                "id": event.get("id", event.name),
                "date": event["date"],
                "event": event["event"],
                "sources": event["sources"],
            }
        ]
    )
    return charts.Chart(fig, pd.concat([arrivals, nights, part, marked], ignore_index=True))


def missing_full_years(full_years: pd.DataFrame, cutoff: pd.Timestamp) -> list[int]:
    """Years from the first full-year row to the last full year before the cut-off that have no row."""
    have = {int(y) for y in full_years["year"]}
    return [y for y in range(min(have), cutoff.year) if y not in have]
