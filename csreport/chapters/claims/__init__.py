"""The claims ledger (book/claims, an appendix): verdicts of the source article's claims, recomputed from the data.

- `rules`: one function per data-decidable claim, named in the ledger's `rule` column (`RULES`);
- `ledger`: stored vs computed verdicts (`check`), counts per verdict, the figure, evidence links.
"""

from .ledger import (
    LABELS,
    VerdictCounts,
    check,
    computed_verdicts,
    dimension_labels,
    unused_rules,
    verdict_counts,
    verdicts_figure,
)
from .rules import (
    CONTRADICTED,
    OPINION,
    PARTLY,
    REQUIRES,
    RULES,
    SUPPORTED,
    UNVERIFIED,
    evidence_ids,
    load_tables,
)

__all__ = [
    "CONTRADICTED",
    "LABELS",
    "OPINION",
    "PARTLY",
    "REQUIRES",
    "RULES",
    "SUPPORTED",
    "UNVERIFIED",
    "VerdictCounts",
    "check",
    "computed_verdicts",
    "dimension_labels",
    "evidence_ids",
    "load_tables",
    "unused_rules",
    "verdict_counts",
    "verdicts_figure",
]
