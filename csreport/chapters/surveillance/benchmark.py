"""The legal benchmark for police face recognition (book/surveillance, ps-benchmark).

`safeguard_benchmark` holds, for each safeguard and instrument (the EU AI Act, the Law Enforcement
Directive, Serbia's data-protection law, Glukhin v. Russia), what the instrument requires and how
the provision was read; `draft_safeguards` what each withdrawn Serbian draft proposed on the same
safeguard. Whether a status counts as a requirement is a property of the status (`requires`: yes,
partly, no, unknown) in the data package, so these functions decide nothing a table cannot change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport.data import sources
from csreport.data.rows import categories, require_known

REQUIRES = ("yes", "partly", "no", "unknown")


def _cats(table: str, column: str, given: pd.DataFrame | None) -> pd.DataFrame:
    return categories(table, column) if given is None else given


def requirements(
    benchmark: pd.DataFrame,
    safeguards: pd.DataFrame | None = None,
    instruments: pd.DataFrame | None = None,
    statuses: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which instruments require each safeguard, one row per safeguard in the safeguards' order.

    Columns: `label`; `required_by`, `partly_by`, `not_read` (lists of instrument ids, in the
    instruments' order); `binding_by` (the instruments in `required_by` that bind Serbia today,
    per the instruments' `binding_now`); `needed` (True if any instrument requires it, fully or in
    part); `sources` of the rows that require it. Raises ValueError on a safeguard, instrument or
    status the data package does not describe, on a status without a `requires` property of
    REQUIRES, and on a safeguard-instrument pair given twice.
    """
    safeguards = _cats("safeguard_benchmark", "safeguard", safeguards)
    instruments = _cats("safeguard_benchmark", "instrument", instruments)
    statuses = _cats("safeguard_benchmark", "status", statuses)
    require_known(benchmark["safeguard"], safeguards.index, "safeguard", benchmark["id"])
    require_known(benchmark["instrument"], instruments.index, "instrument", benchmark["id"])
    require_known(benchmark["status"], statuses.index, "status", benchmark["id"])
    require_known(statuses["requires"], REQUIRES, "'requires' of a status", statuses.index.to_series())
    twice = benchmark[benchmark.duplicated(["safeguard", "instrument"], keep=False)]
    if len(twice):
        raise ValueError("safeguard_benchmark: a safeguard and instrument given twice: " + ", ".join(twice["id"]))
    rows = benchmark.assign(requires=benchmark["status"].map(statuses["requires"]))
    order = list(instruments.index)
    binding = instruments["binding_now"].astype(bool)

    def ids(frame: pd.DataFrame, kind: str) -> list[str]:
        return sorted(frame.loc[frame["requires"] == kind, "instrument"], key=order.index)

    out = []
    for sg in safeguards.index:
        own = rows[rows["safeguard"] == sg]
        required, partly = ids(own, "yes"), ids(own, "partly")
        keys = own.loc[own["requires"].isin(["yes", "partly"]), "sources"]
        out.append(
            {
                "safeguard": sg,
                "label": safeguards.loc[sg, "label"],
                "required_by": required,
                "partly_by": partly,
                "not_read": ids(own, "unknown"),
                "binding_by": [i for i in required if binding[i]],
                "needed": bool(required or partly),
                "sources": ";".join(dict.fromkeys(k for s in keys for k in sources.split_keys(s))),
            }
        )
    return pd.DataFrame(out).set_index("safeguard")


@dataclass(frozen=True)
class DraftScore:
    """How a draft law measures up on the safeguards the benchmark requires (`needed`)."""

    needed: int
    present: int
    partial: int
    absent: int
    unknown: int


