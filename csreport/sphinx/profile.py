"""Sphinx extension, loaded by `csreport.sphinx.rebuild` when `CSREPORT_PROFILE` names a file: where
a Sphinx build's time goes (`make bench`), written to that file as JSON when the build ends.

    startup            the process until the builder starts (imports, configuration, environment)
    executor           waiting, once the builder starts, for the build's executor (which started
                       with the extensions, csreport.sphinx.executor) to finish
    read               reading the pages that changed, in wall time; with per-page sums
                       `read: notebooks` and `read: markdown` (from the source to the doctree)
    resolve            from the end of reading to writing: bibliography, numbering, consistency,
                       pickling the environment
    write              writing the pages, static files and search index (wall time)
    glue resolution    myst-nb pasting values across pages (inside write)
    latex compile wait the PDFs still compiling when the last LaTeX source is written (inside
                       resolve: the LaTeX builder has no write phase of its own here)
    bibliography       sphinxcontrib-bibtex: parsing references.bib, formatting the entries, the
                       bibliography page (inside resolve and write)
    pages read / pages written
"""

from __future__ import annotations

import functools
import json
import os
import time

_marks: dict[str, float] = {}
_totals: dict[str, float] = {}
_counts = {"pages read": 0, "pages written": 0}


def _process_start() -> float:
    """This process's start, on the perf_counter clock (Linux /proc; else when this module loaded)."""
    try:
        ticks = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19])
        uptime = float(open("/proc/uptime").read().split()[0])
        age = uptime - ticks / os.sysconf("SC_CLK_TCK")
        return time.perf_counter() - age
    except (OSError, ValueError, IndexError):
        return time.perf_counter()


_START = _process_start()


def _mark(name):
    def handler(*_args, **_kwargs):
        _marks.setdefault(name, time.perf_counter())

    return handler


def _add(category: str, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            _totals[category] = _totals.get(category, 0.0) + time.perf_counter() - started

    wrapper.__csreport_profiled__ = True
    return wrapper


def _wrap(owner, name: str, category: str) -> None:
    original = getattr(owner, name)
    if not getattr(original, "__csreport_profiled__", False):
        setattr(owner, name, _add(category, original))


def _source_read(app, docname, source):
    app.env.temp_data["csreport_read_started"] = time.perf_counter()


def _doctree_read(app, doctree):
    env = app.env
    started = env.temp_data.get("csreport_read_started")
    if started is None:
        return
    kind = "read: notebooks" if str(env.doc2path(env.docname)).endswith(".ipynb") else "read: markdown"
    if not hasattr(env, "csreport_read_seconds"):
        env.csreport_read_seconds = {}
    env.csreport_read_seconds[env.docname] = (kind, time.perf_counter() - started)


def _merge(app, env, docnames, other):
    if not hasattr(env, "csreport_read_seconds"):
        env.csreport_read_seconds = {}
    env.csreport_read_seconds.update(
        {d: v for d, v in getattr(other, "csreport_read_seconds", {}).items() if d in docnames}
    )


def _outdated(app, env, added, changed, removed):
    env.csreport_read_seconds = {}  # this build's pages only
    return []


def _written(app, doctree, docname):
    _counts["pages written"] += 1


def _finished(app, exception):
    now = time.perf_counter()
    marks = _marks
    end_read = marks.get("env-updated", marks.get("write-started", now))
    report = {
        "builder": app.builder.name,
        "startup": marks.get("builder-inited", now) - _START,
        "executor": marks.get("executed", now) - marks.get("builder-inited", now),
        "read": end_read - marks["env-before-read-docs"] if "env-before-read-docs" in marks else 0.0,
        "resolve": marks.get("write-started", now) - end_read,
        "write": now - marks.get("write-started", now),
    }
    for kind, seconds in getattr(app.env, "csreport_read_seconds", {}).values():
        report[kind] = report.get(kind, 0.0) + seconds
        _counts["pages read"] += 1
    report.update(_totals)
    report.update(_counts)
    report = {k: round(v, 3) if isinstance(v, float) else v for k, v in report.items()}
    with open(os.environ["CSREPORT_PROFILE"], "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=1)


def setup(app):
    from myst_nb.ext.glue.crossref import ReplacePendingGlueReferences
    from sphinxcontrib.bibtex import bibfile, domain, transforms

    from csreport.sphinx import pdfs

    _wrap(ReplacePendingGlueReferences, "apply", "glue resolution")
    _wrap(domain.BibtexDomain, "env_updated", "bibliography")
    _wrap(domain.BibtexDomain, "resolve_xref", "bibliography")
    _wrap(transforms.BibliographyTransform, "run", "bibliography")
    _wrap(bibfile, "parse_bibdata", "bibliography")
    _wrap(pdfs.Compiles, "finish", "latex compile wait")
    app.connect("builder-inited", _mark("builder-inited"), priority=0)
    app.connect("builder-inited", _mark("executed"), priority=999)
    app.connect("env-before-read-docs", _mark("env-before-read-docs"), priority=0)
    app.connect("env-get-outdated", _outdated, priority=0)
    app.connect("source-read", _source_read, priority=0)
    app.connect("doctree-read", _doctree_read, priority=999)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _mark("env-updated"), priority=0)
    app.connect("write-started", _mark("write-started"), priority=0)
    app.connect("doctree-resolved", _written)
    app.connect("build-finished", _finished, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
