"""Sphinx extension: costs of the build that do not depend on the report, cut (measured with
`make bench` and cProfile on two cores).

- Python's cycle collector is off while Sphinx builds. Reading and writing pages create millions of
  doctree nodes, each linked to its parent, and the collector traversed them again and again: a
  third of the time the LaTeX builder spent writing the three PDFs' sources (11.6 s with it, 7.0 s
  without), for 70 MB more memory at the peak. At the end of the build the objects are frozen, so
  that the interpreter's last collection at exit does not traverse them either (0.6 s).
- A numbered reference (`{numref}`) unpickles the page it points to once per build, not once per
  reference: Sphinx's standard domain loads the target page's doctree to find the figure or table
  and its number, and only reads it, so one copy per page serves every reference.
- The PDFs load no mathematics fonts: sphinx-jupyterbook-latex adds `unicode-math` to the preamble,
  a third of a second of every xelatex pass (six on a clean build), and the report sets no
  formula. A formula added later is still set, in the standard LaTeX math fonts.
- pybtex's plain-text backend is registered by name, so that each citation no longer makes pybtex
  read every installed distribution's entry points.
- Pages are read `CSREPORT_JOBS` at a time (one with `JOBS=1`): 1.2 s instead of 1.9 s for the 21
  pages, with the same HTML byte for byte. sphinx-jupyterbook-latex and sphinx-multitoc-numbering
  do not say whether they are safe for it, which makes Sphinx read one page at a time; their
  reading transforms change only the page they read, and their other handlers run in the main
  process (builder start, numbering, LaTeX writing), so they are declared safe here.
- Sphinx numbers figures and tables again, loading every page, only when the pages it read number
  other things than before, or other sections (`numbered`): not after an edit to a paragraph or
  a chapter's code (0.2 s of the rebuild after one edit). It skips the step when no page was read.
- The HTML of the root page, and of a page whose table of contents lists a page read again, is
  written again only when it may have changed: when the page itself was read again, or when the
  title or headings of a page it lists changed. Sphinx writes the root page at every build that
  writes anything, and the landing page came out byte for byte the same after an edit to a
  chapter's code (0.3 s of the rebuild after one edit).
- The HTML templates are compiled once and kept in `_build/templates` (jinja's own bytecode cache,
  which compares each with its source): jinja compiled the theme's 31 templates in every build
  that wrote a page, on the first page (about 0.3 s of the rebuild after one edit).
- The LaTeX writer renders every table through one template renderer. Sphinx made a renderer, and
  so compiled the table templates again, for each of the 61 tables of each PDF (about 0.8 s of
  the three PDFs' sources).

Each Sphinx build runs in a process of its own (`jupyter-book build`), which ends with the build.
Loaded through `sphinx: config: extensions` in _config.yml.
"""

from __future__ import annotations

import functools
import gc
from pathlib import Path

from docutils import nodes
from sphinx.domains.std import StandardDomain

from csreport.sphinx import executor

_UNDECLARED_BUT_SAFE = ("sphinx_jupyterbook_latex", "sphinx_multitoc_numbering")


class _DoctreesReadOnce:
    """The build environment, with each page's doctree unpickled once (for look-ups that only read)."""

    def __init__(self, env):
        self._env = env
        self._doctrees: dict = {}

    def __getattr__(self, name):
        return getattr(self._env, name)

    def get_doctree(self, docname: str):
        if docname not in self._doctrees:
            self._doctrees[docname] = self._env.get_doctree(docname)
        return self._doctrees[docname]


class NumrefDomain(StandardDomain):
    def _resolve_numref_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        # References are resolved after every page has been read: one reader serves the build.
        reader = getattr(builder, "_csreport_doctrees", None)
        if reader is None or reader._env is not env:
            reader = builder._csreport_doctrees = _DoctreesReadOnce(env)
        return super()._resolve_numref_xref(reader, fromdocname, builder, typ, target, node, contnode)


