"""Sphinx extension: pages follow the data their notebooks read; a quiet build log.

- Before reading, a notebook page is outdated when what its last execution read (its record in
  `_build/deps/`, see `csreport.deps` and `csreport.cache`) changed: its execution-cache records
  are dropped (so it executes again) and Sphinx re-reads it. It is outdated too when the notebook
  was executed again outside Sphinx (`python -m csreport.build`) since Sphinx last read it.
- A page that pastes glued values of another page (`{glue:text}` with `other.ipynb::key`) is
  re-read whenever that other page is.
- When Sphinx itself executes a notebook, the kernel records what it reads like
  `csreport.build` does.
- `CSREPORT_EXECUTE=off` builds from the notebooks' committed outputs (`make test`, after nbval).
- The log leaves out the parser configuration dumps of myst-parser and myst-nb.
Registered in _config.yml (`sphinx: config: extensions`).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from sphinx.util import logging as sphinx_logging

from csreport.build import cache
from csreport.data import record as deps

logger = sphinx_logging.getLogger(__name__)
_executing: set[str] = set()  # notebooks executed by Sphinx in this build


def _notebook(env, docname: str) -> Path | None:
    path = Path(env.doc2path(docname))
    return path if path.suffix == ".ipynb" else None


def _state(env) -> None:
    if not hasattr(env, "csreport_inputs"):
        env.csreport_inputs, env.csreport_glue_refs = {}, {}


def _outdated(app, env, added, changed, removed):
    _state(env)
    root = Path(app.srcdir)
    redo = set()
    for docname in sorted(env.found_docs):
        nb = _notebook(env, docname)
        if nb is None or app.config.nb_execution_mode == "off":  # pages show committed outputs
            continue
        if cache.is_stale(nb, root):
            why = cache.changed_inputs(nb, root)
            if cache.invalidate(nb, root):
                logger.info(f"\n{docname}: inputs changed ({', '.join(why)}): cached execution dropped")
            redo.add(docname)
        elif docname not in added and env.csreport_inputs.get(docname) != cache.current_inputs(nb, root):
            redo.add(docname)  # executed again (by csreport.build) since Sphinx last read it
    pasted_from = redo | set(added) | set(changed)
    redo |= {doc for doc, refs in env.csreport_glue_refs.items() if refs & pasted_from}
    return sorted(redo - set(removed))


def _source_read(app, docname, source):
    nb = _notebook(app.env, docname)
    os.environ.pop(deps.ENV, None)
    if nb is None or app.config.nb_execution_mode == "off":
        return
    import nbformat
    from jupyter_cache import get_cache

    try:  # a cache hit keeps its record; an execution writes a new one
        get_cache(str(Path(app.srcdir) / cache.CACHE_DIR)).match_cache_notebook(nbformat.read(nb, as_version=4))
    except KeyError:
        cache.deps_file(nb, app.srcdir).unlink(missing_ok=True)
        _executing.add(docname)
    os.environ[deps.ENV] = str(cache.deps_file(nb, app.srcdir))


def _doctree_read(app, doctree):
    from myst_nb.ext.glue.utils import PendingGlueReference

    env = app.env
    _state(env)
    env.csreport_glue_refs[env.docname] = {n.refdoc for n in doctree.findall(PendingGlueReference)}
    nb = _notebook(env, env.docname)
    if nb is not None and app.config.nb_execution_mode != "off":
        os.environ.pop(deps.ENV, None)
        if env.docname in _executing:  # it loaded no table, so its kernel wrote no record
            cache.complete_record(nb, app.srcdir)
        env.csreport_inputs[env.docname] = cache.current_inputs(nb, app.srcdir)


def _purge(app, env, docname):
    _state(env)
    env.csreport_inputs.pop(docname, None)
    env.csreport_glue_refs.pop(docname, None)


def _merge(app, env, docnames, other):
    _state(env)
    _state(other)
    for doc in docnames:
        for attr in ("csreport_inputs", "csreport_glue_refs"):
            if doc in getattr(other, attr):
                getattr(env, attr)[doc] = getattr(other, attr)[doc]


class _NoConfigDump(logging.Filter):
    """Drops myst's and myst-nb's configuration dumps, Sphinx's note that a changed download
    replaces its old copy (expected whenever a notebook re-executes), and the one-line-per-file
    progress of copying downloads and images (about 90 lines): the log keeps a line per page."""

    NOISE = re.compile(r"ParserConfig\(|will overwrite data, as a file already exists")
    COPYING = re.compile(r"^copying (downloadable files|images)\.\.\. \[")
    ANSI = re.compile(r"\x1b\[[0-9;]*[mK]")

    def __init__(self):
        super().__init__()
        self.skip = 0  # a progress line is three records: summary, file name, end of line

    def filter(self, record: logging.LogRecord) -> bool:
        message = self.ANSI.sub("", record.getMessage())
        if self.skip:
            self.skip -= 1
            return False
        if self.COPYING.match(message):
            self.skip = 2
            return False
        return not self.NOISE.search(message)


def quiet_log() -> None:
    for handler in logging.getLogger("sphinx").handlers:
        if not any(isinstance(f, _NoConfigDump) for f in handler.filters):
            handler.addFilter(_NoConfigDump())


def _execution_mode(app, config):
    # `make test` builds the pages from the committed outputs that strict nbval has just checked
    # against a fresh execution (CSREPORT_EXECUTE=off), instead of executing every notebook again.
    if os.environ.get("CSREPORT_EXECUTE") == "off":
        config.nb_execution_mode = "off"


def setup(app):
    quiet_log()
    app.connect("config-inited", _execution_mode)
    app.connect("env-get-outdated", _outdated)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
