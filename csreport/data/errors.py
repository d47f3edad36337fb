"""The one error type for bad input, and the one way of saying where the problem is."""

from __future__ import annotations


class DataError(ValueError):
    """A data file, the data package or the bibliography is not as described.

    Each line of the message is one problem: `file, line N (or row N), column 'x': what is
    wrong; what is expected`.
    """


def at(
    file: str, *, line: int | None = None, row: int | None = None, column: str | None = None, field: str | None = None
) -> str:
    """'data/x.csv, row 4, column 'date'': the place of a problem, as the reader of a message needs it."""
    parts = [file]
    if line is not None:
        parts.append(f"line {line}")
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column '{column}'")
    if field is not None:
        parts.append(f"field '{field}'")
    return ", ".join(parts)
