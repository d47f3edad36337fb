"""The China–Serbia timeline: dates at their precision, the events the figure shows, the figure."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D

from csreport import data
from csreport.report import charts, glue

CATEGORY = {  # colour and marker per timeline category
    "political": (charts.PALETTE[0], "o"),
    "diplomatic": (charts.PALETTE[4], "v"),
    "economic": (charts.PALETTE[2], "s"),
    "security": (charts.PALETTE[1], "^"),
    "digital": (charts.PALETTE[3], "D"),
}
SPLIT = pd.Timestamp("2009-01-01")  # where the figure's time axis is broken
FIGURE_COLUMNS = ["id", "date", "date_confirmed", "category", "label", "event", "sources"]


def timeline_dates(events: pd.DataFrame) -> pd.DataFrame:
    """The timeline with its text dates as intervals of their precision.

    Adds `start` and `end` (Timestamps) and `precision` ('day', 'month', 'year'): a date given
    as '2009' covers the whole year, '2016-06' the whole month. Sorted by start.
    """
    out = events.copy()
    intervals = [data.date_interval(text) for text in out["date"]]
    out["start"] = pd.to_datetime([i[0] for i in intervals])
    out["end"] = pd.to_datetime([i[1] for i in intervals])
    out["precision"] = [i[2] for i in intervals]
    return out.sort_values(["start", "id"]).reset_index(drop=True)


def timeline_shown(timeline: pd.DataFrame) -> pd.DataFrame:
    """The events the figure draws, with `label`, `mid` (middle of the date) and row `y`.

    Every political, diplomatic, security and digital event, every event whose date is not
    confirmed, and the economic events marked `economic_framework`; single projects are left to
    the table and the projects section.
    """
    shown = timeline[
        (timeline["category"] != "economic")
        | timeline["economic_framework"].fillna(False).astype(bool)
        | (timeline["date_confirmed"] == "no")
    ].reset_index(drop=True)
    return shown.assign(
        label=[f"{glue.date_text(d, short=True)}  {s}" for d, s in zip(shown["date"], shown["short_label"])],
        mid=shown["start"] + (shown["end"] - shown["start"]) / 2,
        y=range(len(shown)),
    )


@dataclass(frozen=True)
class TimelineSummary:
    """Counts of the timeline: all events, those with unconfirmed dates, those in the figure; the last date."""

    n_events: int
    n_unconfirmed: int
    n_shown: int
    last_event: pd.Timestamp


def timeline_summary(timeline: pd.DataFrame) -> TimelineSummary:
    """How many events the data hold, how many are unconfirmed or drawn, and the latest start date."""
    return TimelineSummary(
        n_events=len(timeline),
        n_unconfirmed=int((timeline["date_confirmed"] == "no").sum()),
        n_shown=len(timeline_shown(timeline)),
        last_event=timeline["start"].max(),
    )


def _draw_events(ax, part: pd.DataFrame) -> None:
    for cat, (colour, marker) in CATEGORY.items():
        for confirmed, group in part[part["category"] == cat].groupby(part["date_confirmed"] == "yes"):
            ax.scatter(
                group["mid"],
                group["y"],
                marker=marker,
                s=34,
                zorder=3,
                linewidths=1.4,
                clip_on=False,
                color=colour,
                facecolors=colour if confirmed else "white",
            )
    for _, r in part[part["precision"] == "year"].iterrows():  # a year-only date covers the whole year
        ax.plot([r["start"], r["end"]], [r["y"], r["y"]], color=CATEGORY[r["category"]][0], linewidth=3, alpha=0.35)


def _legend(ax) -> None:
    handles = [
        Line2D([], [], linestyle="none", marker=m, color=c, label=cat.capitalize()) for cat, (c, m) in CATEGORY.items()
    ]
    handles.append(
        Line2D(
            [], [], linestyle="none", marker="o", color=charts.GREY, markerfacecolor="white", label="Date not confirmed"
        )
    )
    handles.append(Line2D([], [], color=charts.GREY, linewidth=3, alpha=0.35, label="Only the year is known"))
    ax.legend(handles=handles, loc="upper right", fontsize=8)


def timeline_figure(timeline: pd.DataFrame, cutoff: pd.Timestamp) -> charts.Chart:
    """The timeline, its time axis broken at `SPLIT`, from the first event to the data cut-off."""
    rows = timeline_shown(timeline)
    early_rows, late_rows = rows[rows["mid"] < SPLIT], rows[rows["mid"] >= SPLIT]
    fig, (early, late) = charts.figure(
        height=4.6, ncols=2, sharey=True, gridspec_kw={"width_ratios": [1, 4], "wspace": 0.03}
    )
    _draw_events(early, early_rows)
    _draw_events(late, late_rows)
    first_year = int(rows["start"].min().year)
    early.set_xlim(pd.Timestamp(f"{first_year - 4}-01-01"), SPLIT + pd.DateOffset(years=1))
    late.set_xlim(SPLIT - pd.DateOffset(months=6), cutoff)
    late.set_xticks(pd.to_datetime([f"{y}-01-01" for y in range(SPLIT.year + 1, cutoff.year + 1, 4)]))
    # the early panel ticks the years of its events, except those next to the break
    early_years = sorted({int(y) for y in early_rows["start"].dt.year if y < SPLIT.year - 5})
    early.set_xticks(pd.to_datetime([f"{y}-01-01" for y in early_years]))
    for ax in (early, late):
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.grid(axis="y", color="#EEEEEE", linewidth=0.6)
        ax.grid(axis="x", visible=False)
    early.spines["right"].set_linestyle((0, (2, 2)))
    late.spines["left"].set_visible(False)
    late.tick_params(axis="y", left=False)
    early.set_yticks(rows["y"], rows["label"], fontsize=7.5)
    early.set_ylim(len(rows) - 0.4, -0.6)
    _legend(late)
    fig.subplots_adjust(left=0.5, right=0.985)
    return charts.Chart(fig, rows[FIGURE_COLUMNS])


def events_rows(timeline: pd.DataFrame) -> pd.DataFrame:
    """Every timeline event with its date as short text (`when`) and `confirmed` ('yes', 'not confirmed')."""
    return timeline.assign(
        when=[glue.date_text(d, short=True) for d in timeline["date"]],
        confirmed=timeline["date_confirmed"].map({"yes": "yes", "no": "not confirmed"}),
    )
