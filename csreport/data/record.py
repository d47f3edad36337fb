"""What a notebook execution read and wrote, recorded as it runs (like a compiler's .d file).

When the environment variable `CSREPORT_DEPS` names a file (the build sets it for each notebook it
executes), this module keeps there what the execution read, each input with a fingerprint taken
when it was first read, and the files it wrote:

    {"tables": ["military_spending"],              data.load(name): its CSV, its description file,
                                                  its entry in datapackage.json, the package's
                                                  own fields (cut-off, licence)
     "entries": ["sipri2025milex", ...],          bibliography entries read or cited ("*": all)
     "keys": ["sipri2025milex", "xinhua2019", ...], keys checked to exist (sources of rows loaded)
     "modules": ["csreport/data/loader.py", ...], the project's modules imported
     "files": ["assets/geo/countries-50m.json"],  any other file of the project opened for reading
     "listings": ["data/editions"],               folders whose list of files was read (a glob)
     "packages": ["matplotlib", "pandas", ...],   top-level modules imported (their distributions'
                                                  versions are compared, with Python's)
     "outputs": ["book/generated/mil-gdp.png"],   files written under book/ (figures, downloads)
     "inputs": {"data/military_spending.csv": "<sha256>", "references.bib#sipri2025milex": "…",
                "references.bib?xinhua2019": "present",
                "assets/geo/countries-50m.json": "…", "data/editions/": "…", ...}}

Files and folders are seen through Python's audit hook (every `open`, `os.scandir`,
`os.listdir`), so a reader added to the code later is recorded without being told to; tables and
bibliography entries are recorded by `csreport.data.loader` and `csreport.data.sources`, at the
grain of one table and one entry (an edit to one entry of references.bib re-executes only the
notebooks that looked it up or cite it). `csreport.build.cache` compares the fingerprints
(`csreport.data.fingerprints`) with the files as they are now: a notebook whose inputs changed is
executed again, and Sphinx re-reads its page. `csreport.build.execute` stores the outputs with the
execution in the execution cache.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from csreport import paths
from csreport.data import atomic
from csreport.data.fingerprints import (
    ALL,
    BIBLIOGRAPHY,
    distributions,
    entry_sha,
    file_sha,
    listing_sha,
    package_inputs,
    path_sha,
    present,
    table_inputs,
)

ENV = "CSREPORT_DEPS"
PROFILER = "csreport.build.profile"  # loaded into a kernel by `make bench`: measures, shapes nothing
FIELDS = ("tables", "entries", "keys", "modules", "files", "listings", "packages", "outputs")
# Folders of the project whose files are never inputs: the build's own files, environments, git.
_SKIP_DIRS = ("_build", ".venv", ".venv-nbdime", ".git", "node_modules", "dist")


# --- recording, in the process that executes a notebook ----------------------------------------


class _Log:
    """What this process has read and written so far, and the fingerprints taken when it did."""

    def __init__(self) -> None:
        self.target: str | None = None
        self.root = ""
        self.found = {f: set() for f in FIELDS}
        self.inputs: dict[str, str] = {}
        self.seen: set[str] = set()  # top-level module names already looked at
        self.dirty = False
        self.busy = False  # taking fingerprints opens files too: not inputs

    def add(self, field: str, items) -> set:
        new = set(items) - self.found[field]
        if new:
            self.found[field] |= new
            self.dirty = True
        return new


_log = _Log()


def active() -> bool:
    """True in a process that records (CSREPORT_DEPS names its record file)."""
    target = os.environ.get(ENV)
    if target != _log.target:
        if target:
            _start(target)
        else:
            stop()
    return bool(target)


def stop() -> None:
    """Record nothing more in this process (the audit hook stays, idle)."""
    global _log
    _log = _Log()


def _start(target: str) -> None:
    global _log
    _log = _Log()
    _log.target = target
    _log.root = str(paths.ROOT) + os.sep
    if not _state["hooked"]:
        _state["hooked"] = True
        sys.addaudithook(_audit)
        try:
            from IPython import get_ipython
        except ImportError:
            shell = None
        else:
            shell = get_ipython()
        if shell is not None:  # in a kernel: written after each cell
            shell.events.register("post_run_cell", _after_cell)


_state = {"hooked": False}


def _relative(path) -> str | None:
    """The project-relative path of an opened path, or None when it is not a possible input."""
    if isinstance(path, int) or path is None:
        return None
    path = os.path.abspath(os.fsdecode(path))
    if not path.startswith(_log.root):
        return None
    rel = path[len(_log.root) :]
    if rel.split(os.sep, 1)[0] in _SKIP_DIRS or rel.endswith((".py", ".pyc")) or "__pycache__" in rel:
        return None
    return rel.replace(os.sep, "/")


def _audit(event: str, args: tuple) -> None:
    if event == "open":
        if _log.target is None or _log.busy:
            return
        path, mode, flags = args
        rel = _relative(path)
        if rel is None:
            return
        writing = (
            (flags & (os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT))
            if mode is None
            else any(c in mode for c in "wax+")
        )
        if writing:
            if rel.startswith("book/"):
                _log.add("outputs", [rel])
        elif rel != BIBLIOGRAPHY and rel not in _log.found["outputs"]:
            if _log.add("files", [rel]):
                _take(rel, lambda: file_sha(paths.ROOT, rel))
    elif event in ("os.scandir", "os.listdir"):
        if _log.target is None or _log.busy or _by_importer():
            return
        rel = _relative(args[0] if args and args[0] is not None else ".")
        if rel is not None and not rel.startswith(("book/generated", "csreport")) and _log.add("listings", [rel]):
            _take(rel + "/", lambda: listing_sha(Path(_log.root) / rel))


def _by_importer() -> bool:
    """True when the import system lists a folder to find modules, or importlib.metadata to find
    installed distributions (on sys.path, which holds the notebook's folder): not inputs."""
    frame = sys._getframe(2)
    for _ in range(4):
        if frame is None:
            return False
        code = frame.f_code
        if code.co_name == "_fill_cache" or "metadata" in code.co_filename:
            return True
        frame = frame.f_back
    return False


def _take(key: str, fingerprint) -> None:
    _log.busy = True
    try:
        _log.inputs.setdefault(key, fingerprint())
    finally:
        _log.busy = False


def record_table(name: str) -> None:
    """Note that this execution read table `name`, or (ALL) went through the list of tables (a no-op
    unless `CSREPORT_DEPS` is set)."""
    if active() and _log.add("tables", [name]):
        _log.busy = True
        try:
            for key, sha in table_inputs([name]).items():
                _log.inputs.setdefault(key, sha)
        finally:
            _log.busy = False
        _flush_outside_kernel()


def record_entries(keys, entries: dict) -> None:
    """Note that this execution read these bibliography entries (ALL: went through all of them);
    `entries` are the parsed entries (`csreport.data.sources.Entries`)."""
    if not active():
        return
    new = _log.add("entries", keys)
    if ALL in new:
        _take(BIBLIOGRAPHY, lambda: path_sha(paths.BIBLIOGRAPHY))
    for key in new - {ALL}:
        _log.inputs.setdefault(f"{BIBLIOGRAPHY}#{key}", entry_sha(dict.get(entries, key)))
    if new:
        _flush_outside_kernel()


def record_keys(keys, entries: dict) -> None:
    """Note that this execution checked that these keys are in the bibliography."""
    if not active():
        return
    new = _log.add("keys", keys)
    for key in new:
        _log.inputs.setdefault(f"{BIBLIOGRAPHY}?{key}", present(entries, key))
    if new:
        _flush_outside_kernel()


def _imported() -> tuple[set[str], set[str]]:
    """The project's own modules loaded in this process (paths relative to the root), and the
    top-level names of the others (their distributions are looked up when the record is compared)."""
    own, others = set(), set()
    package_dir = str(paths.ROOT / "csreport") + os.sep
    for name, module in list(sys.modules.items()):
        top = name.partition(".")[0]
        if top != "csreport":
            others.add(top)
            continue
        file = getattr(module, "__file__", None)
        if file and name != PROFILER:
            path = os.path.realpath(file)
            if path.startswith(package_dir):
                own.add(str(Path(path).relative_to(paths.ROOT)))
    return own, others


def flush() -> None:
    """Write the record (when something was added since the last write)."""
    if not active():
        return
    own, others = _imported()
    new_modules = _log.add("modules", own)
    if not _log.dirty and not new_modules and others <= _log.seen:
        return
    _log.busy = True
    try:
        _log.seen |= others
        _log.add("packages", others & distributions().keys())
        for module in new_modules:
            _log.inputs.setdefault(module, path_sha(paths.ROOT / module))
        _log.inputs.update(package_inputs(_log.found["packages"]))
        record = {field: sorted(_log.found[field]) for field in FIELDS}
        record["inputs"] = dict(sorted(_log.inputs.items()))
        text = json.dumps(record, indent=1) + "\n"
        atomic.replace(Path(_log.target), lambda partial: partial.write_text(text, encoding="utf-8"))
        _log.dirty = False
    finally:
        _log.busy = False


def _after_cell(*_args) -> None:
    flush()


def _flush_outside_kernel() -> None:
    # In a kernel the record is written after each cell; elsewhere (tests, scripts) at once.
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None  # noqa: N806
    if get_ipython is None or get_ipython() is None:
        flush()


if os.environ.get(ENV):  # a kernel started by the build: watch from the first import on
    active()
