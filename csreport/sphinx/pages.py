"""Sphinx extension: the bibliography style of the report (publisher-first web references).

Every entry reads: Publisher. Author. *Title*. Date. URL (accessed DATE). Note.
Loaded through `sphinx: extra_extensions` in _config.yml.
"""

from __future__ import annotations

import functools
import math
import re

from docutils import nodes
from pybtex.plugin import register_plugin
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from sphinx.transforms import SphinxTransform


@functools.cache
def _latex(value: str) -> Text:
    # Decoding LaTeX is most of the cost of formatting an entry, and each entry is formatted for
    # every page and PDF that cites it; pybtex's rich text is never changed in place.
    return Text.from_latex(value) if value else Text()


_URL = re.compile(r"https?://[^\s)]+[^\s).,;:]")


def _with_links(value: str) -> list:
    """A note's text with its web addresses as links (which also break across lines in print)."""
    parts, at = [], 0
    for found in _URL.finditer(value):
        parts += [_latex(value[at : found.start()]), HRef(found.group(0), found.group(0))]
        at = found.end()
    return parts + [_latex(value[at:])]


class ReportStyle(BaseStyle):
    """The address and what follows it (access date, note) are marked (classes `bib-url`,
    `bib-extra`), so that the report's PDF can print a compact entry whose title links to the
    source (csreport.sphinx.latexdocs); the web and the Databook print the whole entry."""

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
        extra = []
        if f.get("urldate"):
            extra += [f" (accessed {f['urldate']})"]
        extra += ["."]
        if f.get("note"):
            extra += [" ", *_with_links(f["note"])]
        if f.get("url"):
            parts += [Tag(BIB_URL, HRef(f["url"], f["url"]))]
        parts += [Tag(BIB_EXTRA, *extra)]
        if f.get("reliability", "").lower() == "low":
            parts += [" ", Tag("em", "Low-reliability outlet.")]
        return FormattedEntry(entry.key, Text(*parts), label)


BIB_URL, BIB_EXTRA = "bib-url", "bib-extra"  # the classes of a bibliography entry's optional parts


def _marked(name: str):
    def node(rawsource, text, *children):
        return nodes.inline(rawsource, text, *children, classes=[name])

    return node


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
    if 'class="reference internal image-reference"' in body:
        app.add_js_file("figures.js", loading_method="defer")
    context["body"] = captions_above_tables(context["body"])
    context["body"] = page_contents(context["body"], context.get("toc", ""))


_TABLE_CAPTION = re.compile(
    r'<div class="pst-scrollable-table-container">(\s*)<table([^>]*)>\s*<caption>(.*?)</caption>', re.S
)


def captions_above_tables(body: str) -> str:
    """Each table's caption moves above the table's scrolling box (a phone scrolls a wide table
    sideways inside it), as a paragraph the table names as its label (aria-labelledby)."""

    def move(match: re.Match) -> str:
        space, attributes, caption = match.groups()
        found = re.search(r'\bid="([^"]+)"', attributes)
        label = f"{found.group(1) if found else 'table-' + str(abs(hash(caption)) % 10**8)}-caption"
        return (
            f'<p class="table-caption" id="{label}">{caption}</p>\n'
            f'<div class="pst-scrollable-table-container">{space}<table{attributes} aria-labelledby="{label}">'
        )

    return _TABLE_CAPTION.sub(move, body)


PAGE_CONTENTS_MIN = 3  # sections: a page with fewer has no contents list of its own


def page_contents(body: str, toc: str) -> str:
    """Below the page's title, a list of its sections (shown at phone and tablet widths, where the
    theme's sidebar with the same list is hidden behind a button)."""
    inner = re.search(r"<ul>\s*<li>.*?(<ul>.*</ul>)\s*</li>\s*</ul>\s*$", toc or "", re.S)
    if not inner or inner.group(1).count("<li") < PAGE_CONTENTS_MIN:
        return body
    nav = (
        '<nav class="page-contents" aria-label="Sections of this page"><details><summary>On this page</summary>'
        + inner.group(1)
        + "</details></nav>\n"
    )
    return re.sub(r"(</h1>\s*)", lambda m: m.group(1) + nav, body, count=1)


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
        cited = _numbered_links(group) or _numbered_latex_links(group)
        if not cited or len(cited) < 3:
            continue
        items: list[list[nodes.Node]] = []
        for run in _runs(sorted(cited)):
            if len(run) >= 3:
                items.append([*cited[run[0]], nodes.Text("–"), *cited[run[-1]]])
            else:
                items.extend(list(cited[n]) for n in run)
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


