"""Safe City surveillance (chapter 2): camera numbers by kind, the draft laws' lifespans, the
chapter's glued texts, its two figures and its tables' frames."""
from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D

from . import charts, sources
from .data import partial_date
from .glue import QUALIFIER_SIGN, date_text

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


# --- Chapter texts: every glued value, formatted, in the order the notebook glues them ---------

# The context-timeline rows on the Information Silk Road and the 2018 traffic agreement.
SILK_ROAD_ROWS = ("info_silk_road_mou_2016", "info_silk_road_platform_2017",
                  "huawei_traffic_surveillance_2018")


def _when(text) -> pd.Timestamp:
    """The point in time of a partial text date."""
    return partial_date(text)[0]


def history_texts(milestones: pd.DataFrame, counts: pd.DataFrame, timeline: pd.DataFrame,
                  reactions: pd.DataFrame) -> dict[str, str]:
    """Glue texts for the origins, the 2019 announcement and the camera numbers (tables indexed by id)."""
    by_id = counts.set_index("id")

    def day(row_id):
        return date_text(milestones.loc[row_id, "date"])

    def cams(row_id):
        return by_id.loc[row_id, "label"]

    def sites(row_id, fmt="{:,}"):
        return fmt.format(by_id.loc[row_id, "locations"])

    rows = list(SILK_ROAD_ROWS)
    if not (timeline.loc[rows, "date_confirmed"] == "yes").all():
        raise ValueError("a Silk Road timeline date is not confirmed: revise the text")
    street = counts.loc[counts["panel"] == "count", "count_kind"]
    return {
        # Origins
        "ps_talks_year": day("ms2011talks"),
        "ps_mou_month": day("ms2014mou"),
        "ps_consent_month": day("ms2016consent"),
        "ps_spa_month": day("ms2017spa"),
        "ps_spa_year": f"{_when(milestones.loc['ms2017spa', 'date']):%Y}",
        "ps_first_cams_date": day("ms2017dec"),
        "ps_finding_2018_date": day("ms2017h2upgrade"),
        "ps_added_2017": cams("ms2017h2upgrade"),
        "ps_sites_2017": sites("ms2017h2upgrade"),
        # The Information Silk Road and the 2018 traffic-surveillance agreement (context timeline)
        "ps_isr_mou_month": date_text(timeline.loc["info_silk_road_mou_2016", "date"]),
        "ps_isr_platform_date": date_text(timeline.loc["info_silk_road_platform_2017", "date"]),
        "ps_huawei_traffic_date": date_text(timeline.loc["huawei_traffic_surveillance_2018", "date"]),
        "ps_ep_question_date": date_text(reactions.loc["ep2019_safecity_question", "date"]),
        "ps_ep_delbos_month": f"{_when(reactions.loc['ep2021_delbos_surveillance', 'date']):%B %Y}",
        # The 2019 announcement and the last official count
        "ps_announce_date": day("ms2019announce"),
        "ps_announce_cams": cams("ms2019announce"),
        "ps_announce_sites": sites("ms2019announce", "≈{:,}"),
        "ps_rebic_date": day("ms2019rebicnow"),
        "ps_rebic_cams": cams("ms2019rebicnow"),
        "ps_rebic_sites": sites("ms2019rebicnow"),
        "ps_vendor_cams": cams("ms2019huaweicase"),
        "ps_vendor_sites": sites("ms2019huaweicase"),
        "ps_supervision_date": day("ms2019supervision"),
        # Numbers of other kinds
        "ps_n_counts": f"{len(counts):,}",
        "ps_n_kinds": f"{counts['count_kind'].nunique():,}",
        "ps_n_street_kinds": f"{street.nunique():,}",
        "ps_verified": cams("ms2020hiljade689"),
        "ps_verified_year": day("ms2020hiljade689"),
        "ps_petrovski": cams("ms2020petrovski"),
        "ps_petrovski_date": day("ms2020petrovski"),
        "ps_activists_max": cams("ms2021euronews"),
        "ps_activists_date": day("ms2021euronews"),
        "ps_kurier": cams("ms2021kurier"),
        "ps_kurier_date": day("ms2021kurier"),
        "ps_dpia_cams": cams("ms2020dpia2"),
        "ps_capacity": cams("ms2024order"),
        "ps_order_month": day("ms2024order"),
        "ps_rulebook_date": day("ms2020rulebook"),
    }


