"""Sphinx extension: further PDFs from the same LaTeX build (the policy brief beside the report).

Jupyter Book 1 rewrites `latex_documents` after Sphinx has started and fails on a list of more
than one entry (`jupyter_book.pdf.update_latex_documents`), so the report's own entry stays in
_config.yml (`latex: latex_documents:`) and the extra ones are kept in
`csreport_extra_latex_documents`, appended when reading starts, after Jupyter Book's rewrite.
Sphinx writes one .tex file per entry and its LaTeX Makefile compiles them all.
"""

from __future__ import annotations


def extra_documents(current: list, extra: list) -> list[tuple]:
    """`current` plus the entries of `extra` whose target file is not already written."""
    targets = {entry[1] for entry in current}
    return [tuple(e) for e in current] + [tuple(e) for e in extra if e[1] not in targets]


def _append(app, env, docnames) -> None:
    if app.builder.format == "latex":
        app.config.latex_documents = extra_documents(
            app.config.latex_documents, app.config.csreport_extra_latex_documents
        )


def setup(app):
    app.add_config_value("csreport_extra_latex_documents", [], "")
    app.connect("env-before-read-docs", _append)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
