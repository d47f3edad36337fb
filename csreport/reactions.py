"""Western and regional reactions: EU foreign-policy alignment series, neighbours' concerns (chapter 5)."""
from __future__ import annotations

import re

import pandas as pd

# Rows of cfsp_alignment that restate a value already drawn, under another source or label.
# Key: row not drawn; value: the row drawn instead (see the rows' notes in the data).
ALIGNMENT_ALTERNATIVES = {
    "isac_srb_2021_choice": "isac_srb_2021_isac",   # CHOICE summary (61) vs ISAC's own figure (62)
    "ec2022_srb_prev_2020": "ec2022_srb_prev_2021",  # the same 64 % labelled 2020 by some outlets
}

# Serbia's neighbours as actors in the reactions table.
NEIGHBOUR_ACTORS = ["Croatia", "Kosovo", "Montenegro", "Bosnia and Herzegovina", "Albania"]


def alignment_position(period: str) -> float:
    """Where a period sits on a time axis in decimal years.

    Calendar year YYYY: its middle (YYYY.5); half-year YYYY-H1/H2: the middle of that half;
    month YYYY-MM: the middle of that month.
    """
    m = re.fullmatch(r"(\d{4})(?:-(H[12]|\d{2}))?", period)
    if not m:
        raise ValueError(f"unsupported period '{period}'")
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return year + 0.5
    if part == "H1":
        return year + 0.25
    if part == "H2":
        return year + 0.75
    return year + (int(part) - 0.5) / 12


def alignment_series(frame: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """One frame per (country, series) of the cfsp_alignment table, never mixing series.

    Rows listed in ALIGNMENT_ALTERNATIVES are left out (their value is drawn from the other row).
    Each frame is sorted by `x`, the period's position in decimal years.
    """
    kept = frame[~frame["id"].isin(ALIGNMENT_ALTERNATIVES)].copy()
    kept["x"] = kept["period"].map(alignment_position)
    out = {}
    for (country, series), group in kept.groupby(["country", "series"], sort=True):
        out[(country, series)] = group.sort_values("x").reset_index(drop=True)
    return out


def alignment_lowest(frame: pd.DataFrame) -> pd.DataFrame:
    """Per ISAC period with at least two countries: who is lowest, Serbia's value, the next lowest.

    Uses only the ISAC series (calendar years and half-years, each period on its own) and the rows
    that `alignment_series` draws. Columns: series, period, countries, lowest, serbia_pct,
    others_min, others_min_country, serbia_lowest.
    """
    series = alignment_series(frame)
    rows = pd.concat([f for (c, s), f in series.items() if s.startswith("isac_")])
    out = []
    for (s, period), group in rows.groupby(["series", "period"], sort=True):
        if group["country"].nunique() < 2 or "Serbia" not in set(group["country"]):
            continue
        serbia = group.loc[group["country"] == "Serbia", "alignment_pct"].iloc[0]
        others = group[group["country"] != "Serbia"].sort_values("alignment_pct")
        out.append({"series": s, "period": period, "countries": group["country"].nunique(),
                    "lowest": group.sort_values("alignment_pct").iloc[0]["country"],
                    "serbia_pct": float(serbia), "others_min": float(others.iloc[0]["alignment_pct"]),
                    "others_min_country": others.iloc[0]["country"],
                    "serbia_lowest": bool(serbia < others["alignment_pct"].min())})
    return pd.DataFrame(out)


_CHINA = re.compile(r"Chin|FK-3|CH-92|CM-400", re.I)
_RUSSIA = re.compile(r"Russia", re.I)


def supplier_named(description: str) -> str:
    """Which arms suppliers a reaction's description names: 'China', 'Russia and China', 'Russia' or 'none'."""
    china, russia = bool(_CHINA.search(description)), bool(_RUSSIA.search(description))
    if china and russia:
        return "Russia and China"
    if china:
        return "China"
    if russia:
        return "Russia"
    return "none"


def neighbour_concerns(reactions: pd.DataFrame) -> pd.DataFrame:
    """Neighbours' expressions of concern or warnings about Serbian arms, with the suppliers named."""
    rows = reactions[reactions["actor"].isin(NEIGHBOUR_ACTORS) & reactions["topic"].eq("arms")
                     & reactions["reaction_type"].isin(["concern", "warning"])].copy()
    rows["supplier_named"] = rows["description"].map(supplier_named)
    return rows.sort_values("date").reset_index(drop=True)
