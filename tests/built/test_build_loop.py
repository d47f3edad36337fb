"""The build loop, end to end, on a small stand-in book (`make test` runs it with the built checks).

Four notebooks: `direct` loads table alpha and cites the source src1 in its output, `shared`
reads alpha through a shared module and glues a value that `index.md` pastes (which cites src1), `other` loads table
beta and writes a source line naming src2's publisher and a file under book/generated, `maps`
decodes the map's boundaries (assets/geo/countries-50m.json) with `csreport.report.geo`. A status
page shows the build date; a references page lists the bibliography; a small project extension
marks every page, and a style sheet styles it. `book/_template.ipynb` is not in the table of contents. The stand-in is built as
`make html` builds the report (`jupyter-book build` with its executor started first, whose
`csreport.sphinx.rebuild` waits for the executor), and the tests check, after each kind of change, which notebooks executed and which
pages Sphinx read again.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

from csreport.paths import ROOT

pytestmark = pytest.mark.buildloop

BIN = Path(sys.executable).parent
CONFIG = """title: Stand-in
only_build_toc_files: true
exclude_patterns: [_build, data, csreport, assets]
execute:
  execute_notebooks: cache
  cache: _build/.jupyter_cache
bibtex_bibfiles: [references.bib]
sphinx:
  extra_extensions: [csreport.sphinx.rebuild, csreport.sphinx.status, csreport.sphinx.mark]
  config:
    nb_render_markdown_format: myst
    html_static_path: [assets/html]
    html_css_files: [standin.css]
    numfig: true
    numfig_secnum_depth: 1
"""
# Two parts, as the report has: sphinx-jupyterbook-latex then changes numfig_secnum_depth for LaTeX.
TOC = """format: jb-book
root: book/index
parts:
- caption: Chapters
  numbered: true
  chapters:
  - file: book/direct
  - file: book/shared
  - file: book/other
  - file: book/maps
- caption: Appendices
  chapters:
  - file: book/status
  - file: book/references
