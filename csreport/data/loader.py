"""Load the report's tables, validated against data/datapackage.json.

`load(name)` returns a typed DataFrame or raises `DataError`: one line per problem, naming the
file, the row (counted as in a spreadsheet: the header is row 1) and the column, then what is
expected. Bad data never becomes a silent NaN. `csvfile` reads the text (encoding, byte-order
mark, quotes); this module checks the header, each row's shape and each cell, then three rules
the data package states with properties of its own (Frictionless allows `x-` properties):

- a string field whose pattern is `PARTIAL_DATE` holds a text date ('2019', '2019-11',
  '2019-11-05') that must exist in the calendar (no 2019-02-30, no month 13);
- a field with `"x-past": true` describes past events: no date in it may begin after the
  package's `cutoff`;
- a resource's `"x-intervals": [["start", "end"], ...]`: an end may not come before its start
  (text dates are compared as the days they cover, so '2020-02' and '2020-02-01' agree).

Partial dates are validated here with the calendar module and pandas Periods rather than with
the `edtf` package: edtf 5.0.2 accepts 2019-02-29, accepts the interval 2020/2019, gives no
reason in its errors and parses at about 5 ms a date; the data keep no uncertainty markers.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from functools import cache

import pandas as pd

from csreport import paths
from csreport.data import csvfile, schema, sources, validated
from csreport.data.dates import check_calendar, days_covered
from csreport.data.descriptor import package, resource, resources
from csreport.data.errors import DataError, at

MISSING = ""  # the only spelling of "unknown" in a CSV cell
PARTIAL_DATE, PAST, INTERVALS = schema.PARTIAL_DATE, schema.PAST, schema.INTERVALS


@paths.on_change
def _reset() -> None:
    _load.cache_clear()


def _convert(value: str, field: dict):
    """One cell to its Python value, or ValueError saying what is wrong and what is expected."""
    kind = field.get("type", "string")
    if kind == "string":
        return value
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"'{value}' is not an integer; expected digits only")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number; expected digits with '.' as decimal point") from None
        if math.isnan(number):  # NaN spelled out in a file is still bad data
            raise ValueError(f"'{value}' is not a number; expected a value, or an empty cell if unknown")
        return number
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise ValueError(f"'{value}' is not a year; expected YYYY")
        return int(value)
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"'{value}' is not a date; expected YYYY-MM-DD")
        check_calendar(value)
        return date.fromisoformat(value)
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"'{value}' is not a boolean; expected true or false")
        return value == "true"
    raise ValueError(f"unsupported field type '{kind}' in the data package")


def _check_constraints(value, text: str, field: dict) -> None:
    c = field.get("constraints", {})
    if "enum" in c and text not in c["enum"]:
        raise ValueError(f"'{text}' is not an allowed value; expected one of: {', '.join(c['enum'])}")
    if "pattern" in c and not re.fullmatch(c["pattern"], text):
        raise ValueError(f"'{text}' does not match the pattern; expected {_pattern_text(c['pattern'])}")
    if c.get("pattern") == PARTIAL_DATE:
        check_calendar(text)
    if "minimum" in c and value < c["minimum"]:
        raise ValueError(f"{text} is below the minimum; expected at least {c['minimum']}")
    if "maximum" in c and value > c["maximum"]:
        raise ValueError(f"{text} is above the maximum; expected at most {c['maximum']}")


def _pattern_text(pattern: str) -> str:
    return "a date as YYYY, YYYY-MM or YYYY-MM-DD" if pattern == PARTIAL_DATE else f"the pattern {pattern}"


_DTYPES = schema.DTYPES


def _header_problems(header: list[str], described: list[str], where: str) -> list[str]:
    """Columns missing from the file or not described in the data package (a misspelling is one problem)."""
    out = []
    missing = [c for c in described if c not in header]
    for i, col in enumerate(header):
        if header.index(col) != i:
            out.append(f"{at(where, row=1, column=col)}: the column appears twice; expected each column once")
        elif col not in described:
            instead = [m for m in missing if described.index(m) == i]
            hint = f"'{instead[0]}' here" if instead else f"one of: {', '.join(described)}"
            missing = [m for m in missing if m not in instead]
            out.append(f"{at(where, row=1, column=col)}: column not described in the data package; expected {hint}")
    for col in missing:
        out.append(
            f"{at(where, row=1, column=col)}: column described in the data package is missing; "
            "expected it in the header row"
        )
    return out


def _shape_problem(cells: list[str], header: list[str], where: str, rownum: int) -> str | None:
    """A blank row, or a row with more or fewer cells than the header."""
    if not any(c.strip() for c in cells):
        return f"{at(where, row=rownum)}: the row is blank; expected {len(header)} cells (delete the row)"
    if len(cells) > len(header):
        return (
            f"{at(where, row=rownum)}: {len(cells)} cells, one more than the header's {len(header)} "
            f"columns"
            + ("" if len(cells) == len(header) + 1 else " or more")
            + f" (extra cell '{cells[len(header)]}'); expected one cell per column (quote a cell holding a comma)"
        )
    if len(cells) < len(header):
        return (
            f"{at(where, row=rownum, column=header[len(cells)])}: the row ends after {len(cells)} "
            f"cell{'s' if len(cells) != 1 else ''}; "
            f"expected {len(header)}, one per column"
        )
    return None


def _record(cells: list[str], header: list[str], fields: dict, where: str, rownum: int, errors: list[str]) -> dict:
    """One row's typed values; each bad cell adds one line to `errors`."""
    record = {}
    for col, text in zip(header, cells):
        field = fields[col]
        text = text.strip()
        record[col] = None
        if text == MISSING:
            if field.get("constraints", {}).get("required"):
                errors.append(
                    f"{at(where, row=rownum, column=col)}: value required, the cell is empty; expected a value"
                )
            continue
        try:
            value = _convert(text, field)
            _check_constraints(value, text, field)
        except ValueError as exc:
            errors.append(f"{at(where, row=rownum, column=col)}: {exc}")
            continue
        record[col] = value
    return record


