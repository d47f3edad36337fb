"""Checks on the real tables behind the claims chapter: the claims its prose makes still hold."""

import re

from csreport import data
from csreport.chapters import claims as verdicts
from csreport.chapters.claims import page, rules

LEDGER = data.load("claims")


def test_every_evidence_reference_resolves_to_a_row():
    tables, missing = {}, []
    for _, claim in LEDGER.iterrows():
        for ref in filter(None, (claim["evidence"] or "").split(";")):
            table, _, row_id = ref.partition(":")
            if table not in data.names():
                missing.append(f"{claim['id']}: no table '{table}'")
                continue
            tables.setdefault(table, set(data.load(table)["id"]))
            if row_id not in tables[table]:
                missing.append(f"{claim['id']}: no row '{row_id}' in {table}")
    assert missing == []


def test_computed_verdicts_match_stored_ones_and_every_rule_is_used():
    result = verdicts.check(LEDGER, verdicts.load_tables())
    assert result[~result["match"]].empty, result[~result["match"]].to_string()
    assert verdicts.unused_rules(LEDGER) == []
    assert set(rules.REQUIRES) == set(verdicts.RULES)


def test_every_claim_of_the_article_present_exactly_once():
    assert sorted(LEDGER["id"]) == [f"C{i:02d}" for i in range(1, 34)]


def test_claims_without_evidence_are_opinions_or_unverified():
    assert set(LEDGER.loc[LEDGER["evidence"].isna(), "verdict"]) <= {"opinion", "unverified"}


def test_key_findings_have_no_number_that_is_not_glued():
    """Every digit in the key findings (book/_findings.md, shown by the landing page and the brief)
    comes from a glued value, and every finding links to the chapter that holds its evidence."""
    from csreport.paths import BOOK

    findings = (BOOK / "_findings.md").read_text(encoding="utf-8")
    items = re.findall(r"(?m)^\d+\. (.*)$", findings)
    assert 5 <= len(items) <= 8
    for item in items:
        assert "{doc}" in item or "{numref}" in item, f"key finding without a link to its chapter: {item[:60]}"
        assert "*Why it matters:*" in item, f"key finding without why it matters: {item[:60]}"
        bare = re.sub(r"\{glue:text\}`[^`]*`|\{numref\}`[^`]*`|\{doc\}`[^`]*`", "", item)
        bare = re.sub(r"\b[A-Z][A-Za-z]*-\d+\w*|\b5G\b", "", bare)  # names such as FK-3 or 5G, not numbers
        assert not re.search(r"\d", bare), f"unglued number in key finding: {bare}"
    assert "```{include} _findings.md" in (BOOK / "index.md").read_text(encoding="utf-8")


def test_ledger_links_every_claim_with_evidence_to_a_chapter():
    evidence = page.ledger_evidence(LEDGER)
    with_evidence = LEDGER.loc[LEDGER["evidence"].notna(), "id"]
    assert all("{doc}`/book/" in page.evidence_myst(evidence[claim]) for claim in with_evidence)
    assert set(LEDGER["verdict"]) <= set(verdicts.LABELS)
