"""What an assembled LaTeX tree holds, and the operations that shape it for one PDF
(csreport.sphinx.latexdocs chooses which apply to the report, the Databook and the brief): the
documents and parts in it, what it cites, pointers to where a document or register is printed
instead, numbers as on the web, and the report's front matter.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.util.texescape import escape

DATABOOK_CLASS = "databook"  # tables.table(..., databook=True) marks its table with this class
_CITE = re.compile(r"\\hyperlink\{cite\.[^:}]+:([^}]+)\}")


def tex_text(text: str) -> str:
    """Plain text for LaTeX, on one line; Markdown *emphasis* becomes \\emph."""
    text = escape(" ".join(text.split()), "xelatex")
    return re.sub(
        r"\\sphinxasterisk\{\}(.+?)\\sphinxasterisk\{\}|\*(.+?)\*",
        lambda m: rf"\emph{{{m.group(1) or m.group(2)}}}",
        text,
    )


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
            title = tex_text(titles[name])
            entry = rf"\protect\numberline{{{letter}}}{title} {{\itshape {tex_text(elsewhere[name].strip())}}}"
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
        caption = tex_text(title.astext()) if title is not None else ""
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
