"""Re-execute a notebook when what it read changed, not only when its code did.

Jupyter Book's execution cache (jupyter-cache) keys a notebook on its code cells only. Each
execution records what it actually read (`csreport.data.record`: tables, bibliography entries,
`csreport` modules, other files of the project such as the map's boundaries or the archived
editions, folders it listed, the versions of the packages it imported) and what it wrote, with a
fingerprint of each input, in `_build/deps/<notebook>.json`. A notebook is *stale* when one of
those inputs changed since, or when it has no record. A stale notebook's cache records are
dropped so that it executes again; `csreport.sphinx.rebuild` tells Sphinx to re-read its page.

The files an execution wrote under book/ (figures, CSV downloads) are stored with it in the cache
(jupyter-cache's artifacts) and put back by `restore` whenever the copies under book/ differ, so
that deleting book/generated, or an execution by nbval, never leaves cached text beside other images.

`python -m csreport.build.cache` drops the records of the stale notebooks and lists them.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import sys
from pathlib import Path

from csreport import paths
from csreport.data import fingerprints
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
    return record if {*deps.FIELDS, "inputs"} <= record.keys() else None


def all_modules(root: Path | None = None) -> list[str]:
    """Every module of the package, chapter subpackages included."""
    root = Path(root or paths.ROOT)
    return sorted(str(p.relative_to(root)) for p in (root / "csreport").rglob("*.py"))


def changed_inputs(notebook: Path, root: Path | None = None) -> list[str]:
    """The inputs that differ from the record (for the build log); one reason when there is no record."""
    record = recorded(notebook, root)
    if record is None:
        return ["no record of what it read"]
    now = fingerprints.inputs(record, root)
    return sorted(k for k in now.keys() | record["inputs"].keys() if now.get(k) != record["inputs"].get(k))


def is_stale(notebook: Path, root: Path | None = None) -> bool:
    """True when an input of the notebook's last execution changed, or there is no record."""
    return bool(changed_inputs(notebook, root))


def _store(root: Path | None = None):
    from jupyter_cache import get_cache

    return get_cache(str(Path(root or paths.ROOT) / CACHE_DIR))


def _read(notebook: Path):
    """The notebook, for matching it in the cache, read as nbformat reads it (each cell's lines
    joined, so that the match does not depend on how a file splits them) but not validated, which
    makes nbformat.read 5 times slower."""
    import nbformat

    text = Path(notebook).read_text(encoding="utf-8")
    nb = nbformat.v4.reads(text)
    return nb if nb.get("nbformat") == 4 else nbformat.reads(text, as_version=4)


def match(notebook: Path, root: Path | None = None, store=None):
    """The cache record of the notebook's current code, or None."""
    cache_dir = Path(root or paths.ROOT) / CACHE_DIR
    if store is None and not cache_dir.exists():
        return None
    try:
        return (store or _store(root)).match_cache_notebook(_read(notebook))
    except KeyError:
        return None


def invalidate(notebook: Path, root: Path | None = None) -> int:
    """Drop the notebook's execution-cache records and its dependency record; how many records."""
    root = Path(root or paths.ROOT)
    deps_file(notebook, root).unlink(missing_ok=True)
    if not (root / CACHE_DIR).exists():
        return 0
    store = _store(root)
    target = str(Path(notebook).resolve())
    pks = {r.pk for r in store.list_cache_records() if str(Path(r.uri).resolve()) == target}
    found = match(notebook, root, store)  # a record for the same code cells, cached from another path
    if found is not None:
        pks.add(found.pk)
    for pk in pks:
        store.remove_cache(pk)
    return len(pks)


def complete_record(notebook: Path, root: Path | None = None) -> None:
    """After an execution that imported nothing of csreport.data (so wrote no record): it read no
    table, and any module of the package."""
    if recorded(notebook, root) is None:
        root = Path(root or paths.ROOT)
        record = {field: [] for field in deps.FIELDS} | {"modules": all_modules(root)}
        record["inputs"] = fingerprints.inputs(record, root)
        path = deps_file(notebook, root)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def _toc_files(node) -> list[str]:
    if isinstance(node, dict):
        found = [node[k] for k in ("root", "file") if isinstance(node.get(k), str)]
        return found + [f for v in node.values() for f in _toc_files(v)]
    if isinstance(node, list):
        return [f for v in node for f in _toc_files(v)]
    return []


def notebooks(root: Path | None = None) -> list[Path]:
    """The book's notebooks: those of _toc.yml (the chapter template is not one of them)."""
    import yaml

    root = Path(root or paths.ROOT)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [root / f"{Path(f).with_suffix('')}.ipynb" for f in _toc_files(toc)]
    return sorted(p for p in found if p.is_file())


def all_notebooks(root: Path | None = None) -> list[Path]:
    """Every notebook under book/ (what nbval checks): the book's and the chapter template."""
    root = Path(root or paths.ROOT)
    return sorted((root / "book").glob("*.ipynb"))


def refresh(notebooks_: list[Path] | None = None, root: Path | None = None, log=print) -> list[Path]:
    """Invalidate every stale notebook that has cache records; returns those invalidated."""
    dropped = []
    for nb in notebooks_ if notebooks_ is not None else notebooks(root):
        why = changed_inputs(nb, root)
        if why and invalidate(nb, root):
            dropped.append(nb)
            log(f"{paths.rel(nb)}: inputs changed ({', '.join(why)}): will re-execute")
    return dropped


def restore(notebook: Path, root: Path | None = None, store=None, found=None) -> list[str]:
    """Put back, under book/, the files the notebook's cached execution wrote (`found`: its cache
    record, looked up when not given), where the copies there are missing or differ (keeping the
    cached files' times, so Sphinx sees no change). Returns the files put back."""
    found = found or match(notebook, root, store)
    if found is None:
        return []
    store = store or _store(root)
    put = []
    with store.cache_artefacts_temppath(found.pk) as folder:
        folder = Path(folder)
        for kept in sorted(p for p in folder.rglob("*") if p.is_file()):
            target = Path(notebook).parent / kept.relative_to(folder)
            if target.is_file() and filecmp.cmp(kept, target):  # same size and time, or same bytes
                kept_time = kept.stat().st_mtime_ns
                if target.stat().st_mtime_ns != kept_time:  # drawn again, identical (nbval)
                    os.utime(target, ns=(kept_time, kept_time))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(kept, target)
            put.append(paths.rel(target))
    return put


def shared_outputs(notebooks: list[Path], root: Path | None = None) -> dict[str, list[str]]:
    """Files that the recorded executions of more than one notebook wrote (each build would put
    back one notebook's version over the other's)."""
    writers: dict[str, list[str]] = {}
    for nb in notebooks:
        for output in (recorded(nb, root) or {}).get("outputs", []):
            writers.setdefault(output, []).append(paths.rel(nb))
    return {output: nbs for output, nbs in writers.items() if len(nbs) > 1}


def main() -> int:
    refresh()
    return 0


if __name__ == "__main__":
    sys.exit(main())
