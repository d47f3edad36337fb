"""Text dates of the report's tables ('2019', '2019-11', '2019-11-05'): whether one exists in the
calendar, the days it covers, and a point in time to place it at. Used by the loader's checks and,
through `csreport.data`, by the chapters.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import pandas as pd


def check_calendar(text: str) -> None:
    """ValueError unless a YYYY[-MM[-DD]] text names a month and day that exist."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ValueError(
            f"'{text}' is not a calendar date: there is no month {parts[1]:02d}; expected a month from 01 to 12"
        )
    if len(parts) > 2:
        days = calendar.monthrange(parts[0], parts[1])[1]
        if not 1 <= parts[2] <= days:
            month = date(parts[0], parts[1], 1).strftime("%B %Y")
            raise ValueError(
                f"'{text}' is not a calendar date: {month} has {days} days; expected a day from 01 to {days}"
            )


_PRECISION = {r"\d{4}": ("year", "Y"), r"\d{4}-\d{2}": ("month", "M"), r"\d{4}-\d{2}-\d{2}": ("day", "D")}


def date_interval(text: str) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """A 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' text date as the first and last day it covers, and its precision."""
    text = str(text).strip()
    for pattern, (precision, freq) in _PRECISION.items():
        if re.fullmatch(pattern, text):
            period = pd.Period(text, freq=freq)
            return period.start_time.normalize(), period.end_time.normalize(), precision
    raise ValueError(f"'{text}' is not a YYYY, YYYY-MM or YYYY-MM-DD date")


def partial_date(text: str) -> tuple[pd.Timestamp, str]:
    """A text date as a point in time, and its precision.

    Dates known only to the year are placed at mid-year (1 July), to the month at mid-month (the
    15th); a missing date gives (NaT, None).
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)) or not str(text).strip():
        return pd.NaT, None
    start, _, precision = date_interval(text)
    middle = {"year": pd.DateOffset(months=6), "month": pd.DateOffset(days=14), "day": pd.DateOffset(0)}
    return start + middle[precision], precision


def days_covered(value) -> tuple[date, date] | None:
    """The first and last day a typed date value covers (a year, a text date or a date), if it is one."""
    if isinstance(value, date):
        return value, value
    if type(value) is int:
        return date(value, 1, 1), date(value, 12, 31)
    try:
        start, end, _ = date_interval(value)
    except ValueError:
        return None
    return start.date(), end.date()