def legal_texts(legal: pd.DataFrame, spans: pd.DataFrame) -> dict[str, str]:
    """Glue texts for the legal fight (`legal` by id, `spans` by draft); raises if the text is outdated."""
    if not spans["withdrawal"].notna().all():
        raise ValueError("a draft law without a withdrawal: revise the text")
    if list(legal.loc[legal["event_type"] == "law_adopted", "id"]) != ["le2018dpl"]:
        raise ValueError("a new law was adopted: revise the text")
    when = legal["date"].map(_when)

    def day(row_id):
        return date_text(legal.loc[row_id, "date"])

    return {
        "ps_dpl_month": day("le2018dpl"),
        "ps_opinion1_date": day("le2019opinion"),
        "ps_opinion2_month": day("le2020opinion2"),
        "ps_draft1_date": day("le2021draft"),
        "ps_draft1_year": f"{when['le2021draft']:%Y}",
        "ps_withdrawal1_date": day("le2021withdrawal"),
        "ps_draft1_days": f"{spans.loc['le2021draft', 'days']:.0f}",
        "ps_draft2_month": day("le2022draft"),
        "ps_draft2_year": f"{when['le2022draft']:%Y}",
        "ps_meps_date": day("le2022meps"),
        "ps_withdrawal2_date": day("le2022withdrawal"),
        "ps_meps_to_withdrawal": f"{(when['le2022withdrawal'] - when['le2022meps']).days:,}",
        "ps_dacic_date": day("le2025dacic"),
        "ps_dacic_month": f"{when['le2025dacic']:%B %Y}",
        "ps_vucic_date": day("le2025vucic"),
        "ps_vucic_gap": f"{(when['le2025vucic'] - when['le2025dacic']).days:,}",
        "ps_protests_date": day("le2022protests"),
        "ps_n_drafts": f"{len(spans):,}",
    }


# Status of a claim about Safe City, as the tables show it. Order = table order.
FACT_STATUS = {
    "confirmed_officially": "Confirmed officially",
    "reported_not_confirmed": "Reported, not confirmed",
    "denied": "Denied by officials",
    "unknown": "Unknown",
}


def facts_texts(facts: pd.DataFrame) -> dict[str, str]:
    """Glue texts: number of claims checked and how many have each status."""
    status = facts["status"].value_counts()
    return {
        "ps_n_facts": f"{len(facts):,}",
        "ps_n_confirmed": f"{int(status.get('confirmed_officially', 0)):,}",
        "ps_n_reported": f"{int(status.get('reported_not_confirmed', 0)):,}",
        "ps_n_denied": f"{int(status.get('denied', 0)):,}",
        "ps_n_unknown": f"{int(status.get('unknown', 0)):,}",
    }


def facts_table(facts: pd.DataFrame) -> pd.DataFrame:
    """The claims sorted by status, with a `status_label` and a `claim` column naming who claims it."""
    order = {k: i for i, k in enumerate(FACT_STATUS)}
    return (facts.assign(status_label=facts["status"].map(FACT_STATUS),
                         _o=facts["status"].map(order),
                         claim=facts["what_is_claimed"] + " (" + facts["claimed_by"] + ")")
            .sort_values("_o", kind="stable"))


# Words that would mark a poll question as being about surveillance (English and Serbian).
SURVEILLANCE_WORDS = r"surveil|camera|facial|face recog|biometric|huawei|safe city|kamer|nadzor"


def polls_texts(polls: pd.DataFrame) -> dict[str, str]:
    """Glue texts on the polling table; raises if a poll question is about surveillance."""
    question_text = polls["question"].fillna("") + " " + polls["question_wording"].fillna("")
    if question_text.str.contains(SURVEILLANCE_WORDS, case=False, regex=True).any():
        raise ValueError("a poll on surveillance is now in the data: revise the text")
    return {"ps_n_poll_rows": f"{len(polls):,}",
            "ps_n_poll_questions": f"{polls['question'].nunique():,}"}


# --- Figure: camera numbers by kind (fig-ps-cameras) --------------------------------------------

