"""What a notebook execution actually read, recorded as it runs (like a compiler's .d file).

When the environment variable `CSREPORT_DEPS` names a file (the build sets it for each notebook
it executes), every `data.load(name)` adds the table to that file, and after every cell the
`csreport` modules imported so far are added too. The file keeps a fingerprint (SHA-256) of each
input as it was read:

    {"tables": ["military_spending"], "modules": ["csreport/data.py", ...],
     "inputs": {"data/military_spending.csv": "…", "data/military_spending.schema.json": "…",
                "data/datapackage.json#military_spending": "…",
                "data/datapackage.json": "…", "references.bib": "…", "csreport/data.py": "…"}}

`csreport.build.cache` compares these fingerprints with the files as they are now: a notebook whose
inputs changed is executed again, and Sphinx re-reads its page.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from csreport import paths

ENV = "CSREPORT_DEPS"
_tables: set[str] = set()
_modules: set[str] = set()
_state = {"target": None, "hooked": False}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs(tables, modules, root: Path | None = None) -> dict[str, str]:
    """Fingerprints of the files behind these tables and modules (paths relative to `root`).

    A table stands for its CSV file, its description file and its entry in datapackage.json; the package's other
    fields (cut-off date, licence) and references.bib (every table's sources) come with any table.
    """
    root = Path(root or paths.ROOT)
    package_path = root / "data" / "datapackage.json"
    result: dict[str, str] = {}
    if tables:
        package = json.loads(package_path.read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in package.pop("resources", [])}
        result["data/datapackage.json"] = _sha(json.dumps(package, sort_keys=True).encode())
        bib = root / "references.bib"
        result["references.bib"] = _sha(bib.read_bytes()) if bib.is_file() else "missing"
        for name in sorted(tables):
            res = resources.get(name)
            result[f"data/datapackage.json#{name}"] = _sha(json.dumps(res, sort_keys=True).encode())
            files = [res["path"], res["schema"] if isinstance(res.get("schema"), str) else None] if res else []
            for file in filter(None, files):
                path = root / "data" / file
                result[f"data/{file}"] = _sha(path.read_bytes()) if path.is_file() else "missing"
    for module in sorted(modules):
        path = root / module
        result[module] = _sha(path.read_bytes()) if path.is_file() else "missing"
    return result


def _imported_modules() -> set[str]:
    """The project's own modules loaded in this process, as paths relative to the project root."""
    found = set()
    package_dir = paths.ROOT / "csreport"
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name.split(".")[0] == "csreport" and file:
            path = Path(file).resolve()
            if path.is_relative_to(package_dir):
                found.add(str(path.relative_to(paths.ROOT)))
    return found


def _write(*_args) -> None:
    modules = _imported_modules()
    if _state["target"] is None or (modules <= _modules and not _state.get("dirty")):
        return
    _modules.update(modules)
    record = {"tables": sorted(_tables), "modules": sorted(_modules), "inputs": inputs(_tables, _modules)}
    target = Path(_state["target"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    _state["dirty"] = False


def record_table(name: str) -> None:
    """Note that this execution read table `name` (a no-op unless `CSREPORT_DEPS` is set)."""
    target = os.environ.get(ENV)
    if not target:
        return
    _state["target"] = target
    if name not in _tables:
        _tables.add(name)
        _state["dirty"] = True
        _write()
    if not _state["hooked"]:
        _state["hooked"] = True
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
        if shell is not None:  # modules imported in later cells are recorded after each cell
            shell.events.register("post_run_cell", _write)
