"""Checks on the real tables behind the assessment chapter: the claims its prose makes still hold."""

from csreport import data
from csreport.chapters import assessment as levers


def test_real_tables_agree_with_the_chapter_headlines():
    """Computed, not pinned: the statements the prose makes about the real tables hold for them."""
    commitments = levers.commitment_rows(data.load("security_commitments"))
    e = levers.endorsements(commitments)
    assert 0 < e.n_gsi <= e.n_events
    lever_table = data.load("eu_nato_levers")
    eu = lever_table[lever_table["actor"] == "EU"]
    assert len(levers.not_binding_before_accession(lever_table, "EU")) <= len(eu)
    loans = levers.loan_rows(data.load("loan_documents"))
    h = levers.headings(loans)
    assert h.n_text_read == 0  # the prose says no clause text was read
    assert "chinese_policy_bank" not in h.confidentiality_kinds
