"""Reading one CSV file of the data package as text: encoding, byte-order mark, quotes, shape.

`read(path)` returns the header and the rows, each row with its number (counted as in a
spreadsheet: the header is row 1; a row is also a line, because no cell may span lines), or
raises `DataError` naming the file and the line of the first problem that makes the file
unreadable.
"""

from __future__ import annotations

import csv
from pathlib import Path

from csreport import paths
from csreport.data.errors import DataError, at

BOM = "\ufeff"  # spreadsheets write it at the start of 'CSV UTF-8' files: accepted
QUOTES = 'expected every quoted cell to close on the line where it opens, with a quote inside a cell written twice ("")'


def read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (column names) and the numbered rows of a CSV file."""
    where = paths.rel(path)
    raw = path.read_bytes()
    text = _decode(raw, where)
    text = text.removeprefix(BOM)
    if not text.strip():
        raise DataError(
            f"{at(where, line=1)}: the file is empty; expected a header row naming the columns, then one row per record"
        )
    rows = _rows(text, where)
    header = [cell.strip() for cell in rows[0][1]]
    return header, rows[1:]


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad_lines = sum(1 for text in raw.split(b"\n") if _not_utf8(text))
        more = f"; {bad_lines} lines have such bytes" if bad_lines > 1 else ""
        column = _column_of_bad_byte(raw, line)
        raise DataError(
            f"{at(where, line=line, column=column)}: byte 0x{raw[exc.start]:02x} is not UTF-8 text (was the file "
            f"saved as Windows-1250 or Latin-1?{more}); expected UTF-8 "
            "(in a spreadsheet: save as 'CSV UTF-8')"
        ) from None


def _not_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _column_of_bad_byte(raw: bytes, line: int) -> str | None:
    """The header name of the cell holding the first byte that is not UTF-8, if the line parses."""
    lines = raw.decode("utf-8", errors="replace").lstrip(BOM).splitlines()
    try:
        header = next(csv.reader([lines[0]]))
        cells = next(csv.reader([lines[line - 1]]))
    except (csv.Error, StopIteration, IndexError):
        return None
    for name, cell in zip(header, cells):
        if "\ufffd" in cell and line > 1:
            return name.strip()
    return None


def _rows(text: str, where: str) -> list[tuple[int, list[str]]]:
    """Every row with the line it starts on; a quote left open is reported at that line."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    rows, start = [], 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error:
            cells = None
        if cells is None or any("\n" in cell or "\r" in cell for cell in cells):
            index = _bad_quote(lines[start - 1])
            header = rows[0][1] if rows else []
            column = header[index].strip() if index is not None and index < len(header) else None
            raise DataError(
                f"{at(where, line=start, column=column)}: unbalanced quotes: a quoted cell is not "
                f"closed on this line, or text follows its closing quote; {QUOTES}"
            )
        rows.append((start, cells))
        start = reader.line_num + 1


def _bad_quote(line: str) -> int | None:
    """The index of the cell where a line's quoting goes wrong, if it does."""
    line = line.rstrip("\r\n")
    column, i, cell_start = 0, 0, True
    while i < len(line):
        if cell_start and line[i] == '"':
            end = i + 1
            while True:
                end = line.find('"', end)
                if end == -1:
                    return column  # never closed on this line
                if line[end + 1 : end + 2] == '"':
                    end += 2  # a doubled quote inside the cell
                    continue
                break
            if line[end + 1 : end + 2] not in ("", ","):
                return column  # text after the closing quote
            i = end + 1
            cell_start = False
            continue
        cell_start = line[i] == ","
        column += cell_start
        i += 1
    return None
