"""Checks of the built report as readers use it: the explorable ledger, long tables, citations,
page heights and phone widths, and what the PDF keeps of the web-only pages.

Run after `make html pdf` (the `built` marker). Page geometry is measured in Debian's Chromium
through playwright-core (tests/built/a11y/measure.mjs); those checks skip when it is not installed.
"""

import csv
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from csreport.paths import ROOT

sys.path.insert(0, str(Path(__file__).parent))
import pdf_layout  # noqa: E402  (tests/built/pdf_layout.py)

HTML = ROOT / "_build" / "html" / "book"
PDF = ROOT / "_build" / "latex" / "china-serbia-security.pdf"
DATABOOK = ROOT / "_build" / "latex" / "china-serbia-security-databook.pdf"
LEDGER = HTML / "claims.html"
DATA = HTML / "data.html"
CITATION_CAP = 18  # items in one citation group; a range such as [273–281] counts once (longest today: 17)
LEDGER_MAX_PX = 8000
DATA_MAX_PX = 10000
DATA_MAX_PDF_PAGES = 6
MEASURE = ROOT / "tests" / "built" / "a11y" / "measure.mjs"


class Claims(HTMLParser):
    """The ledger's claim elements, its filter form and its scripts."""

    def __init__(self):
        super().__init__()
        self.claims, self.forms, self.selects, self.labels, self.scripts = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-verdict" in a:
            self.claims.append(a)
        if tag == "form" and "ledger-filter" in (a.get("class") or ""):
            self.forms.append(a)
        if tag == "select":
            self.selects.append(a)
        if tag == "label" and a.get("for"):
            self.labels.append(a["for"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])


def claims_page() -> Claims:
    parser = Claims()
    parser.feed(LEDGER.read_text(encoding="utf-8"))
    return parser


