"""Sphinx extension: pages that are never stale, builders that do not undo each other, a quiet log.

- Before reading, the build waits for its executor (`csreport.build.execute`, `CSREPORT_JOBS` at a
  time, started in a process of its own when the extensions load: csreport.sphinx.executor), which
  drops the cached executions whose recorded inputs changed, executes what the cache lacks and
  puts back the files the cached executions wrote (figures, downloads). Sphinx never executes a
  notebook itself; a failing cell ends the build with the executor's summary.
- A notebook page is read again when the execution in the cache is not the one Sphinx last read
  (re-executed since, by the build or by `make execute`); a page that pastes glued values of another
  page (`{glue:text}` with `other.ipynb::key`) whenever that page is.
- An edit to an entry of references.bib re-reads the pages that cite it and the bibliography page
  (sphinxcontrib-bibtex alone rereads nothing, so the references page would keep the old entry).
- The project's own extensions and the `csreport` code they can run (the package outside the
  chapters) are hashed into the environment (`csreport_extension_code`, a configuration value
  that rebuilds the environment): an edit to them re-renders every page.
- Configuration values that decide how pages are read are the same for every builder: a value a
  builder changes when it starts (sphinx-jupyterbook-latex sets `numfig_secnum_depth` for LaTeX)
  is set back, so HTML after PDF after HTML re-reads no page.
- `CSREPORT_EXECUTE=off` builds from the notebooks' committed outputs (`make test`, after nbval).
- An edit to a static file of the HTML pages (`html_static_path`) writes every page again, so that
  the new file is copied and linked with its new checksum.
- The log leaves out the parser configuration dumps of myst-parser and myst-nb.
Registered in _config.yml (`sphinx: config: extensions`).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from sphinx.util import logging as sphinx_logging

from csreport.sphinx import executor

logger = sphinx_logging.getLogger(__name__)


def _notebook(env, docname: str) -> Path | None:
    path = Path(env.doc2path(docname))
    return path if path.suffix == ".ipynb" else None


def _executing(app) -> bool:
    return app.config.nb_execution_mode != "off"


def _state(env) -> None:
    for attr in ("csreport_executions", "csreport_glue_refs"):
        if not hasattr(env, attr):
            setattr(env, attr, {})


# --- execution ----------------------------------------------------------------------------------


def _execute(app) -> None:
    """Wait for the build's executor (started when the extensions loaded, csreport.sphinx.executor);
    remember which execution each page shows."""
    app.csreport_executions = {}
    process = getattr(app, "csreport_executor", None)
    if not _executing(app) or process is None:
        return
    status = executor.wait(process, log=lambda m: logger.info(m))
    if status:
        sys.stdout.flush()
        raise SystemExit(status)  # the executor's summary is the last thing the author reads
    app.csreport_executions = executor.executions(str(app.srcdir))


def _outdated(app, env, added, changed, removed):
    _state(env)
    app.csreport_removed = set(removed)
    redo = set()
    if _executing(app):
        for docname in sorted(env.found_docs - set(added)):
            nb = _notebook(env, docname)
            if nb is not None and env.csreport_executions.get(docname) != app.csreport_executions.get(
                str(nb.resolve())
            ):
                redo.add(docname)
    redo |= _bibliography_outdated(app, env)
    pasted_from = redo | set(added) | set(changed)
    redo |= {doc for doc, refs in env.csreport_glue_refs.items() if refs & pasted_from}
    return sorted(redo - set(removed))


def _doctree_read(app, doctree):
    from myst_nb.ext.glue.utils import PendingGlueReference

    env = app.env
    _state(env)
    env.csreport_glue_refs[env.docname] = {n.refdoc for n in doctree.findall(PendingGlueReference)}
    nb = _notebook(env, env.docname)
    if nb is not None and _executing(app):
        env.csreport_executions[env.docname] = getattr(app, "csreport_executions", {}).get(str(nb.resolve()))


def _purge(app, env, docname):
    _state(env)
    env.csreport_executions.pop(docname, None)
    env.csreport_glue_refs.pop(docname, None)


def _merge(app, env, docnames, other):
    _state(env)
    _state(other)
    for doc in docnames:
        for attr in ("csreport_executions", "csreport_glue_refs"):
            if doc in getattr(other, attr):
                getattr(env, attr)[doc] = getattr(other, attr)[doc]


# --- the bibliography ---------------------------------------------------------------------------


def _entries(app) -> dict[str, str]:
    """A fingerprint of each entry of the bibliography files, as they are now."""
    from csreport.data import fingerprints, sources

    found: dict[str, str] = {}
    for file in app.config.bibtex_bibfiles or []:
        try:
            parsed = sources.parsed(Path(app.confdir) / file)
        except Exception:  # noqa: BLE001  (sphinxcontrib-bibtex reports an unreadable file)
            continue
        found.update({key: fingerprints.entry_sha(fields) for key, fields in parsed.items()})
    return found


def _bibliography_outdated(app, env) -> set[str]:
    """The pages citing an entry that changed, added or went since the last build, and the pages
    with a bibliography."""
    if "bibtex_bibfiles" not in app.config:
        return set()
    now, before = _entries(app), getattr(env, "csreport_bib", None)
    env.csreport_bib = now
    if before is None:
        return set()
    changed = {key for key in now.keys() | before.keys() if now.get(key) != before.get(key)}
    if not changed:
        return set()
    domain = env.get_domain("cite")
    citing = {ref.docname for ref in domain.citation_refs if changed & {t.key for t in ref.targets}}
    listing = {key.docname for key in domain.bibliographies}
    logger.info(f"references.bib: {len(changed)} entries changed: re-reading {len(citing | listing)} page(s)")
    return citing | listing


# --- the project's extensions and the builders' configuration -------------------------------------


def files_digest(named: Iterable[tuple[str, Path]]) -> str:
    """A hash of files, each under a name (so that a renamed file changes it too)."""
    digest = hashlib.sha256()
    for name, path in named:
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def extension_code() -> str:
    """A hash of the source of the `csreport` code the Sphinx build can run: every module loaded in
    this process and every module of the package outside the chapters (which only kernels import),
    since an extension may import one only when it reads a page (the build-status page's tables).
    The timing extension (`make bench`) is left out: it changes no output, and a build with it must
    not re-read the pages a build without it read."""
    package = Path(sys.modules["csreport"].__file__).parent
    named = {
        "csreport." + ".".join(path.relative_to(package).with_suffix("").parts): path
        for path in package.rglob("*.py")
        if "chapters" not in path.relative_to(package).parts
    }
    for name, module in list(sys.modules.items()):
        if (name == "csreport" or name.startswith("csreport.")) and getattr(module, "__file__", None):
            named[name] = Path(module.__file__)
    named.pop("csreport.sphinx.profile", None)
    return files_digest(sorted((name, path) for name, path in named.items() if path.is_file()))


def _configure(app, config) -> None:
    # `make test` builds the pages from the committed outputs that strict nbval has just checked
    # against a fresh execution (CSREPORT_EXECUTE=off), instead of executing every notebook again.
    if os.environ.get("CSREPORT_EXECUTE") == "off":
        config.nb_execution_mode = "off"
    config.csreport_extension_code = extension_code()
    # What decides how pages are read, as configured: set back after builders have started.
    app.csreport_read_config = {item.name: _copy(item.value) for item in config.filter(frozenset({"env"}))}


def _copy(value):
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001  (a value that cannot be copied is compared as it is)
        return value


def _same_for_every_builder(app) -> None:
    """Read (and pickle the environment) with the configured values; the builder's own values are
    given back to it for writing."""
    app.csreport_builder_config = {}
    for name, value in getattr(app, "csreport_read_config", {}).items():
        if app.config[name] != value:
            app.csreport_builder_config[name] = app.config[name]
            app.config[name] = value
    if app.csreport_builder_config:
        # After reading (and pickling the environment), the builder writes with its own values
        # (the LaTeX writer numbers figures by numfig_secnum_depth). Builder.write is the one step
        # every builder takes then; the LaTeX builder emits no event of its own before it.
        write = app.builder.write

        def write_with_builder_values(*args, **kwargs):
            for name, value in app.csreport_builder_config.items():
                app.config[name] = value
            return write(*args, **kwargs)

        app.builder.write = write_with_builder_values


# --- what a no-change build need not redo --------------------------------------------------------


def _numbers_as_sphinx_left_them(app, env):
    """Before Sphinx numbers figures and tables again (and rewrites every page whose numbers
    differ from the last build's), give it back the numbers as it computed them last time: an
    extension that renumbers after it (csreport.sphinx.pages letters the appendices' tables) would
    otherwise make those pages differ, and be written again, on every build."""
    kept = getattr(env, "csreport_sphinx_fignumbers", None)
    if kept is not None:
        env.toc_fignumbers = copy.deepcopy(kept)
    return []


def _keep_sphinx_numbers(app, env):
    env.csreport_sphinx_fignumbers = copy.deepcopy(env.toc_fignumbers)
    return []


def static_digest(confdir: str, folders) -> str:
    """A hash of the files in the HTML pages' static folders (`html_static_path`: the project's CSS
    and scripts), by name and content."""
    bases = [Path(confdir, folder) for folder in folders]
    return files_digest(
        (p.relative_to(base).as_posix(), p) for base in bases for p in sorted(base.rglob("*")) if p.is_file()
    )


def _static_changed(app, env) -> list[str]:
    """After an edit to a static file (report.css, a script), every HTML page is written again: Sphinx
    copies static files only when it writes a page, and each page links them with a checksum."""
    if app.builder.format != "html":
        return []
    before = getattr(env, "csreport_static", None)  # None on the first build: it writes every page anyway
    env.csreport_static = static_digest(app.confdir, app.config.html_static_path)
    return sorted(env.found_docs) if before not in (None, env.csreport_static) else []


def _citations_fingerprint(app, env) -> str:
    """What sphinxcontrib-bibtex's list of citations follows from: the entries, the bibliography
    directives, the citations of each page in the reader's order, and its configuration."""
    domain = env.get_domain("cite")
    order = {doc: i for i, doc in enumerate(_reading_order(env))}
    refs = sorted(domain.citation_refs, key=lambda ref: order.get(ref.docname, len(order)))
    digest = hashlib.sha256()
    for part in (
        sorted(getattr(env, "csreport_bib", {}).items()),
        [(ref.docname, [t.key for t in ref.targets]) for ref in refs],
        sorted(
            (repr(key), bib.list_, bib.style, _dump(bib.filter_), sorted(bib.keys), bib.keyprefix, bib.labelprefix)
            + (sorted((k, tuple(node["ids"])) for k, node in bib.citation_nodes.items()),)
            for key, bib in domain.bibliographies.items()
        ),
        [app.config[name] for name in ("bibtex_default_style", "bibtex_reference_style", "bibtex_tooltips")],
        [app.config[name] for name in ("bibtex_tooltips_style",) if name in app.config],
    ):
        digest.update(repr(part).encode())
    return digest.hexdigest()


def _dump(node) -> str:
    import ast

    return ast.dump(node) if isinstance(node, ast.AST) else repr(node)


def _reading_order(env) -> list[str]:
    from sphinxcontrib.bibtex.domain import get_docnames

    return list(get_docnames(env))


def _bibliography_only_when_needed(app) -> None:
    """sphinxcontrib-bibtex formats every entry of the bibliography when reading ends (seconds for
    a thousand entries), whenever any page was read. Its result depends only on what
    `_citations_fingerprint` hashes: when that is as at the last build, the citations kept in the
    environment are those it would compute, and its `env-updated` handler is skipped."""
    from sphinxcontrib import bibtex

    listeners = app.events.listeners.get("env-updated", [])
    for i, listener in enumerate(listeners):
        if listener.handler is bibtex.env_updated:

            def env_updated(app, env, _format=listener.handler):
                fingerprint, domain = _citations_fingerprint(app, env), env.get_domain("cite")
                kept = {citation.bibliography_key for citation in domain.citations}
                if kept == set(domain.bibliographies) and getattr(env, "csreport_citations", None) == fingerprint:
                    return []  # every bibliography still has the citations computed from the same
                env.csreport_citations = fingerprint
                return _format(app, env)

            listeners[i] = listener._replace(handler=env_updated)


# --- the log ------------------------------------------------------------------------------------


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


def setup(app):
    app.setup_extension("csreport.sphinx.executor")  # started here unless listed first, as it should be
    quiet_log()
    app.add_config_value("csreport_extension_code", "", "env")
    app.connect("config-inited", _configure, priority=900)  # after the other extensions' handlers
    app.connect("builder-inited", _same_for_every_builder, priority=900)
    app.connect("builder-inited", _execute, priority=950)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-get-updated", _numbers_as_sphinx_left_them, priority=100)
    app.connect("env-get-updated", _keep_sphinx_numbers, priority=600)
    app.connect("env-get-updated", _static_changed)
    if "sphinxcontrib.bibtex" in app.extensions:
        _bibliography_only_when_needed(app)
    app.connect("doctree-read", _doctree_read)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    if os.environ.get("CSREPORT_PROFILE"):
        app.setup_extension("csreport.sphinx.profile")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
