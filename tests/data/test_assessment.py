"""Checks on the real tables behind the landing page, the drivers and the assessment chapters: the
statements their prose makes still hold, the judgements stay on the report's scales, and every
pointer to another table's row resolves."""

import re

import pandas as pd

from csreport import data
from csreport.chapters import assessment, drivers
from csreport.paths import BOOK

POINTER_COLUMNS = {"hypothesis_evidence": "data_rows", "drivers": "data_rows", "policy_options": "evidence_rows"}


def test_every_pointer_to_another_tables_row_resolves():
    rows, missing = {}, []
    for table, column in POINTER_COLUMNS.items():
        for _, r in data.load(table).iterrows():
            for ref in filter(None, str(r[column] if pd.notna(r[column]) else "").split(";")):
                name, _, row_id = ref.partition(":")
                if name not in data.names():
                    missing.append(f"{table}:{r['id']} -> no table '{name}'")
                    continue
                rows.setdefault(name, set(data.load(name)["id"]))
                if row_id not in rows[name]:
                    missing.append(f"{table}:{r['id']} -> no row '{row_id}' in {name}")
    assert missing == []


def test_an_option_that_restates_an_instrument_row_cites_that_rows_sources():
    """One fact, one place: a precedent that restates a fact of transparency_instruments (a treaty's
    date, a register's categories) points at the row and cites every source the row cites."""
    instruments = data.load("transparency_instruments").set_index("id")
    short = []
    for _, o in data.load("policy_options").iterrows():
        cited = set(o["sources"].split(";"))
        for row_id in assessment.rows_of(o["evidence_rows"], "transparency_instruments"):
            missing = set(instruments.loc[row_id, "sources"].split(";")) - cited
            if missing:
                short.append(f"{o['id']} -> {row_id}: {', '.join(sorted(missing))}")
    assert short == []


def test_every_option_is_tied_to_evidence_in_a_chapter_and_says_what_it_would_not_change():
    options = data.load("policy_options")
    chapters = {r["name"]: r.get("chapter") for r in data.resources()}
    for _, o in options.iterrows():
        assert assessment.evidence_links(o["evidence_rows"], chapters), o["id"]
        assert o["would_not_change"].strip(), o["id"]
    assert set(options["actor_group"]) == set(assessment.ACTOR_GROUPS)


def test_judgements_are_on_the_report_scales_and_answer_every_part_of_the_question():
    judgements = assessment.judgement_rows(
        data.load("key_judgements"), data.load("estimative_scale"), data.load("confidence_levels")
    )
    assert 4 <= len(judgements) <= 6
    assert set(judgements["part"]) == {"how_far", "drivers", "consequences"}
    assert assessment.next_releases(judgements, data.load("release_schedule")).notna().any()


def test_the_scale_is_one_published_yardstick_with_gaps_between_ordered_ranges():
    scale = data.load("estimative_scale").sort_values("rank")
    assert scale["term"].is_unique
    assert (scale["low_pct"] <= scale["high_pct"]).all()
    assert (scale["low_pct"].iloc[1:].to_numpy() > scale["high_pct"].iloc[:-1].to_numpy()).all()


def test_the_chapters_reading_of_the_evidence_is_what_the_data_give():
    """Computed, not pinned: the drivers chapter's guards state the same ranking."""
    tally = drivers.tally(data.load("hypothesis_evidence"), data.load("hypotheses"))
    rank = drivers.ranking(tally)
    assert "H2" in rank.most and "H2" not in rank.least


def _numbered_items(text: str) -> list[str]:
    return re.findall(r"(?ms)^\d+\. (.*?)(?=^\d+\. |\Z)", text)


def _bare(text: str) -> str:
    """The text without glued values, links and names that contain digits (FK-3, 5G, Resolution 1244)."""
    text = re.sub(r"\{(glue:text|numref|doc|ref|cite:p)\}`[^`]*`", "", text)
    return re.sub(r"\b[A-Z][A-Za-z]*-\d+\w*|\b5G\b", "", text)


def test_judgements_and_bottom_line_have_no_number_that_is_not_glued():
    """Every digit on the landing page's judgements and bottom line (also shown by the brief) comes
    from a glued value; every judgement links to where it is argued and shows its confidence."""
    judgements = (BOOK / "_judgements.md").read_text(encoding="utf-8")
    items = _numbered_items(judgements)
    assert 4 <= len(items) <= 6
    for item in items:
        assert "*Confidence:* {glue:text}`assessment.ipynb::" in item, item[:60]
        assert "*Would change it:*" in item and "*Argued in:*" in item, item[:60]
        assert "{ref}" in item or "{doc}" in item, item[:60]
        assert not re.search(r"\d", _bare(item)), f"unglued number: {_bare(item)}"
    bottom = (BOOK / "_bottom_line.md").read_text(encoding="utf-8")
    assert not re.search(r"\d", _bare(bottom))
    assert 2 <= len(re.findall(r"[.;]\s", bottom.strip() + " ")) <= 5
    for page in ("index.md",):
        text = (BOOK / page).read_text(encoding="utf-8")
        assert "```{include} _judgements.md" in text and "```{include} _bottom_line.md" in text


def test_landing_page_mentions_the_opinion_article_once_with_every_verdict():
    text = (BOOK / "index.md").read_text(encoding="utf-8")
    assert text.count("opinion article") == 1
    for key in ("cl_n", "cl_supported", "cl_partly", "cl_contradicted", "cl_unverified", "cl_opinion"):
        assert f"claims.ipynb::{key}:s" in text, key
