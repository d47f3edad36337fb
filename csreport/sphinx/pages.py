"""Sphinx extension: the bibliography style of the report (publisher-first web references).

Every entry reads: Publisher. Author. *Title*. Date. URL (accessed DATE). Note.
Loaded through `sphinx: extra_extensions` in _config.yml.
"""

from __future__ import annotations

import functools
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


def setup(app):
    import pybtex_docutils

    register_plugin("pybtex.style.formatting", "csreport", ReportStyle)
    for name in (BIB_URL, BIB_EXTRA):
        pybtex_docutils.Backend.tags.setdefault(name, _marked(name))
    app.connect("html-page-context", _accessible_citations)
    app.connect("html-page-context", _enhancements)
    app.connect("doctree-resolved", _citation_ranges)
    app.connect("doctree-resolved", _key_points)
    app.add_transform(VectorFigures)
    app.add_config_value("csreport_html_only", [], "env")
    app.add_config_value("csreport_report_leaves_out", [], "env")
    app.connect("env-get-updated", _appendix_numbers, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
