"""Defence-industrial cooperation with Chinese state bodies and firms (arms_industry_steps)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport.data.rows import categories, dated, require_known
from csreport.report.glue import date_text

# --- Defence-industrial cooperation (tbl-as-industry) ----------------------------------------------


@dataclass(frozen=True)
class IndustryCounts:
    """How many steps there are, how many were signed, promised or only discussed, and how many
    name no Chinese party."""

    total: int
    signed: int
    promised: int
    discussed: int
    unnamed_party: int


NOT_NAMED = "Not named"  # how arms_industry_steps spells a Chinese party the sources do not name


def industry_counts(steps: pd.DataFrame) -> IndustryCounts:
    """Counts of the industry steps by status; an empty status raises ValueError."""
    if steps["status"].isna().any():
        raise ValueError(
            "arms_industry_steps: column 'status' is empty for " + ", ".join(steps.loc[steps["status"].isna(), "id"])
        )
    status = steps["status"]
    return IndustryCounts(
        total=len(steps),
        signed=int((status == "signed").sum()),
        promised=int((status == "promised").sum()),
        discussed=int((status == "discussed").sum()),
        unnamed_party=int((steps["chinese_party"] == NOT_NAMED).sum()),
    )


def named_chinese_parties(steps: pd.DataFrame) -> list[str]:
    """The Chinese parties the sources name, each once, in order of their first step."""
    rows = dated(steps)
    return list(dict.fromkeys(rows.loc[rows["chinese_party"] != NOT_NAMED, "chinese_party"]))


def industry_rows(
    steps: pd.DataFrame, kinds: pd.DataFrame | None = None, statuses: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The steps by date for the table, with `shown_date`, `kind_label`, `status_label` and `parties`."""
    kinds = categories("arms_industry_steps", "kind") if kinds is None else kinds
    statuses = categories("arms_industry_steps", "status") if statuses is None else statuses
    require_known(steps["kind"], kinds.index, "kind", steps["id"])
    require_known(steps["status"], statuses.index, "status", steps["id"])
    rows = dated(steps)
    return rows.assign(
        shown_date=rows["date"].map(lambda d: date_text(d, short=True)),
        kind_label=rows["kind"].map(kinds["label"]),
        status_label=rows["status"].map(statuses["label"]),
        parties=rows["serbian_party"] + " with " + rows["chinese_party"],
    )
