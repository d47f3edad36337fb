"""The claims ledger: stored vs computed verdicts, counts, the verdicts figure and evidence links."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .rules import CONTRADICTED, OPINION, PARTLY, RULES, SUPPORTED, UNVERIFIED


def _rule_of(claim: pd.Series):
    name = claim.get("rule")
    if name is None or pd.isna(name):
        return None
    if name not in RULES:
        raise ValueError(
            f"claims, row '{claim['id']}', column 'rule': no rule '{name}' in csreport.chapters.claims.RULES"
        )
    return RULES[name]


def computed_verdicts(ledger: pd.DataFrame, tables) -> dict[str, str]:
    """Claim ID -> verdict computed by the claim's rule, for every claim that names one."""
    out = {}
    for _, claim in ledger.iterrows():
        rule = _rule_of(claim)
        if rule is not None:
            out[claim["id"]] = rule(tables, claim)
    return out


def check(ledger: pd.DataFrame, tables) -> pd.DataFrame:
    """Stored vs computed verdict for every claim that is decidable by data or names a rule.

    Column `match` must be all True: it is False where the verdicts differ, where a claim marked
    decidable_by_data = yes names no rule, or where a claim names a rule but is not marked decidable.
    """
    computed = computed_verdicts(ledger, tables)
    decidable = ledger["decidable_by_data"].eq("yes")
    rows = ledger[decidable | ledger["id"].isin(computed)]
    out = pd.DataFrame(
        {
            "id": rows["id"],
            "stored": rows["verdict"],
            "computed": rows["id"].map(computed),
            "decidable": decidable[rows.index],
        }
    )
    out["match"] = out["stored"].eq(out["computed"]).fillna(False).astype(bool) & out["decidable"]
    return out.reset_index(drop=True)


def unused_rules(ledger: pd.DataFrame) -> list[str]:
    """Rules of RULES that no claim names (dead code, or a claim that lost its rule)."""
    return sorted(set(RULES) - set(ledger["rule"].dropna()))


# --- Presentation of the ledger ------------------------------------------------------------------

LABELS = {
    SUPPORTED: "Supported",
    PARTLY: "Partly supported",
    CONTRADICTED: "Contradicted",
    UNVERIFIED: "Unverified",
    OPINION: "Opinion",
}
COLOURS = {SUPPORTED: "#009E73", PARTLY: "#56B4E9", CONTRADICTED: "#D55E00", UNVERIFIED: "#6B6B6B", OPINION: "#CC79A7"}


@dataclass(frozen=True)
class VerdictCounts:
    """How many claims the ledger holds, per verdict, and how many a rule recomputes."""

    n: int
    supported: int
    partly: int
    contradicted: int
    unverified: int
    opinion: int
    computed: int

    @property
    def hold_up(self) -> int:
        """Claims supported at least in part."""
        return self.supported + self.partly


def verdict_counts(ledger: pd.DataFrame) -> VerdictCounts:
    """The number of claims, of claims per verdict, and of claims with a rule."""
    unknown = set(ledger["verdict"]) - set(LABELS)
    if unknown:
        raise ValueError(f"claims, column 'verdict': unknown verdict(s) {sorted(unknown)}")
    counts = ledger["verdict"].value_counts()
    return VerdictCounts(
        n=len(ledger),
        supported=int(counts.get(SUPPORTED, 0)),
        partly=int(counts.get(PARTLY, 0)),
        contradicted=int(counts.get(CONTRADICTED, 0)),
        unverified=int(counts.get(UNVERIFIED, 0)),
        opinion=int(counts.get(OPINION, 0)),
        computed=int(ledger["rule"].notna().sum()),
    )


def dimension_labels(ledger: pd.DataFrame) -> dict[str, str]:
    """dimension -> its label (column `dimension_label`); a dimension with two labels is an error."""
    labels = ledger.groupby("dimension")["dimension_label"].unique()
    doubled = {d: list(v) for d, v in labels.items() if len(v) != 1}
    if doubled:
        raise ValueError(f"claims, column 'dimension_label': more than one label for {doubled}")
    return {d: v[0] for d, v in labels.items()}


def verdicts_figure(ledger: pd.DataFrame):
    """Stacked bars of verdicts per dimension (named by `dimension_label`), the most claims at the top."""
    from csreport.report import charts

    by_dim = (
        ledger.groupby(["dimension", "verdict"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(LABELS), fill_value=0)
    )
    by_dim = by_dim.loc[by_dim.sum(axis=1).sort_values(kind="stable").index]
    fig, ax = charts.figure(height=3.2)
    left = pd.Series(0, index=by_dim.index)
    names = by_dim.index.map(dimension_labels(ledger))
    for verdict, label in LABELS.items():
        ax.barh(names, by_dim[verdict], left=left, color=COLOURS[verdict], label=label, edgecolor="white")
        left += by_dim[verdict]
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Number of claims")
    # Room for the longest dimension name (about 0.55 em per character at 9 pt on a 7-inch figure).
    fig.subplots_adjust(left=0.04 + max(map(len, names)) * 0.55 * 9 / 72 / charts.WIDTH_IN)
    ax.legend(ncol=1, loc="lower right", fontsize=8, frameon=True)
    return charts.Chart(fig, ledger[["id", "dimension", "dimension_label", "verdict", "sources"]])