def test_ledger_has_one_element_per_claim():
    with open(ROOT / "data" / "claims.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    claims = claims_page().claims
    assert len(claims) == len(rows)
    assert all(c.get("data-dimension") for c in claims)
    assert {c["data-verdict"] for c in claims} <= {r["verdict"].replace("_", "-") for r in rows}


def test_ledger_filters_exist_and_are_labelled():
    page = claims_page()
    assert len(page.forms) == 1
    ids = [s.get("id") for s in page.selects]
    assert {"ledger-verdict", "ledger-dimension"} <= set(ids)
    assert {"ledger-verdict", "ledger-dimension"} <= set(page.labels)
    assert any("ledger.js" in s for s in page.scripts)


def test_ledger_is_readable_without_scripts():
    """Static HTML: no claim is hidden, the filter form (useless without scripts) is, and every
    assessment sits in a <details> element, which opens without scripts."""
    page = claims_page()
    assert not any("hidden" in c for c in page.claims)
    assert "hidden" in page.forms[0]
    html = LEDGER.read_text(encoding="utf-8")
    assert html.count("<details") >= len(page.claims)


def test_scripts_load_only_where_needed():
    for page in HTML.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert ("ledger.js" in html) == (page == LEDGER), page.name
        sortable = re.search(r'<table class="[^"]*\bsortable\b', html) is not None
        assert ("tablesort.min.js" in html) == sortable, page.name


@pytest.mark.parametrize(
    "name,caption",
    [
        ("military.html", "Register of arms"),
        ("data.html", "The tables of the data package"),
        ("responses.html", "Statements by EU institutions"),
    ],
)
def test_long_tables_are_sortable(name, caption):
    html = (HTML / name).read_text(encoding="utf-8")
    # the caption sits above the table's scrolling box (csreport.sphinx.pages)
    tables = re.findall(r'<p class="table-caption"[^>]*>(.*?)</p>\s*<div[^>]*>\s*<table class="([^"]*)"', html, re.S)
    found = [cls for text, cls in tables if caption in text]
    assert found and "sortable" in found[0].split()


def citation_groups():
    for page in HTML.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for group in re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', html, re.S):
            yield page.name, re.sub(r"<[^>]+>", "", group)


def test_citation_groups_are_short():
    groups = list(citation_groups())
    assert groups
    long = [(name, text) for name, text in groups if len(text.strip("[]").split(",")) > CITATION_CAP]
    assert long == [], long[:3]


def test_consecutive_citations_read_as_ranges():
    for name, text in citation_groups():
        items = [item.strip() for item in text.strip("[]").split(",")]
        numbers = [int(item) for item in items if item.isdigit()]
        runs = sum(1 for a, b, c in zip(numbers, numbers[1:], numbers[2:]) if b == a + 1 and c == b + 1)
        assert runs == 0, f"{name}: {text}"


def data_appendix_letter() -> str:
    """The data appendix's letter, from its place among the appendices in _toc.yml."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    appendices = next(p for p in toc["parts"] if p["caption"] == "Appendices")["chapters"]
    return chr(ord("A") + [c["file"] for c in appendices].index("book/data"))


def test_appendix_tables_are_lettered():
    html = DATA.read_text(encoding="utf-8")
    assert re.search(rf'caption-number">Table {data_appendix_letter()}\.1', html)


def measure(width: int, *pages, no_js=False) -> dict:
    if (
        not shutil.which("node")
        or not (ROOT / "tests" / "built" / "a11y" / "node_modules" / "playwright-core").exists()
    ):
        pytest.skip("playwright-core not installed (make audit-tools)")
    args = ["node", str(MEASURE), str(width), *map(str, pages)] + (["--no-js"] if no_js else [])
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=300).stdout
    return json.loads(out)


def test_page_heights_at_desktop_width():
    got = measure(1280, LEDGER, DATA)
    assert got[LEDGER.name]["height"] <= LEDGER_MAX_PX, got
    assert got[DATA.name]["height"] <= DATA_MAX_PX, got
    assert got[LEDGER.name]["filterShown"] and got[DATA.name]["tableFilters"] == 1


REDIRECT = 'http-equiv="refresh"'
PAGES = sorted(p for p in HTML.glob("*.html") if REDIRECT not in p.read_text(encoding="utf-8"))
PHONE, DESKTOP = 390, 1280
CHANGES = HTML / "changes.html"
CHANGES_MAX_PX = 6000  # at desktop width: a summary in words; the cell-level list is a download
MIN_CHART_TYPE_PX = 9  # the smallest type of a chart opened on a phone, in CSS pixels
LAYOUT = ROOT / "tests" / "built" / "a11y" / "layout.mjs"


def layout(width: int, *pages, open_chart=False) -> dict:
    if (
        not shutil.which("node")
        or not (ROOT / "tests" / "built" / "a11y" / "node_modules" / "playwright-core").exists()
    ):
        pytest.skip("playwright-core not installed (make audit-tools)")
    args = ["node", str(LAYOUT), str(width), *map(str, pages)] + (["--open-chart"] if open_chart else [])
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=900).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def at_phone():
    return layout(PHONE, *PAGES)


@pytest.fixture(scope="module")
def at_desktop():
    return layout(DESKTOP, *PAGES)


def test_no_page_is_wider_than_a_phone(at_phone):
    """Every page, the references included, fits 390 px: a wide table scrolls in its own box."""
    assert {name: m["overflow"] for name, m in at_phone.items() if m["overflow"] > 0} == {}


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_word_is_broken_across_lines_in_a_table_cell(width, at_phone, at_desktop):
    """Each word of each table cell stays on one line (compared by its line boxes in the browser);
    a compound may wrap after its hyphen, dash or slash, a date never."""
    got = at_phone if width == PHONE else at_desktop
    assert sum(m["words"] for m in got.values()) > 1000
    assert {name: m["broken"] for name, m in got.items() if m["brokenCount"]} == {}


def test_table_captions_sit_above_the_scrolling_box_and_sort_arrows_follow_the_header(at_phone):
    with_tables = {name: m for name, m in at_phone.items() if m["tables"]}
    assert with_tables
    assert {n: m["captionsInside"] for n, m in with_tables.items() if m["captionsInside"]} == {}
    below = {
        n: (m["captionsAbove"], m["captions"]) for n, m in with_tables.items() if m["captionsAbove"] < m["captions"]
    }
    assert below == {}
    assert sum(m["captions"] for m in with_tables.values()) > 10
    assert all(m["sortInline"] for m in with_tables.values())


def test_long_pages_offer_their_contents_and_a_way_back_to_the_top_on_a_phone(at_phone):
    """A page ten screens long offers the way back to the top; one with sections also lists them
    under its title."""
    from csreport.sphinx.pages import PAGE_CONTENTS_MIN

    long = {name: m for name, m in at_phone.items() if m["height"] > 10 * 844}
    assert long
    sections = {
        name: len(re.findall(r"<section[^>]*>\s*<h2", (HTML / name).read_text(encoding="utf-8"))) for name in long
    }
    no_list = [n for n, m in long.items() if sections[n] >= PAGE_CONTENTS_MIN and not m["pageContents"]]
    assert no_list == []
    assert [name for name, m in long.items() if not m.get("backToTop")] == []


def test_a_chart_opened_on_a_phone_shows_its_smallest_type_at_9_px_or_more():
    from PIL import Image

    from csreport.report import charts

    page = HTML / "context.html"
    chart = layout(PHONE, page, open_chart=True)[page.name]["chart"]
    assert chart["open"], chart
    from urllib.parse import unquote, urlparse

    source = unquote(urlparse(chart["src"]).path) if chart["src"].startswith("file:") else page.parent / chart["src"]
    with Image.open(Path(source).resolve()) as image:
        smallest_pt = float(image.text[charts.TYPE_KEY])
        inches = image.size[0] / charts.DPI
    scale = chart["openedWidth"] / (inches * 96)  # CSS px per px of the chart at its drawn size
    assert smallest_pt * 96 / 72 * scale >= MIN_CHART_TYPE_PX, chart
    assert chart["inlineWidth"] < chart["openedWidth"]


def chapter_pages() -> list:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters = next(p for p in toc["parts"] if p["caption"] == "Chapters")["chapters"]
    return [HTML / f"{c['file'].split('/')[-1]}.html" for c in chapters]


@pytest.mark.parametrize("page", chapter_pages(), ids=lambda p: p.stem)
def test_every_chapter_opens_with_key_points_and_ends_with_what_remains_unknown(page):
    html = page.read_text(encoding="utf-8")
    assert '<div class="key-points docutils container">' in html, "no Key points block"
    headings = [" ".join(re.sub(r"<[^>]+>|#", "", h).split()) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    assert any(re.sub(r"^[\d.]+\s*", "", h) == "What remains unknown" for h in headings), headings


def test_what_changed_page_is_a_summary_with_the_full_list_as_a_download(at_desktop):
    assert at_desktop[CHANGES.name]["height"] <= CHANGES_MAX_PX
    assert re.search(r'href="[^"]*edition-changes\.csv"', CHANGES.read_text(encoding="utf-8"))


def test_every_claim_visible_with_scripts_off():
    got = measure(1280, LEDGER, no_js=True)[LEDGER.name]
    assert got["visibleClaims"] == got["claims"] > 0
    assert not got["filterShown"]


def test_build_status_is_in_the_databook_not_in_the_report():
    report, databook = "\n".join(pdf_layout.page_texts(PDF)), "\n".join(pdf_layout.page_texts(DATABOOK))
    assert "Software that built the report" in databook
    assert "Software that built the report" not in report


def test_databook_data_appendix_is_short():
    pages = pdf_layout.page_texts(DATABOOK)

    def first_page(title: str, after: int = -1) -> int:
        pattern = re.compile(rf"^\s*{re.escape(title)}\s*$", re.M | re.I)
        return next(i for i, p in enumerate(pages) if i > after and pattern.search(p))

    start = first_page("data appendix")
    end = first_page("what changed in this edition", start)  # the appendix that follows it in _toc.yml
    assert f"Table {data_appendix_letter()}.1" in "".join(pages[start:end])
    assert end - start <= DATA_MAX_PDF_PAGES


@pytest.mark.parametrize("pdf", [PDF, DATABOOK], ids=lambda p: p.stem)
def test_no_text_runs_over_the_page_footer(pdf):
    """Nothing printed on or below the running footer of any PDF page (a tabular taller than the
    page used to run over it)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    word = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')
    bad = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        boxes = [(float(a), float(b)) for a, b in word.findall(page)]
        footer = [top for top, _ in boxes if top > 0.92 * height]
        if not footer:
            continue
        line = min(footer)
        body_bottom = max((bottom for top, bottom in boxes if top <= 0.92 * height), default=0)
        if any(abs(top - line) > 2 for top in footer) or body_bottom > line - 4:
            bad.append(number)
    assert bad == []


def test_figure_source_lines_name_few_publishers():
    """The source line drawn under each figure, recomputed from the figure's data (generated CSV)."""
    import pandas as pd

    from csreport.data import sources
    from csreport.paths import GENERATED

    figures = [p for p in GENERATED.glob("*.csv") if (GENERATED / f"{p.stem}.png").exists()]
    assert figures
    for path in figures:
        frame = pd.read_csv(path, dtype=str)
        if "sources" not in frame.columns:
            continue
        line = sources.source_line(sources.keys_of(frame))
        named = line.split(": ", 1)[1].split(" (all in the citations below)")[0].split("; and ")[0]
        assert len(named.split("; ")) <= sources.SOURCE_LINE_CAP, (path.name, line)
