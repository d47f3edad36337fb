"""The outlook chapter's watch list: the latest value of each indicator, and when it is next due.

The notebook chooses, next to its prose, which rows each indicator is read from; these functions
only pick the latest row and lay the list out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport import data
from csreport.data import releases
from csreport.report import glue


def latest(frame: pd.DataFrame, by: str) -> pd.Series:
    """The row of `frame` with the latest `by` (a year, window end or text date); of tied rows, the first."""
    if frame.empty:
        raise ValueError(f"table '{frame.attrs.get('name', '?')}': no row to take the latest '{by}' from")
    return frame.sort_values(by, ascending=False, kind="stable").iloc[0]


def latest_confirmed(deliveries: pd.DataFrame, columns=("first_delivery", "public_unveiling")) -> pd.Series:
    """The delivery whose latest public confirmation (the later of its dates in `columns`) is latest.

    A system counts as confirmed on the later of its first delivery and its first public showing or
    official confirmation, so a system shown or confirmed without a delivery date still counts. Adds
    `confirmed` (the text date) and `confirmed_by` (the column it comes from). Ties keep the first row.
    """
    if deliveries.empty:
        raise ValueError(f"table '{deliveries.attrs.get('name', '?')}': no row to take the latest confirmation from")
    best, best_start = None, None
    for _, row in deliveries.iterrows():
        for column in columns:
            text = row[column]
            if text is None or (not isinstance(text, str) and pd.isna(text)):
                continue
            start = data.date_interval(str(text))[0]
            if best_start is None or start > best_start:
                best, best_start = row.copy(), start
                best["confirmed"], best["confirmed_by"] = str(text), column
    if best is None:
        raise ValueError("no row has a date in " + ", ".join(columns))
    return best


@dataclass(frozen=True)
class Indicator:
    """One line of the watch list: what is measured, its latest value as text, and its series."""

    name: str
    row: pd.Series  # the row the value is read from (its `sources` are cited)
    value: str
    period: str
    basis: str
    release: str | None = None  # id in data/release_schedule.csv, when the series has a rhythm


def watch_rows(indicators: list[Indicator], schedule: pd.DataFrame) -> pd.DataFrame:
    """The watch list as a table: indicator, latest value, period, basis, next expected release, sources."""
    expected = releases.next_expected(schedule).set_axis(schedule["id"])
    unknown = set(i.release for i in indicators if i.release) - set(schedule["id"])
    if unknown:
        raise ValueError(f"watch list: release series not in data/release_schedule.csv: {', '.join(sorted(unknown))}")
    return pd.DataFrame(
        [
            {
                "indicator": i.name,
                "value": i.value,
                "period": i.period,
                "basis": i.basis,
                "next_release": (
                    glue.date_text(expected[i.release], "month")
                    if i.release and pd.notna(expected[i.release])
                    else None
                ),
                "sources": i.row["sources"],
            }
            for i in indicators
        ]
    )


def overdue(indicators: list[Indicator], schedule: pd.DataFrame, as_of) -> list[str]:
    """Short names of the indicators' series whose next release was expected before `as_of`."""
    late = set(releases.due(schedule, as_of)["id"])
    names = schedule.set_index("id")["short_name"]
    return list(dict.fromkeys(names[i.release] for i in indicators if i.release in late))
