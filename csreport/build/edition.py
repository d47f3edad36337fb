"""The edition: version, release date and data cut-off, kept once in data/datapackage.json.

`current()` reads them; `citation()` reads CITATION.cff (whose version and date must match);
`how_to_cite` words the recommended citation. `csreport.sphinx.edition` shows them to readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import yaml

from csreport import paths
from csreport.report import glue

CFF_REQUIRED = ("cff-version", "message", "title", "authors", "version", "date-released")


@dataclass(frozen=True)
class Edition:
    version: str
    released: date
    cutoff: date


def current() -> Edition:
    """The edition described by data/datapackage.json (`version`, `created`, `cutoff`)."""
    from csreport.data import DataError, package

    pkg = package()
    missing = [k for k in ("version", "created", "cutoff") if not pkg.get(k)]
    if missing:
        raise DataError(f"data/datapackage.json: edition field(s) missing: {', '.join(missing)}")
    return Edition(pkg["version"], date.fromisoformat(pkg["created"][:10]), date.fromisoformat(pkg["cutoff"]))


def citation() -> dict:
    """CITATION.cff as a dict; raises ValueError naming a missing required key."""
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
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
