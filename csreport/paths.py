"""Where the project's files are, found from any working directory."""

from pathlib import Path


def _find_root() -> Path:
    # Notebooks run with book/ as working directory, tests from the root: walk up to _config.yml.
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents, *Path(__file__).resolve().parents):
        if (candidate / "_config.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    raise FileNotFoundError("cannot find the project root (a folder holding _config.yml and data/)")


ROOT = _find_root()
DATA = ROOT / "data"
PACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
BOOK = ROOT / "book"
# Figures and per-figure CSV downloads written when a notebook runs; Sphinx copies them out.
GENERATED = BOOK / "generated"


def rel(path: Path) -> str:
    """A path as the reader of an error message knows it: relative to the project root."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
