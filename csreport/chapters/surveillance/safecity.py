"""Safe City (book/surveillance): camera numbers by kind, the draft laws' lifespans, the chapter's two
figures and its tables' frames.

Labels of the tables' categories (kinds of camera number, types of legal event, statuses of a
claim) are read from the `categories` of their field in data/datapackage.json; labels and label
positions of single rows are columns of the tables. This module quotes no row: the notebook
chooses the rows its sentences quote.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D

from csreport import data
from csreport.data import partial_date, sources
from csreport.data.rows import categories, require_known
from csreport.report import charts
from csreport.report.glue import QUALIFIER_SIGN, count, date_text, qualified


def signed(qualifier, value) -> str:
    """A whole number with the sign of its qualifier, as charts and tables show it: '≈1,000', '689'."""
    return qualified(qualifier, count(value), words=QUALIFIER_SIGN)


# --- Camera numbers (fig-ps-cameras) -------------------------------------------------------------


def camera_counts(milestones: pd.DataFrame, kinds: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per camera number in `surveillance_milestones`, with its single kind.

    Kinds are never merged: each row keeps its `count_kind`, the kind's `kind` label, its
    `qualifier`, a `label` with the qualifier's sign (≈, ≥, ≤) and `street` (False for plans and
    inferred capacity, which are not cameras on the street). Rows are in the kinds' order, then by
    date. `kinds` defaults to the categories of `count_kind` in the data package. Raises
    ValueError if a number has no known kind or no qualifier.
    """
    kinds = categories("surveillance_milestones", "count_kind") if kinds is None else kinds
    rows = milestones[milestones["cameras"].notna()].copy()
    require_known(rows["count_kind"], kinds.index, "count kind", rows["id"])
    require_known(rows["qualifier"], QUALIFIER_SIGN, "qualifier", rows["id"])
    parsed = rows["date"].map(partial_date)
    rows["when"] = [p[0] for p in parsed]
    rows["date_precision"] = [p[1] for p in parsed]
    rows["kind"] = rows["count_kind"].map(kinds["label"])
    rows["label"] = [signed(q, c) for q, c in zip(rows["qualifier"], rows["cameras"])]
    rows["street"] = rows["count_kind"].map(kinds["street_count"]).astype(bool)
    order = {k: i for i, k in enumerate(kinds.index)}
    rows = rows.assign(_o=rows["count_kind"].map(order)).sort_values(["_o", "when", "id"])
    cols = [
        "id",
        "date",
        "when",
        "date_precision",
        "count_kind",
        "kind",
        "cameras",
        "locations",
        "qualifier",
        "label",
        "street",
        "chart_label",
        "chart_label_position",
        "actor",
        "sources",
    ]
    return rows[cols].reset_index(drop=True)


def panel_labels(counts: pd.DataFrame, street: bool) -> list[str]:
    """The distinct number labels of one panel of the camera chart (street counts or plans), in drawing order."""
    return list(counts.loc[counts["street"] == street, "label"].drop_duplicates())


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
CAMERA_LABEL_OFFSET = {  # chart_label_position -> (dx, dy) in points and horizontal alignment
    "above": (0, 11, "center"),
    "below": (0, -13, "center"),
    "left": (-9, 0, "right"),
    "right": (9, 0, "left"),
    "above right": (8, 8, "left"),
    "above left": (-8, 8, "right"),
    "below right": (6, -13, "left"),
    "below left": (-5, -12, "right"),
}


def _padded_max(values: pd.Series) -> float:
    """Top of a value axis: a quarter above the largest value drawn."""
    return 1.25 * float(values.max())


def _camera_legend(fig, counts: pd.DataFrame, kinds: pd.DataFrame) -> None:
    shown = [k for k in kinds.index if k in set(counts["count_kind"])]
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=CAMERA_STYLE[k][1],
            markersize=7,
            markerfacecolor=CAMERA_STYLE[k][0],
            markeredgecolor=CAMERA_STYLE[k][0],
            label=kinds.loc[k, "label"],
        )
        for k in shown
    ]
    handles += [
        Line2D([], [], linestyle="none", marker="o", markersize=7, color=charts.GREY, label="Filled: exact number"),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=charts.GREY,
            label="Hollow: ≈, ≥ or ≤ (not exact)",
        ),
    ]
    fig.subplots_adjust(right=0.62)
    fig.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=(0.635, 0.5),
        fontsize=7.5,
        title="Kind of number",
        title_fontsize=8,
        alignment="left",
        handletextpad=0.4,
    )


