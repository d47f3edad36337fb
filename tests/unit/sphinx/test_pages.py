"""Reader-facing helpers: evidence rows named in words, the ledger markup, citation ranges."""

import pandas as pd
import pytest

from csreport.chapters.claims import page
from csreport.sphinx import pages as sphinxext


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
    assert sphinxext._table_lines(short_cells) < sphinxext.PAGE_LINES < sphinxext._table_lines(long_cells)
