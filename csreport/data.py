"""Load the report's tables, validated against data/datapackage.json.

`load(name)` returns a typed DataFrame or raises `DataError`, whose message names the file,
the row (counted as in a spreadsheet: the header is row 1) and the column. Bad data never
becomes a silent NaN.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date
from functools import lru_cache

import pandas as pd

from . import sources
from .paths import DATA, PACKAGE, rel

MISSING = ""  # the only spelling of "unknown" in a CSV cell


class DataError(ValueError):
    """A data file does not match its description in the data package."""


@lru_cache(maxsize=1)
def package() -> dict:
    """The data package descriptor."""
    try:
        return json.loads(PACKAGE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{rel(PACKAGE)}: file not found") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{rel(PACKAGE)}, line {exc.lineno}: invalid JSON ({exc.msg})") from None


def resource(name: str) -> dict:
    """The descriptor of one table."""
    for res in package()["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in package()["resources"])
    raise DataError(f"{rel(PACKAGE)}: no resource named '{name}' (known: {names})")


def names() -> list[str]:
    return [res["name"] for res in package()["resources"]]


def _convert(value: str, field: dict):
    """One cell to its Python value, or ValueError saying why not."""
    kind = field.get("type", "string")
    if kind == "string":
        return value
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"'{value}' is not an integer")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if number != number:  # NaN spelled out in a file is still bad data
            raise ValueError(f"'{value}' is not a number")
        return number
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise ValueError(f"'{value}' is not a year (YYYY)")
        return int(value)
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date (YYYY-MM-DD)") from None
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"'{value}' is not a boolean (true or false)")
        return value == "true"
    raise ValueError(f"unsupported field type '{kind}' in the data package")


def _check_constraints(value, text: str, field: dict) -> None:
    c = field.get("constraints", {})
    if "enum" in c and text not in c["enum"]:
        raise ValueError(f"'{text}' is not one of the allowed values: {', '.join(c['enum'])}")
    if "pattern" in c and not re.fullmatch(c["pattern"], text):
        raise ValueError(f"'{text}' does not match the pattern {c['pattern']}")
    if "minimum" in c and value < c["minimum"]:
        raise ValueError(f"{text} is below the minimum {c['minimum']}")
    if "maximum" in c and value > c["maximum"]:
        raise ValueError(f"{text} is above the maximum {c['maximum']}")


_DTYPES = {"integer": "Int64", "year": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


@lru_cache(maxsize=None)
def _load(name: str) -> pd.DataFrame:
    res = resource(name)
    path = DATA / res["path"]
    where = rel(path)
    if not path.is_file():
        raise DataError(f"{where}: file not found (resource '{name}' in {rel(PACKAGE)})")
    fields = res["schema"]["fields"]
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise DataError(f"{where}, row 1: the file is empty (a header row is needed)")
    header, body = rows[0], rows[1:]
    described = [f["name"] for f in fields]
    for f in fields:
        if f["name"] not in header:
            raise DataError(f"{where}, row 1, column '{f['name']}': column described in the data package is missing")
    for col in header:
        if col not in described:
            raise DataError(f"{where}, row 1, column '{col}': column not described in the data package")
    if "sources" not in header:
        raise DataError(f"{where}, row 1, column 'sources': every table needs a sources column")

    known_keys = sources.keys()
    records, errors = [], []
    for rownum, row in enumerate(body, start=2):
        if len(row) != len(header):
            errors.append(f"{where}, row {rownum}: {len(row)} cells, the header has {len(header)}")
            continue
        record = {}
        for col, text in zip(header, row):
            field = fields[described.index(col)]
            text = text.strip()
            if text == MISSING:
                if field.get("constraints", {}).get("required"):
                    errors.append(f"{where}, row {rownum}, column '{col}': value required, the cell is empty")
                record[col] = None
                continue
            try:
                value = _convert(text, field)
                _check_constraints(value, text, field)
            except ValueError as exc:
                errors.append(f"{where}, row {rownum}, column '{col}': {exc}")
                continue
            record[col] = value
        for key in sources.split_keys(record.get("sources") or ""):
            if key not in known_keys:
                errors.append(f"{where}, row {rownum}, column 'sources': unknown BibTeX key '{key}' (not in references.bib)")
        records.append((rownum, record))

    pk = res["schema"].get("primaryKey", [])
    unique = [f["name"] for f in fields if f.get("constraints", {}).get("unique")]
    for cols in ([pk] if pk else []) + [[u] for u in unique if [u] != pk]:
        seen = {}
        for rownum, record in records:
            key = tuple(record.get(c) for c in cols)
            if key in seen:
                errors.append(
                    f"{where}, row {rownum}, column '{','.join(cols)}': duplicate key "
                    f"{', '.join(map(str, key))} (first in row {seen[key]})")
            else:
                seen[key] = rownum
    if errors:
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise DataError("\n".join(errors[:20]) + more)

    frame = pd.DataFrame([r for _, r in records], columns=header)
    for f in fields:
        kind = f.get("type", "string")
        if kind == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]])
        else:
            frame[f["name"]] = frame[f["name"]].astype(_DTYPES[kind])
    frame.attrs["name"] = name
    frame.attrs["title"] = res.get("title", name)
    frame.attrs["unit"] = res.get("unit", "")
    return frame


def load(name: str) -> pd.DataFrame:
    """The validated, typed table `name` of the data package (a fresh copy)."""
    from .deps import record_table  # the build's record of what each notebook read

    record_table(name)
    return _load(name).copy()


def cutoff() -> pd.Timestamp:
    """The data cut-off date: the day the sources were last checked (datapackage.json 'cutoff')."""
    return pd.Timestamp(package()["cutoff"])


def catalogue() -> pd.DataFrame:
    """One row per table of the data package: name, title, description, unit, rows, sources."""
    rows = []
    for res in package()["resources"]:
        frame = load(res["name"])
        rows.append({"name": res["name"], "path": res["path"], "chapter": res.get("chapter", ""),
                     "title": res.get("title", ""),
                     "description": res.get("description", ""), "unit": res.get("unit", ""),
                     "rows": len(frame), "sources": ";".join(sources.keys_of(frame))})
    return pd.DataFrame(rows)


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


def row(frame: pd.DataFrame, id_: str) -> pd.Series:
    """The row of `frame` whose `id` column is `id_`."""
    return frame.set_index("id").loc[id_]


CONFIDENCE_ORDER = ("high", "medium", "low")  # the 'confidence' column's levels, best first


def confidence_rank(confidence: pd.Series) -> pd.Series:
    """0 for 'high', 1 for 'medium', 2 for 'low': sort by it to put the best-sourced row first."""
    return confidence.map({level: rank for rank, level in enumerate(CONFIDENCE_ORDER)})
