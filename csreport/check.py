"""`python -m csreport.check`: the fast check of data, schema and citations (no notebooks run).

Validates data/datapackage.json with the frictionless library, loads every table through the
report's own loader (types, allowed values, keys, BibTeX keys) and checks every bibliography
entry. Prints each problem with file, row and column; exits 1 if there is any.
"""
from __future__ import annotations

import sys

from . import data, facts, sources
from .paths import PACKAGE, rel


def frictionless_problems() -> list[str]:
    from frictionless import Package

    report = Package(str(PACKAGE)).validate()
    out = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = getattr(err, "field_name", None)
            where = f"data/{task.name}.csv" if task.name else rel(PACKAGE)
            out.append(f"{where}" + (f", row {row}" if row else "") + (f", column '{col}'" if col else "")
                       + f": {err.message}")
    for err in report.errors:
        out.append(f"{rel(PACKAGE)}: {err.message}")
    return out


def main() -> int:
    problems = sources.problems()
    for name in data.names():
        try:
            data.load(name)
        except data.DataError as exc:
            problems.extend(str(exc).splitlines())
    problems.extend(frictionless_problems())
    problems.extend(facts.data_problems())
    for p in problems:
        print(p)
    print(f"check: {len(data.names())} tables, {len(sources.entries())} bibliography entries, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