def _numbered_links(group) -> dict[int, tuple] | None:
    """An HTML citation group '[<a>1</a>, <a>2</a>]' as {1: (link,), 2: (link,)}, else None."""
    refs = [c for c in group.children if isinstance(c, nodes.reference)]
    texts = [c.astext() for c in group.children if not isinstance(c, nodes.reference)]
    if not refs or not all(r.astext().isdigit() for r in refs):
        return None
    if "".join(texts).replace(",", "").replace(" ", "") != "[]":
        return None
    return {int(r.astext()): (r,) for r in refs}


def _numbered_latex_links(group) -> dict[int, tuple] | None:
    """A LaTeX citation group ('[', raw '\\hyperlink{..}{', '1', raw '}', ', ', ..., ']') as
    {1: (open, number, close), ...}, else None."""
    children = list(group.children)
    if len(children) < 2 or children[0].astext() != "[" or children[-1].astext() != "]":
        return None
    found, i = {}, 1
    while i < len(children) - 1:
        child = children[i]
        if child.tagname == "raw_latex" and i + 2 < len(children) and children[i + 2].tagname == "raw_latex":
            number = children[i + 1].astext()
            if not number.isdigit():
                return None
            found[int(number)] = tuple(children[i : i + 3])
            i += 3
        elif isinstance(child, nodes.Text) and child.astext().strip() in (",", ""):
            i += 1
        else:
            return None
    return found or None


class VectorFigures(SphinxTransform):
    """Figures written by `charts.publish` (`generated/<name>.png` beside `generated/<name>.pdf`)
    are referred to as `generated/<name>.*`: Sphinx then picks the PNG for HTML and the vector
    PDF for LaTeX. Runs before Sphinx collects the images of a page (doctree-read)."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        for image in self.document.findall(nodes.image):
            uri = image.get("uri", "")
            if _GENERATED_PNG.match(uri):
                image["uri"] = uri[: -len(".png")] + ".*"


_GENERATED_PNG = re.compile(r"^(\./)?generated/[^/*]+\.png$")


KEY_POINTS = "Key points"  # the bold label that opens each chapter's summary block


def key_points_blocks(doctree) -> int:
    """Each chapter's "**Key points**" paragraph and the list after it become one block (a
    container of class `key-points`: a box in HTML and in print). Returns how many."""
    found = 0
    for paragraph in list(doctree.findall(nodes.paragraph)):
        inside = [c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.strip())]
        if (
            paragraph.astext().strip() != KEY_POINTS
            or len(inside) != 1
            or not isinstance(inside[0], nodes.strong)
            or paragraph.parent is None
        ):
            continue
        parent = paragraph.parent
        at = parent.index(paragraph)
        following = parent[at + 1] if at + 1 < len(parent) else None
        if not isinstance(following, (nodes.bullet_list, nodes.enumerated_list)):
            continue
        block = nodes.container(classes=["key-points"])
        parent.remove(following)
        parent.replace(paragraph, block)
        block += [paragraph, following]
        found += 1
    return found


def _key_points(app, doctree, docname):
    key_points_blocks(doctree)


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
    import pybtex_docutils

    register_plugin("pybtex.style.formatting", "csreport", ReportStyle)
    for name in (BIB_URL, BIB_EXTRA):
        pybtex_docutils.Backend.tags.setdefault(name, _marked(name))
    app.connect("html-page-context", _accessible_citations)
    app.connect("html-page-context", _enhancements)
    app.connect("doctree-resolved", _sortable_tables)
    app.connect("doctree-resolved", _citation_ranges)
    app.connect("doctree-resolved", _key_points)
    app.connect("doctree-resolved", _cell_classes)
    app.connect("doctree-resolved", _legal_references_whole)
    app.connect("doctree-resolved", _print_widths)
    app.add_transform(VectorFigures)
    app.connect("doctree-resolved", _breakable_tables)
    app.add_config_value("csreport_html_only", [], "env")
    app.add_config_value("csreport_report_leaves_out", [], "env")
    app.connect("env-get-updated", _appendix_numbers, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
