"""Checks of the built edition: metadata where readers see it, and the distribution zip (`built` marker)."""

import subprocess
import sys
import zipfile
from pathlib import Path

from csreport.build import edition
from csreport.paths import ROOT

sys.path.insert(0, str(Path(__file__).parent))
import pdf_layout  # noqa: E402  (tests/built/pdf_layout.py)

BUILD = ROOT / "_build"


def test_landing_and_about_pages_show_the_edition_and_citation():
    ed = edition.current()
    cite = edition.how_to_cite(ed, edition.citation()).replace("*", "")
    for page in ("index", "about"):
        text = (BUILD / "html" / "book" / f"{page}.html").read_text(encoding="utf-8")
        assert f"Version {ed.version}," in text and "{{" not in text
        assert cite.split(". Version")[0].split(" (")[0] in text


def test_pdf_metadata_and_title_page_carry_the_edition():
    pdf = BUILD / "latex" / "china-serbia-security.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == edition.citation()["title"]
    assert fields["Author"].strip() and fields["Subject"].strip() and "Serbia" in fields["Keywords"]
    first = pdf_layout.text(pdf, last=1, layout=False)
    assert f"Edition {edition.current().version}" in first


def test_dist_zip_holds_site_pdf_data_and_citation():
    done = subprocess.run([sys.executable, "-m", "csreport.build.dist"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    zip_path = ROOT / "dist" / f"china-serbia-security-{edition.current().version}.zip"
    assert f"{zip_path.relative_to(ROOT)} (" in done.stdout and "MB)" in done.stdout
    names = {n.split("/", 1)[1] for n in zipfile.ZipFile(zip_path).namelist()}
    assert {
        "html/index.html",
        "html/book/index.html",
        "china-serbia-security.pdf",
        "data/datapackage.json",
        "references.bib",
        "CITATION.cff",
    } <= names
    assert {f"data/{p.name}" for p in (ROOT / "data").glob("*.csv")} <= names
