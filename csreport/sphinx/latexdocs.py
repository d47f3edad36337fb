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
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.util.texescape import escape

from csreport.build.edition import citation, current, how_to_cite
from csreport.report import glue

DATABOOK_CLASS = "databook"  # tables.table(..., databook=True) marks its table with this class
_CITE = re.compile(r"\\hyperlink\{cite\.[^:}]+:([^}]+)\}")


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


# --- what a tree holds ------------------------------------------------------------------------


def raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex, format="latex")


def documents(tree: nodes.Node) -> dict[str, addnodes.start_of_file]:
    """The documents inlined in an assembled tree, by name."""
    return {n["docname"]: n for n in tree.findall(addnodes.start_of_file)}


def part(tree: nodes.Node, caption: str) -> nodes.Element | None:
    """The inlined part (a TOC caption such as 'Chapters') of an assembled tree, if any."""
    for node in tree.findall(addnodes.start_of_file):
        if node["docname"] == caption:
            return node
    return None


def part_documents(tree: nodes.Node, caption: str) -> list[str]:
    """The documents of a part, in order."""
    node = part(tree, caption)
    if node is None:
        return []
    return [n["docname"] for n in node.findall(addnodes.start_of_file) if n is not node]


def _parents(tree: nodes.Node) -> dict[int, nodes.Element]:
    """Each node's parent, by the node's id(), found from the top down (see _owners)."""
    found: dict[int, nodes.Element] = {}
    for node in tree.findall(nodes.Element):
        for child in node.children:
            found[id(child)] = node
    return found


def _replace(parents, old: nodes.Node, new: nodes.Node) -> None:
    parent = parents[id(old)]
    parent.children[parent.children.index(old)] = new
    new.parent = parent


def _owners(tree: nodes.Node) -> dict[int, str]:
    """The document each node of an assembled tree comes from, by the node's id(): found from the
    top down, since Jupyter Book's LaTeX transforms leave some parent links stale."""
    owners: dict[int, str] = {}
    for start in tree.findall(addnodes.start_of_file):
        if "/" in start["docname"]:
            for node in start.findall(nodes.Element):
                owners[id(node)] = start["docname"]
    return owners


def remove_documents(tree: nodes.Node, docnames) -> None:
    for name, node in documents(tree).items():
        if name in docnames:
            node.parent.remove(node)


def list_elsewhere(tree: nodes.Node, elsewhere: dict[str, str], letters: dict[str, int], titles) -> int:
    """A contents line, with its letter (`letters`: document -> its place among the appendices),
    for each appendix printed elsewhere (`elsewhere`: document -> where, e.g. " (in the Databook)"),
    at its place among the appendices that stay; call before the documents are removed. Documents
    of `elsewhere` that are not appendices get no line. Returns how many lines."""
    starts = documents(tree)
    pending: list[str] = []
    lines = 0
    for name in part_documents(tree, "Appendices"):
        if name in elsewhere:
            letter = chr(ord("A") + letters[name] - 1)
            title = _tex_text(titles[name])
            entry = rf"\protect\numberline{{{letter}}}{title} {{\itshape {_tex_text(elsewhere[name].strip())}}}"
            # an empty page number: the line names where the appendix is instead
            pending.append(rf"\addtocontents{{toc}}{{\protect\contentsline{{chapter}}{{{entry}}}{{}}{{}}}}" + "\n")
            lines += 1
        elif pending:
            starts[name].insert(0, raw("".join(pending)))
            pending = []
    if pending:
        part(tree, "Appendices").append(raw("".join(pending)))
    return lines


def cited(tree: nodes.Node) -> set[str]:
    """The ids of the bibliography entries that the tree's citations point to."""
    found = set()
    for node in tree.findall(nodes.Element):
        source = node.rawsource if isinstance(node, nodes.Element) and node.tagname == "raw_latex" else ""
        found.update(_CITE.findall(source))
    return found


def cited_numbers(tree: nodes.Node) -> set[int]:
    """The numbers the tree's citation groups show, ranges included ([6–8, 12] cites 6, 7, 8, 12)."""
    found = set()
    for group in tree.findall(nodes.inline):
        if "bibtex-citation" not in group["classes"]:
            continue
        for low, high in re.findall(r"(\d+)(?:–(\d+))?", group.astext()):
            found.update(range(int(low), int(high or low) + 1))
    return found


def keep_cited(tree: nodes.Node) -> tuple[int, int]:
    """Drop the bibliography entries nothing in the tree cites; returns (kept, all)."""
    ids, numbers = cited(tree), cited_numbers(tree)
    kept = total = 0
    for bibliography in list(tree.findall(nodes.Element)):
        if bibliography.tagname != "thebibliography":
            continue
        for entry in list(bibliography.children):
            if not isinstance(entry, nodes.citation):
                continue
            total += 1
            label = entry[0].astext() if len(entry) and isinstance(entry[0], nodes.label) else ""
            if set(entry["ids"]) & ids or (label.isdigit() and int(label) in numbers):
                kept += 1
            else:
                bibliography.remove(entry)
    return kept, total


