"""Sphinx extension: the edition where readers see it.

The HTML and PDF title (`release`, `today`), the PDF's document metadata, and the MyST
substitutions `{{ edition_version }}`, `{{ edition_released }}`, `{{ edition_cutoff }}` and
`{{ how_to_cite }}`, from `csreport.build.edition` (data/datapackage.json and CITATION.cff).
"""

from __future__ import annotations

from csreport.build.edition import citation, current, how_to_cite, mismatches
from csreport.report import glue


def _pdf_metadata(title: str, author: str, cff: dict) -> str:
    keywords = ", ".join(cff.get("keywords", []))
    subject = " ".join(cff.get("abstract", "").split())
    return (
        f"\n\\hypersetup{{pdftitle={{{title}}}, pdfauthor={{{author}}}, pdfsubject={{{subject}}}, "
        f"pdfkeywords={{{keywords}}}, pdflang={{en}}}}\n"
    )


def _configure(app, config) -> None:
    edition, cff = current(), citation()
    problems = mismatches(edition, cff)
    if problems:
        raise ValueError("; ".join(problems))
    config.release = config.version = edition.version
    config.today = glue.date_text(edition.released)
    config.myst_substitutions = {
        **(config.myst_substitutions or {}),
        "edition_version": edition.version,
        "edition_released": glue.date_text(edition.released),
        "edition_cutoff": glue.date_text(edition.cutoff),
        "how_to_cite": how_to_cite(edition, cff),
    }
    elements = dict(config.latex_elements or {})
    elements["preamble"] = (
        elements.get("preamble", "")
        + _pdf_metadata(cff["title"], config.author, cff)
        + f"\\newcommand\\csrcutoff{{{glue.date_text(edition.cutoff)}}}\n"
    )
    elements["releasename"] = "Edition"
    config.latex_elements = elements


def setup(app):
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