def _time_problems(record: dict, res: dict, fields: dict, where: str, rownum: int) -> list[str]:
    """Dates of past events after the cut-off; interval ends before their starts."""
    out = []
    limit = package().get("cutoff")
    for col, value in record.items():
        span = days_covered(value) if value is not None and fields[col].get(PAST) else None
        if span and limit and span[0] > date.fromisoformat(limit):
            out.append(
                f"{at(where, row=rownum, column=col)}: '{value}' is after the data cut-off {limit} "
                f"(datapackage.json 'cutoff') but the column describes past events; "
                "expected a date on or before the cut-off"
            )
    for start, end in res.get(INTERVALS, []):
        first, last = record.get(start), record.get(end)
        first_span, last_span = days_covered(first), days_covered(last)
        if first_span and last_span and last_span[1] < first_span[0]:
            out.append(
                f"{at(where, row=rownum, column=end)}: the end '{last}' is before the start "
                f"'{first}' ({start}); expected {end} on or after {start}"
            )
    return out


def _key_problems(records: list, res: dict, fields: dict, where: str) -> list[str]:
    """Duplicate values of the primary key and of unique columns."""
    out = []
    pk = res["schema"].get("primaryKey", [])
    unique = [name for name, f in fields.items() if f.get("constraints", {}).get("unique")]
    for cols in ([pk] if pk else []) + [[u] for u in unique if [u] != pk]:
        seen = {}
        for rownum, record in records:
            key = tuple(record.get(c) for c in cols)
            if key in seen:
                out.append(
                    f"{at(where, row=rownum, column=','.join(cols))}: duplicate key "
                    f"{', '.join(map(str, key))} (first in row {seen[key]}); expected each key once"
                )
            else:
                seen[key] = rownum
    return out


