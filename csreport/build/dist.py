"""`make dist`: the edition as one zip, dist/china-serbia-security-<version>.zip.

It holds the built HTML site (html/), the report's PDF (and the Databook and the policy brief when
built), the data package (data/*.csv, the table descriptions, data/datapackage.json,
references.bib) and CITATION.cff.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from csreport import paths
from csreport.build import edition

PDFS = ("china-serbia-security.pdf", "china-serbia-security-databook.pdf", "china-serbia-security-brief.pdf")


def members() -> list[tuple[Path, str]]:
    """(file, name in the zip) for everything the distribution holds; raises if the build is missing."""
    html = paths.BUILD / "html"
    if not (html / "index.html").is_file() or not (paths.BUILD / "latex" / PDFS[0]).is_file():
        raise FileNotFoundError("the HTML site or the PDF is not built: run `make report` first")
    files = [
        (p, f"html/{p.relative_to(html)}")
        for p in sorted(html.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"
    ]
    files += [(paths.BUILD / "latex" / pdf, pdf) for pdf in PDFS if (paths.BUILD / "latex" / pdf).is_file()]
    files += [(p, f"data/{p.name}") for p in sorted(paths.DATA.glob("*.csv"))]
    files += [(p, f"data/{p.name}") for p in sorted(paths.DATA.glob("*.json"))]
    files += [
        (paths.BIBLIOGRAPHY, "references.bib"),
        (paths.ROOT / "CITATION.cff", "CITATION.cff"),
    ]
    return files


def write(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, name in members():
            zf.write(path, f"{target.stem}/{name}")
    return target


def main() -> int:
    version = edition.current().version
    try:
        path = write(paths.ROOT / "dist" / f"china-serbia-security-{version}.zip")
    except FileNotFoundError as exc:
        print(f"dist: {exc}")
        return 1
    print(f"Distribution: {path.relative_to(paths.ROOT)} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
