"""Police cooperation: patrol rounds, Chinese presence in Serbia (chapter 3)."""
from __future__ import annotations

import re

import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import pandas as pd

from . import charts, data, glue, sources
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


# ---------------------------------------------------------------------------------------------
# Chapter 3: prose values, figures and tables, called from book/03_police.ipynb.

# Partner countries of the patrol chart and table, top to bottom.
LANES = ["Serbia", "Croatia", "Italy", "Hungary"]
# direction -> marker, colour, vertical offset in the lane, filled
ROUND_STYLE = {
    "chinese_officers_abroad": ("o", charts.ACTOR["China"], 0.17, True),
    "host_officers_in_china": ("^", charts.PALETTE[0], -0.17, True),
    "ended": ("X", charts.GREY, 0.0, True),
    "agreement_only": ("s", charts.GREY, 0.0, False),
}
# Who gave a drill's headcount, as the drills table names it.
HEADCOUNT_BASIS = {"reuters": "Reuters", "serbian_moi_via_tanjug": "Serbian MoI, via Tanjug",
                   "serbian_moi_via_beta": "Serbian MoI, via Beta",
                   "china_military_online": "China Military Online"}
CLAIM_TYPE = {"report": "Report", "denial": "Denial", "statement": "Statement", "investigation": "Investigation"}
CLAIM_SCOPE = {"yes": "Serbia", "no": "Other country", "general": "Worldwide"}


def _days(row) -> int:
    """Length of a round in days, both ends included."""
    return (pd.Timestamp(row["end_date"]) - pd.Timestamp(row["start_date"])).days + 1


def _dash(text: str) -> str:
    """A period note with an en dash between its months ('January-April' -> 'January–April')."""
    return text.replace("-", "–")


