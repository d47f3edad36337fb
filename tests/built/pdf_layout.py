"""Measures of built PDFs as a reader sees their pages: how full each page is, what its running
footer says, where each part starts (from the LaTeX contents file), what the LaTeX log reports.

Used by tests/built/test_built.py; run it as a script to print a PDF's pages:
    .venv/bin/python tests/built/pdf_layout.py _build/latex/china-serbia-security.pdf
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
BODY_TOP_MM, BODY_BOTTOM_MM = 24, 29  # the text block lies between these margins (csreport.sty)
FOOTER_BAND_MM = (270, 290)  # the running footer's line lies in this band from the top
INK = 200  # a pixel darker than this (0-255 grey) is ink


@dataclass
class Page:
    number: int  # in the PDF, from 1
    fill: float  # how far down the text block the page's content reaches, 0-1
    footer: str  # the running footer's text, page number excluded
    folio: str  # the page number printed in the footer


def fill_ratios(pdf: Path, dpi: int = 24) -> list[float]:
    """For each page, the lowest ink in the text block as a share of the block's height."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        out = []
        for file in files:
            with Image.open(file) as opened:
                image = opened.convert("L")
                width, height = image.size
                px_per_mm = height / 297
                top, bottom = int(BODY_TOP_MM * px_per_mm), int(height - BODY_BOTTOM_MM * px_per_mm)
                pixels = image.load()
                last = top
                for y in range(bottom - 1, top - 1, -1):
                    if any(pixels[x, y] < INK for x in range(width)):
                        last = y
                        break
                out.append((last - top) / (bottom - top))
    return out


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def footers(pdf: Path) -> list[tuple[str, str]]:
    """Each page's running footer: (text, page number), from the words in the footer band."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = [
            (float(x0), text)
            for x0, y0, x1, y1, text in _WORD.findall(page)
            if FOOTER_BAND_MM[0] * MM <= float(y0) <= FOOTER_BAND_MM[1] * MM
        ]
        words.sort()
        text = " ".join(w for _, w in words)
        folio = words[-1][1] if words and re.fullmatch(r"\d+|[ivxlc]+", words[-1][1]) else ""
        body = " ".join(w for _, w in words[:-1]) if folio else text
        pages.append((unescape(body), folio))
    return pages


def text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = True) -> str:
    """The PDF's text (pages `first` to `last`), as laid out or, with `layout` False, in reading order."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + (["-f", str(first)] if first else [])
    args += ["-l", str(last)] if last else []
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as laid out, in order."""
    return text(pdf).split("\f")


def unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def pages(pdf: Path) -> list[Page]:
    fills = fill_ratios(pdf)
    feet = footers(pdf)
    return [Page(i + 1, fill, text, folio) for i, (fill, (text, folio)) in enumerate(zip(fills, feet))]


_TOC = re.compile(r"\\contentsline \{(chapter|part)\}\{(.*)\}\{([0-9ivxlc]+)\}\{[^}]*\}%?$")


def toc_chapters(toc: Path) -> list[tuple[str, str, str]]:
    """The chapters of a LaTeX contents file: (label such as '2' or 'B' or '', title, first page)."""
    out = []
    for line in toc.read_text(encoding="utf-8").splitlines():
        found = _TOC.match(line.strip())
        if not found or found.group(1) != "chapter":
            continue
        title, page = found.group(2), found.group(3)
        number = re.match(r"\\numberline \{([^}]*)\}(.*)", title)
        label, title = (number.group(1), number.group(2)) if number else ("", title)
        title = re.sub(r"\\sphinxhyphen \{\}", "-", title)
        out.append((label, re.sub(r"\\[a-z]+ ?\{?\}?", "", title).strip(), page))
    return out


def missing_characters(log: Path) -> list[str]:
    """The LaTeX log's 'Missing character' lines (a glyph no font of the text had)."""
    return [
        line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if "Missing character" in line
    ]


if __name__ == "__main__":
    pdf = Path(sys.argv[1])
    for page in pages(pdf):
        print(f"{page.number:4d} {page.folio:>4} {page.fill:5.2f}  {page.footer}")
