"""Sphinx extension: the bibliography style of the report (publisher-first web references).

Every entry reads: Publisher. Author. *Title*. Date. URL (accessed DATE). Note.
Loaded through `sphinx: extra_extensions` in _config.yml.
"""
from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle


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


def setup(app):
    register_plugin("pybtex.style.formatting", "csreport", ReportStyle)
    app.connect("html-page-context", _accessible_citations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