def serbia_round_rows(serbia: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Serbia's first and second rounds in Serbia and its first round in China."""
    in_serbia = serbia[serbia["host_country"].eq("Serbia")]
    in_china = serbia[serbia["host_country"].eq("China")]
    return in_serbia.iloc[0], in_serbia.iloc[1], in_china.iloc[0]


def patrol_numbers(patrols: pd.DataFrame, claims: pd.DataFrame, timeline: pd.DataFrame) -> dict[str, str]:
    """Prose values on Serbia's rounds, the comparators, who reported them and the legal basis."""
    rounds = patrol_rounds(patrols)
    held = rounds[rounds["held"]]
    serbia = serbia_patrol_rounds(patrols)
    in_serbia = serbia[serbia["host_country"].eq("Serbia")]
    r1, r2, r3 = serbia_round_rows(serbia)
    first, last = int(serbia["year"].min()), int(serbia["year"].max())
    out = {
        # Serbia's rounds
        "pol_srb_n_in_serbia": len(in_serbia),
        "pol_srb_years_in_serbia": glue.and_list(in_serbia["year"]),
        "pol_srb_first_year": first,
        "pol_r1_year": int(r1["year"]),
        "pol_r1_days": _days(r1),
        "pol_r2_days": _days(r2),
        "pol_r1_officers": int(r1["officers_china"]),
        "pol_r1_start": glue.date_text(r1["start_date"]),
        "pol_r1_end": glue.date_text(r1["end_date"]),
        "pol_r1_cities": glue.and_list(r1["cities"].split(";")),
        "pol_r2_year": int(r2["year"]),
        "pol_r2_officers": int(r2["officers_china"]),
        "pol_r2_host": int(r2["officers_host"]),
        "pol_r2_start": glue.date_text(r2["start_date"]),
        "pol_r2_end": glue.date_text(r2["end_date"]),
        "pol_r3_year": int(r3["year"]),
        "pol_r3_officers": int(r3["officers_host"]),
        "pol_r3_start": glue.date_text(r3["start_date"]),
        "pol_r3_cities": glue.and_list(r3["cities"].split(";")),
        "pol_srb_n_rounds": len(serbia),
        "pol_srb_gap_years": glue.year_spans(missing_years(serbia["year"], first, last)),
        "pol_srb_last_year": last,
    }
    # Comparators
    hrv = held[held["partner_country"].eq("Croatia")]
    ita = held[held["partner_country"].eq("Italy")]
    ita_end = rounds[rounds["id"].eq("ita_2022_end")].iloc[0]
    hun = rounds[rounds["partner_country"].eq("Hungary")].iloc[0]
    ita_abroad = ita[ita["direction"].eq("chinese_officers_abroad")]
    hrv_first, hrv_last = int(hrv["year"].min()), int(hrv["year"].max())
    out |= {
        "pol_hrv_n": len(hrv),
        "pol_hrv_first": hrv_first,
        "pol_hrv_last": hrv_last,
        "pol_hrv_officers_min": int(hrv["officers_china"].min()),
        "pol_hrv_officers_max": int(hrv["officers_china"].max()),
        "pol_hrv_gap": glue.year_spans(missing_years(hrv["year"], hrv_first, hrv_last)),
        "pol_hrv_basis_year": int(re.search(r"(\d{4})", hrv["legal_basis"].iloc[0]).group(1)),
        "pol_ita_n_abroad": len(ita_abroad),
        "pol_ita_n_cn": len(ita[ita["direction"].eq("host_officers_in_china")]),
        "pol_ita_first": int(ita["year"].min()),
        "pol_ita_last": int(ita["year"].max()),
        "pol_ita_end_year": int(ita_end["year"]),
        "pol_ita_mou": f"{mou_date(ita_abroad['legal_basis'].iloc[0]):%-d %B %Y}",
        "pol_hun_year": int(hun["year"]),
        "pol_first_year_any": int(held["year"].min()),
        "pol_n_partners": rounds["partner_country"].nunique(),
    }
    # Who reported
    only_cn = held[held["chinese_media_only"]]
    where = only_cn["direction"].map({"host_officers_in_china": " (in China)", "chinese_officers_abroad": ""})
    out |= {
        "pol_n_cn_only": len(only_cn),
        "pol_n_held": len(held),
        "pol_cn_only_list": glue.and_list(only_cn["partner_country"] + " " + only_cn["year"].astype(str) + where),
    }
    # Legal basis
    mou = mou_date(r1["legal_basis"])
    powers = claims[claims["id"].isin(["mup_2019_powers", "mup_2022_denial", "mup_2023_powers"])]
    out |= {
        "pol_mou_date": f"{mou:%-d %B %Y}",
        "pol_mou_month": f"{mou:%B %Y}",
        "pol_mou_year": mou.year,
        "pol_powers_years": glue.and_list(sorted({d[:4] for d in powers["date"]})),
        "pol_claimed_year": data.row(timeline, "claimed_security_agreement_2016")["date"][:4],
    }
    return {k: str(v) for k, v in out.items()}


def year_position(row: pd.Series) -> float:
    """Position of a patrol row on the year axis: its start month (else end month), else mid-year."""
    text = row["start_date"] if pd.notna(row["start_date"]) else row["end_date"]
    if pd.isna(text):
        return row["year"] + 0.5
    parts = str(text).split("-")
    return int(parts[0]) + (int(parts[1]) - 0.5) / 12 if len(parts) > 1 else int(parts[0]) + 0.5


def rounds_figure(rounds: pd.DataFrame, cutoff: pd.Timestamp):
    """The dot chart of patrol rounds by partner and start month; returns (fig, rows drawn with `x`, `lane`)."""
    drawn = rounds.assign(x=rounds.apply(year_position, axis=1),
                          lane=rounds["partner_country"].map({c: len(LANES) - 1 - i for i, c in enumerate(LANES)}))
    fig, ax = charts.figure(height=3.4)
    for _, r in drawn.iterrows():
        marker, colour, dy, filled = ROUND_STYLE[r["direction"]]
        y = r["lane"] + dy
        ax.plot(r["x"], y, marker=marker, markersize=8 if r["held"] else 7, linestyle="none",
                color=colour, markerfacecolor=colour if filled else "white", markeredgewidth=1.4)
        if r["held"]:
            label = "?" if pd.isna(r["travelling"]) else str(int(r["travelling"]))
            if r["direction"] == "chinese_officers_abroad" and pd.notna(r["officers_host"]):
                label += f" (+{int(r['officers_host'])} local)"
            ax.annotate(label, (r["x"], y), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=8, color=charts.TEXT)
        else:
            text = "ended" if r["direction"] == "ended" else "agreement; no patrols found"
            ax.annotate(text, (r["x"], y), xytext=(-8, 0), textcoords="offset points", va="center", ha="right",
                        fontsize=8, color=charts.GREY)
    ax.set_yticks(range(len(LANES)))
    ax.set_yticklabels(list(reversed(LANES)))
    ax.set_ylim(-0.75, len(LANES) - 0.5)
    years = range(int(drawn["year"].min()), cutoff.year)
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    ax.set_xticks(list(years) + [cutoff.year], minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_xlim(int(drawn["year"].min()), cutoff.year)
    ax.grid(axis="x", which="minor", color="#EEEEEE", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    for lane in range(len(LANES)):
        ax.axhline(lane, color="#DDDDDD", linewidth=0.6, zorder=0)
    handles = [mlines.Line2D([], [], marker=m, linestyle="none", color=c, markerfacecolor=c if f else "white",
                             markersize=7, label=PATROL_DIRECTION_LABELS[d])
               for d, (m, c, _, f) in ROUND_STYLE.items()]
    ax.legend(handles=handles, loc="lower left", ncol=2, fontsize=8, borderaxespad=0.2)
    return fig, drawn


def rounds_by_lane_text(drawn: pd.DataFrame) -> str:
    """The rounds of each partner as text for alt text: 'Serbia: 2019, 2023, 2024 (in China); Croatia: ...'."""
    def item(r):
        if r["direction"] == "host_officers_in_china":
            return f"{r['year']} (in China)"
        return f"{r['year']}" + ("" if r["held"] else f" ({r['direction'].replace('_', ' ')})")

    return "; ".join(f"{c}: " + ", ".join(item(r) for _, r in drawn[drawn["partner_country"].eq(c)]
                                         .sort_values("x").iterrows())
                     for c in LANES)


def rounds_table_rows(rounds: pd.DataFrame) -> pd.DataFrame:
    """Patrol rows for the rounds table: a `start` (start, else end date, else year), partners in chart order."""
    return rounds.assign(
        start=rounds["start_date"].fillna(rounds["end_date"]).fillna(rounds["year"].astype(str)),
        lane_order=rounds["partner_country"].map({c: i for i, c in enumerate(LANES)}),
    ).sort_values(["lane_order", "start"])


def tourism_numbers(presence: pd.DataFrame, timeline: pd.DataFrame, serbia: pd.DataFrame,
                    cutoff: pd.Timestamp) -> dict[str, str]:
    """Prose values on Chinese arrivals, overnight stays, work permits, residents and visa-free travel."""
    arrivals = full_year_values(presence, "tourist_arrivals")
    nights = full_year_values(presence, "tourist_overnights")
    partial = partial_year_values(presence)
    first_a, last_a = arrivals.iloc[0], arrivals.iloc[-1]
    r1 = serbia_round_rows(serbia)[0]
    a2019 = arrivals[arrivals["year"].eq(r1["year"])].iloc[0]
    gap_a = missing_years(arrivals["year"], int(first_a["year"]), cutoff.year - 1)
    n23 = partial[partial["id"].eq("nts_2023_janapr")].iloc[0]
    a25 = partial[partial["metric"].eq("tourist_arrivals") & partial["year"].eq(partial["year"].max())].iloc[0]
    tos = partial[partial["id"].eq("arr_2024_jansep_tos")].iloc[0]
    oct24 = partial[partial["id"].eq("arr_2024_janoct")].iloc[0]
    wp = presence[presence["metric"].eq("work_permits_issued")]
    wp_years = wp[wp["period"].eq("full_year")].sort_values("year")
    wp_items = [f"{int(v):,} in {y}" for y, v in zip(wp_years["year"], wp_years["value"])]
    wp_cum = wp[wp["period"].eq("cumulative")].iloc[0]
    res = presence[presence["metric"].eq("registered_residents")].iloc[0]
    ext = presence[presence["metric"].eq("extraditions_to_china")].iloc[0]
    visa_day = pd.Timestamp(data.row(timeline, "visa_free_in_force_2017")["date"])
    out = {
        "pol_arr_first_year": int(first_a["year"]),
        "pol_arr_first": first_a["label"],
        "pol_arr_last_year": int(last_a["year"]),
        "pol_arr_last": last_a["label"],
        "pol_arr_2019": a2019["label"],
        "pol_arr_n_years": len(arrivals),
        "pol_arr_years": glue.and_list(arrivals["year"]),
        "pol_arr_missing": glue.year_spans(gap_a),
        "pol_arr_max_year": int(arrivals.loc[arrivals["value"].idxmax(), "year"]),
        "pol_nts_full_year": int(nights["year"].iloc[0]),
        "pol_nts_full": nights["label"].iloc[0],
        "pol_nts23_label": n23["label"],
        "pol_nts23_period": _dash(n23["period_note"]),
        "pol_arr25_label": a25["label"],
        "pol_arr25_period": _dash(a25["period_note"]),
        "pol_tos_label": tos["label"],
        "pol_oct24_label": oct24["label"],
        "pol_tos_period": _dash(tos["period_note"]),
        "pol_oct24_period": _dash(oct24["period_note"]),
        "pol_wp_text": glue.and_list([wp_items[0].replace(" in ", " work permits in ", 1)] + wp_items[1:]),
        "pol_wp_cum_period": wp_cum["period_note"][0].lower() + wp_cum["period_note"][1:],
        "pol_wp_cum": f"{QUALIFIER_SIGN[wp_cum['qualifier']]}{int(wp_cum['value']):,}".replace("≥", "more than "),
        "pol_residents": f"{int(res['value']):,}",
        "pol_residents_when": res["period_note"],
        "pol_extraditions": int(ext["value"]),
        "pol_visa_date": f"{visa_day:%-d %B %Y}",
    }
    return {k: str(v) for k, v in out.items()}


def tourists_figure(presence: pd.DataFrame, timeline: pd.DataFrame, serbia: pd.DataFrame,
                    cutoff: pd.Timestamp):
    """Arrivals and stays by full year, patrol years shaded (top), part-year figures (bottom); returns (fig, data)."""
    arrivals = full_year_values(presence, "tourist_arrivals")
    nights = full_year_values(presence, "tourist_overnights")
    partial = partial_year_values(presence)
    first_a = arrivals.iloc[0]
    gap_a = missing_years(arrivals["year"], int(first_a["year"]), cutoff.year - 1)
    visa = timeline[timeline["id"].eq("visa_free_in_force_2017")]
    visa_day = pd.Timestamp(visa["date"].iloc[0])

    fig, (ax, bx) = charts.figure(height=5.0, nrows=2, gridspec_kw={"height_ratios": [1.7, 1], "hspace": 0.45})
    # Top: full-year values only.
    ax.bar(arrivals["year"], arrivals["value"], width=0.6, color=charts.ACTOR["China"])
    for _, r in arrivals.iterrows():
        ax.annotate(r["label"], (r["year"], r["value"]), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=7.5)
    ax.plot(nights["year"], nights["value"], marker="D", linestyle="none", color=charts.PALETTE[0], markersize=6)
    for _, r in nights.iterrows():
        ax.annotate(r["label"] + " nights", (r["year"], r["value"]), xytext=(-6, 0), textcoords="offset points",
                    ha="right", va="center", fontsize=7.5, color=charts.PALETTE[0])
    for y in gap_a:
        ax.annotate("?", (y, 0), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=8,
                    color=charts.GREY)
    for _, r in serbia.iterrows():
        in_cn = r["host_country"] == "China"
        ax.axvspan(r["year"] - 0.45, r["year"] + 0.45,
                   facecolor=charts.PALETTE[0] if in_cn else charts.ACTOR["China"], alpha=0.15,
                   hatch="///" if in_cn else None, edgecolor=charts.PALETTE[0] if in_cn else "none",
                   linewidth=0, zorder=0)
    top = max(arrivals["value"].max(), nights["value"].max()) * 1.2
    ax.set_ylim(0, top)
    visa_x = visa_day.year - 0.5 + (visa_day.day_of_year - 1) / 365
    ax.axvline(visa_x, color=charts.GREY, linestyle="--", linewidth=1)
    ax.annotate("visa-free travel", (visa_x, top * 0.55), xytext=(4, 0), textcoords="offset points",
                fontsize=7.5, color=charts.GREY, va="center")
    ax.set_xlim(first_a["year"] - 0.6, cutoff.year - 0.4)
    ax.set_xticks(range(int(first_a["year"]), cutoff.year))
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v / 1000:,.0f}k")
    ax.set_title("Full years (arrivals: statistical office, as reported)", loc="left", fontsize=9, fontweight="bold")
    legend = [mpatches.Patch(color=charts.ACTOR["China"], label="Arrivals"),
              mlines.Line2D([], [], marker="D", linestyle="none", color=charts.PALETTE[0], label="Overnight stays"),
              mpatches.Patch(facecolor=charts.ACTOR["China"], alpha=0.15, label="Chinese officers patrol in Serbia"),
              mpatches.Patch(facecolor=charts.PALETTE[0], alpha=0.15, hatch="///", edgecolor=charts.PALETTE[0],
                             linewidth=0, label="Serbian officers patrol in China")]
    ax.legend(handles=legend, loc="upper left", fontsize=7.5, ncol=2)
    # Bottom: part-year figures, one row per period, never joined or put on the year axis.
    part = partial.reset_index(drop=True)
    short = {"January": "Jan", "April": "Apr", "July": "Jul", "September": "Sep", "October": "Oct"}
    part["row"] = part["period_note"].replace(short, regex=True).str.replace("-", "–")
    rows_order = list(dict.fromkeys(part["row"]))
    part["y"] = part["row"].map({r: len(rows_order) - 1 - i for i, r in enumerate(rows_order)})
    for metric, marker, colour in (("tourist_arrivals", "o", charts.ACTOR["China"]),
                                   ("tourist_overnights", "D", charts.PALETTE[0])):
        sub = part[part["metric"].eq(metric)]
        bx.plot(sub["value"], sub["y"], marker=marker, linestyle="none", color=colour, markersize=6)
        for _, r in sub.iterrows():
            bx.annotate(r["label"], (r["value"], r["y"]), xytext=(7, 0), textcoords="offset points",
                        va="center", fontsize=7.5, color=colour)
    bx.set_yticks(range(len(rows_order)))
    bx.set_yticklabels(list(reversed(rows_order)), fontsize=8)
    bx.set_ylim(-0.6, len(rows_order) - 0.4)
    bx.set_xlim(0, part["value"].max() * 1.25)
    bx.xaxis.set_major_formatter(lambda v, _: f"{v / 1000:,.0f}k")
    bx.grid(axis="y", visible=False)
    bx.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    bx.set_title("Parts of a year (officials' statements; not a series)", loc="left", fontsize=9, fontweight="bold")
    drawn = pd.concat([arrivals, nights, part.drop(columns=["row", "y"]),
                       visa[["id", "date", "event", "sources"]]], ignore_index=True)
    return fig, drawn


def police_drills(exercises: pd.DataFrame) -> pd.DataFrame:
    """The joint police drills, one row per source's account."""
    return exercises[exercises["force"].eq("police")].copy()


def drill_numbers(exercises: pd.DataFrame) -> dict[str, str]:
    """Prose values on the Smederevo and Guangzhou drills and the earlier PLA exercises in Europe."""
    drills = police_drills(exercises)
    smed = drills[drills["event_id"].eq("smederevo2019")]
    smed_reuters = smed[smed["headcount_basis"].eq("reuters")].iloc[0]
    smed_mup = smed[smed["headcount_basis"].eq("serbian_moi_via_tanjug")].iloc[0]
    gz = drills[drills["event_id"].eq("guangzhou2024")].iloc[0]
    ctx = exercises[exercises["scope"].eq("context")].sort_values("start_date")
    combined = ctx[ctx["event_id"].eq("combinedaid2019")].iloc[0]
    dashing = ctx[ctx["event_id"].eq("dashingeagle2015")].iloc[0]
    smed_day, combined_day = pd.Timestamp(smed_reuters["start_date"]), pd.Timestamp(combined["start_date"])
    out = {
        "pol_smed_date": glue.date_text(smed_reuters["start_date"]),
        "pol_smed_year": smed_day.year,
        "pol_smed_cn_reuters": int(smed_reuters["headcount_china"]),
        "pol_smed_total_mup": int(smed_mup["headcount_total"]),
        "pol_smed_n_rows": len(smed),
        "pol_gz_date": glue.date_text(gz["start_date"]),
        "pol_gz_year": pd.Timestamp(gz["start_date"]).year,
        "pol_gz_cn": int(gz["headcount_china"]),
        "pol_gz_rs": int(gz["headcount_serbia"]),
        "pol_combined_start": glue.date_text(combined["start_date"]),
        "pol_combined_month": combined_day.strftime("%B %Y"),
        "pol_combined_before_months": round((smed_day - combined_day).days / 30.44),
        "pol_dashing_year": pd.Timestamp(dashing["start_date"]).year,
    }
    return {k: str(v) for k, v in out.items()}


def drill_table_rows(exercises: pd.DataFrame) -> pd.DataFrame:
    """Police drills for the drills table: a readable headcount `basis`, by date and source."""
    drills = police_drills(exercises)
    return drills.assign(basis=drills["headcount_basis"].map(HEADCOUNT_BASIS)) \
        .sort_values(["start_date", "headcount_basis"])


def station_numbers(claims: pd.DataFrame, serbia: pd.DataFrame) -> dict[str, str]:
    """Prose values on the Safeguard Defenders reports and the MoI's denial."""
    cl = claims.sort_values(["date", "id"])
    sd = cl[cl["claimant"].eq("Safeguard Defenders")]
    sd_patrol = cl[cl["id"].eq("sd_2022_patrol")].iloc[0]
    mup_denial = cl[cl["id"].eq("mup_2022_denial")].iloc[0]
    same_day = mup_denial["date"] == sd_patrol["date"]
    out = {
        "pol_sd_first_date": glue.date_text(sd.iloc[0]["date"]),
        "pol_sd_patrol_date": glue.date_text(sd_patrol["date"]),
        "pol_mup_denial_date": glue.date_text(mup_denial["date"]),
        "pol_mup_denial_when": "The same day" if same_day else "On " + glue.date_text(mup_denial["date"]),
        "pol_sd_n_items": len(sd),
        "pol_denial_officers": int(serbia_round_rows(serbia)[0]["officers_china"]),
    }
    return {k: str(v) for k, v in out.items()}


def station_table_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims and responses for the stations table, in date order, with readable `type_t` and `scope_t`."""
    cl = claims.sort_values(["date", "id"]).copy()
    return cl.assign(type_t=cl["claim_type"].map(CLAIM_TYPE), scope_t=cl["about_serbia"].map(CLAIM_SCOPE))