def cameras_figure(counts: pd.DataFrame, until: pd.Timestamp, kinds: pd.DataFrame | None = None) -> charts.Chart:
    """Dot chart of `camera_counts`: street counts above, plans and capacity below, up to `until`."""
    kinds = categories("surveillance_milestones", "count_kind") if kinds is None else kinds
    require_known(counts["count_kind"], CAMERA_STYLE, "chart style for count kind", counts["id"])
    labelled = counts["chart_label"].notna()
    require_known(
        counts.loc[labelled, "chart_label_position"],
        CAMERA_LABEL_OFFSET,
        "chart label position",
        counts.loc[labelled, "id"],
    )
    fig, (top, bottom) = charts.figure(
        height=4.4, nrows=2, sharex=True, gridspec_kw={"height_ratios": [2.3, 1], "hspace": 0.25}
    )
    for kind, group in counts.groupby("count_kind", sort=False):  # one series per kind, no lines
        colour, marker = CAMERA_STYLE[kind]
        for _, r in group.iterrows():
            ax = top if r["street"] else bottom
            ax.scatter(
                r["when"],
                r["cameras"],
                s=60,
                marker=marker,
                linewidths=1.6,
                zorder=3,
                edgecolors=colour,
                facecolors=colour if r["qualifier"] == "exact" else "white",
            )
            if pd.notna(r["chart_label"]):
                charts.label_point(
                    ax,
                    f"{r['label']} {r['chart_label']}",
                    (r["when"], r["cameras"]),
                    CAMERA_LABEL_OFFSET[r["chart_label_position"]],
                    fontsize=7.5,
                )
    top_max = _padded_max(counts.loc[counts["street"], "cameras"])
    top.set_ylim(-0.087 * top_max, top_max)
    bottom.set_ylim(0, _padded_max(counts.loc[~counts["street"], "cameras"]))
    top.set_title("Counts and estimates of cameras in Belgrade", loc="left", fontsize=9)
    bottom.set_title("Plans and capacity (not cameras counted)", loc="left", fontsize=9)
    for ax in (top, bottom):
        ax.set_ylabel("Cameras")
        ax.yaxis.set_major_formatter(charts.whole)
    first = counts["when"].min()
    bottom.set_xlim(pd.Timestamp(year=first.year, month=1, day=1) - pd.DateOffset(months=6), until)
    _camera_legend(fig, counts, kinds)
    drawn = counts.drop(columns=["when", "street", "chart_label_position"])
    return charts.Chart(fig, drawn)


# --- The legal fight (fig-ps-legal, tbl-ps-legal) -------------------------------------------------


def legal_events(legal: pd.DataFrame) -> pd.DataFrame:
    """The legal events with a `when` Timestamp (partial dates placed mid-month or mid-year)."""
    return legal.assign(when=legal["date"].map(lambda d: partial_date(d)[0])).reset_index(drop=True)


def days_between(earlier: str, later: str) -> int:
    """Days from one text date to another; both must be known to the day (ValueError otherwise)."""
    (start, p1), (end, p2) = partial_date(earlier), partial_date(later)
    if p1 != "day" or p2 != "day":
        raise ValueError(f"days between '{earlier}' and '{later}': both dates must be known to the day")
    return (end - start).days


def draft_law_spans(legal: pd.DataFrame) -> pd.DataFrame:
    """Each draft law of `surveillance_legal_events` with the withdrawal that names it in `withdraws`.

    Indexed by the draft's id. Columns: published (text date), published_at and withdrawn_at
    (Timestamps; NaT if not withdrawn), withdrawal (id or missing), days from publication to
    withdrawal (missing unless both dates are known to the day), biometric_powers, and the
    sources of both rows. Raises ValueError if a withdrawal names no draft law.
    """
    events = legal_events(legal)
    drafts = events[events["event_type"] == "draft_law"].set_index("id")
    withdrawals = events[events["event_type"] == "withdrawal"]
    orphans = withdrawals[~withdrawals["withdraws"].isin(list(drafts.index))]
    if len(orphans):
        raise ValueError(
            "surveillance_legal_events: withdrawal names no draft law in column "
            f"'withdraws': {', '.join(orphans['id'])}"
        )
    twice = withdrawals[withdrawals["withdraws"].duplicated(keep=False)]
    if len(twice):
        raise ValueError(
            f"surveillance_legal_events: one draft withdrawn twice in column 'withdraws': {', '.join(twice['id'])}"
        )
    w = withdrawals.set_index("withdraws").reindex(drafts.index)
    days = [
        days_between(d, x) if pd.notna(x) and partial_date(d)[1] == partial_date(x)[1] == "day" else pd.NA
        for d, x in zip(drafts["date"], w["date"])
    ]
    keys = [
        ";".join(dict.fromkeys(sources.split_keys(a) + sources.split_keys(b if pd.notna(b) else "")))
        for a, b in zip(drafts["sources"], w["sources"])
    ]
    return pd.DataFrame(
        {
            "published": drafts["date"],
            "published_at": drafts["when"],
            "withdrawn_at": w["when"],
            "withdrawal": w["id"],
            "days": pd.array(days, dtype="Int64"),
            "biometric_powers": drafts["biometric_powers"],
            "sources": keys,
        },
        index=drafts.index,
    )


