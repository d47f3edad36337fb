"""Re-execute a notebook when what it read changed, not only when its code did.

Jupyter Book's execution cache (jupyter-cache) keys a notebook on its code cells only. Each
execution records what it actually read (`csreport.data.record`: the tables it loaded, itself or through
shared code, the `csreport` modules it imported, with a fingerprint of each) in
`_build/deps/<notebook>.json`. A notebook is *stale* when one of those inputs changed since, or when
it has no record (then it is taken to depend on every table and module). A stale notebook's cache
records are dropped so that it executes again; `csreport.sphinx.rebuild` tells Sphinx to re-read its page.

`python -m csreport.build.cache` drops the records of the stale notebooks and lists them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from csreport import paths
from csreport.data import record as deps

CACHE_DIR = "_build/.jupyter_cache"
DEPS_DIR = "_build/deps"


def deps_file(notebook: Path, root: Path | None = None) -> Path:
    root = Path(root or paths.ROOT)
    return root / DEPS_DIR / f"{Path(notebook).stem}.json"


def recorded(notebook: Path, root: Path | None = None) -> dict | None:
    """What the notebook's last execution read, or None when there is no usable record."""
    path = deps_file(notebook, root)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return record if {"tables", "modules", "inputs"} <= record.keys() else None


def everything(root: Path | None = None) -> tuple[list[str], list[str]]:
    """All tables and all modules: what a notebook without a record is assumed to read."""
    root = Path(root or paths.ROOT)
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    modules = sorted(str(p.relative_to(root)) for p in (root / "csreport").rglob("*.py"))
    return [r["name"] for r in package["resources"]], modules


def current_inputs(notebook: Path, root: Path | None = None) -> dict[str, str]:
    """Fingerprints, as the files are now, of what the notebook read (or of everything)."""
    record = recorded(notebook, root)
    tables, modules = (record["tables"], record["modules"]) if record else everything(root)
    return deps.inputs(tables, modules, root)


def is_stale(notebook: Path, root: Path | None = None) -> bool:
    """True when an input of the notebook's last execution changed, or there is no record."""
    record = recorded(notebook, root)
    return record is None or deps.inputs(record["tables"], record["modules"], root) != record["inputs"]


def changed_inputs(notebook: Path, root: Path | None = None) -> list[str]:
    """The inputs that differ from the record (for the build log)."""
    record = recorded(notebook, root)
    if record is None:
        return ["no record of what it read"]
    now = deps.inputs(record["tables"], record["modules"], root)
    return sorted(k for k in now.keys() | record["inputs"].keys() if now.get(k) != record["inputs"].get(k))


def invalidate(notebook: Path, root: Path | None = None) -> int:
    """Drop the notebook's execution-cache records and its dependency record; how many records."""
    root = Path(root or paths.ROOT)
    deps_file(notebook, root).unlink(missing_ok=True)
    cache_dir = root / CACHE_DIR
    if not cache_dir.exists():
        return 0
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    target = str(Path(notebook).resolve())
    pks = {r.pk for r in cache.list_cache_records() if str(Path(r.uri).resolve()) == target}
    try:  # a record for the same code cells, cached from another path, would match too
        pks.add(cache.match_cache_notebook(nbformat.read(notebook, as_version=4)).pk)
    except KeyError:
        pass
    for pk in pks:
        cache.remove_cache(pk)
    return len(pks)


def complete_record(notebook: Path, root: Path | None = None) -> None:
    """After an execution that loaded no table (so wrote no record): it read no table, and any module."""
    if recorded(notebook, root) is None:
        root = Path(root or paths.ROOT)
        modules = everything(root)[1]
        record = {"tables": [], "modules": modules, "inputs": deps.inputs([], modules, root)}
        path = deps_file(notebook, root)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def notebooks(root: Path | None = None) -> list[Path]:
    root = Path(root or paths.ROOT)
    return sorted((root / "book").glob("*.ipynb"))


def refresh(root: Path | None = None, log=print) -> list[Path]:
    """Invalidate every stale notebook that has cache records; returns those invalidated."""
    dropped = []
    for nb in notebooks(root):
        if is_stale(nb, root):
            why = changed_inputs(nb, root)
            if invalidate(nb, root):
                dropped.append(nb)
                log(f"{paths.rel(nb)}: inputs changed ({', '.join(why)}): will re-execute")
    return dropped


def main() -> int:
    refresh()
    return 0


if __name__ == "__main__":
    sys.exit(main())
