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
from html.parser import HTMLParser

import pytest

from csreport.paths import ROOT

HTML = ROOT / "_build" / "html" / "book"
PDF = ROOT / "_build" / "latex" / "china-serbia-security.pdf"
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
    tables = re.findall(r'<table class="([^"]*)".*?</table>', html, re.S)
    found = [cls for cls, body in zip(tables, re.findall(r"<table .*?</table>", html, re.S)) if caption in body]
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


def test_no_horizontal_overflow_at_phone_width():
    pages = [LEDGER, DATA, HTML / "military.html", HTML / "responses.html", HTML / "glossary.html"]
    got = measure(390, *pages)
    assert {name: m["overflow"] for name, m in got.items() if m["overflow"] > 0} == {}


def test_every_claim_visible_with_scripts_off():
    got = measure(1280, LEDGER, no_js=True)[LEDGER.name]
    assert got["visibleClaims"] == got["claims"] > 0
    assert not got["filterShown"]


def pdf_pages() -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    out = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def test_pdf_keeps_one_line_of_the_build_status():
    pages = pdf_pages()
    text = "\n".join(pages)
    assert "This copy of the report was built on" in text
    assert "Software that built the report" not in text


def test_pdf_data_appendix_is_short():
    pages = pdf_pages()

    def first_page(title: str, after: int = -1) -> int:
        pattern = re.compile(rf"^\s*{re.escape(title)}\s*$", re.M | re.I)
        return next(i for i, p in enumerate(pages) if i > after and pattern.search(p))

    start = first_page("data appendix")
    end = first_page("what changed in this edition", start)  # the appendix that follows it in _toc.yml
    assert f"Table {data_appendix_letter()}.1" in "".join(pages[start:end])
    assert end - start <= DATA_MAX_PDF_PAGES


def test_no_text_runs_over_the_page_footer():
    """Nothing printed on or below the running footer of any PDF page (a tabular taller than the
    page used to run over it)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    out = subprocess.run(["pdftotext", "-bbox", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
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
