"""Military cooperation: SIPRI supplier shares, deliveries timeline (chapter 4)."""
from __future__ import annotations

import pandas as pd

from . import sources
from .data import partial_date

CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}


def china_vs_russia(shares: pd.DataFrame) -> pd.DataFrame:
    """China's and Russia's shares of Serbia's SIPRI-TIV arms imports, per five-year window.

    One row per window that has both a China and a Russia figure. Where outlets render a share
    differently, the low and high renderings are kept (never averaged). `larger` is 'China' or
    'Russia' only if that supplier's lowest rendering exceeds the other's highest; otherwise
    'contested'. `margin_pts` is the smallest gap between the two (low of the larger minus high
    of the smaller), in percentage points.
    """
    rows = []
    for period, group in shares.sort_values("period_start").groupby("period", sort=False):
        cn = group.loc[group["supplier"] == "China", "share_pct"].astype(float)
        ru = group.loc[group["supplier"] == "Russia", "share_pct"].astype(float)
        if cn.empty or ru.empty:
            continue
        if cn.min() > ru.max():
            larger, margin = "China", cn.min() - ru.max()
        elif ru.min() > cn.max():
            larger, margin = "Russia", ru.min() - cn.max()
        else:
            larger, margin = "contested", float("nan")
        used = group[group["supplier"].isin(["China", "Russia"])]
        rows.append({
            "period": period,
            "period_start": int(group["period_start"].iloc[0]),
            "period_end": int(group["period_end"].iloc[0]),
            "china_low": cn.min(), "china_high": cn.max(),
            "russia_low": ru.min(), "russia_high": ru.max(),
            "larger": larger, "margin_pts": margin,
            "sources": ";".join(sources.keys_of(used)),
        })
    return pd.DataFrame(rows)


def period_label(start: int, end: int) -> str:
    """'2020–24' for the window 2020-2024."""
    return f"{start}–{str(end)[-2:]}"


def shares_headline(comparison: pd.DataFrame) -> str:
    """The chapter's headline sentence on China vs Russia, written from `china_vs_russia` only."""
    if comparison.empty:
        return "No SIPRI window in the data gives both China's and Russia's share"
    labels = [period_label(r.period_start, r.period_end) for r in comparison.itertuples()]
    winners = set(comparison["larger"])
    if winners == {"China"}:
        which = "both" if len(labels) == 2 else "every one"
        windows = " and ".join(labels) if len(labels) == 2 else ", ".join(labels)
        return (f"China's share of Serbia's major-arms imports exceeded Russia's in {which} of the "
                f"SIPRI windows with published shares ({windows})")
    parts = [f"{lab}: {'contested' if w == 'contested' else w + ' larger'}"
             for lab, w in zip(labels, comparison["larger"])]
    return "China's share did not exceed Russia's in every SIPRI window (" + "; ".join(parts) + ")"


def preferred_rendering(shares: pd.DataFrame) -> pd.DataFrame:
    """One share per (window, supplier): the best-sourced rendering (confidence high > medium > low).

    The rows not chosen are returned in `alternatives` (a column listing 'value (outlet)' of the
    other renderings that differ), so a chart can show the one used and note the other.
    """
    ranked = shares.assign(_rank=shares["confidence"].map(CONFIDENCE_RANK))
    out = []
    for (_, _), group in ranked.sort_values(["period_start", "_rank"]).groupby(
            ["period", "supplier"], sort=False):
        best = group.iloc[0]
        others = group.iloc[1:]
        differing = others[others["share_pct"] != best["share_pct"]]
        row = best.drop(labels="_rank").to_dict()
        row["alternatives"] = "; ".join(f"{v:g} ({o})" for v, o in zip(differing["share_pct"], differing["rendered_by"]))
        row["alt_value"] = differing["share_pct"].iloc[0] if len(differing) else float("nan")
        row["alt_sources"] = ";".join(sources.split_keys(";".join(differing["sources"]))) if len(differing) else ""
        out.append(row)
    return pd.DataFrame(out)


SUPPLIER_GROUP = {"China": "China", "Russia": "Russia/Belarus", "Belarus": "Russia/Belarus"}


def delivery_timeline(deliveries: pd.DataFrame) -> pd.DataFrame:
    """One row per supplier and system for a timeline: the date to plot, what it is, the quantity range.

    Rows about the same supplier and system (e.g. a contested count) are merged: the quantity
    becomes the range of all renderings (lowest low to highest high), the date is that of the
    best-sourced row. The date is the first delivery; failing that the first public display or
    official confirmation; failing that the contract date (`date_kind` says which). Systems with
    no date at all get NaT.
    """
    ranked = deliveries.assign(_rank=deliveries["confidence"].map(CONFIDENCE_RANK))
    out = []
    for (supplier, system), group in ranked.sort_values("_rank").groupby(["supplier", "system"], sort=False):
        best = group.iloc[0]
        for col, kind in (("first_delivery", "delivery"), ("public_unveiling", "unveiling"),
                          ("order_date", "contract")):
            when, precision = partial_date(best[col])
            if not pd.isna(when):
                break
        else:
            kind = None
        low, high = group["quantity_low"].min(), group["quantity_high"].max()
        out.append({
            "supplier": supplier,
            "group": SUPPLIER_GROUP.get(supplier, "Western (EU states)"),
            "system": system, "category": best["category"], "terms": best["terms"],
            "date": when, "date_text": best[col] if kind else None, "date_kind": kind,
            "date_precision": precision,
            "quantity_low": low, "quantity_high": high, "quantity_unit": best["quantity_unit"],
            "quantity_contested": bool(pd.notna(low) and pd.notna(high) and low != high),
            "rows": len(group),
            "sources": ";".join(sources.keys_of(group)),
        })
    return pd.DataFrame(out)


def quantity_text(low, high, unit: str | None = None) -> str:
    """'6', '6–9' or 'not published', with the unit if given."""
    if low is None or pd.isna(low):
        return "not published"
    text = f"{int(low)}" if pd.isna(high) or low == high else f"{int(low)}–{int(high)}"
    return f"{text} {unit}" if unit else text
