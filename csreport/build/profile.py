"""Where a notebook's execution time goes, measured inside its kernel (`make bench`).

The executor starts a kernel with `CSREPORT_PROFILE` naming a file and this module imported first
(`python -m csreport.build --profile`). It wraps, as they are imported, the functions that do the
work every notebook shares, and writes after each cell the seconds spent in each, exclusively (a
figure saved inside `charts.publish` counts as saving, not publishing):

    imports                 `import` statements (outermost), module code included
    bibliography            reading references.bib (parsed, or taken as kept by an earlier kernel)
    tables: validate        checking a table against its schema (`loader._validate`)
    tables: load            the rest of `data.load` (a kept table taken, copied, recorded)
    figures: save <fmt>     `Figure.savefig`, by format (png, svg, pdf)
    figures: compress       the PNG's palette and optimised save (PIL)
    figures: frame          the rest of `charts.publish` (texts, sizes, CSV, display)
    figures: fingerprint    a figure's fingerprint (`rendered.fingerprint`)
    figures: kept copies    copying a figure's images from and to the ones kept between builds
    maps: boundaries        decoding the TopoJSON boundaries
    tables: render          `tables.table` (MyST list-table, CSV)
    glue                    `csreport.report.glue` and myst-nb's `glue` (formatting, display)
    record                  writing the execution's record of inputs

Whatever the cells spend elsewhere (analysis, drawing) is the remainder the executor reports.
"""

from __future__ import annotations

import builtins
import functools
import json
import os
import sys
import time

ENV = "CSREPORT_PROFILE"
_totals: dict[str, float] = {}
_counts: dict[str, int] = {}
_stack: list[list] = []  # [category, started, seconds spent in nested categories]
_done: set[tuple[str, str]] = set()


def _enter(category: str) -> None:
    _stack.append([category, time.perf_counter(), 0.0])


def _leave() -> None:
    category, started, nested = _stack.pop()
    spent = time.perf_counter() - started
    _totals[category] = _totals.get(category, 0.0) + spent - nested
    _counts[category] = _counts.get(category, 0) + 1
    if _stack:
        _stack[-1][2] += spent


def timed(category, func, *, inside_ok: tuple[str, ...] = ()):
    """`func`, its time counted under `category` (a function of the call's arguments, or a name);
    within a category named in `inside_ok` (by prefix) it counts for that category instead."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if _stack and inside_ok and _stack[-1][0].startswith(inside_ok):
            return func(*args, **kwargs)
        _enter(category(*args, **kwargs) if callable(category) else category)
        try:
            return func(*args, **kwargs)
        finally:
            _leave()

    wrapper.__csreport_profiled__ = True
    return wrapper


def _savefig_format(fig, fname=None, *args, **kwargs) -> str:
    fmt = kwargs.get("format") or (
        os.path.splitext(os.fspath(fname))[1][1:] if isinstance(fname, (str, os.PathLike)) else ""
    )
    return f"figures: save {(fmt or 'png').lower()}"


# (module, attribute path, category, inside_ok)
TARGETS = [
    ("csreport.data.sources", "entries", "bibliography", ()),
    ("csreport.data.loader", "_validate", "tables: validate", ()),
    ("csreport.data.loader", "load", "tables: load", ()),
    ("csreport.data.record", "flush", "record", ()),
    ("matplotlib.figure", "Figure.savefig", _savefig_format, ()),
    ("PIL.Image", "Image.quantize", "figures: compress", ()),
    ("PIL.Image", "Image.save", "figures: compress", ("figures: save",)),
    ("csreport.report.charts", "publish", "figures: frame", ()),
    ("csreport.report.rendered", "fingerprint", "figures: fingerprint", ()),
    ("csreport.report.rendered", "restore", "figures: kept copies", ()),
    ("csreport.report.rendered", "keep", "figures: kept copies", ()),
    ("csreport.report.geo", "countries", "maps: boundaries", ()),
    ("csreport.report.tables", "table", "tables: render", ()),
    ("myst_nb", "glue", "glue", ()),
]


def _wrap(module_name: str, attr: str, category, inside_ok) -> None:
    module = sys.modules[module_name]
    owner_path, _, name = attr.rpartition(".")
    owner = functools.reduce(getattr, owner_path.split("."), module) if owner_path else module
    original = getattr(owner, name)
    if getattr(original, "__csreport_profiled__", False):
        return
    wrapped = timed(category, original, inside_ok=inside_ok)
    setattr(owner, name, wrapped)
    if owner_path:
        return
    for other in list(sys.modules.values()):  # names bound by `from module import name` elsewhere
        if getattr(other, "__name__", "").startswith(("csreport", "myst_nb")) and other is not module:
            if getattr(other, name, None) is original:
                setattr(other, name, wrapped)


def _wrap_glue() -> None:
    module = sys.modules["csreport.report.glue"]
    for name, value in list(vars(module).items()):
        if callable(value) and getattr(value, "__module__", "") == module.__name__ and not name.startswith("_"):
            if isinstance(value, type):
                continue
            _wrap(module.__name__, name, "glue", ())


def _wrap_ready() -> None:
    for module_name, attr, category, inside_ok in TARGETS:
        if (module_name, attr) not in _done and module_name in sys.modules:
            try:
                _wrap(module_name, attr, category, inside_ok)
            except AttributeError:
                continue
            _done.add((module_name, attr))
    if ("csreport.report.glue", "*") not in _done and "csreport.report.glue" in sys.modules:
        _wrap_glue()
        _done.add(("csreport.report.glue", "*"))


_import = builtins.__import__


def _timed_import(name, globals=None, locals=None, fromlist=(), level=0):  # noqa: A002
    if _stack and _stack[-1][0] == "imports":
        return _import(name, globals, locals, fromlist, level)
    _enter("imports")
    try:
        return _import(name, globals, locals, fromlist, level)
    finally:
        _leave()
        if not _stack:
            _wrap_ready()


def write(*_args) -> None:
    target = os.environ.get(ENV)
    if target:
        seconds = {k: round(v, 4) for k, v in sorted(_totals.items())}
        with open(target, "w", encoding="utf-8") as fh:
            json.dump({"seconds": seconds, "calls": dict(sorted(_counts.items()))}, fh, indent=1)


def start() -> None:
    """Profile this kernel (a no-op unless CSREPORT_PROFILE names the file to write)."""
    if not os.environ.get(ENV) or builtins.__import__ is _timed_import:
        return
    builtins.__import__ = _timed_import
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.events.register("post_run_cell", write)


start()
