"""Computations that more than one page needs (a chapter, the claims ledger, the tests).

Each takes validated tables from `data.load` and returns plain values or small frames.
"""
from __future__ import annotations

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
