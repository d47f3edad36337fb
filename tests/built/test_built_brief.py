"""Checks of the built policy brief (HTML page and PDF) and of the landing page's timeline.

Run after `make html pdf` (the `built` marker).
"""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from csreport.paths import ROOT

HTML = ROOT / "_build" / "html"
LATEX = ROOT / "_build" / "latex"
BRIEF_PDF = LATEX / "china-serbia-security-brief.pdf"
MAIN_PDF = LATEX / "china-serbia-security.pdf"
POPPLER = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


class Page(HTMLParser):
    """Images and the glued values inside the 'Key findings' list of a page."""

    def __init__(self):
        super().__init__()
        self.images, self.findings = [], []
        self._list_depth = 0
        self._in_findings = self._in_paste = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a)
        if tag == "section" and a.get("id") in ("key-findings", "brief-findings"):
            self._in_findings = True
        if self._in_findings and tag == "span" and "pasted-text" in (a.get("class") or "").split():
            self._in_paste = True
            self.findings.append("")

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_paste = False
        if tag == "section":
            self._in_findings = False

    def handle_data(self, data):
        if self._in_paste:
            self.findings[-1] += data


def page(name: str) -> Page:
    parser = Page()
    parser.feed((HTML / "book" / f"{name}.html").read_text(encoding="utf-8"))
    return parser


def pdf_text(path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"-\n", "", text).replace("’", "'")
    return " ".join(text.split())


def subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(item == other for other in it) for item in short)


def test_brief_page_was_built_with_findings_from_the_same_glue_as_the_landing_page():
    index, brief = page("index"), page("brief")
    assert len(index.findings) >= 20, "the landing page's key findings should paste glued values"
    # the brief shows the findings list itself; the landing page adds the op-ed's score after it
    assert subsequence(brief.findings, index.findings) and brief.findings == index.findings[: len(brief.findings)]


@POPPLER
def test_brief_pdf_exists_and_has_at_most_four_pages():
    assert BRIEF_PDF.is_file(), f"{BRIEF_PDF} was not built"
    info = subprocess.run(["pdfinfo", str(BRIEF_PDF)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 2 <= pages <= 4, f"the brief has {pages} pages"


@POPPLER
def test_brief_pdf_states_the_key_finding_numbers_as_the_html_does():
    text = pdf_text(BRIEF_PDF)
    missing = [value for value in page("brief").findings if value not in text]
    assert missing == [], f"glued values of the HTML brief missing from its PDF: {missing}"


def test_brief_shows_the_map_with_alt_text():
    maps = [img for img in page("brief").images if "places-map" in img.get("src", "")]
    assert maps, "no map image on the brief page"
    assert maps[0].get("alt", "").startswith("Map"), maps[0].get("alt")
    assert (HTML / "_images" / "places-map.png").is_file() or any(
        (HTML / "book" / img["src"]).is_file() for img in maps
    )


def test_landing_page_shows_the_timeline_at_a_glance():
    images = [img for img in page("index").images if "security-glance" in img.get("src", "")]
    assert images and images[0].get("alt", "").startswith("Timeline"), images


@POPPLER
def test_main_pdf_holds_the_brief_once():
    # Each key finding says why it matters. The report's PDF has them on its first pages (the landing
    # page) and once more in the brief, reprinted as an appendix; the brief's own PDF has them once.
    brief = pdf_text(BRIEF_PDF).count("Why it matters:")
    assert brief >= 1
    assert pdf_text(MAIN_PDF).count("Why it matters:") == 2 * brief
