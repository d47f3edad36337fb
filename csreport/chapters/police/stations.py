"""Claims and denials about Chinese overseas "police stations" and patrol powers (book/police)."""

from __future__ import annotations

import pandas as pd

CLAIM_TYPE = {"report": "Report", "denial": "Denial", "statement": "Statement", "investigation": "Investigation"}
CLAIM_SCOPE = {"yes": "Serbia", "no": "Other country", "general": "Worldwide"}


def in_date_order(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims by date (ties by id, so the order is stable)."""
    return claims.sort_values(["date", "id"])


def no_powers_years(claims: pd.DataFrame, claimant: str) -> list[int]:
    """The years in which `claimant` said that Chinese officers on patrol have no police powers."""
    rows = claims[claims["claimant"].eq(claimant) & claims["says_no_police_powers"].eq("yes")]
    return sorted({int(str(d)[:4]) for d in rows["date"]})


def stations_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims and responses for the stations table, in date order, with readable `type_t` and `scope_t`."""
    cl = in_date_order(claims)
    return cl.assign(type_t=cl["claim_type"].map(CLAIM_TYPE), scope_t=cl["about_serbia"].map(CLAIM_SCOPE))
