"""`python -m csreport.data.check`: the fast check of data, schema and citations (no notebooks run).

Every problem is printed once, on one line: `file, line N (or row N), column 'x': what is wrong;
what is expected`; the exit status is 1 if there is any. One path does the work: the report's own
loader reads every table (encoding, quotes, shape, types, allowed values, calendar dates, the data
cut-off, interval order, keys, BibTeX keys) and `sources` checks the bibliography. Only when both
find nothing does the frictionless library validate the package too, for what only it knows; so a
problem is never reported twice.
"""

from __future__ import annotations

import sys

from csreport import data, paths
from csreport.data import facts, sources


def frictionless_problems() -> list[str]:
    """What the frictionless library finds in the package (read once, by `data.package`)."""
    from frictionless import FrictionlessException, Package

    try:
        report = Package(data.package(), basepath=str(paths.PACKAGE.parent)).validate()
    except FrictionlessException as exc:
        return [f"{paths.rel(paths.PACKAGE)}: {exc.error.message} (frictionless)"]
    out = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = getattr(err, "field_name", None)
            where = paths.rel(paths.PACKAGE.parent / task.place) if task.place else paths.rel(paths.PACKAGE)
            out.append(
                f"{where}"
                + (f", row {row}" if row else "")
                + (f", column '{col}'" if col else "")
                + f": {err.message} (frictionless)"
            )
    for err in report.errors:
        out.append(f"{paths.rel(paths.PACKAGE)}: {err.message} (frictionless)")
    return out


def problems() -> tuple[list[str], int]:
    """Every problem, once, in file order; and the number of tables checked."""
    found = list(sources.problems())
    try:
        tables = data.names()
    except data.DataError as exc:
        return [*str(exc).splitlines(), *found], 0
    for name in tables:
        try:
            data.load(name)
        except data.DataError as exc:
            found.extend(str(exc).splitlines())
    if not found:  # rows that span tables are compared once every table loads
        found = facts.data_problems()
    if not found:
        found = frictionless_problems()
    return list(dict.fromkeys(found)), len(tables)


def main() -> int:
    found, tables = problems()
    for line in found:
        print(line)
    try:
        entries = f"{len(sources.entries())} bibliography entries"
    except data.DataError:
        entries = "bibliography unreadable"
    print(f"check: {tables} tables, {entries}, {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
