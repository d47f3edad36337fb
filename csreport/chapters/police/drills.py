"""Joint special-police drills of China and Serbia (book/police)."""

from __future__ import annotations

import pandas as pd

# Who gave a drill's headcount, as the drills table names it.
HEADCOUNT_BASIS = {
    "reuters": "Reuters",
    "serbian_moi_via_tanjug": "Serbian MoI, via Tanjug",
    "serbian_moi_via_beta": "Serbian MoI, via Beta",
    "china_military_online": "China Military Online",
}


def police_drills(exercises: pd.DataFrame) -> pd.DataFrame:
    """The joint police drills, one row per source's account."""
    return exercises[exercises["force"].eq("police")].copy()


def accounts(exercises: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """Every source's account (row) of one event of `exercises`, keyed by `headcount_basis`."""
    rows = exercises[exercises["event_id"].eq(event_id)]
    if rows.empty:
        raise ValueError(f"exercises: no row with event_id '{event_id}'")
    return rows.set_index("headcount_basis", drop=False)


def months_between(earlier, later) -> int:
    """Whole months (of average length) from `earlier` to `later`, rounded."""
    return round((pd.Timestamp(later) - pd.Timestamp(earlier)).days / 30.44)


def drills_rows(exercises: pd.DataFrame) -> pd.DataFrame:
    """Police drills for the drills table: a readable headcount `basis`, by date and source."""
    drills = police_drills(exercises)
    return drills.assign(basis=drills["headcount_basis"].map(HEADCOUNT_BASIS)).sort_values(
        ["start_date", "headcount_basis"]
    )
