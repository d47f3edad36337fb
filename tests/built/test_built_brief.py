"""Checks of the built policy brief (HTML page and PDF).

Run after `make html pdf` (the `built` marker).
"""

import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from csreport.paths import ROOT

sys.path.insert(0, str(Path(__file__).parent))
import pdf_layout  # noqa: E402  (tests/built/pdf_layout.py)

HTML = ROOT / "_build" / "html"
LATEX = ROOT / "_build" / "latex"
BRIEF_PDF = LATEX / "china-serbia-security-brief.pdf"
MAIN_PDF = LATEX / "china-serbia-security.pdf"
POPPLER = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
MAX_PAGES = 3


class Page(HTMLParser):
    """Images, and the glued values inside the 'Key judgements' section of a page."""

    def __init__(self):
        super().__init__()
        self.images, self.judgements = [], []
        self._in_judgements = self._in_paste = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a)
        if tag == "section" and a.get("id") in ("key-judgements", "brief-judgements"):
            self._in_judgements = True
        if self._in_judgements and tag == "span" and "pasted-text" in (a.get("class") or "").split():
            self._in_paste = True
            self.judgements.append("")

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_paste = False
        if tag == "section":
            self._in_judgements = False

    def handle_data(self, data):
        if self._in_paste:
            self.judgements[-1] += data


def page(name: str) -> Page:
    parser = Page()
    parser.feed((HTML / "book" / f"{name}.html").read_text(encoding="utf-8"))
    return parser


def pdf_text(path, first: int | None = None, last: int | None = None) -> str:
    text = pdf_layout.text(path, first, last, layout=False)
    text = re.sub(r"-\n", "", text).replace("’", "'")
    return " ".join(text.split())


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def filled_fraction(path, number: int) -> float:
    """How far down page `number` its content reaches, as a fraction of the page height (the page
    number in the bottom margin is left out)."""
    out = subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", "-f", str(number), "-l", str(number), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(out)).convert("L")
    width, height = image.size
    body = int(height * 0.9)  # above the footer with the page number
    pixels = image.load()
    rows = [y for y in range(body) if any(pixels[x, y] < 200 for x in range(width))]
    return (max(rows) + 1) / height if rows else 0.0


def test_brief_shows_the_same_judgements_as_the_landing_page():
    index, brief = page("index"), page("brief")
    assert len(index.judgements) >= 20, "the landing page's key judgements should paste glued values"
    assert brief.judgements == index.judgements


def test_brief_has_one_chart_that_states_a_finding():
    charts = [img for img in page("brief").images if "/generated/" in img.get("src", "") or "_images" in img["src"]]
    assert len(charts) == 1, [img.get("src") for img in charts]
    assert charts[0].get("alt", "").strip()


def test_brief_has_the_memo_sections():
    html = (HTML / "book" / "brief.html").read_text(encoding="utf-8")
    for section in ("brief-bottom-line", "brief-judgements", "brief-options", "brief-watch", "brief-report"):
        assert f'id="{section}"' in html, section
    assert "Edition " in html and "data cut-off" in html


@POPPLER
def test_brief_pdf_has_at_most_three_pages_none_less_than_half_full():
    assert BRIEF_PDF.is_file(), f"{BRIEF_PDF} was not built"
    pages = pdf_pages(BRIEF_PDF)
    assert 2 <= pages <= MAX_PAGES, f"the brief has {pages} pages"
    fill = {n: round(filled_fraction(BRIEF_PDF, n), 2) for n in range(1, pages + 1)}
    assert all(f >= 0.5 for f in fill.values()), f"pages less than half full: {fill}"


@POPPLER
def test_brief_pdf_states_the_judgements_numbers_as_the_html_does():
    text = pdf_text(BRIEF_PDF)
    missing = [value for value in page("brief").judgements if value not in text]
    assert missing == [], f"glued values of the HTML brief missing from its PDF: {missing}"


@POPPLER
def test_brief_pdf_points_to_chapters_not_citation_strings():
    text = pdf_text(BRIEF_PDF)
    # "[12, 45, 78]": a string of citation numbers; one short source line under the chart is allowed
    strings = re.findall(r"\[\d+(?:, \d+){3,}\]", text)
    assert strings == [], strings
    assert "Argued in:" in text and "In the full report" in text


@POPPLER
def test_main_pdf_opens_on_the_judgements():
    judgements = pdf_text(BRIEF_PDF).count("Would change it:")
    assert judgements >= 4
    assert pdf_text(MAIN_PDF).count("Would change it:") >= judgements