def plugins_by_name() -> None:
    """pybtex finds a plugin by reading the entry points of every installed distribution, each
    time it is asked; sphinxcontrib-bibtex asks for the plain-text backend at every citation (a
    thousand times, most of an HTML build's writing time). Registered at run time, as the class
    its entry point names, it is found in a dictionary."""
    from pybtex.backends.plaintext import Backend
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.backends", "plaintext", Backend, force=True)


def _no_math_fonts(app, config) -> None:
    elements = dict(config.latex_elements or {})
    elements["preamble"] = elements.get("preamble", "").replace("\\usepackage{unicode-math}", "")
    config.latex_elements = elements


def _read_in_parallel(app, config) -> None:
    # The builder is created after this event, and decides then whether it may work in parallel.
    app.parallel = executor.jobs()
    for name in _UNDECLARED_BUT_SAFE:
        if name in app.extensions:
            app.extensions[name].parallel_read_safe = True


def _entry(env, docname: str) -> tuple | None:
    """What a table of contents shows of a page: its title, its headings and their numbers."""
    title, toc = env.titles.get(docname), env.tocs.get(docname)
    if title is None:
        return None
    return title.astext(), toc.pformat() if toc is not None else "", repr(env.toc_secnumbers.get(docname))


def unneeded(env, root: str, requested: set[str], before: dict) -> set[str]:
    """The pages Sphinx would write although nothing they show changed: the root page, which it
    always writes, and the pages listing a page it writes, when that page's entry (`before`: as
    it was before this build read pages) is unchanged."""
    listed = {doc for d in requested for doc in env.files_to_rebuild.get(d, ())}
    changed = {d for d in requested if before.get(d) is None or before[d] != _entry(env, d)}
    needed = {doc for d in changed for doc in env.files_to_rebuild.get(d, ())}
    return ({root} | listed) - needed - requested


def _write_only_what_changed(app) -> None:
    builder = app.builder
    if builder.format != "html":  # the LaTeX builder writes whole documents
        return
    write, write_serial, write_parallel = builder.write, builder._write_serial, builder._write_parallel
    skipped: set[str] = set()

    def write_changed(build_docnames, updated_docnames, method="update"):
        skipped.clear()
        if method == "update" and build_docnames is not None and list(build_docnames) != ["__all__"]:
            requested = set(build_docnames) | set(updated_docnames)
            skipped.update(unneeded(builder.env, app.config.root_doc, requested, app.csreport_entries))
        return write(build_docnames, updated_docnames, method)

    def serial(docnames):
        return write_serial([d for d in docnames if d not in skipped])

    def parallel(docnames, nproc):
        docnames = [d for d in docnames if d not in skipped]
        return write_parallel(docnames, nproc) if docnames else write_serial(docnames)

    builder.write, builder._write_serial, builder._write_parallel = write_changed, serial, parallel


def _figtype(env, node) -> str | None:
    # As Sphinx's TocTreeCollector.assign_figure_numbers tells what it numbers (captioned ones).
    for domain in env.domains.values():
        figtype = domain.get_enumerable_node_type(node)
        if domain.name == "std" and not domain.get_numfig_title(node):
            continue
        if figtype:
            return figtype
    return None


def numbered(env, doctree) -> tuple:
    """What Sphinx's figure numbering follows in a page: each figure, table or listing it numbers
    (kind, label, enclosing section) and each table of contents (where other pages' numbering
    continues), in order."""
    from sphinx import addnodes

    found = []
    for node in doctree.findall(nodes.Element):
        if isinstance(node, addnodes.toctree):
            found.append(("toctree", tuple(str(entry) for entry in node.get("entries", ()))))
            continue
        figtype = _figtype(env, node) if node.get("ids") else None
        if figtype:
            section = next((p for p in _ancestors(node) if isinstance(p, nodes.section)), None)
            found.append((figtype, node["ids"][0], section["ids"][0] if section is not None else ""))
    return tuple(found)


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _note_numbered(app, doctree) -> None:
    app.env.csreport_numbered[app.env.docname] = numbered(app.env, doctree)


