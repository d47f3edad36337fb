"""Joint exercises with Chinese forces, and the earlier PLA drills in Europe that test 'first' claims."""
from __future__ import annotations

import pandas as pd

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


def earlier_drills(exercises: pd.DataFrame, before, scope: str = "context") -> pd.DataFrame:
    """Exercises of `scope` that started before `before`, by start date (one row per event)."""
    rows = exercises[exercises["scope"].eq(scope) & (pd.to_datetime(exercises["start_date"]) < pd.Timestamp(before))]
    return rows.sort_values("start_date").drop_duplicates(subset="event_id")


def exercise_rows(exercises: pd.DataFrame) -> pd.DataFrame:
    """Military exercises by start date, with 'dates', 'scope_text', 'name_text' and 'where' for the table."""
    mil = exercises[exercises["force"] == "military"].sort_values("start_date").copy()
    starts, ends = pd.to_datetime(mil["start_date"]), pd.to_datetime(mil["end_date"])
    mil["dates"] = [f"{s:%-d %b}–{e:%-d %b %Y}" if s != e else f"{s:%-d %b %Y}" for s, e in zip(starts, ends)]
    mil["scope_text"] = mil["scope"].map(SCOPE_TEXT)
    mil["name_text"] = mil["short_name"].fillna("(no code name found)")
    mil["where"] = mil["place"] + ", " + mil["country"]
    return mil
