"""Sphinx extension: how the report's tables are laid out. On the web, cells that hold a date
stay on one line, columns of running text get room, legal references such as "5(1)(h)" never
break, and long tables are sortable and filterable (assets/html/report.css, tables.js). In print,
column widths come from the cells' text, and a table taller than a page breaks across pages.
Loaded after csreport.sphinx.pages (_config.yml), whose citation ranges change the cells' text.
"""

from __future__ import annotations

import math
import re

from docutils import nodes

from csreport.report import TABLE_LINE_CHARS

NOWRAP_CHARS = 24  # a date this long stays on one line in a table cell
TEXT_COLUMN_CHARS = 50  # a column whose cells run this long (median) is a column of running text
LONG_TEXT_CHARS = 150  # ... and of long passages (quotations), which need a wider column on a phone
_DATE_WORDS = set(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august"
    " september october november december from to until since by early mid late end c ca circa"
    " spring summer autumn winter q1 q2 q3 q4 h1 h2".split()
)


def is_date(text: str) -> bool:
    """A date or a span of dates ('2021-05-28', '20 Sep–4 Oct 2010', 'from 14 Sep 2009', 'H1 2024')."""
    words = [w.strip(".,()") for w in re.split(r"[\s–/-]+", text.lower()) if w.strip(".,()")]
    if not words or len(text) > NOWRAP_CHARS or not re.search(r"\b(1[89]|20)\d{2}\b", text):
        return False
    return all(w.isdigit() and len(w) <= 4 or w in _DATE_WORDS for w in words)


