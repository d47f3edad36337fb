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
notebooks that looked it up or cite it). `csreport.build.cache` compares the fingerprints with
the files as they are now: a notebook whose inputs changed is executed again, and Sphinx re-reads
its page. `csreport.build.execute` stores the outputs with the execution in the execution cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from functools import lru_cache
from pathlib import Path

from csreport import paths

ENV = "CSREPORT_DEPS"
PROFILER = "csreport.build.profile"  # loaded into a kernel by `make bench`: measures, shapes nothing
ALL = "*"  # every entry of the bibliography (the execution listed or counted them)
FIELDS = ("tables", "entries", "keys", "modules", "files", "listings", "packages", "outputs")
# Folders of the project whose files are never inputs: the build's own files, environments, git.
_SKIP_DIRS = ("_build", ".venv", ".venv-nbdime", ".git", "node_modules", "dist")
PACKAGE = "data/datapackage.json"  # as a file read: only its own fields (each table's entry comes with the table)
BIBLIOGRAPHY = "references.bib"  # read entry by entry (csreport.data.sources records the entries used)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str:
    try:
        return _sha(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return "missing"


def file_sha(root: Path, rel: str) -> str:
    """A read file's fingerprint: its bytes (datapackage.json: its own fields only)."""
    return _package_sha(_package(root)) if rel == PACKAGE else _file_sha(root / rel)


def _listing_sha(path: Path) -> str:
    try:
        return _sha("\n".join(sorted(os.listdir(path))).encode())
    except (FileNotFoundError, NotADirectoryError):
        return "missing"


# --- fingerprints of each kind of input, as the files are now ---------------------------------


def _package(root: Path) -> dict | None:
    try:
        return json.loads((root / PACKAGE).read_text(encoding="utf-8-sig"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _package_sha(package: dict | None) -> str:
    """The package's own fields (edition, cut-off, licence), without the list of tables."""
    if package is None:
        return "missing"
    return _sha(json.dumps({k: v for k, v in package.items() if k != "resources"}, sort_keys=True).encode())


def table_inputs(tables, root: Path | None = None) -> dict[str, str]:
    """A table stands for its CSV file, its description file and its entry in datapackage.json; the
    package's other fields (cut-off date, licence) come with any table. ALL stands for the list of
    the tables' names (an execution that went through every table)."""
    root = Path(root or paths.ROOT)
    result: dict[str, str] = {}
    if not tables:
        return result
    package = _package(root) or {}
    resources = {r["name"]: r for r in package.get("resources", [])}
    result[PACKAGE] = _package_sha(package)
    for name in sorted(tables):
        if name == ALL:
            result[f"{PACKAGE}#{ALL}"] = _sha("\n".join(resources).encode())
            continue
        res = resources.get(name)
        result[f"data/datapackage.json#{name}"] = _sha(json.dumps(res, sort_keys=True).encode())
        files = [res.get("path"), res["schema"] if isinstance(res.get("schema"), str) else None] if res else []
        for file in filter(None, files):
            result[f"data/{file}"] = _file_sha(root / "data" / file)
    return result


def key_inputs(entries=(), keys=(), root: Path | None = None) -> dict[str, str]:
    """Bibliography entries: one fingerprint per entry read (its parsed fields; of the whole file for
    ALL), and for each key only checked whether it exists."""
    root = Path(root or paths.ROOT)
    entries, keys = set(entries), set(keys)
    result: dict[str, str] = {}
    if not entries and not keys:
        return result
    if ALL in entries:
        result[BIBLIOGRAPHY] = _file_sha(root / BIBLIOGRAPHY)
        entries.discard(ALL)
    from csreport.data import sources

    try:
        parsed = sources.parsed(root / BIBLIOGRAPHY)
    except Exception:  # an unreadable bibliography: every notebook that uses it runs again (and fails)
        parsed = None
    for key in sorted(entries):
        result[f"{BIBLIOGRAPHY}#{key}"] = "unreadable" if parsed is None else entry_sha(parsed.get(key))
    for key in sorted(keys):
        result[f"{BIBLIOGRAPHY}?{key}"] = "unreadable" if parsed is None else _exists(parsed, key)
    return result


def _exists(parsed: dict, key: str) -> str:
    return "present" if dict.__contains__(parsed, key) else "missing"


def entry_sha(fields: dict | None) -> str:
    return "missing" if fields is None else _sha(json.dumps(fields, sort_keys=True).encode())


def package_inputs(top_level) -> dict[str, str]:
    """Versions of the installed distributions that provide these top-level modules, and Python's."""
    result = {"python": platform.python_version()}
    provided = _distributions()
    for name in sorted(top_level):
        for dist, version in provided.get(name, ()):
            result[f"package:{dist}"] = version
    return result


def _site_dirs() -> list[Path]:
    import sysconfig

    return sorted({Path(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")})


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[tuple[str, str]]]:
    """Top-level module name -> [(distribution, version)], kept in _build/deps/packages.json for as long
    as the installed distributions (the *.dist-info folders) stay the same: working it out takes a second."""
    installed = sorted(n for d in _site_dirs() if d.is_dir() for n in os.listdir(d) if n.endswith(".dist-info"))
    stamp = _sha("\n".join(installed).encode())
    store = paths.BUILD / "deps" / "packages.json"
    try:
        kept = json.loads(store.read_text(encoding="utf-8"))
        if kept.get("installed") == stamp:
            return {k: [tuple(p) for p in v] for k, v in kept["modules"].items()}
    except (FileNotFoundError, json.JSONDecodeError):
        pass
    from importlib import metadata

    versions: dict[str, str] = {}
    modules = {}
    for top, dists in metadata.packages_distributions().items():
        for dist in dists:
            if dist not in versions:
                try:
                    versions[dist] = metadata.version(dist)
                except metadata.PackageNotFoundError:
                    versions[dist] = "unknown"
        modules[top] = sorted({(d.lower(), versions[d]) for d in dists})
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = store.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"installed": stamp, "modules": modules}) + "\n", encoding="utf-8")
    os.replace(tmp, store)
    return modules


def inputs(record: dict, root: Path | None = None) -> dict[str, str]:
    """The fingerprints, as the files are now, of everything `record` says an execution read."""
    root = Path(root or paths.ROOT)
    result = table_inputs(record.get("tables", []), root)
    result.update(key_inputs(record.get("entries", []), record.get("keys", []), root))
    for module in sorted(record.get("modules", [])):
        result[module] = _file_sha(root / module)
    for file in sorted(record.get("files", [])):
        result[file] = file_sha(root, file)
    for folder in sorted(record.get("listings", [])):
        result[f"{folder}/"] = _listing_sha(root / folder)
    if record.get("packages"):
        result.update(package_inputs(record["packages"]))
    return result


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
            _take(rel + "/", lambda: _listing_sha(Path(_log.root) / rel))


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
        _take(BIBLIOGRAPHY, lambda: _file_sha(paths.BIBLIOGRAPHY))
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
        _log.inputs.setdefault(f"{BIBLIOGRAPHY}?{key}", _exists(entries, key))
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
        _log.add("packages", others & _distributions().keys())
        for module in new_modules:
            _log.inputs.setdefault(module, _file_sha(paths.ROOT / module))
        _log.inputs.update(package_inputs(_log.found["packages"]))
        record = {field: sorted(_log.found[field]) for field in FIELDS}
        record["inputs"] = dict(sorted(_log.inputs.items()))
        target = Path(_log.target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, target)
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
