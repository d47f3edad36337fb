"""Where the project's files are: the one place that defines them.

Every module reads these as attributes (`paths.DATA`), never copies them, so `use(root)` points the
whole package at another tree (a test's temporary copy, a stand-in book) in one call. Functions
registered with `on_change` (the loader's and the bibliography's caches) are reset when it does.
"""

from collections.abc import Callable
from pathlib import Path

ROOT: Path
DATA: Path  # the tables and their descriptions
PACKAGE: Path  # data/datapackage.json
EDITIONS: Path  # earlier editions' data packages
BIBLIOGRAPHY: Path
BOOK: Path
ASSETS: Path
BUILD: Path  # everything the build writes
GENERATED: Path  # figures and per-figure CSV downloads written when a notebook runs

_resets: list[Callable[[], None]] = []


def _find_root() -> Path:
    # Notebooks run with book/ as working directory, tests from the root: walk up to _config.yml.
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents, *Path(__file__).resolve().parents):
        if (candidate / "_config.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    raise FileNotFoundError("cannot find the project root (a folder holding _config.yml and data/)")


def use(root: Path) -> None:
    """Point every path at the project tree under `root`, and reset what was read from the old one."""
    global ROOT, DATA, PACKAGE, EDITIONS, BIBLIOGRAPHY, BOOK, ASSETS, BUILD, GENERATED
    ROOT = Path(root).resolve()
    DATA = ROOT / "data"
    PACKAGE = DATA / "datapackage.json"
    EDITIONS = DATA / "editions"
    BIBLIOGRAPHY = ROOT / "references.bib"
    BOOK = ROOT / "book"
    ASSETS = ROOT / "assets"
    BUILD = ROOT / "_build"
    GENERATED = BOOK / "generated"
    for reset in _resets:
        reset()


def on_change(reset: Callable[[], None]) -> Callable[[], None]:
    """Register `reset` (e.g. a cache's `cache_clear`) to run whenever `use` changes the tree."""
    _resets.append(reset)
    return reset


def rel(path: Path) -> str:
    """A path as the reader of an error message knows it: relative to the project root."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


use(_find_root())
