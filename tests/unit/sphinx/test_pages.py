"""Reader-facing helpers: evidence rows named in words, the ledger markup, citation ranges."""

import pandas as pd
import pytest

from csreport.chapters.claims import page
from csreport.sphinx import pages as sphinxext
from csreport.sphinx import tablelayout


def test_row_in_words_prefers_short_label_and_adds_year_and_renderer():
    row = pd.Series(
        {
            "id": "a1",
            "short_label": "Fake treaty",
            "event": "A long event text",
            "date": "2001-02-03",
            "rendered_by": "Outlet X",
        }
    )
    assert page.row_in_words(row) == "Fake treaty (2001, Outlet X)"


def test_row_in_words_prefixes_country_to_short_labels_and_falls_back_to_id():
    assert page.row_in_words(pd.Series({"id": "a1", "country": "Serbia", "event": "joined"})) == "Serbia: joined"
    assert page.row_in_words(pd.Series({"id": "a_2", "notes": "x"})) == "a 2"


def test_row_in_words_shortens_long_text():
    row = pd.Series({"id": "a1", "description": "one two three four five six seven eight nine ten eleven"})
    assert page.row_in_words(row) == "one two three four five six seven eight nine…"


def test_evidence_in_words_groups_rows_by_chapter_and_names_bad_references():
    tables = {
        "t1": pd.DataFrame({"id": ["a1", "a2"], "name": ["Alpha", "Beta"]}),
        "t2": pd.DataFrame({"id": ["b1"], "name": ["Gamma"]}),
    }
    chapters = {"t1": "book/01_x", "t2": "book/02_y"}
    groups = page.evidence_in_words("t1:a1;t2:b1;t1:a2", chapters, tables)
    assert groups == [("book/01_x", ["Alpha", "Beta"]), ("book/02_y", ["Gamma"])]
    assert "{doc}`/book/01_x`: ‘Alpha’; ‘Beta’" in page.evidence_myst(groups)
    assert page.evidence_myst([]) == "none in the data tables"
    with_section = page.evidence_in_words("t1:a1", chapters, tables, {"t1": "x-section"})
    assert "{doc}`/book/01_x`, {ref}`x-section`: ‘Alpha’" in page.evidence_myst(with_section)
    with pytest.raises(ValueError, match="no row 'zz'"):
        page.evidence_in_words("t1:zz", chapters, tables)
    with pytest.raises(ValueError, match="no table 't9'"):
        page.evidence_in_words("t9:a1", chapters, tables)


def test_ledger_markup_has_one_block_per_claim_in_html_and_print():
    ledger = pd.DataFrame(
        {
            "id": ["X1", "X2"],
            "dimension": ["dim_a", "dim_b"],
            "claim": ["Claim one.", "Claim two."],
            "verdict": ["supported", "partly_supported"],
            "assessment": ["Because.", "Partly."],
            "sources": ["k1", "k1;k2"],
        }
    )
    evidence = {"X1": [], "X2": [("book/01_x", ["Alpha"])]}
    text = page.ledger_markup(
        ledger, evidence, {"dim_a": "Dim A", "dim_b": "Dim B"}, lambda keys: "{cite:p}`" + ",".join(keys) + "`"
    )
    html, _, latex = text.partition("`````{only} latex")
    assert html.count("::::{container} claim ") == 2
    assert "claim-v-partly-supported claim-d-dim-b" in html
    assert '<option value="partly-supported">Partly supported</option>' in html
    assert latex.count("*Verdict:*") == 2 and "Dim B" in latex


def test_runs_of_citation_numbers():
    assert sphinxext._runs([1, 2, 3, 5, 7, 8]) == [[1, 2, 3], [5], [7, 8]]
    assert sphinxext._runs([]) == []


def test_citation_group_becomes_ranges():
    from docutils import nodes

    group = nodes.inline(classes=["bibtex-citation"])
    group += nodes.Text("[")
    for i, n in enumerate([5, 1, 2, 3, 7, 8]):
        if i:
            group += nodes.Text(", ")
        group += nodes.reference("", str(n), refuri=f"#c{n}")
    group += nodes.Text("]")
    doc = nodes.paragraph()
    doc += group
    sphinxext._citation_ranges(None, doc, "x")
    assert group.astext() == "[1–3, 5, 7, 8]"
    assert [r["refuri"] for r in group.findall(nodes.reference)] == ["#c1", "#c3", "#c5", "#c7", "#c8"]


def table_node(widths, rows):
    from docutils import nodes

    table = nodes.table()
    group = nodes.tgroup(cols=len(widths))
    table += group
    for w in widths:
        group += nodes.colspec(colwidth=w)
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for text in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=text)
            row += entry
        body += row
    return table


def test_short_table_with_long_cells_counts_as_tall():
    short_cells = table_node([1, 1], [["a", "b"]] * 5)
    long_cells = table_node([1, 9], [["a", "word " * 200]] * 5)
    assert tablelayout._table_lines(short_cells) < tablelayout.PAGE_LINES < tablelayout._table_lines(long_cells)


