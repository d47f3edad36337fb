"""The report's one table helper: a numbered, captioned table that is a real table in HTML and PDF.

    tables.table(frame, "ceec-events", caption=..., columns={"country": "Country", ...})

The table is emitted as a MyST `list-table`, so Sphinx typesets it (tabular in LaTeX), and the
`sources` column becomes linked citations. Missing values show as an en dash.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from csreport.data import sources
from csreport.report import TABLE_LINE_CHARS
from csreport.report import publish as _publish

UNKNOWN = "–"
DATABOOK = "databook"  # the class of a register's container (csreport.sphinx.latexdocs)
LONG = 20  # rows: a longer table breaks across PDF pages
_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|$])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def escape(text: str) -> str:
    """Plain text made safe for MyST (markup characters escaped, on one line)."""
    return _escape(text)


def _cell(value, fmt: str | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return UNKNOWN
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if fmt:
        return _escape(fmt.format(value))
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return _escape(str(value))


def _widths(labels: list[str], body: list[list[str]]) -> str:
    """Column widths in characters of a full line of table text (TABLE_LINE_CHARS): every column
    gets at least its longest word up to 14 characters (so "C04" or "Sources" never break, while
    long identifiers may), and the rest of the line goes to long text. The PDFs set their own
    widths from the cells (csreport.sphinx.tablelayout._print_widths); these keep the notebooks'
    outputs as they are."""

    def longest_word(text: str) -> int:
        return 6 if text.startswith("{cite") else max((len(w) for w in text.split()), default=1)

    wants, mins = [], []
    for i, label in enumerate(labels):
        cells = [r[i] for r in body]
        wants.append(max([len(label)] + [10 if c.startswith("{cite") else len(c) for c in cells]))
        mins.append(min(14, max([longest_word(label)] + [longest_word(c) for c in cells])) + 2)
    spare = max(0, TABLE_LINE_CHARS - sum(mins))
    weights = [math.sqrt(max(w - m, 0)) for w, m in zip(wants, mins)]
    return " ".join(str(m + round(spare * wt / (sum(weights) or 1))) for m, wt in zip(mins, weights))


def _body(
    frame: pd.DataFrame, name: str, columns: dict[str, str], formats: dict[str, str], markup: tuple[str, ...]
) -> list[list[str]]:
    """The table's cells as MyST text: sources cited, markup passed through, the rest escaped."""
    body = []
    for _, row in frame.iterrows():
        cells = []
        for col in columns:
            if col == "sources":
                keys = sources.split_keys(row[col])
                bad = sources.unknown(keys)
                if bad:
                    raise KeyError(f"table '{name}': unknown BibTeX keys {', '.join(bad)}")
                cells.append(_publish.cite(keys))
            elif col in markup:
                cells.append(str(row[col]))
            else:
                cells.append(_cell(row[col], formats.get(col)))
        body.append(cells)
    return body


def table(
    frame: pd.DataFrame,
    name: str,
    *,
    caption: str,
    columns: dict[str, str],
    formats: dict[str, str] | None = None,
    note: str | None = None,
    markup: tuple[str, ...] = (),
    sortable: bool | None = None,
    web_only: bool = False,
    databook: bool = False,
) -> None:
    """Show `frame` (only `columns`, renamed) as table `tbl-<name>`; a 'sources' column is cited.

    Columns named in `markup` hold MyST (links, roles) and are passed through unescaped. A frame
    without rows is shown as one sentence (a table needs a row), so never refer to it by number.
    In HTML, tables of SORTABLE rows or more are sortable and filterable (csreport.sphinx.tablelayout adds
    the class `sortable`, used by assets/html/tables.js); `sortable` True or False decides instead.
    Tables of more than LONG rows break across PDF pages. A `web_only` table is left out of the PDF.
    A `databook` table (a long register) is shown on the web as any other; with its note and sources
    it sits in a container of class `databook`, which the report's PDF replaces by a one-line pointer
    and the Databook PDF prints under the chapter's name (csreport.sphinx.latexdocs).
    """
    formats = formats or {}
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"table '{name}': no column {', '.join(missing)}")
    if frame.empty:
        _publish.show(f"{caption}: none.")
        return
    body = _body(frame, name, columns, formats, markup)

    widths = _widths(list(columns.values()), body)
    lines = [f"```{{list-table}} {caption}", f":name: tbl-{name}", ":header-rows: 1", f":widths: {widths}"]
    classes = ["longtable"] if len(body) > LONG else []
    if sortable is not None:
        classes.append("sortable" if sortable else "unsortable")
    if classes:
        lines.append(":class: " + " ".join(classes))
    lines.append("")
    for cells in [[_escape(label) for label in columns.values()]] + body:
        lines.append("* - " + cells[0])
        lines.extend("  - " + c for c in cells[1:])
    lines.append("```\n")
    used = [k for k in sources.keys_of(frame)] if "sources" in frame.columns else []
    plain = [c for c in columns if c not in markup]
    csv_path = _publish.write_csv(frame[plain], name)
    text = "\n".join(lines)
    if note:
        text += f"\n{note}\n"
    text += "\n" + _publish.footer([] if "sources" in columns else used, csv_path, "table")
    if web_only:
        text = f"````{{only}} html\n{text}\n````\n"
    elif databook:
        text = f"````{{container}} {DATABOOK}\n{text}\n````\n"
    _publish.show(text)
