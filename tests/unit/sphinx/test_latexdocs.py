"""How one LaTeX build is shaped into the report, the Databook and the brief, on small trees."""

import types

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.util import texescape
from sphinxcontrib.bibtex.nodes import raw_latex

from csreport.sphinx import latexdocs, latextrees

ROOT = "book/index"


@pytest.fixture(autouse=True)
def _texescape():
    texescape.init()


class RootHeader(nodes.Element):
    """Stands in for sphinx_jupyterbook_latex's heading of the landing page."""


def doc(name: str, *children) -> addnodes.start_of_file:
    start = addnodes.start_of_file(docname=name)
    section = nodes.section(docname=name, ids=[name.split("/")[-1]])
    section += nodes.title(text=name.split("/")[-1].title())
    section += list(children)
    start += section
    return start


def part(caption: str, *docs) -> nodes.compound:
    wrapper = nodes.compound(classes=["toctree-wrapper"])
    start = addnodes.start_of_file(docname=caption)
    section = nodes.section(docname=caption)
    section += nodes.title(text=caption)
    inner = nodes.compound(classes=["toctree-wrapper"])
    inner += list(docs)
    section += inner
    start += section
    wrapper += start
    return wrapper


def register(table_id: str, caption: str) -> nodes.container:
    box = nodes.container(classes=["databook"])
    table = nodes.table(ids=[table_id])
    table += nodes.title(text=caption)
    box += table
    box += nodes.paragraph(text="Sources: [1].")
    return box


def cite(entry_id: str) -> raw_latex:
    return raw_latex(f"\\hyperlink{{cite.book/references:{entry_id}}}{{")


def citation(entry_id: str, label: str) -> nodes.citation:
    entry = nodes.citation(ids=[entry_id], docname="book/references")
    entry += nodes.label(text=label)
    entry += nodes.paragraph(text=f"Entry {label}.")
    return entry


def book(landing=(), chapters=(), appendices=(), bibliography=()) -> nodes.document:
    tree = nodes.document(None, None)
    tree["docname"] = ROOT
    top = nodes.section(docname=ROOT)
    top += nodes.title(text="The report")
    top += list(landing)
    tree += top
    tree += part("Chapters", *chapters)
    tree += part("Appendices", *appendices)
    if bibliography:
        bib = thebibliography()
        bib += list(bibliography)
        tree += bib
    return tree


NUMBERS = {("book/military", "tbl-register"): "2.3", ("book/data", "tbl-tables"): "D.1"}


def numbers(doc, target):
    return NUMBERS.get((doc, target))


def test_report_bibliography_keeps_only_what_it_cites():
    cited = nodes.paragraph()
    cited += [nodes.Text("A fact "), cite("id1")]
    tree = book(chapters=[doc("book/context", cited)], bibliography=[citation("id1", "1"), citation("id2", "2")])
    assert latextrees.keep_cited(tree) == (1, 2)
    assert [c["ids"] for c in tree.findall(nodes.citation)] == [["id1"]]


def test_a_register_leaves_a_pointer_with_its_web_number_in_the_report():
    tree = book(chapters=[doc("book/military", nodes.paragraph(text="Text."), register("tbl-register", "Arms"))])
    assert latextrees.point_to_databook(tree, numbers) == ["2.3"]
    assert not list(tree.findall(nodes.table))
    pointer = next(n for n in tree.findall(nodes.raw) if "csrdatabookpointer" in n.astext())
    text = pointer.astext()
    assert r"\setcounter{table}{2}\refstepcounter{table}" in text
    assert r"\label{\detokenize{book/military:tbl-register}}" in text and "{Arms}" in text


def test_the_databook_keeps_each_register_under_its_chapter_and_drops_the_rest():
    tree = book(
        chapters=[
            doc("book/context", nodes.paragraph(text="No register here.")),
            doc("book/military", nodes.paragraph(text="Prose."), register("tbl-register", "Arms")),
        ]
    )
    assert latextrees.keep_registers(tree, "Chapters") == ["book/military"]
    assert list(latextrees.documents(tree)) == ["Chapters", "book/military", "Appendices"]
    military = latextrees.documents(tree)["book/military"]
    assert "Prose." not in military.astext() and "Arms" in military.astext()