def draft_score(drafts: pd.DataFrame, needed: pd.DataFrame, draft: str) -> DraftScore:
    """Count a draft's statuses over the needed safeguards (rows of `requirements` with `needed`).

    A needed safeguard on which the draft has no row counts as unknown, never as absent. Raises
    ValueError if the draft has no row at all, or two rows for one safeguard.
    """
    own = drafts[drafts["draft"] == draft]
    if own.empty:
        raise ValueError(f"draft_safeguards: no row for draft '{draft}'")
    twice = own[own["safeguard"].duplicated(keep=False)]
    if len(twice):
        raise ValueError("draft_safeguards: one safeguard given twice for a draft: " + ", ".join(twice["id"]))
    wanted = list(needed.index[needed["needed"].astype(bool)])
    status = own.set_index("safeguard")["status"].reindex(wanted).fillna("unknown")
    counts = status.value_counts()
    return DraftScore(
        needed=len(wanted),
        present=int(counts.get("present", 0)),
        partial=int(counts.get("partial", 0)),
        absent=int(counts.get("absent", 0)),
        unknown=int(counts.get("unknown", 0)),
    )


def matrix(
    benchmark: pd.DataFrame,
    drafts: pd.DataFrame,
    safeguards: pd.DataFrame | None = None,
    instruments: pd.DataFrame | None = None,
    statuses: pd.DataFrame | None = None,
    draft_statuses: pd.DataFrame | None = None,
    provisions: bool = False,
) -> pd.DataFrame:
    """One row per safeguard for the side-by-side table: the safeguard's label, a column per
    instrument (its status label; with `provisions`, the provision in brackets when known) and a
    column per draft (its status label), and the `sources` of every cell. Columns are named by
    instrument and draft id.
    """
    safeguards = _cats("safeguard_benchmark", "safeguard", safeguards)
    instruments = _cats("safeguard_benchmark", "instrument", instruments)
    statuses = _cats("safeguard_benchmark", "status", statuses)
    draft_statuses = _cats("draft_safeguards", "status", draft_statuses)
    require_known(drafts["status"], draft_statuses.index, "draft status", drafts["id"])
    require_known(benchmark["status"], statuses.index, "status", benchmark["id"])
    cell = benchmark.assign(
        text=[
            statuses.loc[s, "label"] + (f" ({p})" if provisions and isinstance(p, str) and p else "")
            for s, p in zip(benchmark["status"], benchmark["provision"])
        ]
    )
    table = cell.pivot(index="safeguard", columns="instrument", values="text")
    table = table.reindex(index=list(safeguards.index), columns=list(instruments.index))
    proposed = drafts.assign(text=drafts["status"].map(draft_statuses["label"])).pivot(
        index="safeguard", columns="draft", values="text"
    )
    table = table.join(proposed.reindex(table.index))
    keys = pd.concat([benchmark[["safeguard", "sources"]], drafts[["safeguard", "sources"]]])
    table["sources"] = [
        ";".join(dict.fromkeys(k for s in keys.loc[keys["safeguard"] == sg, "sources"] for k in sources.split_keys(s)))
        for sg in table.index
    ]
    table.insert(0, "label", safeguards["label"].reindex(table.index))
    return table.reset_index()


def register_rows(
    benchmark: pd.DataFrame,
    safeguards: pd.DataFrame | None = None,
    instruments: pd.DataFrame | None = None,
    statuses: pd.DataFrame | None = None,
    reads: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every safeguard-instrument row with readable labels (`safeguard_label`, `instrument_label`,
    `status_label`, `read_label`), in the safeguards' then the instruments' order."""
    safeguards = _cats("safeguard_benchmark", "safeguard", safeguards)
    instruments = _cats("safeguard_benchmark", "instrument", instruments)
    statuses = _cats("safeguard_benchmark", "status", statuses)
    reads = _cats("safeguard_benchmark", "read", reads)
    rank_s = {k: i for i, k in enumerate(safeguards.index)}
    rank_i = {k: i for i, k in enumerate(instruments.index)}
    return (
        benchmark.assign(
            safeguard_label=benchmark["safeguard"].map(safeguards["label"]),
            instrument_label=benchmark["instrument"].map(instruments["label"]),
            status_label=benchmark["status"].map(statuses["label"]),
            read_label=benchmark["read"].map(reads["label"]),
            _s=benchmark["safeguard"].map(rank_s),
            _i=benchmark["instrument"].map(rank_i),
        )
        .sort_values(["_s", "_i"])
        .drop(columns=["_s", "_i"])
        .reset_index(drop=True)
    )