CAMERA_STYLE = {  # one colour and one marker per kind of number
    "announced": (charts.PALETTE[0], "s"),
    "installed_per_officials": (charts.PALETTE[1], "o"),
    "vendor_case_study": (charts.PALETTE[6], "D"),
    "verified_civic_mapping": (charts.PALETTE[2], "^"),
    "activists_estimate": (charts.PALETTE[3], "v"),
    "media_estimate": (charts.PALETTE[5], "P"),
    "planned_impact_assessment": (charts.PALETTE[4], "h"),
    "inferred_capacity": (charts.GREY, "*"),
}
CAMERA_WHO = {  # short attribution next to each number (own words)
    "ms2019announce": "minister; police director",
    "ms2019rebictarget": None,  # same announced target, nine days later: one label for both
    "ms2017h2upgrade": "added (Commissioner)",
    "ms2019rebicnow": "police director",
    "ms2019huaweicase": "Huawei pilot",
    "ms2020hiljade689": "#hiljadekamera map",
    "ms2020petrovski": "SHARE",
    "ms2021kurier": "Kurier",
    "ms2021euronews": "activists",
    "ms2020dpia2": "second DPIA: street, body-worn, drone",
    "ms2024order": "more: IPVM, from a leaked order",
}
CAMERA_OFFSET = {  # label placement in points (dx, dy, horizontal alignment)
    "ms2019announce": (0, 11, "center"), "ms2017h2upgrade": (0, -13, "center"),
    "ms2019rebicnow": (8, 8, "left"), "ms2019huaweicase": (10, 0, "left"),
    "ms2020hiljade689": (0, -14, "center"), "ms2020petrovski": (-5, -12, "right"),
    "ms2021kurier": (6, -13, "left"), "ms2021euronews": (0, 11, "center"),
    "ms2020dpia2": (9, 0, "left"), "ms2024order": (-9, 0, "right"),
}


def cameras_figure(counts: pd.DataFrame):
    """Dot chart of `camera_counts`: counts above, plans and capacity below; returns (fig, data drawn)."""
    missing = set(counts["id"]) - set(CAMERA_WHO)
    if missing:
        raise ValueError(f"no label set for {missing}")
    fig, (top, bottom) = charts.figure(height=4.4, nrows=2, sharex=True,
                                       gridspec_kw={"height_ratios": [2.3, 1], "hspace": 0.25})
    for kind, group in counts.groupby("count_kind", sort=False):  # one series per kind, no lines
        colour, marker = CAMERA_STYLE[kind]
        ax = bottom if kind in CAMERA_PLAN_KINDS else top
        for _, r in group.iterrows():
            hollow = r["qualifier"] != "exact"
            ax.scatter(r["when"], r["cameras"], s=60, marker=marker, linewidths=1.6, zorder=3,
                       edgecolors=colour, facecolors="white" if hollow else colour)
            if CAMERA_WHO[r["id"]]:
                dx, dy, ha = CAMERA_OFFSET[r["id"]]
                ax.annotate(f"{r['label']} {CAMERA_WHO[r['id']]}", (r["when"], r["cameras"]),
                            xytext=(dx, dy), textcoords="offset points", ha=ha, va="center",
                            fontsize=7.5, color=charts.TEXT)
    top.set_ylim(-130, 1500)
    bottom.set_ylim(0, 10000)
    top.set_title("Counts and estimates of cameras in Belgrade", loc="left", fontsize=9)
    bottom.set_title("Plans and capacity (not cameras counted)", loc="left", fontsize=9)
    for ax in (top, bottom):
        ax.set_ylabel("Cameras")
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    bottom.set_xlim(pd.Timestamp("2017-07-01"), pd.Timestamp("2026-01-01"))

    handles = [Line2D([], [], linestyle="none", marker=CAMERA_STYLE[k][1], markersize=7,
                      markerfacecolor=CAMERA_STYLE[k][0], markeredgecolor=CAMERA_STYLE[k][0],
                      label=label)
               for k, label in CAMERA_COUNT_KINDS.items() if k in set(counts["count_kind"])]
    handles += [Line2D([], [], linestyle="none", marker="o", markersize=7, color=charts.GREY,
                       label="Filled: exact number"),
                Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                       markeredgecolor=charts.GREY, label="Hollow: ≈, ≥ or ≤ (not exact)")]
    fig.subplots_adjust(right=0.62)
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.635, 0.5), fontsize=7.5,
               title="Kind of number", title_fontsize=8, alignment="left", handletextpad=0.4)
    return fig, counts.drop(columns=["when", "sign", "panel"])