def test_key_points_paragraph_and_its_list_become_one_block():
    from docutils import nodes

    section = nodes.section()
    label = nodes.paragraph()
    label += [nodes.Text(""), nodes.strong(text="Key points"), nodes.Text("")]  # as MyST writes it
    items = nodes.bullet_list()
    items += nodes.list_item("", nodes.paragraph(text="A judgement."))
    section += [nodes.paragraph(text="The question."), label, items, nodes.paragraph(text="More.")]
    assert sphinxext.key_points_blocks(section) == 1
    block = section[1]
    assert isinstance(block, nodes.container) and block["classes"] == ["key-points"]
    assert block.astext().startswith("Key points") and "A judgement." in block.astext()
    # a bold "Key points" not followed by a list, or in running text, is left alone
    lone = nodes.section()
    lone += nodes.paragraph("", "", nodes.Text(""), nodes.strong(text="Key points"), nodes.Text(" "))
    lone += nodes.paragraph(text="No list.")
    assert sphinxext.key_points_blocks(lone) == 0


def test_table_caption_moves_above_the_scrolling_box_and_labels_the_table():
    body = (
        '<div class="pst-scrollable-table-container"><table class="table" id="tbl-x">\n'
        '<caption><span class="caption-number">Table 1.1 </span><span class="caption-text">Events</span></caption>'
        "<tbody></tbody></table></div>"
    )
    out = sphinxext.captions_above_tables(body)
    assert out.startswith('<p class="table-caption" id="tbl-x-caption"><span class="caption-number">Table 1.1')
    assert '<table class="table" id="tbl-x" aria-labelledby="tbl-x-caption">' in out
    assert "<caption>" not in out


def test_page_contents_lists_the_sections_under_the_title_only_on_long_pages():
    toc = (
        '<ul><li><a href="#">Title</a><ul><li><a href="#a">A</a></li><li><a href="#b">B</a></li>'
        '<li><a href="#c">C</a></li></ul></li></ul>'
    )
    body = "<section><h1>Title</h1><p>Text</p></section>"
    out = sphinxext.page_contents(body, toc)
    assert out.index("</h1>") < out.index('<nav class="page-contents"') < out.index("<p>Text</p>")
    assert out.count('href="#') == 3
    short = toc.replace('<li><a href="#c">C</a></li>', "")
    assert sphinxext.page_contents(body, short) == body


def test_generated_png_figures_are_referred_to_by_any_format():
    pattern = sphinxext._GENERATED_PNG
    assert pattern.match("generated/mil-shares.png") and pattern.match("./generated/a-b.png")
    assert not pattern.match("images/logo.png") and not pattern.match("generated/sub/x.png")


def test_print_widths_give_every_column_its_longest_word_and_headers_room():
    header = ["Name", "Date", "Event", "Sources"]
    body = [["16+1", "2012-04-26", "Launched with sixteen European countries at a summit in Warsaw", "[85–91]"]]
    widths = tablelayout.column_widths(header, body)
    per_char = tablelayout.LINE_CHARS / sum(widths)
    assert widths[0] * per_char >= len("Name") * tablelayout.BOLD + tablelayout.CELL_PAD - 1
    assert widths[1] * per_char >= len("2012-04-26") + tablelayout.CELL_PAD - 1
    assert widths[2] == max(widths)  # the running text takes what is left
    assert abs(sum(widths) - tablelayout.LINE_CHARS) <= len(widths)


def test_latex_citation_group_becomes_ranges():
    from docutils import nodes
    from sphinxcontrib.bibtex.nodes import raw_latex

    group = nodes.inline(classes=["bibtex-citation"])
    group += nodes.Text("[")
    for i, n in enumerate([5, 6, 7, 9]):
        if i:
            group += nodes.Text(", ")
        group += [raw_latex(f"\\hyperlink{{cite.x:id{n}}}{{"), nodes.Text(str(n)), raw_latex("}")]
    group += nodes.Text("]")
    paragraph = nodes.paragraph()
    paragraph += group
    sphinxext._citation_ranges(None, paragraph, "x")
    assert group.astext() == "[5–7, 9]"
    assert [c.rawsource for c in group.children if c.tagname == "raw_latex"][0] == "\\hyperlink{cite.x:id5}{"


def test_dates_and_spans_of_dates_are_recognised_for_one_line_cells():
    for text in ["2021-05-28", "20 Sep–4 Oct 2010", "from 14 Sep 2009", "Jul 2011", "H1 2024", "2019"]:
        assert tablelayout.is_date(text), text
    for text in [
        "Friendship Action 2009",
        "Context (no Serbia)",
        "Serbia 2020 plan",
        "from 1 January 2020 to 31 December 2021",
    ]:
        assert not tablelayout.is_date(text), text


def test_columns_are_classed_by_the_median_length_of_their_cells():
    assert tablelayout.column_classes([4, 10, 12]) == []
    assert tablelayout.column_classes([10, 60, 80]) == ["text-column"]
    assert tablelayout.column_classes([30, 180, 400]) == ["text-column", "long-text"]
    assert tablelayout.column_classes([400, 400, 10, 10, 10]) == []  # two long cells do not make the column
    assert tablelayout.column_classes([]) == []


def test_legal_references_keep_their_brackets_together():
    assert tablelayout.join_legal_references("Article 5(1)(h)(i)–(iii)") == "Article 5(1)\u2060(h)\u2060(i)–(iii)"
    assert tablelayout.join_legal_references("Article 9 (2) (a)") == "Article 9 (2) (a)"