def biometric_laws(legal: pd.DataFrame) -> pd.DataFrame:
    """The adopted laws that give the police biometric surveillance powers (none so far)."""
    adopted = legal[legal["event_type"] == "law_adopted"]
    return adopted[adopted["biometric_powers"].fillna(False).astype(bool)]


LEGAL_STYLE = {  # event type -> colour and marker of its lane
    "law_adopted": (charts.PALETTE[2], "s"),
    "draft_law": (charts.PALETTE[1], "^"),
    "withdrawal": (charts.PALETTE[6], "X"),
    "finding": (charts.PALETTE[0], "o"),
    "opinion": (charts.PALETTE[5], "D"),
    "letter": (charts.PALETTE[3], "P"),
    "statement": (charts.GREY, "v"),
}
LEGAL_LABEL_OFFSET = {  # chart_label_position -> (dx, dy) in points and horizontal alignment
    "above right": (6, 7, "left"),
    "below right": (6, -9, "left"),
    "above left": (-6, 7, "right"),
    "below left": (-6, -9, "right"),
}


def legal_figure(
    events: pd.DataFrame, spans: pd.DataFrame, until: pd.Timestamp, types: pd.DataFrame | None = None
) -> charts.Chart:
    """Timeline of `legal_events` up to `until`, one lane per event type, each draft shaded to its withdrawal."""
    types = categories("surveillance_legal_events", "event_type") if types is None else types
    require_known(events["event_type"], LEGAL_STYLE, "chart style for event type", events["id"])
    fig, ax, lane_y = charts.lane_timeline(types, events["when"].min(), until, height=3.0, left=0.22, floor=-0.6)
    for _, s in spans[spans["withdrawn_at"].notna()].iterrows():
        ax.axvspan(
            s["published_at"], s["withdrawn_at"] + pd.Timedelta(days=10), color=charts.PALETTE[1], alpha=0.12, lw=0
        )
    for etype, group in events.groupby("event_type", sort=False):
        colour, marker = LEGAL_STYLE[etype]
        ax.scatter(group["when"], [lane_y[etype]] * len(group), s=45, marker=marker, color=colour, zorder=3)
    charts.label_lanes(ax, events, lane_y, "event_type", LEGAL_LABEL_OFFSET, va="baseline")
    drawn = events.drop(columns=["when", "chart_label_position"])
    return charts.Chart(fig, drawn)


def legal_rows(legal: pd.DataFrame, types: pd.DataFrame | None = None) -> pd.DataFrame:
    """The legal events by date for the table: a `shown_date` and a `what` text (type label, description, outcome)."""
    types = categories("surveillance_legal_events", "event_type") if types is None else types
    require_known(legal["event_type"], types.index, "event type", legal["id"])
    return (
        legal_events(legal)
        .assign(
            shown_date=legal["date"].map(date_text).to_numpy(),
            what=legal["event_type"].map(types["label"]).to_numpy()
            + ": "
            + legal["description"].to_numpy()
            + ". Outcome: "
            + legal["outcome"].fillna("not known").to_numpy()
            + ".",
        )
        .sort_values(["when", "id"])
    )


# --- What is known (tbl-ps-facts-*) and the polls ---------------------------------------------------


def status_counts(facts: pd.DataFrame, statuses: pd.DataFrame | None = None) -> pd.Series:
    """Number of claims per status, every status listed (0 if none), in the statuses' order."""
    statuses = categories("safe_city_facts", "status") if statuses is None else statuses
    require_known(facts["status"], statuses.index, "status", facts["id"])
    return facts["status"].value_counts().reindex(statuses.index, fill_value=0).astype(int)


def facts_rows(facts: pd.DataFrame, statuses: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims sorted by status, with a `status_label` and a `claim` column naming who claims it."""
    statuses = categories("safe_city_facts", "status") if statuses is None else statuses
    require_known(facts["status"], statuses.index, "status", facts["id"])
    order = {k: i for i, k in enumerate(statuses.index)}
    return (
        facts.assign(
            status_label=facts["status"].map(statuses["label"]),
            _o=facts["status"].map(order),
            claim=facts["what_is_claimed"] + " (" + facts["claimed_by"] + ")",
        )
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
    )


def questions_matching(polls: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """The poll rows whose question or wording matches the regular expression `pattern` (any case)."""
    text = polls["question"].fillna("") + " " + polls["question_wording"].fillna("")
    return polls[text.str.contains(pattern, case=False, regex=True).fillna(False).astype(bool)]


def confirmed_date(timeline: pd.DataFrame, row_id: str) -> str:
    """The date of a context-timeline row, which must be confirmed (ValueError naming the row if not)."""
    row = data.row(timeline, row_id)
    if row["date_confirmed"] != "yes":
        raise ValueError(f"context_timeline, row '{row_id}': date not confirmed (date_confirmed)")
    return row["date"]
