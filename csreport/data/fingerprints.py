"""Fingerprints of what a notebook execution reads, as the files are now: a table, a bibliography
entry or key, a module or other file, a folder's list of files, the installed distributions.
`csreport.data.record` takes them when an execution first reads each input; `csreport.build.cache`
takes them again to tell whether any changed since."""

from __future__ import annotations

import hashlib
import json
import os
import platform
from functools import lru_cache
from pathlib import Path

from csreport import paths
from csreport.data import atomic

ALL = "*"  # every entry of the bibliography, or every table (the execution listed or counted them)
PACKAGE = "data/datapackage.json"  # as a file read: only its own fields (each table's entry comes with the table)
BIBLIOGRAPHY = "references.bib"  # read entry by entry (csreport.data.sources records the entries used)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_sha(path: Path) -> str:
    try:
        return _sha(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return "missing"


def file_sha(root: Path, rel: str) -> str:
    """A read file's fingerprint: its bytes (datapackage.json: its own fields only)."""
    return _package_sha(_package(root)) if rel == PACKAGE else path_sha(root / rel)


def listing_sha(path: Path) -> str:
    try:
        return _sha("\n".join(sorted(os.listdir(path))).encode())
    except (FileNotFoundError, NotADirectoryError):
        return "missing"


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
            result[f"data/{file}"] = path_sha(root / "data" / file)
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
        result[BIBLIOGRAPHY] = path_sha(root / BIBLIOGRAPHY)
        entries.discard(ALL)
    from csreport.data import sources

    try:
        parsed = sources.parsed(root / BIBLIOGRAPHY)
    except Exception:  # an unreadable bibliography: every notebook that uses it runs again (and fails)
        parsed = None
    for key in sorted(entries):
        result[f"{BIBLIOGRAPHY}#{key}"] = "unreadable" if parsed is None else entry_sha(parsed.get(key))
    for key in sorted(keys):
        result[f"{BIBLIOGRAPHY}?{key}"] = "unreadable" if parsed is None else present(parsed, key)
    return result


def present(parsed: dict, key: str) -> str:
    return "present" if dict.__contains__(parsed, key) else "missing"


def entry_sha(fields: dict | None) -> str:
    return "missing" if fields is None else _sha(json.dumps(fields, sort_keys=True).encode())


def package_inputs(top_level) -> dict[str, str]:
    """Versions of the installed distributions that provide these top-level modules, and Python's."""
    result = {"python": platform.python_version()}
    provided = distributions()
    for name in sorted(top_level):
        for dist, version in provided.get(name, ()):
            result[f"package:{dist}"] = version
    return result


def _site_dirs() -> list[Path]:
    import sysconfig

    return sorted({Path(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")})


def installed() -> str:
    """A fingerprint of the installed distributions and their versions (the names of the *.dist-info
    folders, which hold both)."""
    names = sorted(n for d in _site_dirs() if d.is_dir() for n in os.listdir(d) if n.endswith(".dist-info"))
    return _sha("\n".join(names).encode())


@lru_cache(maxsize=1)
def distributions() -> dict[str, list[tuple[str, str]]]:
    """Top-level module name -> [(distribution, version)], kept in _build/deps/packages.json for as long
    as the installed distributions (the *.dist-info folders) stay the same: working it out takes a second."""
    stamp = installed()
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
    text = json.dumps({"installed": stamp, "modules": modules}) + "\n"
    atomic.replace(store, lambda partial: partial.write_text(text, encoding="utf-8"))
    return modules


def inputs(record: dict, root: Path | None = None) -> dict[str, str]:
    """The fingerprints, as the files are now, of everything `record` says an execution read."""
    root = Path(root or paths.ROOT)
    result = table_inputs(record.get("tables", []), root)
    result.update(key_inputs(record.get("entries", []), record.get("keys", []), root))
    for module in sorted(record.get("modules", [])):
        result[module] = path_sha(root / module)
    for file in sorted(record.get("files", [])):
        result[file] = file_sha(root, file)
    for folder in sorted(record.get("listings", [])):
        result[f"{folder}/"] = listing_sha(root / folder)
    if record.get("packages"):
        result.update(package_inputs(record["packages"]))
    return result
