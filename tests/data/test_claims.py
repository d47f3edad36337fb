"""Checks on the real tables behind the claims chapter: the claims its prose makes still hold."""

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


def test_verdict_counts_add_up_to_the_number_of_claims():
    counts = verdicts.verdict_counts(LEDGER)
    assert counts.supported + counts.partly + counts.contradicted + counts.unverified + counts.opinion == counts.n


def test_ledger_links_every_claim_with_evidence_to_a_chapter():
    evidence = page.ledger_evidence(LEDGER)
    with_evidence = LEDGER.loc[LEDGER["evidence"].notna(), "id"]
    assert all("{doc}`/book/" in page.evidence_myst(evidence[claim]) for claim in with_evidence)
    assert set(LEDGER["verdict"]) <= set(verdicts.LABELS)