@cache
def _load(name: str) -> pd.DataFrame:
    res = resource(name)
    errors = schema.problems(res, paths.rel(paths.PACKAGE), package().get("cutoff"))
    if errors:
        raise DataError("\n".join(errors))
    path = paths.DATA / res["path"]
    where = paths.rel(path)
    if not path.is_file():
        raise DataError(
            f"{where}: file not found; expected the table of resource '{name}' in {paths.rel(paths.PACKAGE)}"
        )
    # A table validated before (by this or another notebook's kernel) from the same file, descriptor
    # and cut-off is taken as it was; only its sources are checked against the bibliography again.
    kept = validated.key(path.read_bytes(), json.dumps(res, sort_keys=True), str(package().get("cutoff")))
    found = validated.get(name, kept)
    if found is not None:
        frame, rownums = found
        _check_sources(zip(rownums, frame["sources"].fillna("")), where)
        return frame
    frame, rownums = _validate(res, path, where)
    validated.put(name, kept, (frame, rownums))
    return frame


def _check_sources(cells, where: str) -> None:
    """DataError naming each row whose `sources` cites a key that is not in the bibliography."""
    known = sources.entries()
    errors = [
        f"{at(where, row=rownum, column='sources')}: unknown BibTeX key '{key}'; expected a key of references.bib"
        for rownum, cell in cells
        for key in sources.split_keys(cell)
        if key not in known
    ]
    if errors:
        more = f"\n{where}: ... and {len(errors) - 20} more problem(s)" if len(errors) > 20 else ""
        raise DataError("\n".join(errors[:20]) + more)


def _validate(res: dict, path, where: str) -> tuple[pd.DataFrame, list[int]]:
    """The typed table and the row number of each of its rows, or DataError listing every problem."""
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    header, body = csvfile.read(path)
    errors = _header_problems(header, list(fields), where)
    if "sources" not in fields:
        errors.append(
            f"{at(where, row=1, column='sources')}: every table needs a sources column; "
            "expected it in the header and in the data package"
        )
    if errors:
        raise DataError("\n".join(errors))
    known_keys = sources.entries()
    records = []
    for rownum, cells in body:
        shape = _shape_problem(cells, header, where, rownum)
        if shape:
            errors.append(shape)
            continue
        record = _record(cells, header, fields, where, rownum, errors)
        errors.extend(_time_problems(record, res, fields, where, rownum))
        for key in sources.split_keys(record.get("sources") or ""):
            if key not in known_keys:
                errors.append(
                    f"{at(where, row=rownum, column='sources')}: unknown BibTeX key '{key}'; "
                    "expected a key of references.bib"
                )
        records.append((rownum, record))
    errors.extend(_key_problems(records, res, fields, where))
    if errors:
        more = f"\n{where}: ... and {len(errors) - 20} more problem(s)" if len(errors) > 20 else ""
        raise DataError("\n".join(errors[:20]) + more)
    return _frame(records, header, res), [rownum for rownum, _ in records]


def _frame(records: list, header: list[str], res: dict) -> pd.DataFrame:
    frame = pd.DataFrame([r for _, r in records], columns=header)
    for f in res["schema"]["fields"]:
        kind = f.get("type", "string")
        if kind == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]])
        else:
            frame[f["name"]] = frame[f["name"]].astype(_DTYPES[kind])
    frame.attrs["name"] = res["name"]
    frame.attrs["title"] = res.get("title", res["name"])
    frame.attrs["unit"] = res.get("unit", "")
    return frame


def load(name: str) -> pd.DataFrame:
    """The validated, typed table `name` of the data package (a fresh copy)."""
    from csreport.data.record import record_table  # the build's record of what each notebook read

    record_table(name)
    return _load(name).copy()


def cutoff() -> pd.Timestamp:
    """The data cut-off date: the day the sources were last checked (datapackage.json 'cutoff')."""
    return pd.Timestamp(package()["cutoff"])


def catalogue() -> pd.DataFrame:
    """One row per table of the data package: name, title, description, unit, rows, sources."""
    from csreport.data.record import ALL, record_table

    record_table(ALL)
    rows = []
    for res in resources():
        frame = load(res["name"])
        rows.append(
            {
                "name": res["name"],
                "path": res["path"],
                "chapter": res.get("chapter", ""),
                "title": res.get("title", ""),
                "description": res.get("description", ""),
                "unit": res.get("unit", ""),
                "rows": len(frame),
                "sources": ";".join(sources.keys_of(frame)),
            }
        )
    return pd.DataFrame(rows)
