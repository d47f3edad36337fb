"""Sphinx extension: the PDFs of one LaTeX build, each shaped for its readers.

- the report (`latex: latex_documents:` in _config.yml): a cover with the landing page's bottom
  line, the landing page as its summary, the chapters and the appendices that are not in the
  Databook; long registers (`tables.table(..., databook=True)`) leave a one-line pointer; the
  bibliography lists only what this PDF cites, in two columns;
- the Databook (`csreport_databook`): the long registers under their chapter's name and number,
  the appendices listed in `csreport_databook["documents"]` and the full bibliography;
- the policy brief (the entry with the `howto` class): a memo's title block, the brief page alone.

Jupyter Book 1 rewrites `latex_documents` after Sphinx has started and fails on a list of more
than one entry (`jupyter_book.pdf.update_latex_documents`), so the report's own entry stays in
_config.yml and the extra ones are kept in `csreport_extra_latex_documents`, appended when
reading starts, after Jupyter Book's rewrite. Sphinx writes one .tex file per entry and its LaTeX
Makefile compiles them all. Sphinx assembles each document from the same root (`book/index`), so
the builder's `assemble_doctree` is wrapped: the wrapper knows which entry it assembles (they
come in order) and shapes the tree, and the cover, for that PDF. Figures and tables keep the
numbers they have on the web (Table 2.3 is Table 2.3 in every PDF), appendices their letters.
The operations on an assembled tree are in csreport.sphinx.latextrees.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.texescape import escape

from csreport.build.edition import citation, current, how_to_cite
from csreport.report import glue
from csreport.sphinx.latextrees import (
    clear_landing,
    compact_entries,
    documents,
    drop_source_lines,
    front_matter,
    keep_cited,
    keep_registers,
    landing_summary,
    list_elsewhere,
    number_chapters,
    number_like_the_web,
    part,
    part_documents,
    point_to_databook,
    raw,
    remove_documents,
    tex_text,
    unlink_missing,
    unnumbered,
)


def extra_documents(current: list, extra: list) -> list[tuple]:
    """The entries of `extra` whose target file is not already written, then `current`: the extra
    documents are written first, so that they compile while the report is written
    (csreport.sphinx.pdfs)."""
    targets = {entry[1] for entry in current}
    return [tuple(e) for e in extra if e[1] not in targets] + [tuple(e) for e in current]


def _append(app, env, docnames) -> None:
    if app.builder.format == "latex":
        app.config.latex_documents = extra_documents(
            app.config.latex_documents, app.config.csreport_extra_latex_documents
        )


# --- the builder's side -----------------------------------------------------------------------


def web_number(numbers: dict[str, tuple], target: str) -> str | None:
    """The web number ('2.3', 'D.1') of `target` among one document's numbers of its kind, whatever
    the depth of the build's numbering: the web numbers per chapter (numfig_secnum_depth 1),
    while Jupyter Book's LaTeX build numbers per section ((2, 2, 1) for the first table of 2.2)."""
    if target not in numbers:
        return None
    ordinal = sorted(numbers.values(), key=lambda t: [str(x).zfill(4) for x in t]).index(numbers[target]) + 1
    return f"{numbers[target][0]}.{ordinal}"


def _numbers(env):
    """number(docname, id) -> '2.3' or 'D.1' as on the web, or None."""

    def number(doc: str, target: str) -> str | None:
        for kinds in env.toc_fignumbers.get(doc, {}).values():
            if target in kinds:
                return web_number(kinds, target)
        return None

    return number


def _chapter_order(app, tree) -> dict[str, int]:
    from csreport.sphinx.pages import _appendix_docs

    order = {doc: n for n, doc in enumerate(part_documents(tree, "Chapters"), start=1)}
    order.update({doc: n for n, doc in enumerate(_appendix_docs(app), start=1)})
    return order


def _html_only(app, tree) -> None:
    """The documents of `csreport_html_only` keep only their title and raw LaTeX in the report."""
    for name, start in documents(tree).items():
        if name not in app.config.csreport_html_only:
            continue
        section = next(start.findall(nodes.section), None)
        if section is None:
            continue
        title = section.next_node(nodes.title)
        keep = [n for n in section.findall(nodes.raw) if "latex" in n.get("format", "").split()]
        del section.children[:]
        section += [title] + keep


def _compact_bibliography(tree) -> None:
    """The bibliography in two columns of small type (it sits at the end of the tree)."""
    bibliography = next((n for n in tree.children if n.tagname == "thebibliography"), None)
    if bibliography is not None:
        tree.insert(tree.index(bibliography), raw(r"\csrcompactbibtrue" + "\n"))


