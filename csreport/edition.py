"""The edition: version, release date and data cut-off, kept once in data/datapackage.json.

`current()` reads them; `citation()` reads CITATION.cff (whose version and date must match);
as a Sphinx extension (listed in _config.yml) this module puts them where readers see them: the
HTML and PDF title (`release`, `today`), the PDF's document metadata, and the MyST substitutions
`{{ edition_version }}`, `{{ edition_released }}`, `{{ edition_cutoff }}` and `{{ how_to_cite }}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import yaml

from . import glue
from .paths import ROOT

CITATION = ROOT / "CITATION.cff"
CFF_REQUIRED = ("cff-version", "message", "title", "authors", "version", "date-released")


@dataclass(frozen=True)
class Edition:
    version: str
    released: date
    cutoff: date


def current() -> Edition:
    """The edition described by data/datapackage.json (`version`, `created`, `cutoff`)."""
    from .data import DataError, package

    pkg = package()
    missing = [k for k in ("version", "created", "cutoff") if not pkg.get(k)]
    if missing:
        raise DataError(f"data/datapackage.json: edition field(s) missing: {', '.join(missing)}")
    return Edition(pkg["version"], date.fromisoformat(pkg["created"][:10]), date.fromisoformat(pkg["cutoff"]))


def citation() -> dict:
    """CITATION.cff as a dict; raises ValueError naming a missing required key."""
    cff = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    missing = [k for k in CFF_REQUIRED if k not in cff]
    if missing:
        raise ValueError(f"CITATION.cff: required key(s) missing: {', '.join(missing)}")
    return cff


def mismatches(edition: Edition, cff: dict) -> list[str]:
    """Where CITATION.cff disagrees with the edition in the data package (empty when they agree)."""
    out = []
    for block, where in ((cff, "CITATION.cff"), (cff.get("preferred-citation", {}), "CITATION.cff preferred-citation")):
        if "version" in block and str(block["version"]) != edition.version:
            out.append(f"{where}: version {block['version']} is not the data package's {edition.version}")
        if "date-released" in block and str(block["date-released"]) != edition.released.isoformat():
            out.append(
                f"{where}: date-released {block['date-released']} is not the data package's "
                f"created date {edition.released.isoformat()}"
            )
    return out


def how_to_cite(edition: Edition, cff: dict) -> str:
    """The recommended citation in words, from CITATION.cff's preferred citation."""
    ref = cff.get("preferred-citation", cff)
    authors = glue.and_list(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip() for a in ref["authors"]
    )
    return (
        f"{authors} ({edition.released.year}). *{ref['title']}*. Version {edition.version}, "
        f"released {glue.date_text(edition.released)}, data cut-off {glue.date_text(edition.cutoff)}."
    )


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
