"""The claims ledger: complete, every evidence reference resolves, computed verdicts match stored ones."""
import pytest

from csreport import data, verdicts

LEDGER = data.load("claims")


def test_every_claim_of_the_article_present_exactly_once():
    assert sorted(LEDGER["id"]) == [f"C{i:02d}" for i in range(1, 34)]


def test_every_evidence_reference_resolves_to_a_row():
    tables = {}
    missing = []
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


def test_claims_without_evidence_are_opinions_or_unverified():
    empty = LEDGER[LEDGER["evidence"].isna()]
    assert set(empty["verdict"]) <= {"opinion", "unverified"}


def test_computed_verdicts_match_stored_ones():
    result = verdicts.check(LEDGER, verdicts.load_tables())
    assert result[~result["match"]].empty, result[~result["match"]].to_string()
    assert len(result) >= 10


@pytest.mark.parametrize("claim, expected", [
    ("C06", "partly_supported"),  # launched as 16+1, not "14+1"; 17+1 from 2019 to 2021 is right
    ("C27", "contradicted"),      # Chinese army units had drilled in Europe before Smederevo
    ("C28", "supported"),         # China's share above Russia's in the latest SIPRI windows
])
def test_key_verdicts_follow_from_the_data(claim, expected):
    assert verdicts.COMPUTED[claim](verdicts.load_tables()) == expected


def test_ceec_launch_name_is_not_14_plus_1():
    from csreport import indicators
    assert indicators.ceec_periods(data.load("ceec_membership")).iloc[0]["name"] == "16+1"


def test_key_findings_have_no_number_that_is_not_glued():
    """Every digit in the landing page's key findings comes from a glued value."""
    import re

    from csreport.paths import BOOK

    page = (BOOK / "index.md").read_text(encoding="utf-8")
    findings = page.split("## Key findings", 1)[1].split("\n## ", 1)[0]
    items = re.findall(r"(?m)^\d+\. (.*)$", findings)
    assert 5 <= len(items) <= 8
    for item in items:
        assert "{numref}" in item, f"key finding without a link to its figure: {item[:60]}"
        bare = re.sub(r"\{glue:text\}`[^`]*`|\{numref\}`[^`]*`", "", item)
        assert not re.search(r"\d", bare), f"unglued number in key finding: {bare}"


def test_ledger_links_every_claim_with_evidence_to_a_chapter():
    linked = verdicts.with_links(LEDGER)
    with_evidence = linked[LEDGER["evidence"].notna()]
    assert with_evidence["evidence_links"].str.contains("{doc}`/book/").all()
    assert set(linked["verdict_label"]) <= set(verdicts.LABELS.values())
    counts = verdicts.counts_text(LEDGER)
    assert counts["cl_n"] == "33" and int(counts["cl_contradicted"]) == (LEDGER["verdict"] == "contradicted").sum()