def test_a_chapters_part_without_registers_disappears_from_the_databook():
    tree = book(chapters=[doc("book/context", nodes.paragraph(text="x"))])
    assert latextrees.keep_registers(tree, "Chapters") == []
    assert latextrees.part(tree, "Chapters") is None


def test_references_to_what_a_pdf_leaves_out_become_text_with_the_web_number():
    numref = addnodes.number_reference("", "", internal=True, refuri="%book/data#tbl-tables", title="Table %s")
    numref += nodes.Text("Table D.1")
    docref = nodes.reference("", "", internal=True, refuri="%book/claims")
    docref += nodes.inline(text="The claims tested")
    kept = nodes.reference("", "", internal=True, refuri="%book/context#context")
    kept += nodes.Text("Context")
    term = nodes.reference("", "", internal=True, refuri="%book/glossary#term-TIV")
    term += nodes.inline(text="TIV", classes=["xref", "std", "std-term"])
    para = nodes.paragraph()
    para += [numref, nodes.Text(", "), docref, nodes.Text(", "), kept, nodes.Text(", "), term]
    tree = book(chapters=[doc("book/context", para)])
    assert latextrees.unlink_missing(tree, numbers, " (in the Databook)") == 3
    assert para.astext() == "Table D.1 (in the Databook), The claims tested (in the Databook), Context, TIV"
    assert len(list(para.findall(nodes.reference))) == 1


def test_figures_and_tables_get_the_counter_of_their_web_number():
    table = nodes.table(ids=["tbl-register"])
    tree = book(chapters=[doc("book/military", table)])
    latextrees.number_like_the_web(tree, numbers)
    before = table.parent[table.parent.index(table) - 1]
    assert before.astext().strip() == r"\setcounter{table}{2}"


def test_chapters_and_appendices_keep_their_numbers_and_letters():
    tree = book(chapters=[doc("book/context")], appendices=[doc("book/about")])
    latextrees.number_chapters(tree, {"book/context": 1, "book/about": 6})
    starts = latextrees.documents(tree)
    assert starts["book/about"][0].astext().strip() == r"\setcounter{chapter}{5}"
    assert starts["book/context"][0].astext().strip() == r"\setcounter{chapter}{0}"


def test_the_cover_summary_is_the_bottom_line_else_the_first_paragraph():
    header = RootHeader()
    header += nodes.Text("Bottom line")
    landing = [nodes.paragraph(text="The question."), header, nodes.paragraph(text="It went far.")]
    assert latextrees.landing_summary(book(landing=landing), ROOT, "Bottom line") == "It went far."
    assert latextrees.landing_summary(book(landing=landing[:1]), ROOT, "Bottom line") == "The question."


def test_the_landing_page_opens_the_report_as_an_unnumbered_chapter():
    header = RootHeader()
    header += nodes.Text("Key judgements")
    tree = book(landing=[nodes.paragraph(text="Intro."), header])
    latextrees.front_matter(tree, ROOT, "Summary")
    text = [n.astext() for n in tree.findall(nodes.raw)]
    assert text[0].strip() == r"\csrfrontchapter{Summary}"
    assert text[1].strip() == r"\csrfrontsection{Key judgements}"


def test_removed_documents_are_gone_and_emphasis_survives_in_tex_text():
    tree = book(appendices=[doc("book/claims"), doc("book/methods")])
    latextrees.remove_documents(tree, ["book/claims"])
    assert "book/claims" not in latextrees.documents(tree)
    assert latextrees.tex_text("A (2026). *Title*. 50% #1") == r"A (2026). \emph{Title}. 50\% \#1"


def test_extra_documents_are_added_once_and_written_first():
    current = [("book/index", "a.tex", "A", "x", "manual")]
    extra = [["book/brief", "b.tex", "B", "x", "howto"], ["book/index", "a.tex", "A", "x", "manual"]]
    once = latexdocs.extra_documents(current, extra)
    assert once == [tuple(extra[0]), current[0]]
    assert latexdocs.extra_documents(once, extra) == once  # a second call (incremental build) adds nothing