def drop_source_lines(tree: nodes.Node) -> int:
    """Remove the "Sources: [n]" lines under figures and tables; returns how many went. For the
    brief, which has no bibliography for the numbers to point to (each chart names its sources)."""
    lines = [
        p
        for p in tree.findall(nodes.paragraph)
        if p.astext().startswith("Sources:") and any("bibtex-citation" in g["classes"] for g in p.findall(nodes.inline))
    ]
    for p in lines:
        p.parent.remove(p)
    return len(lines)


def compact_entries(tree: nodes.Node) -> int:
    """The report's bibliography entries: publisher, author, title (linked to the source) and date;
    the address, access date and note stay in the Databook and on the web. Returns how many."""
    changed = 0
    for entry in tree.findall(nodes.citation):
        url = None
        for part in list(entry.findall(nodes.inline)):
            if "bib-url" in part["classes"]:
                link = next(iter(part.findall(nodes.reference)), None)
                url = link.get("refuri") if link is not None else url
                part.parent.remove(part)
            elif "bib-extra" in part["classes"]:
                part.parent.remove(part)
        title = next(iter(entry.findall(nodes.emphasis)), None)
        if url and title is not None:
            link = nodes.reference("", "", refuri=url)
            title.replace_self(link)
            link += title
        changed += 1
    return changed


def _present(tree: nodes.Node) -> tuple[set[str], set[tuple[str, str]]]:
    """The documents and (document, id) targets that an assembled tree still holds (the root
    document's own content is the tree's first section)."""
    docs, ids = set(), set()
    root = tree.get("docname")
    top = next((s for s in tree.findall(nodes.section) if root and s.get("docname") == root), None)
    starts = documents(tree)
    if top is not None:
        starts[root] = top
    for name, start in starts.items():
        docs.add(name)
        for node in start.findall(nodes.Element):
            for i in node.get("ids", []):
                ids.add((name, i))
    return docs, ids


