"""Computations that more than one page needs (a chapter, the claims ledger, the tests).

Each takes validated tables from `data.load` and returns plain values or small frames.
"""
from __future__ import annotations

import re

import pandas as pd

from . import sources

_DELTA = {"founding_member": 1, "joined": 1, "left": -1}


def ceec_periods(events: pd.DataFrame) -> pd.DataFrame:
    """Periods of the China–CEEC format: start date, European members, name ('16+1'), changes.

    One row per date on which membership changed; the name is the member count plus China.
    """
    out = []
    members = 0
    for when, group in events.sort_values(["date", "country"]).groupby("date", sort=True):
        members += int(group["event"].map(_DELTA).sum())
        joined = sorted(group.loc[group["event"] == "joined", "country"])
        left = sorted(group.loc[group["event"] == "left", "country"])
        if (group["event"] == "founding_member").all():
            change = f"Launched with {len(group)} European countries"
        else:
            change = "; ".join(
                ([f"{', '.join(joined)} joined"] if joined else [])
                + ([f"{' and '.join(left)} left"] if left else []))
        keys = sources.keys_of(group)
        out.append({"start": when, "members": members, "name": f"{members}+1",
                    "change": change, "sources": ";".join(keys)})
    periods = pd.DataFrame(out)
    periods["end"] = periods["start"].shift(-1)
    return periods[["start", "end", "members", "name", "change", "sources"]]


def ceec_name_on(periods: pd.DataFrame, when) -> str:
    """The format's name on a given date."""
    row = periods[periods["start"] <= pd.Timestamp(when)].iloc[-1]
    return row["name"]


def _latest(frame: pd.DataFrame, by: str) -> pd.Series:
    return frame.sort_values(by, kind="stable").iloc[-1]


def watchlist() -> pd.DataFrame:
    """Indicators to watch, each with its latest value in the data, period, basis and sources.

    One row per indicator; values are taken from single rows (never combined across bases).
    """
    from . import data

    rows = []

    def add(indicator, value, period, basis, row):
        rows.append({"indicator": indicator, "value": value, "period": period, "basis": basis,
                     "sources": row["sources"]})

    shares = data.load("arms_import_shares")
    shares = shares[shares["confidence"] != "low"]
    last = shares[shares["period_end"] == shares["period_end"].max()]
    for supplier in ("China", "Russia"):
        row = last[last["supplier"] == supplier].iloc[0]
        add(f"{supplier}'s share of Serbia's major-arms imports", f"{row['share_pct']:g}%",
            row["period"].replace("-", "–"), f"SIPRI TIV, as reported by {row['rendered_by']}", row)

    deliveries = data.load("arms_deliveries")
    chinese = deliveries[(deliveries["supplier"] == "China") & deliveries["first_delivery"].notna()
                         & (deliveries["category"] != "non_lethal")]
    row = _latest(chinese, "first_delivery")
    add("Latest Chinese weapon system delivered", row["system"], row["first_delivery"],
        "first delivery reported", row)

    spending = data.load("military_spending")
    sipri = spending[(spending["basis"] == "sipri_estimate") & (spending["confidence"] == "high")]
    row = _latest(sipri, "year")
    share = f", {row['share_gdp_pct']:g}% of GDP" if pd.notna(row["share_gdp_pct"]) else ""
    add("Military expenditure", f"{row['currency']} {row['value'] / 1000:.1f} billion{share}",
        str(row["year"]), "SIPRI estimate", row)

    alignment = data.load("cfsp_alignment")
    serbia = alignment[alignment["country"] == "Serbia"]
    for series, label in (("isac_calendar_year", "ISAC count, calendar year"),
                          ("commission_report", "European Commission report")):
        row = _latest(serbia[serbia["series"] == series], "period")
        add("Alignment with EU foreign-policy declarations", f"{row['alignment_pct']:g}%",
            row["period"], label, row)

    debt = data.load("context_debt_to_china")
    exim = debt[(debt["measure"] == "public_debt_to_china") & (debt["creditor_scope"] == "exim_bank")]
    row = _latest(exim, "date")
    add("Public debt to China Exim Bank", f"EUR {row['value'] / 1000:.2f} billion", row["date"],
        "Public Debt Administration (official)", row)

    patrols = data.load("police_patrols")
    serbian = patrols[patrols["partner_country"] == "Serbia"]
    row = _latest(serbian, "year")
    add("Latest joint police patrol round with Serbia", f"{row['year']} ({row['host_country']})",
        str(row["year"]), "government statements", row)

    presence = data.load("chinese_presence")
    arrivals = presence[(presence["metric"] == "tourist_arrivals") & (presence["period"] == "full_year")]
    row = _latest(arrivals, "year")
    add("Chinese tourist arrivals in Serbia", f"{row['value']:,}", f"{row['year']} (full year)",
        "Statistical Office of Serbia, as reported", row)

    cameras = data.load("surveillance_milestones")
    verified = cameras[cameras["count_kind"] == "verified_civic_mapping"]
    row = _latest(verified, "date")
    add("Surveillance cameras in Belgrade verified by civic mapping", f"{row['cameras']:,}", row["date"],
        "#hiljadekamera crowdsourced mapping", row)
    return pd.DataFrame(rows)


# --- Public security ---------------------------------------------------------------------------

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
QUALIFIER_SIGN = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}


def partial_date(text: str) -> tuple[pd.Timestamp, str]:
    """A 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' text date as a point in time, and its precision.

    Dates known only to the year are placed at mid-year, to the month at mid-month.
    """
    text = str(text).strip()
    if re.fullmatch(r"\d{4}", text):
        return pd.Timestamp(f"{text}-07-01"), "year"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return pd.Timestamp(f"{text}-15"), "month"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return pd.Timestamp(text), "day"
    raise ValueError(f"'{text}' is not a YYYY, YYYY-MM or YYYY-MM-DD date")


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