def test_report_entries_are_compact_with_the_title_linking_to_the_source():
    entry = citation("id1", "1")
    para = entry[1]
    para.children = []
    url = nodes.inline(classes=["bib-url"])
    url += nodes.reference("", "https://example.org/a", refuri="https://example.org/a")
    extra = nodes.inline(classes=["bib-extra"])
    extra += nodes.Text(" (accessed 2026-01-01). A long note.")
    para += [nodes.Text("Publisher. "), nodes.emphasis(text="Title"), nodes.Text(". 2020. "), url, extra]
    tree = book(bibliography=[entry])
    assert latextrees.compact_entries(tree) == 1
    assert para.astext() == "Publisher. Title. 2020. "
    link = next(iter(para.findall(nodes.reference)))
    assert link["refuri"] == "https://example.org/a" and link.astext() == "Title"


def test_a_citation_range_keeps_the_entries_it_spans():
    group = nodes.inline(classes=["bibtex-citation"])
    group += [nodes.Text("["), cite("id6"), nodes.Text("6"), raw_latex("}"), nodes.Text("–")]
    group += [cite("id8"), nodes.Text("8"), raw_latex("}"), nodes.Text("]")]
    para = nodes.paragraph()
    para += group
    entries = [citation(f"id{n}", str(n)) for n in (6, 7, 8, 9)]
    tree = book(chapters=[doc("book/context", para)], bibliography=entries)
    assert latextrees.keep_cited(tree) == (3, 4)
    assert [c[0].astext() for c in tree.findall(nodes.citation)] == ["6", "7", "8"]


def test_source_lines_with_citations_go_and_other_paragraphs_stay():
    group = nodes.inline(classes=["bibtex-citation"])
    group += [nodes.Text("["), cite("id6"), nodes.Text("6"), raw_latex("}"), nodes.Text("]")]
    sources = nodes.paragraph()
    sources += [nodes.Text("Sources: "), group, nodes.Text(".")]
    prose = nodes.paragraph(text="Sources: the chart names them.")  # no citation: kept
    tree = book(chapters=[doc("book/brief", sources, prose)], bibliography=[])
    assert latextrees.drop_source_lines(tree) == 1
    assert [p.astext() for p in tree.findall(nodes.paragraph)] == ["Sources: the chart names them."]


def test_web_numbers_count_within_the_chapter_whatever_the_sections():
    by_section = {"a": (2, 1, 1), "b": (2, 2, 1), "c": (2, 2, 2), "d": (2, 10, 1)}
    assert [latexdocs.web_number(by_section, k) for k in "abcd"] == ["2.1", "2.2", "2.3", "2.4"]
    assert latexdocs.web_number({"x": ("D", 2), "y": ("D", 1)}, "x") == "D.2"
    assert latexdocs.web_number(by_section, "zz") is None


def test_appendices_printed_elsewhere_keep_their_letter_and_place_in_the_contents():
    tree = book(appendices=[doc("book/brief"), doc("book/methods"), doc("book/claims"), doc("book/data")])
    elsewhere = {
        "book/brief": " (a PDF of its own)",
        "book/claims": " (in the Databook)",
        "book/data": " (in the Databook)",
    }
    letters = {"book/brief": 1, "book/methods": 2, "book/claims": 3, "book/data": 4}
    titles = {"book/brief": "Policy brief", "book/claims": "Claims tested", "book/data": "Data appendix"}
    assert latextrees.list_elsewhere(tree, elsewhere, letters, titles) == 3
    latextrees.remove_documents(tree, list(elsewhere))
    assert list(latextrees.documents(tree)) == ["Chapters", "Appendices", "book/methods"]
    before_methods = latextrees.documents(tree)["book/methods"][0].astext()
    assert r"\numberline{A}Policy brief {\itshape (a PDF of its own)}" in before_methods
    last = latextrees.part(tree, "Appendices").children[-1].astext()
    assert last.index(r"\numberline{C}Claims tested") < last.index(r"\numberline{D}Data appendix")


def test_each_document_gets_the_citation_nodes_as_they_were_before_the_first_used_them():
    bibliography = types.SimpleNamespace(citation_nodes={"src1": nodes.citation(ids=["id1"])})
    bibliographies, pristine = {"key": bibliography}, {}
    latexdocs.fresh_citations(bibliographies, pristine)
    bibliography.citation_nodes["src1"] += nodes.paragraph(text="as the first PDF shaped it")
    latexdocs.fresh_citations(bibliographies, pristine)
    assert bibliography.citation_nodes["src1"].children == []
    assert bibliography.citation_nodes["src1"]["ids"] == ["id1"]
