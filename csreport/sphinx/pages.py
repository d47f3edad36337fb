"""Sphinx extension: the bibliography style of the report (publisher-first web references).

Every entry reads: Publisher. Author. *Title*. Date. URL (accessed DATE). Note.
Loaded through `sphinx: extra_extensions` in _config.yml.
"""

from __future__ import annotations

import math
import re

from docutils import nodes
from pybtex.plugin import register_plugin
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from sphinx import addnodes


def _latex(value: str) -> Text:
    return Text.from_latex(value) if value else Text()


class ReportStyle(BaseStyle):
    default_sorting_style = "none"
    default_label_style = "number"

    def format_entry(self, label, entry, bib_data=None):
        f = entry.fields
        parts = [_latex(f.get("organization") or f.get("publisher") or ""), ". "]
        authors = entry.persons.get("author")
        if authors:
            parts += [", ".join(str(p) for p in authors), ". "]
        parts += [Tag("em", _latex(f.get("title", ""))), ". "]
        if f.get("date"):
            parts += [f["date"], ". "]
        if f.get("url"):
            parts += [HRef(f["url"], f["url"])]
        if f.get("urldate"):
            parts += [f" (accessed {f['urldate']})"]
        parts += ["."]
        if f.get("note"):
            parts += [" ", _latex(f["note"])]
        if f.get("reliability", "").lower() == "low":
            parts += [" ", Tag("em", "Low-reliability outlet.")]
        return FormattedEntry(entry.key, Text(*parts), label)


def _accessible_citations(app, pagename, templatename, context, doctree):
    # docutils marks each bibliography entry with the deprecated role doc-biblioentry inside a
    # role="list", which leaves the list without list items (axe: aria-required-children).
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


_CLAIM = re.compile(r'<div class="([^"]*\bclaim\b[^"]*)"')
_SORTABLE = re.compile(r'<table class="[^"]*\bsortable\b')


def _claim_attributes(match: re.Match) -> str:
    classes = match.group(1).split()
    found = {c[:8]: c[8:] for c in classes if c.startswith(("claim-v-", "claim-d-"))}
    return f'{match.group(0)} data-verdict="{found.get("claim-v-", "")}" data-dimension="{found.get("claim-d-", "")}"'


def _enhancements(app, pagename, templatename, context, doctree):
    """Claims of the ledger get data attributes (from their classes, see csreport.chapters.claims.page);
    pages with a filterable ledger or a sortable table load their scripts, and only those pages."""
    body = context.get("body")
    if not body:
        return
    if 'class="ledger-filter"' in body:
        context["body"] = _CLAIM.sub(_claim_attributes, body)
        app.add_js_file("ledger.js", loading_method="defer")
    if _SORTABLE.search(body):
        app.add_js_file("vendor/tablesort/tablesort.min.js", loading_method="defer")
        app.add_js_file("vendor/tablesort/tablesort.number.min.js", loading_method="defer")
        app.add_js_file("tables.js", loading_method="defer")


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


def _appendix_docs(app) -> list[str]:
    """The documents of the TOC part captioned 'Appendices', in order (lettered A, B, ... in print)."""
    site_map = getattr(app.env, "external_site_map", None)
    if site_map is None:
        return []
    for tree in site_map[site_map.root.docname].subtrees:
        if tree.caption == "Appendices":
            return [str(item) for item in tree.items if isinstance(item, str)]
    return []


def _appendix_numbers(app, env):
    """Figures and tables of appendix A are numbered A.1, A.2, ... in HTML as in the PDF, where
    LaTeX's \\appendix letters the chapters (Sphinx would count them on after the chapters)."""
    for letter, doc in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _appendix_docs(app)):
        for numbers in env.toc_fignumbers.get(doc, {}).values():
            for n, key in enumerate(sorted(numbers, key=numbers.get), start=1):
                numbers[key] = (letter, n)
    return []


def _runs(numbers: list[int]) -> list[list[int]]:
    """Consecutive runs of sorted distinct numbers: [1, 2, 3, 5] -> [[1, 2, 3], [5]]."""
    out: list[list[int]] = []
    for n in numbers:
        if out and n == out[-1][-1] + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


CITATION_ITEMS = 16  # items shown in one citation group; the data behind a figure name every source


def _citation_ranges(app, doctree, docname):
    """Numbered citation groups read as ranges: [273, 274, 275, 276, 280] -> [273–276, 280].

    A run of three or more consecutive numbers keeps the links of its first and last number. A group
    that still has more than CITATION_ITEMS items shows that many and says how many more there are:
    the rows of the figure's or table's CSV download each name their sources, and the bibliography
    lists them all.
    """
    for group in list(doctree.findall(nodes.inline)):
        if "bibtex-citation" not in group["classes"]:
            continue
        refs = [c for c in group.children if isinstance(c, nodes.reference)]
        texts = [c.astext() for c in group.children if not isinstance(c, nodes.reference)]
        if (
            len(refs) < 3
            or not all(r.astext().isdigit() for r in refs)
            or "".join(texts).replace(",", "").replace(" ", "") != "[]"
        ):
            continue
        by_number = {int(r.astext()): r for r in refs}
        items: list[nodes.Node] = []
        for run in _runs(sorted(by_number)):
            if len(run) >= 3:
                items.append([by_number[run[0]], nodes.Text("–"), by_number[run[-1]]])
            else:
                items.extend([by_number[n]] for n in run)
        hidden = len(items) - CITATION_ITEMS if len(items) > CITATION_ITEMS else 0
        del group.children[:]
        group += nodes.Text("[")
        for i, item in enumerate(items[: len(items) - hidden]):
            if i:
                group += nodes.Text(", ")
            for node in item:
                group += node
        if hidden:
            group += nodes.Text(f", and {hidden} more: see the data behind it")
        group += nodes.Text("]")


def _html_only_documents(app, doctree, docname):
    """In print, the documents of `csreport_html_only` keep only their title and raw LaTeX (the
    one-line note they carry for print): a build record is for the web version."""
    if app.builder.format != "latex":
        return
    for start in list(doctree.findall(addnodes.start_of_file)):
        if start.get("docname") not in app.config.csreport_html_only:
            continue
        section = next(start.findall(nodes.section), None)
        if section is None:
            continue
        title = section.next_node(nodes.title)
        keep = [n for n in section.findall(nodes.raw) if "latex" in n.get("format", "").split()]
        del section.children[:]
        section += [title] + keep


PAGE_LINES = 40  # estimated lines of a table that no longer fits a page beside its caption
_LINE_CHARS = 92  # characters of a full-width line of table text (10 pt)


def _table_lines(table: nodes.table) -> float:
    """Estimated printed height of a table in lines: each row as tall as its fullest cell."""
    widths = [spec.get("colwidth", 1) for spec in table.findall(nodes.colspec)]
    total = sum(widths) or 1
    lines = 0.0
    for row in table.findall(nodes.row):
        cells = [c for c in row.children if isinstance(c, nodes.entry)]
        tallest = 1
        for width, cell in zip(widths, cells):
            chars = max(4, _LINE_CHARS * width / total - 2)
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
    register_plugin("pybtex.style.formatting", "csreport", ReportStyle)
    app.connect("html-page-context", _accessible_citations)
    app.connect("html-page-context", _enhancements)
    app.connect("doctree-resolved", _sortable_tables)
    app.connect("doctree-resolved", _citation_ranges)
    app.connect("doctree-resolved", _html_only_documents)
    app.connect("doctree-resolved", _breakable_tables)
    app.add_config_value("csreport_html_only", [], "env")
    app.connect("env-get-updated", _appendix_numbers, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
