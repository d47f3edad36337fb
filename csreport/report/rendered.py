"""Rendered figures kept between builds (`_build/figures/`), so that a figure that did not change is
not drawn again when its notebook runs again.

Drawing a chart as PNG and as PDF, and shrinking the PNG, is about half of a chapter's execution.
After an edit to one cell, the chapter runs again and, before this, drew every chart again
although none changed. `charts.publish` now asks `restore` first: a figure's fingerprint covers
everything its images are drawn from (the figure's own state: artists, data, texts, sizes; the
style settings; the code of this package; the versions of Python and of every installed
distribution, pandas' date axes included; the fonts matplotlib can find), so equal fingerprints
mean equal images. On a clean build nothing is kept, and every figure is drawn.

A figure that refers to code the fingerprint cannot cover (a function defined in the notebook
itself, or a lambda) has no fingerprint and is always drawn.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import shutil
import sys
import types
from functools import cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.transforms import TransformNode

from csreport import paths
from csreport.data import atomic, fingerprints

FOLDER = "figures"  # under paths.BUILD


# State that is not drawn and differs between two runs: transforms list their parents by id(), a
# memory address (the parents are pickled anyway, through the artists that use them); pyplot
# numbers figures in the order a process makes them.
_NOT_DRAWN = {TransformNode: ("_parents",), Figure: ("_number",)}


class _Fingerprinter(pickle.Pickler):
    """Pickles a figure in a form that depends on its content only."""

    def reducer_override(self, obj):
        for kind, ignored in _NOT_DRAWN.items():
            if isinstance(obj, kind):
                reduced = obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
                state = {k: v for k, v in reduced[2].items() if k not in ignored}
                return (reduced[0], reduced[1], state, *reduced[3:])
        if isinstance(obj, (types.FunctionType, type)) and obj.__module__ == "__main__":
            # Pickled by name only: an edit to the notebook's own code would go unseen.
            raise pickle.PicklingError(f"{obj.__qualname__} is defined in the notebook")
        return NotImplemented


@cache
def _context() -> bytes:
    """What, besides the figure, its images depend on (fixed for the life of the process)."""
    code = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        code.update(str(module.relative_to(package)).encode() + b"\0" + module.read_bytes())
    fonts = sorted(font.fname for font in font_manager.fontManager.ttflist)
    return repr((sys.version, fingerprints.installed(), code.hexdigest(), fonts)).encode()


def fingerprint(fig) -> str | None:
    """The figure's fingerprint, or None when it has none."""
    buffer = io.BytesIO()
    try:
        _Fingerprinter(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(fig)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None
    digest = hashlib.sha256(_context())
    digest.update(repr(sorted(matplotlib.rcParams.items())).encode())
    digest.update(buffer.getvalue())
    return digest.hexdigest()


def _kept(name: str) -> Path:
    return paths.BUILD / FOLDER / name


def restore(key: str | None, files: list[Path]) -> bool:
    """Copy the images kept under this fingerprint to `files`; False when none are kept."""
    if key is None:
        return False
    try:
        if _kept(files[0].stem + ".key").read_text(encoding="ascii") != key:
            return False
        for file in files:
            shutil.copyfile(_kept(file.name), file)
    except FileNotFoundError:
        return False
    return True


def keep(key: str | None, files: list[Path]) -> None:
    """Keep copies of the images just drawn, under their fingerprint."""
    if key is None:
        return
    fingerprint_file = _kept(files[0].stem + ".key")
    fingerprint_file.unlink(missing_ok=True)  # no fingerprint over a half-replaced set of images
    for file in files:
        atomic.replace(_kept(file.name), lambda partial, file=file: shutil.copyfile(file, partial))
    atomic.replace(fingerprint_file, lambda partial: partial.write_text(key, encoding="ascii"))