def _before_reading(app, env, docnames) -> None:
    """What the pages showed and numbered before this build read any (it forgets each page it reads
    again): for the numbering, and for the pages that list them."""
    if not hasattr(env, "csreport_numbered"):
        env.csreport_numbered = {}
    app.csreport_read = len(docnames) + len(getattr(app, "csreport_removed", ()))
    app.csreport_numbering_before = (dict(env.csreport_numbered), dict(env.toc_secnumbers), set(env.all_docs))
    app.csreport_entries = {doc: _entry(env, doc) for doc in env.all_docs}


def _purge_numbered(app, env, docname) -> None:
    getattr(env, "csreport_numbered", {}).pop(docname, None)


def _merge_numbered(app, env, docnames, other) -> None:
    env.csreport_numbered.update(
        {doc: other.csreport_numbered[doc] for doc in docnames if doc in other.csreport_numbered}
    )


def _numbering_only_when_it_may_change(app) -> None:
    """Sphinx numbers sections, figures and tables again after every build's reading, loading every
    page's doctree to number the figures (about 0.2 s), even when no page was read, or when the pages
    read number the same things as before. Then the figure numbers kept in the environment are those
    it would compute (csreport.sphinx.rebuild gives them back before this step), and it is skipped;
    sections, numbered from the tables of contents alone, are numbered as always."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    listeners = app.events.listeners.get("env-get-updated", [])
    for i, listener in enumerate(listeners):
        collector = getattr(listener.handler, "__self__", None)
        if isinstance(collector, TocTreeCollector):

            def get_updated_docs(app, env, _collector=collector):
                if not getattr(app, "csreport_read", 1):
                    return []
                renumbered = _collector.assign_section_numbers(env)
                figures, sections, docs = getattr(app, "csreport_numbering_before", (None, None, None))
                same = (env.csreport_numbered, env.toc_secnumbers, set(env.all_docs)) == (figures, sections, docs)
                same = same and not getattr(app, "csreport_removed", ())
                return renumbered + ([] if same else _collector.assign_figure_numbers(env))

            listeners[i] = listener._replace(handler=get_updated_docs)


def _templates_compiled_once(app) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder without HTML templates
        return
    from jinja2 import FileSystemBytecodeCache

    folder = Path(app.doctreedir).parent / "templates"  # beside .doctrees, in _build
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def _one_latex_renderer(app) -> None:
    if app.builder.format != "latex":
        return
    import sphinx.writers.latex

    renderer = sphinx.writers.latex.LaTeXRenderer
    if not hasattr(renderer, "cache_info"):  # not made a cached factory by an earlier build here
        # The writer calls it with the same arguments for every table; a renderer keeps no state
        # between two renders but its compiled templates.
        sphinx.writers.latex.LaTeXRenderer = functools.cache(renderer)


def _freeze(app, exception) -> None:
    gc.freeze()


def setup(app):
    gc.disable()
    plugins_by_name()
    app.connect("config-inited", _no_math_fonts, priority=900)  # after sphinx-jupyterbook-latex adds it
    app.connect("config-inited", _read_in_parallel)
    app.csreport_entries = {}
    app.connect("builder-inited", _write_only_what_changed)
    app.connect("builder-inited", _templates_compiled_once)
    app.connect("builder-inited", _one_latex_renderer)
    app.connect("builder-inited", _numbering_only_when_it_may_change, priority=999)
    app.connect("env-before-read-docs", _before_reading, priority=999)
    app.connect("doctree-read", _note_numbered)
    app.connect("env-purge-doc", _purge_numbered)
    app.connect("env-merge-info", _merge_numbered)
    app.connect("build-finished", _freeze, priority=1000)
    app.add_domain(NumrefDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
