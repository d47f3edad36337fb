"""The security timeline at a glance: chosen rows of several tables as one dated list of events.

Which rows appear is chosen in the notebook (as `table:row` references); their short labels are
data (data/event_labels.csv); dates and sources come from the referenced rows.
"""

from __future__ import annotations

import pandas as pd

from csreport.data import DataError, partial_date
from csreport.report import charts

# The column that dates an event in each table, and the lane it is drawn in.
DATE_COLUMN = {
    "context_timeline": "date",
    "surveillance_milestones": "date",
    "police_patrols": "start_date",
    "exercises": "start_date",
    "arms_deliveries": "first_delivery",
}
LANE = {
    "context_timeline": "Agreements",
    "surveillance_milestones": "Safe City",
    "police_patrols": "Police",
    "exercises": "Drills",
    "arms_deliveries": "Arms",
}
LANE_STYLE = {  # marker, colour
    "Agreements": ("o", charts.TEXT),
    "Safe City": ("s", charts.PALETTE[0]),
    "Police": ("^", charts.PALETTE[2]),
    "Drills": ("D", charts.PALETTE[3]),
    "Arms": ("P", charts.ACTOR["China"]),
}


def events(picks: list[str], labels: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per picked `table:row`: date (a point in time), precision, lane, label, sources.

    Raises DataError naming the reference when a table, row, label or date is missing.
    """
    by_ref = labels.set_index("ref")
    out = []
    for ref in picks:
        table, _, row_id = ref.partition(":")
        if table not in DATE_COLUMN or table not in tables:
            raise DataError(f"event '{ref}': table '{table}' is not one the timeline reads")
        frame = tables[table].set_index("id")
        if row_id not in frame.index:
            raise DataError(f"event '{ref}': no row '{row_id}' in data/{table}.csv")
        if ref not in by_ref.index:
            raise DataError(f"event '{ref}': no label in data/event_labels.csv")
        when, precision = partial_date(frame.loc[row_id, DATE_COLUMN[table]])
        if pd.isna(when):
            raise DataError(
                f"data/{table}.csv, row '{row_id}', column '{DATE_COLUMN[table]}': "
                "empty, the event cannot be placed on the timeline"
            )
        out.append(
            {
                "ref": ref,
                "date": when,
                "precision": precision,
                "lane": LANE[table],
                "label": by_ref.loc[ref, "label"],
                "sources": frame.loc[row_id, "sources"],
            }
        )
    columns = ["ref", "date", "precision", "lane", "label", "sources"]
    return pd.DataFrame(out, columns=columns).sort_values(["date", "ref"]).reset_index(drop=True)


def span_years(frame: pd.DataFrame) -> tuple[int, int]:
    """First and last year of the events."""
    if frame.empty:
        raise ValueError("timeline at a glance: no events")
    return int(frame["date"].min().year), int(frame["date"].max().year)


def glance_figure(frame: pd.DataFrame) -> charts.Chart:
    """Events as a dot list: one line per event, earliest at the top, dated on a shared axis.

    Events known only to the month or year are drawn hollow at mid-month or mid-year.
    """
    if frame.empty:
        raise ValueError("timeline at a glance: no events")
    fig, ax = charts.figure(height=0.24 * len(frame) + 0.5)
    fig.subplots_adjust(left=0.43, right=0.97)
    y = range(len(frame))[::-1]
    frame = frame.assign(y=list(y))
    for lane, (marker, colour) in LANE_STYLE.items():
        rows = frame[frame["lane"] == lane]
        if rows.empty:
            continue
        exact = rows["precision"] == "day"
        ax.scatter(
            rows.loc[exact, "date"], rows.loc[exact, "y"], marker=marker, s=46, color=colour, zorder=3, label=lane
        )
        ax.scatter(
            rows.loc[~exact, "date"],
            rows.loc[~exact, "y"],
            marker=marker,
            s=46,
            facecolor="white",
            edgecolor=colour,
            linewidth=1.3,
            zorder=3,
        )
    ax.set_yticks(list(frame["y"]), list(frame["label"]))
    ax.tick_params(axis="y", length=0)
    first, last = span_years(frame)
    ax.set_xlim(pd.Timestamp(first, 1, 1), pd.Timestamp(last + 1, 1, 1) + pd.Timedelta(days=45))
    ax.set_xticks(
        [pd.Timestamp(year, 1, 1) for year in range(first, last + 2)], [str(year) for year in range(first, last + 2)]
    )
    ax.set_ylim(-0.7, len(frame) - 0.3)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.grid(axis="y", color="#F0F0F0", linewidth=0.5)
    ax.spines["left"].set_visible(False)
    # The earliest events are top left, the latest bottom right: the lower left is free.
    ax.legend(
        loc="lower left",
        fontsize=7.5,
        title="Filled: exact day; hollow: month or year",
        title_fontsize=7,
        alignment="left",
    )
    drawn = frame.drop(columns="y").assign(date=frame["date"].dt.date)
    return charts.Chart(fig, drawn)