def _shape(app, entry, tree) -> None:
    config, env, builder = app.config, app.env, app.builder
    databook = config.csreport_databook
    root = config.root_doc
    numbers = _numbers(env)
    edition = current()
    publisher = escape(config.author, "xelatex")
    elements = {
        "subtitle": tex_text(config.csreport_latex_subtitle),
        "publisher": publisher,
        "howtocite": tex_text(how_to_cite(edition, citation())),
        "released": glue.date_text(edition.released),
    }
    theme = entry[4] if len(entry) > 4 else ""
    if theme == "howto":
        builder.context["maketitle"] = rf"\def\csrpublisher{{{publisher}}}\csrmemohead"
        builder.context["tableofcontents"] = ""
        drop_source_lines(tree)
        return
    builder.context["tableofcontents"] = r"\sphinxtableofcontents"
    order = _chapter_order(app, tree)
    if entry[1] == databook.get("target"):
        clear_landing(tree, root)
        keep_registers(tree, "Chapters")
        appendices = part(tree, "Appendices")
        keep = set(databook.get("documents", [])) | {databook.get("bibliography")}
        if appendices is not None:
            remove_documents(appendices, [d for d in part_documents(tree, "Appendices") if d not in keep])
        summary = tex_text(databook.get("summary", ""))
        cover = r"\csrdatabookcover"
        where = " (in the report)"
        _compact_bibliography(tree)
    else:
        _html_only(app, tree)
        elsewhere = dict.fromkeys(databook.get("documents", []), " (in the Databook)")
        elsewhere.update(dict.fromkeys(config.csreport_report_leaves_out, " (a PDF of its own)"))
        list_elsewhere(tree, elsewhere, order, {name: env.titles[name].astext() for name in elsewhere})
        remove_documents(tree, list(elsewhere))
        point_to_databook(tree, numbers)
        summary = tex_text(landing_summary(tree, root, config.csreport_cover_summary_heading))
        front_matter(tree, root, config.csreport_front_title)
        cover = r"\csrcover"
        where = " (in the Databook)"
        pointer = tex_text(databook.get("pointer", ""))
        elements["howtocite"] += rf"\par\medskip {pointer}" if pointer else ""
        _compact_bibliography(tree)
        keep_cited(tree)
        compact_entries(tree)
    unlink_missing(tree, numbers, where)
    number_like_the_web(tree, numbers)
    number_chapters(tree, order)
    if databook.get("bibliography"):
        unnumbered(tree, databook["bibliography"])
    builder.context["maketitle"] = (
        rf"\def\csrsubtitle{{{elements['subtitle']}}}\def\csrsummary{{{summary}}}"
        rf"\def\csrpublisher{{{elements['publisher']}}}"
        rf"\csrimprint{{{elements['howtocite']}}}" + "\n" + cover
    )


def fresh_citations(bibliographies: dict, pristine: dict) -> None:
    """Give every bibliography new copies of its citation nodes, as they were before the first
    document used them. sphinxcontrib-bibtex fills the nodes it keeps in the environment in place
    (label and entry appended), so a second PDF with the same bibliography would otherwise print
    each entry twice, the first as the PDF before it shaped it."""
    for key, bibliography in bibliographies.items():
        kept = pristine.setdefault(key, {k: n.deepcopy() for k, n in bibliography.citation_nodes.items()})
        bibliography.citation_nodes.clear()
        bibliography.citation_nodes.update({k: n.deepcopy() for k, n in kept.items()})


def _install(app) -> None:
    """Wrap the LaTeX builder so that each document's assembled tree is shaped for its PDF."""
    builder = app.builder
    if builder.format != "latex":
        return
    init_document_data, assemble_doctree = builder.init_document_data, builder.assemble_doctree
    pristine: dict = {}

    def init():
        init_document_data()
        builder.csreport_queue = list(builder.document_data)

    def assemble(indexfile, toctree_only, appendices):
        entry = builder.csreport_queue.pop(0)
        fresh_citations(app.env.get_domain("cite").bibliographies, pristine)
        tree = assemble_doctree(indexfile, toctree_only, appendices)
        _shape(app, entry, tree)
        return tree

    builder.init_document_data = init
    builder.assemble_doctree = assemble


def setup(app):
    app.add_config_value("csreport_extra_latex_documents", [], "")
    app.add_config_value("csreport_databook", {}, "")
    app.add_config_value("csreport_latex_subtitle", "", "")
    app.add_config_value("csreport_front_title", "Summary", "")
    app.add_config_value("csreport_cover_summary_heading", "Bottom line", "")
    app.connect("env-before-read-docs", _append)
    app.connect("builder-inited", _install)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
