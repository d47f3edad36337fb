"""Police cooperation: patrol rounds, Chinese presence in Serbia (chapter 3)."""
from __future__ import annotations

import re

import pandas as pd

from . import sources
from .glue import QUALIFIER_SIGN

# Directions of a patrol row that are rounds actually held (the others are status rows).
PATROL_HELD = ("chinese_officers_abroad", "host_officers_in_china")
PATROL_DIRECTION_LABELS = {
    "chinese_officers_abroad": "Chinese officers abroad",
    "host_officers_in_china": "Partner officers in China",
    "ended": "Arrangement ended",
    "agreement_only": "Agreement, no patrols found",
}
# Publishers (BibTeX organization) that are Chinese state or party media, to flag rounds that
# are documented only by Chinese official channels.
CHINESE_STATE_MEDIA = {
    "Xinhua", "Global Times", "Shanghai Daily (Shine)", "China Youth Net", "Guangming Daily",
    "Beijing News", "Yicai Global", "China Military Online", "ECNS (China News Service)",
    "China Radio International (Serbian service)", "China Radio International (Italian service)",
}
_PERIOD_END_MONTH = {"jan_apr": 4, "jan_jul": 7, "jan_sep": 9, "jan_oct": 10}


def publishers_of(cell: str) -> list[str]:
    """The distinct publishers behind a `sources` cell, in order."""
    return list(dict.fromkeys(sources.publisher(k) for k in sources.split_keys(cell)))


def patrol_rounds(patrols: pd.DataFrame) -> pd.DataFrame:
    """Every patrol row with who travelled, how many, and who reported it.

    Adds `held` (a round took place), `travelling` (the officers sent abroad: Chinese officers for
    rounds in the partner country, the partner's officers for rounds in China), `reported_by`
    (distinct publishers of the row's sources) and `chinese_media_only` (every publisher is a
    Chinese state or party outlet).
    """
    out = patrols.copy()
    out["held"] = out["direction"].isin(PATROL_HELD)
    out["travelling"] = out["officers_china"].where(
        out["direction"].eq("chinese_officers_abroad"), out["officers_host"])
    out.loc[~out["held"], "travelling"] = pd.NA
    out["direction_label"] = out["direction"].map(PATROL_DIRECTION_LABELS)
    pubs = out["sources"].map(publishers_of)
    out["reported_by"] = pubs.map("; ".join)
    out["chinese_media_only"] = pubs.map(lambda p: bool(p) and all(x in CHINESE_STATE_MEDIA for x in p))
    return out


def serbia_patrol_rounds(patrols: pd.DataFrame) -> pd.DataFrame:
    """The rounds held under the China–Serbia arrangement, oldest first."""
    rounds = patrol_rounds(patrols)
    return rounds[rounds["partner_country"].eq("Serbia") & rounds["held"]].sort_values("start_date")


def mou_date(legal_basis: str) -> pd.Timestamp:
    """The signing date written in a `legal_basis` text ('... signed YYYY-MM-DD')."""
    match = re.search(r"signed (?:in [^0-9]+ on )?(\d{4}-\d{2}-\d{2})", legal_basis)
    if not match:
        raise ValueError(f"no signing date in '{legal_basis}'")
    return pd.Timestamp(match.group(1))


def full_year_values(presence: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Full-year rows of one metric of `chinese_presence`, with a label carrying the qualifier."""
    rows = presence[presence["metric"].eq(metric) & presence["period"].eq("full_year")].copy()
    rows["label"] = [f"{QUALIFIER_SIGN[q]}{int(v):,}" for q, v in zip(rows["qualifier"], rows["value"])]
    return rows.sort_values("year")


def partial_year_values(presence: pd.DataFrame) -> pd.DataFrame:
    """Tourism rows that cover only part of a year (never to be drawn on a full-year axis)."""
    tourism = presence["metric"].isin(["tourist_arrivals", "tourist_overnights"])
    rows = presence[tourism & presence["period"].str.startswith("jan_")].copy()
    rows["label"] = [f"{QUALIFIER_SIGN[q]}{int(v):,}" for q, v in zip(rows["qualifier"], rows["value"])]
    months = rows["period"].map(lambda p: _PERIOD_END_MONTH.get(p, 12))
    return rows.assign(_m=months).sort_values(["year", "_m", "metric"]).drop(columns="_m")


def missing_years(years, first: int, last: int) -> list[int]:
    """Years from `first` to `last` (inclusive) that are not in `years`."""
    have = {int(y) for y in years}
    return [y for y in range(first, last + 1) if y not in have]
