"""Re-execute a notebook when the data it reads changes, not only when its code does.

Jupyter Book's execution cache (jupyter-cache) keys a notebook on its code cells. Before each
build, `python -m csreport.cache` fingerprints, for every notebook in book/, what it depends on
beyond its code: the CSV files and data-package descriptors of the tables it loads
(`data.load("name")`; a notebook that calls `data.catalogue()` or `data.names()` depends on all
tables), the bibliography and the shared package's code. A notebook whose fingerprint changed has
its cache records dropped, so the build executes it again.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from .paths import BIBLIOGRAPHY, BOOK, DATA, PACKAGE, ROOT

CACHE = ROOT / "_build" / ".jupyter_cache"
FINGERPRINTS = ROOT / "_build" / ".data-fingerprints.json"
_LOAD = re.compile(r"""data\.load\(\s*["']([\w-]+)["']""")
_ALL = re.compile(r"data\.(catalogue|names)\(")


def tables_read(notebook: Path) -> set[str] | None:
    """Names of the tables a notebook loads; None when it reads all of them."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return None if _ALL.search(code) else set(_LOAD.findall(code))


def fingerprint(notebook: Path) -> str:
    package = json.loads(PACKAGE.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package.pop("resources")}
    names = tables_read(notebook)
    digest = hashlib.sha256(json.dumps(package, sort_keys=True).encode())
    for name in sorted(resources if names is None else names & resources.keys()):
        digest.update(json.dumps(resources[name], sort_keys=True).encode())
        digest.update((DATA / resources[name]["path"]).read_bytes())
    digest.update(BIBLIOGRAPHY.read_bytes())
    for module in sorted((ROOT / "csreport").glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def stale(previous: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Current fingerprints, and the notebooks whose fingerprint differs from `previous`."""
    current = {str(nb.relative_to(ROOT)): fingerprint(nb) for nb in sorted(BOOK.glob("*.ipynb"))}
    return current, [nb for nb, fp in current.items() if previous.get(nb) != fp]


def invalidate(notebooks: list[str]) -> int:
    """Drop the cache records of these notebooks; returns how many were dropped."""
    if not CACHE.exists() or not notebooks:
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(CACHE))
    targets = {str((ROOT / nb).resolve()) for nb in notebooks}
    dropped = 0
    for record in cache.list_cache_records():
        if str(Path(record.uri).resolve()) in targets:
            cache.remove_cache(record.pk)
            dropped += 1
    return dropped


def main() -> int:
    previous = json.loads(FINGERPRINTS.read_text()) if FINGERPRINTS.exists() else {}
    current, changed = stale(previous)
    dropped = invalidate(changed) if previous else 0
    if previous and changed:
        print(f"data or shared code changed: {len(changed)} notebook(s) will re-execute "
              f"({', '.join(changed)}; {dropped} cache record(s) dropped)")
    FINGERPRINTS.parent.mkdir(parents=True, exist_ok=True)
    FINGERPRINTS.write_text(json.dumps(current, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