def column_classes(lengths: list[int]) -> list[str]:
    """The classes of a column whose cells hold texts of these lengths: by the median, a column of
    running text ('text-column'), of long passages as well ('long-text'), or neither."""
    if not lengths:
        return []
    median = sorted(lengths)[len(lengths) // 2]
    return ["text-column"] * (median >= TEXT_COLUMN_CHARS) + ["long-text"] * (median >= LONG_TEXT_CHARS)


def _cell_classes(app, doctree, docname):
    """In HTML, table cells that hold a date or a short value get the class `nowrap`, and the cells
    of columns of running text the classes of `column_classes` (assets/html/report.css)."""
    if app.builder.format != "html":
        return
    for table in doctree.findall(nodes.table):
        for body in table.findall(nodes.tbody):
            rows = [[c for c in row.children if isinstance(c, nodes.entry)] for row in body.findall(nodes.row)]
            columns = max((len(r) for r in rows), default=0)
            for i in range(columns):
                cells = [r[i] for r in rows if i < len(r)]
                classes = column_classes([len(c.astext()) for c in cells])
                for cell in cells:
                    if classes:
                        cell["classes"].extend(classes)
                    elif is_date(" ".join(cell.astext().split())):
                        cell["classes"].append("nowrap")


def join_legal_references(text: str) -> str:
    """A legal reference such as "5(1)(h)(i)" is one word, but browsers may break a line between
    ")(": a word joiner (U+2060, invisible) between them keeps it whole."""
    return text.replace(")(", ")\u2060(")


def _legal_references_whole(app, doctree, docname):
    """In HTML, the legal references in table cells never break (`join_legal_references`)."""
    if app.builder.format != "html":
        return
    for entry in doctree.findall(nodes.entry):
        for text in list(entry.findall(nodes.Text)):
            if ")(" in text:
                text.parent.replace(text, nodes.Text(join_legal_references(str(text))))


SORTABLE = 10  # body rows: a table this long is sortable and filterable in HTML


def _sortable_tables(app, doctree, docname):
    """Tables of SORTABLE rows or more (or marked `sortable`, never `unsortable`) get the class
    `sortable` in HTML: assets/html/tables.js makes them sortable and filterable."""
    if app.builder.format != "html":
        return
    for table in doctree.findall(nodes.table):
        classes = table["classes"]
        if "unsortable" in classes or "sortable" in classes:
            continue
        rows = sum(len(body.children) for body in table.findall(nodes.tbody))
        if rows >= SORTABLE:
            classes.append("sortable")


LINE_CHARS = 128  # characters of narrow 8.6 pt table type across a printed table (165 mm)
CELL_PAD = 3  # characters of padding between two columns (2 x 4 pt)
WORD_CAP = 24  # a word longer than this (an identifier, a web address) may break in print
BOLD = 1.12  # a header's bold letters are wider


def column_widths(header: list[str], body: list[list[str]]) -> list[int]:
    """Printed column widths (relative, summing to about LINE_CHARS) from the cells' text: every
    column gets room for its longest word (headers in bold), up to WORD_CAP characters, so that
    no word is cut and no header clipped; the rest of the line goes to the columns with the most
    text (their upper-quartile length, not an outlier)."""
    columns = len(header)
    mins, wants = [], []
    for i in range(columns):
        cells = [r[i] for r in body if i < len(r)]
        longest = max([_longest(header[i]) * BOLD] + [_longest(c) for c in cells])
        mins.append(min(WORD_CAP, longest) + CELL_PAD)
        lengths = sorted(len(c) for c in cells)
        typical = lengths[(len(lengths) * 3) // 4] if lengths else 0
        wants.append(max(len(header[i]) * BOLD, typical) + CELL_PAD)
    spare = max(0.0, LINE_CHARS - sum(mins))
    weights = [max(w - m, 0.0) ** 0.75 for w, m in zip(wants, mins)]
    total = sum(weights) or 1.0
    return [max(1, round(m + spare * w / total)) for m, w in zip(mins, weights)]


def _longest(text: str) -> int:
    return max((len(w) for w in text.split()), default=1)


def _print_widths(app, doctree, docname):
    """In print, each table's column widths come from its cells (column_widths), whatever the
    source gave: tables are typeset ragged-right in narrow type (assets/latex/csreport.sty)."""
    if app.builder.format != "latex":
        return
    for table in doctree.findall(nodes.table):
        group = next(iter(table.findall(nodes.tgroup)), None)
        if group is None:
            continue
        specs = [c for c in group.children if isinstance(c, nodes.colspec)]
        rows = [
            [" ".join(e.astext().split()) for e in row.children if isinstance(e, nodes.entry)]
            for row in group.findall(nodes.row)
        ]
        if not specs or not rows or any(e.get("morecols") for e in group.findall(nodes.entry)):
            continue
        header_rows = sum(len(h.children) for h in group.findall(nodes.thead))
        header = rows[0] if header_rows else [""] * len(specs)
        body = rows[header_rows:] if header_rows else rows
        if len(header) != len(specs):
            continue
        for spec, width in zip(specs, column_widths(header, body)):
            spec["colwidth"] = width
        if "colwidths-given" not in table["classes"]:
            table["classes"].append("colwidths-given")


PAGE_LINES = 40  # estimated lines of a table that no longer fits a page beside its caption


def _table_lines(table: nodes.table) -> float:
    """Estimated printed height of a table in lines: each row as tall as its fullest cell."""
    widths = [spec.get("colwidth", 1) for spec in table.findall(nodes.colspec)]
    total = sum(widths) or 1
    lines = 0.0
    for row in table.findall(nodes.row):
        cells = [c for c in row.children if isinstance(c, nodes.entry)]
        tallest = 1
        for width, cell in zip(widths, cells):
            chars = max(4, TABLE_LINE_CHARS * width / total - 2)
            tallest = max(tallest, math.ceil(len(cell.astext()) / chars))
        lines += tallest + 0.5  # cell padding and rule
    return lines


def _breakable_tables(app, doctree, docname):
    """In print, a table taller than a page is a longtable, which breaks across pages, instead of
    a tabular that runs over the footer (a short table with long cells can be that tall)."""
    if app.builder.format != "latex":
        return
    for table in doctree.findall(nodes.table):
        if "longtable" not in table["classes"] and _table_lines(table) > PAGE_LINES:
            table["classes"].append("longtable")


def setup(app):
    app.connect("doctree-resolved", _sortable_tables)
    app.connect("doctree-resolved", _cell_classes)
    app.connect("doctree-resolved", _legal_references_whole)
    app.connect("doctree-resolved", _print_widths)
    app.connect("doctree-resolved", _breakable_tables)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
