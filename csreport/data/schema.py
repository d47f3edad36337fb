"""A table's descriptor, and what the loader needs from it, checked before any row.

Each table is described by one file beside it, `data/<name>.schema.json`: its title, description,
unit and chapter, and its Table Schema (fields, primary key). data/datapackage.json lists the
tables (`name`, `path`, `schema`: that file), as the Data Package standard allows; `expand` merges
the two into the descriptor the loader works with.

Besides Frictionless types and constraints the report's data package uses a pattern and two
properties of its own (Frictionless allows `x-` properties); `csreport.data` applies them.
"""

from __future__ import annotations

import re

# A text date known to the year, month or day ('2019', '2019-11', '2019-11-05'): a string field with
# exactly this pattern is also checked against the calendar.
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Field property: the column describes past events, so no date in it may follow the data cut-off.
PAST = "x-past"
# Resource property: [start, end] column pairs; the end may not come before the start.
INTERVALS = "x-intervals"
# The Table Schema's own properties in a table's description file; the others describe the table.
SCHEMA_KEYS = ("fields", "primaryKey", "foreignKeys", "missingValues")
# Field types the loader reads, with the pandas dtype of the column ('date' becomes datetime64).
DTYPES = {"integer": "Int64", "year": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


def expand(entry: dict, described: dict | None) -> dict:
    """The resource `entry` of datapackage.json with its description file's content (`described`,
    None when the schema is inline) merged in: table-level properties beside `name` and `path`,
    the Table Schema under `schema`."""
    if described is None:
        return entry
    schema = {k: described[k] for k in SCHEMA_KEYS if k in described}
    return {**{k: v for k, v in described.items() if k not in SCHEMA_KEYS}, **entry, "schema": schema}


def problems(res: dict, where: str, cut) -> list[str]:
    """What the loader cannot work with in one table's descriptor (`where`: the package file; `cut`: its cutoff)."""
    name = res.get("name")
    fields = res.get("schema", {}).get("fields") if isinstance(res.get("schema"), dict) else None
    if (
        not isinstance(res.get("path"), str)
        or not isinstance(fields, list)
        or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields)
    ):
        return [
            (
                f"{where}: resource '{name}' lacks a path or a schema with named fields; expected "
                '"path" and "schema": {"fields": [{"name": ..., "type": ...}, ...]}'
            )
        ]
    out = [
        f"{where}: resource '{name}', field '{f['name']}': {problem}" for f in fields if (problem := _field_problem(f))
    ]
    described = {f["name"] for f in fields}
    pairs = res.get(INTERVALS, [])
    for pair in pairs if isinstance(pairs, list) else [pairs]:
        if not isinstance(pair, list) or len(pair) != 2 or not set(pair) <= described:
            out.append(f"{where}: resource '{name}', {INTERVALS} {pair}: expected [start, end] pairs of its columns")
    key = res["schema"].get("primaryKey", [])
    if not isinstance(key, list) or not all(isinstance(k, str) for k in key) or not set(key) <= described:
        out.append(f"{where}: resource '{name}', primaryKey {key}: expected a list of its columns")
    if any(f.get(PAST) for f in fields) and not (isinstance(cut, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cut)):
        out.append(f"{where}: 'cutoff' is {cut!r}; expected the data cut-off date as YYYY-MM-DD")
    return out


def _field_problem(field: dict) -> str | None:
    kind, c = field.get("type", "string"), field.get("constraints", {})
    if not isinstance(kind, str) or (kind not in DTYPES and kind != "date"):
        return f"unsupported type {kind!r}; expected one of: {', '.join([*DTYPES, 'date'])}"
    if not isinstance(c, dict):
        return 'constraints are not an object; expected {"required": true, ...}'
    if not isinstance(c.get("enum", []), list) or not all(isinstance(v, str) for v in c.get("enum", [])):
        return "enum is not a list of texts; expected a list of the allowed values, each in quotes"
    bounds = [c[b] for b in ("minimum", "maximum") if b in c]
    if any(isinstance(b, bool) or not isinstance(b, (int, float)) for b in bounds):
        return f"minimum or maximum {bounds} is not a number; expected a number"
    if bounds and kind not in ("integer", "number", "year"):
        return f"minimum or maximum on a field of type '{kind}'; expected type integer, number or year"
    try:
        re.compile(c.get("pattern", ""))
    except (re.error, TypeError) as exc:
        return f"pattern {c.get('pattern')!r} is not a regular expression ({exc}); expected a valid one"
    return None
