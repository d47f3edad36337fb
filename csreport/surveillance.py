"""Safe City surveillance: camera numbers by kind and the draft laws' lifespans (chapter 2)."""
from __future__ import annotations

import pandas as pd

from . import sources
from .data import partial_date
from .glue import QUALIFIER_SIGN

# What each kind of camera number is; the figure's legend uses these labels. Order = legend order.
CAMERA_COUNT_KINDS = {
    "announced": "Announced by officials",
    "installed_per_officials": "Installed, per officials",
    "vendor_case_study": "Vendor case study (Huawei)",
    "verified_civic_mapping": "Verified by civic mapping",
    "activists_estimate": "Activists' estimate",
    "media_estimate": "Media estimate",
    "planned_impact_assessment": "Planned in impact assessment",
    "inferred_capacity": "Inferred extra capacity",
}
# Plans and capacity are not counts of cameras on the street: the figure draws them apart.
CAMERA_PLAN_KINDS = ("planned_impact_assessment", "inferred_capacity")


def camera_counts(milestones: pd.DataFrame) -> pd.DataFrame:
    """One row per camera number in `surveillance_milestones`, with its single kind.

    Kinds are never merged: each row keeps its `count_kind`, a readable `kind` label, the
    `qualifier` and its sign (≈, ≥, ≤), and `panel` ('count' for numbers of street cameras,
    'plan' for plans and inferred capacity). Raises ValueError if a number has no kind.
    """
    rows = milestones[milestones["cameras"].notna()].copy()
    bad = rows[~rows["count_kind"].isin(list(CAMERA_COUNT_KINDS))]
    if len(bad):
        raise ValueError(f"camera numbers without a count kind: {', '.join(bad['id'])}")
    no_qualifier = rows[~rows["qualifier"].isin(list(QUALIFIER_SIGN))]
    if len(no_qualifier):
        raise ValueError(f"camera numbers without a qualifier: {', '.join(no_qualifier['id'])}")
    parsed = rows["date"].map(partial_date)
    rows["when"] = [p[0] for p in parsed]
    rows["date_precision"] = [p[1] for p in parsed]
    rows["kind"] = rows["count_kind"].map(CAMERA_COUNT_KINDS)
    rows["sign"] = rows["qualifier"].map(QUALIFIER_SIGN)
    rows["label"] = [f"{s}{int(c):,}" for s, c in zip(rows["sign"], rows["cameras"])]
    rows["panel"] = rows["count_kind"].map(lambda k: "plan" if k in CAMERA_PLAN_KINDS else "count")
    order = {k: i for i, k in enumerate(CAMERA_COUNT_KINDS)}
    rows = rows.assign(_o=rows["count_kind"].map(order)).sort_values(["_o", "when", "id"])
    cols = ["id", "date", "when", "date_precision", "count_kind", "kind", "cameras", "locations",
            "qualifier", "sign", "label", "panel", "actor", "sources"]
    return rows[cols].reset_index(drop=True)


def draft_law_spans(legal: pd.DataFrame) -> pd.DataFrame:
    """Each draft law in `surveillance_legal_events` with the next withdrawal after it.

    Columns: draft (id), published (text date and Timestamp), withdrawn (Timestamp), days between
    the two (None if the draft's date is known only to the month or year), sources of both rows.
    """
    drafts = legal[legal["event_type"] == "draft_law"].copy()
    withdrawals = legal[legal["event_type"] == "withdrawal"].copy()
    withdrawals["when"] = withdrawals["date"].map(lambda d: partial_date(d)[0])
    out = []
    for _, d in drafts.iterrows():
        start, precision = partial_date(d["date"])
        later = withdrawals[withdrawals["when"] >= start.replace(day=1)].sort_values("when")
        if later.empty:
            out.append({"draft": d["id"], "published_text": d["date"], "published": start,
                        "withdrawal": None, "withdrawn": pd.NaT, "days": None, "sources": d["sources"]})
            continue
        w = later.iloc[0]
        days = (w["when"] - start).days if precision == "day" else None
        keys = list(dict.fromkeys(sources.split_keys(d["sources"]) + sources.split_keys(w["sources"])))
        out.append({"draft": d["id"], "published_text": d["date"], "published": start,
                    "withdrawal": w["id"], "withdrawn": w["when"], "days": days,
                    "sources": ";".join(keys)})
    return pd.DataFrame(out)
