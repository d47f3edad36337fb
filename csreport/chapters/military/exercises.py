"""Joint exercises with Chinese forces, and the earlier PLA drills in Europe that test 'first' claims."""

from __future__ import annotations

import pandas as pd

from csreport.data import partial_date
from csreport.report import glue

AT_SEA = "international waters"  # the `country` of a naval drill; its sea is the row's `region`
SCOPE_TEXT = {"china_serbia": "China–Serbia", "context": "Context (no Serbia)"}


def event_rows(exercises: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """All rows (one per source rendering) of one exercise; raises if there are none."""
    rows = exercises[exercises["event_id"] == event_id]
    if rows.empty:
        raise ValueError(f"exercises: no row with event_id '{event_id}'")
    return rows


def first_reported(rows: pd.DataFrame, column: str):
    """The first non-empty value of `column` among an event's rows (None if no row gives one)."""
    values = rows[column].dropna()
    return values.iloc[0] if len(values) else None


def headcounts_published(rows: pd.DataFrame) -> bool:
    """True if any row of the event gives any headcount (Chinese, Serbian or total)."""
    return bool(rows[["headcount_china", "headcount_serbia", "headcount_total"]].notna().any().any())


def earlier_drills(
    exercises: pd.DataFrame, before, scope: str = "context", in_europe: bool | None = True
) -> pd.DataFrame:
    """Exercises of `scope` that started before `before`, by start date (one row per event).

    `in_europe` keeps only the exercises held in Europe (True), only those outside it (False) or
    both (None). A start known only to the month or year counts from its first day.
    """
    starts = pd.to_datetime(exercises["start_date"], format="mixed")
    rows = exercises[exercises["scope"].eq(scope) & (starts < pd.Timestamp(before))]
    if in_europe is not None:
        rows = rows[rows["in_europe"].eq(in_europe)]
    return rows.sort_values("start_date").drop_duplicates(subset="event_id")


def _dates_text(start, end) -> str:
    """'19 Jul–28 Jul 2025', '28 Nov 2019', 'from 14 Sep 2009' (no end date) or 'Jul 2011' (month only)."""
    if partial_date(start)[1] != "day":
        return glue.date_text(start, short=True)
    s = pd.Timestamp(start)
    if end is None or pd.isna(end):
        return f"from {s:%-d %b %Y}"
    e = pd.Timestamp(end)
    return f"{s:%-d %b}–{e:%-d %b %Y}" if s != e else f"{s:%-d %b %Y}"


def exercise_rows(exercises: pd.DataFrame) -> pd.DataFrame:
    """Military exercises by start date, with 'dates', 'scope_text', 'name_text', 'where' and 'host' for the table."""
    mil = exercises[exercises["force"] == "military"].sort_values("start_date").copy()
    mil["dates"] = [_dates_text(s, e) for s, e in zip(mil["start_date"], mil["end_date"])]
    mil["scope_text"] = mil["scope"].map(SCOPE_TEXT)
    mil["name_text"] = mil["short_name"].fillna("(no code name found)")
    mil["where"] = mil["place"] + ", " + mil["country"]
    mil["host"] = [f"at sea ({r})" if c == AT_SEA else c for c, r in zip(mil["country"], mil["region"])]
    return mil