def unlink_missing(tree: nodes.Node, numbers, where: str) -> int:
    """Cross-references to documents or targets that are not in this PDF become plain text, the
    number as on the web and `where` they are (" in the Databook"); a glossary term, as itself.
    Returns how many."""
    docs, ids = _present(tree)
    changed = 0
    for ref in list(tree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not ref.get("internal") or not uri.startswith("%"):
            continue
        doc, _, target = uri[1:].partition("#")
        if doc in docs and (not target or (doc, target) in ids):
            continue
        if any("std-term" in n["classes"] for n in ref.findall(nodes.inline)):
            ref.replace_self(nodes.Text(ref.astext()))  # a glossary term reads as itself
        elif isinstance(ref, addnodes.number_reference):
            number = numbers(doc, target)
            text = ref.get("title", "%s").replace("%s", number or "?") + where
            ref.replace_self(nodes.Text(text))
        else:
            ref.replace_self(nodes.emphasis("", ref.astext() + where))
        changed += 1
    return changed


def registers(node: nodes.Node) -> list[nodes.container]:
    """The registers (a table with its note and sources, in a container of class `databook`)."""
    return [c for c in node.findall(nodes.container) if DATABOOK_CLASS in c["classes"]]


def point_to_databook(tree: nodes.Node, numbers) -> list[str]:
    """Each register of the tree gives way to one line saying it is in the Databook; its number
    stays, so that the text's references to it still resolve. Returns the registers' numbers."""
    moved = []
    owners, parents = _owners(tree), _parents(tree)
    for register in registers(tree):
        doc = owners.get(id(register))
        table = next(iter(register.findall(nodes.table)), None)
        ids = table["ids"] if table is not None else []
        number = numbers(doc, ids[0]) if doc and ids else None
        title = next(iter(table.findall(nodes.title)), None) if table is not None else None
        caption = _tex_text(title.astext()) if title is not None else ""
        label = "".join(rf"\label{{\detokenize{{{doc}:{i}}}}}" for i in ids) if doc else ""
        counter = rf"\setcounter{{table}}{{{_last(number) - 1}}}" if number else ""
        pointer = raw(rf"{counter}\refstepcounter{{table}}{label}\csrdatabookpointer{{\thetable}}{{{caption}}}" + "\n")
        _replace(parents, register, pointer)
        moved.append(number or "")
    return moved


def _last(number: str) -> int:
    return int(number.rsplit(".", 1)[-1])


def number_like_the_web(tree: nodes.Node, numbers) -> None:
    """Set LaTeX's counters before each figure and table so that its number is the one it has on
    the web, whatever the PDF leaves out (web-only tables, registers, Databook appendices)."""
    owners, parents = _owners(tree), _parents(tree)
    for node in list(tree.findall(lambda n: isinstance(n, (nodes.figure, nodes.table)))):
        doc = owners.get(id(node))
        if not doc or not node["ids"]:
            continue
        number = numbers(doc, node["ids"][0])
        if not number:
            continue
        kind = "figure" if isinstance(node, nodes.figure) else "table"
        parent = parents[id(node)]
        counter = raw(rf"\setcounter{{{kind}}}{{{_last(number) - 1}}}" + "\n")
        parent.children.insert(parent.children.index(node), counter)
        counter.parent = parent


def number_chapters(tree: nodes.Node, order: dict[str, int]) -> None:
    """Each chapter or appendix keeps its number (or letter) from the full table of contents."""
    for name, start in documents(tree).items():
        if name in order:
            start.insert(0, raw(rf"\setcounter{{chapter}}{{{order[name] - 1}}}" + "\n"))


def landing_summary(tree: nodes.Node, root: str, heading: str) -> str:
    """The paragraph under the landing page's `heading` (its bottom line), else its first
    paragraph, as plain text."""
    section = next((s for s in tree.findall(nodes.section) if s.get("docname") == root), None)
    if section is None:
        return ""
    children = list(section.children)
    for i, child in enumerate(children):
        if child.tagname in ("RootHeader", "title") and child.astext().strip().lower() == heading.lower():
            following = next((c for c in children[i + 1 :] if isinstance(c, nodes.paragraph)), None)
            if following is not None:
                return following.astext()
    first = next((c for c in children if isinstance(c, nodes.paragraph)), None)
    return first.astext() if first is not None else ""


def front_matter(tree: nodes.Node, root: str, title: str) -> None:
    """The landing page opens the report as an unnumbered chapter; its headings become sections."""
    section = next((s for s in tree.findall(nodes.section) if s.get("docname") == root), None)
    if section is None:
        return
    at = 1 if section.children and isinstance(section[0], nodes.title) else 0
    section.insert(at, raw(rf"\csrfrontchapter{{{escape(title)}}}" + "\n"))
    for header in list(section.findall(lambda n: n.tagname == "RootHeader")):
        header.replace_self(raw(rf"\csrfrontsection{{{escape(header.astext())}}}" + "\n"))


def clear_landing(tree: nodes.Node, root: str) -> None:
    """The Databook has no landing page: its cover says what it holds."""
    section = next((s for s in tree.findall(nodes.section) if s.get("docname") == root), None)
    if section is None:
        return
    for child in list(section.children):
        if not isinstance(child, nodes.title):
            section.remove(child)


def keep_registers(tree: nodes.Node, caption: str) -> list[str]:
    """In the chapters' part, each chapter keeps its title and its registers only; chapters
    without a register go. Returns the chapters kept."""
    node = part(tree, caption)
    if node is None:
        return []
    kept = []
    for start in [n for n in node.findall(addnodes.start_of_file) if n is not node]:
        section = next(iter(start.findall(nodes.section)), None)
        found = registers(start)
        if section is None or not found:
            start.parent.remove(start)
            continue
        title = section[0] if isinstance(section[0], nodes.title) else None
        section.children = []
        if title is not None:
            section += title
        for register in found:
            register.parent = None
            section += register
        kept.append(start["docname"])
    if not kept:
        node.parent.remove(node)
    return kept


def unnumbered(tree: nodes.Node, docname: str) -> None:
    """A document (the bibliography) that opens an unnumbered chapter."""
    start = documents(tree).get(docname)
    if start is not None:
        start.insert(0, raw(r"\setcounter{secnumdepth}{-1}" + "\n"))


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


def _tex_text(text: str) -> str:
    """Plain text for LaTeX, on one line; Markdown *emphasis* becomes \\emph."""
    text = escape(" ".join(text.split()), "xelatex")
    return re.sub(
        r"\\sphinxasterisk\{\}(.+?)\\sphinxasterisk\{\}|\*(.+?)\*",
        lambda m: rf"\emph{{{m.group(1) or m.group(2)}}}",
        text,
    )


def _shape(app, entry, tree) -> None:
    config, env, builder = app.config, app.env, app.builder
    databook = config.csreport_databook
    root = config.root_doc
    numbers = _numbers(env)
    edition = current()
    publisher = escape(config.author, "xelatex")
    elements = {
        "subtitle": _tex_text(config.csreport_latex_subtitle),
        "publisher": publisher,
        "howtocite": _tex_text(how_to_cite(edition, citation())),
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
        summary = _tex_text(databook.get("summary", ""))
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
        summary = _tex_text(landing_summary(tree, root, config.csreport_cover_summary_heading))
        front_matter(tree, root, config.csreport_front_title)
        cover = r"\csrcover"
        where = " (in the Databook)"
        pointer = _tex_text(databook.get("pointer", ""))
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