def panel_labels(counts: pd.DataFrame, panel: str) -> str:
    """The distinct camera-number labels of one panel ('count' or 'plan') in drawing order, for alt text."""
    return ", ".join(counts.loc[counts["panel"] == panel, "label"].drop_duplicates())


# --- Figure and table: the legal fight (fig-ps-legal, tbl-ps-legal) -----------------------------

LEGAL_LANES = {  # event type -> lane label, colour, marker (top to bottom)
    "law_adopted": ("Law adopted", charts.PALETTE[2], "s"),
    "draft_law": ("Draft law published", charts.PALETTE[1], "^"),
    "withdrawal": ("Draft withdrawn", charts.PALETTE[6], "X"),
    "finding": ("Commissioner: finding", charts.PALETTE[0], "o"),
    "opinion": ("Commissioner: opinion", charts.PALETTE[5], "D"),
    "letter": ("Letter", charts.PALETTE[3], "P"),
    "statement": ("Statement", charts.GREY, "v"),
}
LEGAL_NOTES = {  # short labels for the main events (own words)
    "le2018dpl": "Data-protection law", "le2018finding": "New cameras, public not told",
    "le2019supervision": "Test phase only", "le2019opinion": "1st DPIA: not compliant",
    "le2020opinion2": "2nd DPIA: not compliant", "le2021draft": "1st draft",
    "le2022draft": "2nd draft", "le2021withdrawal": "withdrawn",
    "le2022withdrawal": "withdrawn", "le2022protests": "No face recognition at protests",
    "le2022meps": "MEPs", "le2021edri": "EDRi",
    "le2025dacic": "Dačić and Vučić: no face recognition; new law to come",
}


def legal_events(legal: pd.DataFrame) -> pd.DataFrame:
    """The legal events with a `when` Timestamp (partial dates placed mid-month or mid-year)."""
    return legal.assign(when=legal["date"].map(_when)).reset_index(drop=True)


def legal_figure(events: pd.DataFrame, spans: pd.DataFrame):
    """Timeline of `legal_events` in one lane per event type, drafts shaded; returns (fig, data drawn)."""
    fig, ax = charts.figure(height=3.0)
    lane_y = {t: len(LEGAL_LANES) - 1 - i for i, t in enumerate(LEGAL_LANES)}
    for _, s in spans.iterrows():
        ax.axvspan(s["published"], s["withdrawn"] + pd.Timedelta(days=10), color=charts.PALETTE[1],
                   alpha=0.12, lw=0)
    for etype, group in events.groupby("event_type", sort=False):
        _, colour, marker = LEGAL_LANES[etype]
        ax.scatter(group["when"], [lane_y[etype]] * len(group), s=45, marker=marker, color=colour,
                   zorder=3)
    for _, r in events[events["id"].isin(list(LEGAL_NOTES))].iterrows():
        right = r["when"] < pd.Timestamp("2024-01-01")
        below = r["id"] in ("le2018finding", "le2020opinion2")
        ax.annotate(LEGAL_NOTES[r["id"]], (r["when"], lane_y[r["event_type"]]),
                    xytext=(6 if right else -6, -9 if below else 7), textcoords="offset points",
                    ha="left" if right else "right", fontsize=7, color=charts.TEXT)
    ax.set_yticks(list(lane_y.values()), [v[0] for v in LEGAL_LANES.values()])
    ax.set_ylim(-0.6, len(LEGAL_LANES) - 0.3)
    ax.set_xlim(pd.Timestamp("2018-01-01"), pd.Timestamp("2026-06-30"))
    ax.grid(axis="x", color="#EEEEEE")
    fig.subplots_adjust(left=0.22, right=0.98)
    return fig, events.drop(columns=["when"])


# How each event type reads in front of its description in the table.
LEGAL_TYPE_LABEL = {"law_adopted": "Law adopted", "draft_law": "Draft law", "withdrawal": "Withdrawal",
                    "finding": "Finding", "opinion": "Opinion", "letter": "Letter",
                    "statement": "Statement"}


def legal_table(legal: pd.DataFrame) -> pd.DataFrame:
    """The legal events by date, with a `shown_date` and a `what` text (type, description, outcome)."""
    return legal.assign(
        when=legal["date"].map(_when), shown_date=legal["date"].map(date_text),
        what=legal["event_type"].map(LEGAL_TYPE_LABEL) + ": " + legal["description"]
        + ". Outcome: " + legal["outcome"].fillna("not known") + ".").sort_values(["when", "id"])
