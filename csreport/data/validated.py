"""Validated inputs kept between processes, so that each table and the bibliography is checked once
per content rather than once per notebook.

Every notebook runs in a fresh kernel, which used to parse references.bib and validate each table
it loads again. `get(name, key)` returns what `put(name, key, value)` stored for exactly the same
`key` (a hash of the files it was computed from, and of the code and the pandas version that
computed it), or None. Values are pickles under `_build/validated/`, written atomically, so that
notebooks executing side by side can share them; only the latest value of each name is kept.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

from csreport import paths
from csreport.data import atomic

FOLDER = "validated"
# The code whose result is kept: a change to it (or to pandas) makes every kept value obsolete.
CODE = ("loader.py", "descriptor.py", "schema.py", "csvfile.py", "sources.py", "errors.py")


@lru_cache(maxsize=1)
def _code_version() -> str:
    from importlib.metadata import version

    digest = hashlib.sha256(version("pandas").encode())
    for name in CODE:
        digest.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def key(*parts: bytes | str) -> str:
    """A key for a value computed from `parts` (file contents, descriptors) by the current code."""
    digest = hashlib.sha256(_code_version().encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _path(name: str, key_: str) -> Path:
    return paths.BUILD / FOLDER / f"{name}-{key_}.pickle"


def get(name: str, key_: str):
    """The value stored for `name` under exactly `key_`, or None."""
    try:
        with _path(name, key_).open("rb") as fh:
            return pickle.load(fh)
    except (FileNotFoundError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def put(name: str, key_: str, value) -> None:
    """Store `value` for `name` under `key_` (replacing older values of `name`); never fails the caller."""
    target = _path(name, key_)
    try:
        atomic.replace(target, lambda partial: partial.write_bytes(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
        for old in target.parent.glob(f"{name}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass
