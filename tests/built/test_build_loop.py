"""The build loop, end to end, on a small stand-in book (quick; `make test` runs it with the built checks).

Three notebooks: `direct` loads table alpha itself, `shared` reads it through a shared module and
glues a value that `index.md` pastes, `other` loads table beta. The same two steps as `make html`
(`python -m csreport.build`, then `jupyter-book build`) build it; after a change to alpha.csv,
the pages of both readers (and the page pasting the glued value) show the new value and `other` is
not executed again; a failing cell ends the build with a summary naming notebook and cell.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from csreport.paths import ROOT

pytestmark = pytest.mark.buildloop

BIN = Path(sys.executable).parent
CONFIG = """title: Stand-in
only_build_toc_files: true
exclude_patterns: [_build, data, csreport]
execute:
  execute_notebooks: cache
  cache: _build/.jupyter_cache
sphinx:
  extra_extensions: [csreport.sphinx.rebuild]
"""
TOC = """format: jb-book
root: book/index
chapters:
- file: book/direct
- file: book/shared
- file: book/other
"""
BIB = "@misc{src1, title = {A source}, publisher = {Publisher}, url = {https://example.org}, urldate = {2026-01-01}}\n"
FIELDS = [{"name": "id", "type": "string"}, {"name": "value", "type": "integer"}, {"name": "sources", "type": "string"}]
NOTEBOOKS = {
    "direct": 'from csreport import data\nprint("DIRECT", data.load("alpha")["value"].sum())',
    "shared": (
        "from myst_nb import glue\nfrom csreport import standin\n"
        'print("SHARED", standin.total())\nglue("alpha_total", f"TOTAL{standin.total()}", display=False)'
    ),
    "other": 'from csreport import data\nprint("OTHER", data.load("beta")["value"].sum())',
}


@pytest.fixture
def book(tmp_path):
    return make_book(tmp_path / "standin")


def make_book(root: Path) -> Path:
    """Write the stand-in book into `root` (with a copy of csreport plus one shared module)."""
    shutil.copytree(ROOT / "csreport", root / "csreport", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "csreport" / "standin.py").write_text(
        'from . import data\n\n\ndef total() -> int:\n    return int(data.load("alpha")["value"].sum())\n'
    )
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
    (root / "data" / "beta.csv").write_text("id,value,sources\nb1,7,src1\n")
    (root / "references.bib").write_text(BIB)
    (root / "_config.yml").write_text(CONFIG)
    (root / "_toc.yml").write_text(TOC)
    (root / "book").mkdir()
    (root / "book" / "index.md").write_text("# Stand-in\n\nPasted: {glue:text}`shared.ipynb::alpha_total:s`.\n")
    for name, code in NOTEBOOKS.items():
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell(code)]
        )
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / "book" / f"{name}.ipynb")
    return root


def build(root: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(root)}
    first = subprocess.run(
        [str(BIN / "python"), "-m", "csreport.build", "-j", "2"], cwd=root, env=env, capture_output=True, text=True
    )
    if first.returncode != 0:
        return first
    second = subprocess.run(
        [str(BIN / "jupyter-book"), "build", ".", "--builder", "html", "-W", "-n", "--keep-going"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    second.stdout = first.stdout + second.stdout
    return second


def page(root: Path, name: str) -> str:
    return (root / "_build" / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")


def executed(log: str) -> set[str]:
    return {
        line.split()[1].removeprefix("book/").removesuffix(".ipynb:")
        for line in log.splitlines()
        if line.startswith("[") and ": executed in" in line
    }


def test_a_data_change_rebuilds_exactly_the_pages_that_read_it(book):
    first = build(book)
    assert first.returncode == 0, first.stdout + first.stderr
    assert executed(first.stdout) == {"direct", "shared", "other"}
    assert "DIRECT 42" in page(book, "direct") and "SHARED 42" in page(book, "shared")
    assert "TOTAL42" in page(book, "index")

    csv = book / "data" / "alpha.csv"
    csv.write_text(csv.read_text().replace("a2,22", "a2,23"))
    second = build(book)
    assert second.returncode == 0, second.stdout + second.stderr
    assert executed(second.stdout) == {"direct", "shared"}
    assert "DIRECT 43" in page(book, "direct") and "SHARED 43" in page(book, "shared")
    assert "TOTAL43" in page(book, "index")
    assert "OTHER 7" in page(book, "other")

    third = build(book)
    assert third.returncode == 0 and executed(third.stdout) == set()
    assert "Kernel is running over TCP" not in first.stdout + first.stderr + second.stderr
    assert "ParserConfig(" not in first.stdout + first.stderr


def test_a_failing_cell_ends_the_build_with_a_summary(book):
    nb = nbformat.read(book / "book" / "other.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("total = 1\nraise ValueError('beta is broken')"))
    nbformat.write(nb, book / "book" / "other.ipynb")
    result = build(book)
    assert result.returncode == 1
    last = result.stdout.rstrip().splitlines()[-3:]
    assert last[0] == "FAILED book/other.ipynb, cell 3 (first line: 'total = 1')"
    assert last[1].strip() == "ValueError: beta is broken"
    assert last[2].strip() == "re-run just this notebook: make execute NB=book/other.ipynb"
    assert "Traceback" not in result.stderr
