"""Helpers over table rows that several chapters share: one row by its id, the rank of a confidence
level, the categories a column may take (described in the data package), a check that every value
is one of them, and rows in date order."""

from __future__ import annotations

import pandas as pd

from csreport import data


def categories(table: str, column: str) -> pd.DataFrame:
    """The categories of a column as described in the data package, in their order.

    Indexed by `value`, with `label` and any further property of the categories (such as
    `street_count` or `chart_label`). Raises DataError if the column has no categories.
    """
    fields = {f["name"]: f for f in data.resource(table)["schema"]["fields"]}
    if column not in fields or not fields[column].get("categories"):
        raise data.DataError(f"data package: column '{column}' of '{table}' has no categories")
    return pd.DataFrame(fields[column]["categories"]).set_index("value")


def require_known(values: pd.Series, known, what: str, ids: pd.Series) -> None:
    """Raise ValueError naming the rows (by id) whose value is not in `known`."""
    bad = ~values.isin(list(known))
    if bad.any():
        rows = ", ".join(f"{i} ({v})" for i, v in zip(ids[bad], values[bad]))
        raise ValueError(f"{what} not described in the data package: {rows}")


def dated(frame: pd.DataFrame, column: str = "date") -> pd.DataFrame:
    """`frame` with `when` (partial dates placed mid-month or mid-year) and `date_precision`, by date then id."""
    parsed = frame[column].map(data.partial_date)
    return (
        frame.assign(when=[p[0] for p in parsed], date_precision=[p[1] for p in parsed])
        .sort_values(["when", "id"], kind="stable")
        .reset_index(drop=True)
    )


def row(frame: pd.DataFrame, id_: str) -> pd.Series:
    """The row of `frame` whose `id` column is `id_`."""
    return frame.set_index("id").loc[id_]


CONFIDENCE_ORDER = ("high", "medium", "low")  # the 'confidence' column's levels, best first


def confidence_rank(confidence: pd.Series) -> pd.Series:
    """0 for 'high', 1 for 'medium', 2 for 'low': sort by it to put the best-sourced row first."""
    return confidence.map({level: rank for rank, level in enumerate(CONFIDENCE_ORDER)})