"""
BIB = """@misc{src1, title = {First source}, publisher = {Publisher One}, url = {https://example.org/1}, urldate = {2026-01-01}}
@misc{src2, title = {Second source}, publisher = {Publisher Two}, url = {https://example.org/2}, urldate = {2026-01-01}}
"""
FIELDS = [{"name": "id", "type": "string"}, {"name": "value", "type": "integer"}, {"name": "sources", "type": "string"}]
# A square "country" in TopoJSON, one arc.
TOPOLOGY = {
    "type": "Topology",
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"name": "Serbia"}}],
        }
    },
    "arcs": [[[20, 42], [22, 42], [22, 46], [20, 46], [20, 42]]],
}
NOTEBOOKS = {
    "direct": (
        "from IPython.display import Markdown, display\nfrom csreport import data\n"
        'print("DIRECT", data.load("alpha")["value"].sum())\ndisplay(Markdown("As {cite:p}`src1` reports."))'
    ),
    "shared": (
        "from myst_nb import glue\nfrom csreport import standin\n"
        'print("SHARED", standin.total())\nglue("alpha_total", f"TOTAL{standin.total()}", display=False)'
    ),
    "other": (
        "from csreport import data\nfrom csreport.data import sources\nfrom csreport.report import publish\n"
        'beta = data.load("beta")\nprint("OTHER", beta["value"].sum(), sources.source_line(["src2"]))\n'
        'path, _ = publish.target("beta", ".txt")\npath.write_text(str(beta["value"].sum()))'
    ),
    "maps": 'from csreport.report import geo\nprint("MAP", len(geo.countries()["Serbia"][0]), "POINTS")',
    "_template": 'print("TEMPLATE")',
}
MARK = '''"""A project extension of the stand-in: a mark at the end of every page."""
from docutils import nodes


def _mark(app, doctree):
    doctree += nodes.paragraph(text="MARK-A")


def setup(app):
    app.connect("doctree-read", _mark)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''
DAY = 86400
FIRST_DAY = 1_790_000_000  # 2026-09-21


@pytest.fixture
def book(tmp_path):
    return make_book(tmp_path / "standin")


def make_book(root: Path) -> Path:
    """Write the stand-in book into `root` (with a copy of csreport plus one shared module)."""
    shutil.copytree(ROOT / "csreport", root / "csreport", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "csreport" / "standin.py").write_text(
        'from . import data\n\n\ndef total() -> int:\n    return int(data.load("alpha")["value"].sum())\n'
    )
    (root / "csreport" / "sphinx" / "mark.py").write_text(MARK)
    (root / "data").mkdir()
    package = {
        "name": "standin",
        "cutoff": "2026-01-01",
        "resources": [
            {"name": n, "path": f"{n}.csv", "schema": {"fields": FIELDS, "primaryKey": ["id"]}}
            for n in ("alpha", "beta")
        ],
    }
    (root / "data" / "datapackage.json").write_text(json.dumps(package))
    (root / "data" / "alpha.csv").write_text("id,value,sources\na1,20,src1\na2,22,src1\n")
    (root / "data" / "beta.csv").write_text("id,value,sources\nb1,7,src2\n")
    (root / "assets" / "geo").mkdir(parents=True)
    (root / "assets" / "geo" / "countries-50m.json").write_text(json.dumps(TOPOLOGY))
    (root / "assets" / "html").mkdir()
    (root / "assets" / "html" / "standin.css").write_text("p { color: #111111; }\n")
    (root / "references.bib").write_text(BIB)
    (root / "_config.yml").write_text(CONFIG)
    (root / "_toc.yml").write_text(TOC)
    (root / "book").mkdir()
    (root / "book" / "index.md").write_text(
        "# Stand-in\n\nPasted: {glue:text}`shared.ipynb::alpha_total:s`, as {cite:p}`src1` says.\n"
    )
    (root / "book" / "status.md").write_text("# Status\n\nBuilt on {build-status}`date`.\n")
    (root / "book" / "references.md").write_text("# References\n\n```{bibliography}\n```\n")
    for name, code in NOTEBOOKS.items():
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell(code)]
        )
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / "book" / f"{name}.ipynb")
    return root


def _run(root: Path, *args: str, day: int = FIRST_DAY) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(root), "CSREPORT_JOBS": "2", "SOURCE_DATE_EPOCH": str(day)}
    env.pop("CSREPORT_EXECUTE", None)
    return subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)


def build(root: Path, builder: str = "html", day: int = FIRST_DAY) -> subprocess.CompletedProcess:
    """What `make html` (or `make pdf`, without compiling the LaTeX) runs."""
    jb = [sys.executable, "-m", "csreport.sphinx.jupyterbook"]
    return _run(root, *jb, ".", "--builder", builder, "-W", "-n", "--keep-going", day=day)


def page(root: Path, name: str) -> str:
    return (root / "_build" / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")


def executed(log: str) -> set[str]:
    return {
        line.split()[1].removeprefix("book/").removesuffix(".ipynb:")
        for line in log.splitlines()
        if line.startswith("[") and ": executed in" in line
    }


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def read(log: str) -> set[str]:
    """The pages Sphinx read (again)."""
    return {
        m.group(1).removeprefix("book/")
        for m in re.finditer(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", ANSI.sub("", log))
    }


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


def test_each_kind_of_change_re_executes_and_re_reads_exactly_what_depends_on_it(book):
    log = ok(build(book))
    assert executed(log) == {"direct", "shared", "other", "maps"}  # never the template
    assert "DIRECT 42" in page(book, "direct") and "SHARED 42" in page(book, "shared")
    assert "TOTAL42" in page(book, "index") and "MAP 5 POINTS" in page(book, "maps")
    assert "Publisher Two" in page(book, "other") and "MARK-A" in page(book, "index")
    assert "Kernel is running over TCP" not in log and "ParserConfig(" not in log

    csv = book / "data" / "alpha.csv"
    csv.write_text(csv.read_text().replace("a2,22", "a2,23"))
    log = ok(build(book))
    assert executed(log) == {"direct", "shared"}
    assert "DIRECT 43" in page(book, "direct") and "TOTAL43" in page(book, "index")
    assert "OTHER 7" in page(book, "other")

    boundaries = book / "assets" / "geo" / "countries-50m.json"
    boundaries.write_text(json.dumps(TOPOLOGY | {"arcs": [[[20, 42], [22, 42], [22, 46], [20, 42]]]}))
    log = ok(build(book))
    assert executed(log) == {"maps"}
    assert "MAP 4 POINTS" in page(book, "maps")

    bib = book / "references.bib"
    bib.write_text(bib.read_text().replace("First source", "First source, corrected"))
    log = ok(build(book))
    assert executed(log) == {"direct"}  # cites src1; `shared` only checked that src1 exists
    assert read(log) == {"direct", "index", "references"}  # index.md cites it too
    assert all("First source, corrected" in page(book, name) for name in ("references", "index", "direct"))
    bib.write_text(bib.read_text().replace("Publisher Two", "Publisher Deux"))
    log = ok(build(book))
    assert executed(log) == {"other"}  # its source line names src2's publisher
    assert "Publisher Deux" in page(book, "other")

    log = ok(build(book, day=FIRST_DAY + 3 * DAY))  # nothing changed, three days later
    assert executed(log) == set() and read(log) == {"status"}
    later = datetime.fromtimestamp(FIRST_DAY + 3 * DAY, tz=UTC)
    assert f"Built on {later.day} {later:%B %Y}." in re.sub("<[^>]+>", "", page(book, "status"))
    log = ok(build(book, day=FIRST_DAY + 3 * DAY))
    assert executed(log) == set() and read(log) == set()

    mark = book / "csreport" / "sphinx" / "mark.py"
    mark.write_text(mark.read_text().replace("MARK-A", "MARK-B"))
    log = ok(build(book, day=FIRST_DAY + 3 * DAY))
    assert executed(log) == set() and read(log) >= {"index", "direct", "shared", "other", "maps", "status"}
    assert all("MARK-B" in page(book, name) for name in ("index", "direct", "maps", "references"))

    css = book / "assets" / "html" / "standin.css"
    linked = re.search(r"standin\.css\?v=\w+", page(book, "index")).group()
    css.write_text("p { color: #222222; }\n")
    log = ok(build(book, day=FIRST_DAY + 3 * DAY))
    assert executed(log) == set() and read(log) == set()
    assert "#222222" in (book / "_build" / "html" / "_static" / "standin.css").read_text()
    assert re.search(r"standin\.css\?v=\w+", page(book, "index")).group() != linked

    shutil.rmtree(book / "book" / "generated")
    (book / "book" / "generated").mkdir()
    (book / "book" / "generated" / "beta.txt").write_text("drawn by another execution")
    log = ok(build(book, day=FIRST_DAY + 3 * DAY))
    assert executed(log) == set()
    assert (book / "book" / "generated" / "beta.txt").read_text() == "7"


def test_html_then_pdf_then_html_reads_no_page_again(book):
    ok(build(book))
    log = ok(build(book, "latex"))  # `make pdf` without compiling: the same Sphinx LaTeX builder
    assert read(log) == set() and list((book / "_build" / "latex").glob("*.tex"))
    # An edit read by the LaTeX build is kept in the environment both builders share: the
    # HTML build after it reads nothing (sphinx-jupyterbook-latex's numfig_secnum_depth for LaTeX
    # used to be pickled with it, and the next HTML build re-read every page).
    index = book / "book" / "index.md"
    index.write_text(index.read_text() + "\nA paragraph more.\n")
    log = ok(build(book, "latex"))
    assert read(log) == {"index"}
    assert "numfigreset=1" in next((book / "_build" / "latex").glob("*.tex")).read_text()  # as LaTeX numbers
    log = ok(build(book))
    assert read(log) == set() and "config changed" not in log
    assert "A paragraph more." in page(book, "index")


def test_make_execute_writes_outputs_back_and_the_build_then_executes_nothing(book):
    ok(build(book))
    log = ok(_run(book, str(BIN / "python"), "-m", "csreport.build", "--write", "-j", "2"))
    assert executed(log) == {"_template"}  # the book's notebooks come from the cache
    for name in ("direct", "_template"):
        nb = nbformat.read(book / "book" / f"{name}.ipynb", as_version=4)
        assert nb.cells[1].outputs, name
    log = ok(build(book))
    assert executed(log) == set()
    assert "DIRECT 42" in page(book, "direct")


def test_a_failing_cell_ends_the_build_with_a_summary(book):
    nb = nbformat.read(book / "book" / "other.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("total = 1\nraise ValueError('beta is broken')"))
    nbformat.write(nb, book / "book" / "other.ipynb")
    result = build(book)
    assert result.returncode == 1
    last = result.stdout.rstrip().splitlines()[-3:]
    assert ANSI.sub("", last[0]) == "FAILED book/other.ipynb, cell 3 (first line: 'total = 1')"
    assert last[1].strip() == "ValueError: beta is broken"
    assert last[2].strip() == "re-run just this notebook: make execute NB=book/other.ipynb"
    assert "Traceback" not in result.stderr
