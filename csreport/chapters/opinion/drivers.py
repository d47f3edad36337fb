"""What drives Serbian opinion of China (book/opinion): the 2020 "mask diplomacy" and the vaccines, media
framing and the 2020 Sinophone Borderlands/CEIAS survey across Europe.

Tables: `pandemic_aid` (dated steps of March–April 2020, and the Sinopharm vaccine steps of 2021–2025), `media_framing` (findings of media
monitors, each share with its base) and `china_views_europe` (other countries of the survey whose
Serbian rows are in `polls`). This module quotes no row: the notebook chooses the rows its
sentences quote, and formats them with `csreport.report.glue`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.dates import DateFormatter

from csreport import data
from csreport.data.rows import dated
from csreport.report import charts, glue

LANES = ("China", "EU", "Serbia")  # timeline lanes, top to bottom
LANE_COLOUR = {"China": charts.ACTOR["China"], "EU": charts.ACTOR["EU"], "Serbia": charts.ACTOR["Serbia"]}
KIND_MARKER = {"statement": "o", "grant": "s", "package": "D", "delivery": "^", "display": "*", "project": "P"}
_OFFSETS = (11, -12, 24, -25)  # label heights above/below a lane (points), cycled so that neighbours differ
_SIGNS = {"exact": "", "approx": "c. ", "at_least": "≥", "at_most": "≤"}  # how a qualifier reads on a bar


# --- The 2020 aid (fig-op-aid, tbl-op-aid) ------------------------------------------------------------


def lane_steps(aid: pd.DataFrame, lane: str) -> pd.DataFrame:
    """The steps of one lane ('China', 'EU' or 'Serbia'), by date. Raises ValueError for an unknown lane."""
    if lane not in LANES:
        raise ValueError(f"pandemic_aid: unknown lane '{lane}' (known: {', '.join(LANES)})")
    return dated(aid[aid["lane"] == lane])


def in_window(aid: pd.DataFrame, start, end) -> pd.DataFrame:
    """The steps whose date interval lies within [start, end] (a step known only to the year counts if
    the whole year does). The table also holds later steps (the vaccines); the 2020 comparison uses this."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    keep = [lo <= data.date_interval(d)[0] and data.date_interval(d)[1] <= hi for d in aid["date"]]
    return aid[keep]


def valued(aid: pd.DataFrame, lane: str) -> pd.DataFrame:
    """The steps of `lane` for which a source states an amount."""
    steps = lane_steps(aid, lane)
    return steps[steps["amount"].notna()]


def unvalued_deliveries(aid: pd.DataFrame, lane: str) -> pd.DataFrame:
    """Deliveries of `lane` for which no source states an amount."""
    steps = lane_steps(aid, lane)
    return steps[(steps["kind"] == "delivery") & steps["amount"].isna()]


def first_step(aid: pd.DataFrame, lane: str, kind: str) -> pd.Series:
    """The earliest step of `kind` in `lane`. Raises ValueError if there is none."""
    steps = lane_steps(aid, lane)
    hit = steps[steps["kind"] == kind]
    if hit.empty:
        raise ValueError(f"pandemic_aid: no step of kind '{kind}' for {lane}")
    return hit.iloc[0]


def days_apart(earlier: pd.Series, later: pd.Series) -> int:
    """Days from one dated step to another (both must be dated to the day)."""
    for step in (earlier, later):
        if step["date_precision"] != "day":
            raise ValueError(f"pandemic_aid: row '{step['id']}' is not dated to the day")
    return int((later["when"] - earlier["when"]).days)


def aid_timeline_figure(aid: pd.DataFrame, start: str, end: str) -> charts.Chart:
    """One lane per actor from `start` to `end` (text dates); a marker per step, shaped by kind, labelled.

    Steps dated only to the year are left out of the drawing (they cannot be placed in the window).
    """
    steps = dated(aid)
    lo, hi = data.date_interval(start)[0], data.date_interval(end)[1]
    drawn = steps[steps["date_precision"].isin(["day", "month"]) & steps["when"].between(lo, hi)]
    fig, ax = charts.figure(height=3.4)
    for y, lane in enumerate(LANES):
        rows = drawn[drawn["lane"] == lane]
        for k, r in enumerate(rows.itertuples()):
            hollow = r.date_precision == "month"
            ax.scatter(
                r.when,
                y,
                marker=KIND_MARKER[r.kind],
                s=60,
                zorder=3,
                facecolor="white" if hollow else LANE_COLOUR[lane],
                edgecolor=LANE_COLOUR[lane],
            )
            right_half = r.when > lo + (hi - lo) * 0.6  # labels in the right part run leftwards
            ax.annotate(
                r.label,
                (r.when, y),
                xytext=(-4 if right_half else 4, _OFFSETS[k % len(_OFFSETS)]),
                textcoords="offset points",
                fontsize=7.2,
                ha="right" if right_half else "left",
                va="center",
                color=charts.TEXT,
            )
    ax.set_yticks(range(len(LANES)), list(LANES))
    ax.set_ylim(len(LANES) - 0.4, -0.6)
    ax.set_xlim(lo - pd.Timedelta(days=2), hi + pd.Timedelta(days=2))  # markers on the edges stay whole
    ax.xaxis.set_major_formatter(DateFormatter("%-d %b"))
    ax.grid(axis="x", color="#EEEEEE")
    ax.tick_params(axis="y", length=0)
    cols = ["id", "date", "lane", "kind", "label", "amount", "currency", "paid_for", "sources"]
    return charts.Chart(fig, drawn[cols].reset_index(drop=True))


def aid_rows(aid: pd.DataFrame) -> pd.DataFrame:
    """Every step, by date, with `when_text` and `amount_text` ('EUR 93m, package announced (grants)' or '')."""
    steps = dated(aid)
    amount = [
        ("" if pd.isna(r.amount) else f"{glue.money(r.amount, r.currency, r.amount_qualifier)}, {r.amount_meaning}")
        for r in steps.itertuples()
    ]
    when = [glue.date_text(d) for d in steps["date"]]
    return steps.assign(when_text=when, amount_text=amount, paid_for_text=steps["paid_for"].str.replace("_", " "))


# --- Media framing (fig-op-media, tbl-op-media) ----------------------------------------------------------


def shares(media: pd.DataFrame, monitor: str, period_end: str) -> pd.DataFrame:
    """The share_positive rows of one study (monitor and last month monitored), highest share first.

    Raises ValueError if the study has no share, or if its shares rest on different numbers of items
    (then they are not one study).
    """
    rows = media[
        (media["monitor"] == monitor) & (media["period_end"] == period_end) & (media["measure"] == "share_positive")
    ]
    if rows.empty:
        raise ValueError(f"media_framing: no share_positive row for {monitor} up to {period_end}")
    if rows["items"].nunique(dropna=False) != 1:
        raise ValueError(f"media_framing: the {monitor} rows up to {period_end} give different item counts")
    return rows.sort_values("value_pct", ascending=False, kind="stable").reset_index(drop=True)


def ratio(study: pd.DataFrame, first: str, second: str) -> float:
    """How many times `first`'s share is `second`'s within one study (shares from `shares`)."""
    s = study.set_index("actor")["value_pct"]
    for actor in (first, second):
        if actor not in s.index:
            raise ValueError(f"media_framing: no share for '{actor}' in this study")
    if s[second] == 0:
        raise ValueError(f"media_framing: the share for '{second}' is zero; no ratio")
    return float(s[first] / s[second])


def framing_figure(study: pd.DataFrame) -> charts.Chart:
    """Bars of the share of positive items per actor in one study, each labelled as the source words it."""
    fig, ax = charts.figure(height=2.0)
    y = range(len(study))
    ax.barh(list(y), study["value_pct"], height=0.6, color=[charts.ACTOR.get(a, charts.GREY) for a in study["actor"]])
    for yi, (v, q, words) in enumerate(zip(study["value_pct"], study["value_qualifier"], study["value_as_reported"])):
        shown = glue.percent(v, q, words=_SIGNS)
        if not any(ch.isdigit() for ch in words):  # the source's words, where they are not the number itself
            shown += f" ({words})"
        ax.annotate(shown, (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(list(y), list(study["actor"]))
    ax.set_ylim(len(study) - 0.5, -0.5)
    ax.set_xlim(0, float(study["value_pct"].max()) * 1.6)
    ax.set_xticks([])
    ax.grid(False)
    ax.tick_params(axis="y", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    cols = [
        "id",
        "monitor",
        "period_start",
        "period_end",
        "items",
        "actor",
        "value_pct",
        "value_qualifier",
        "value_as_reported",
        "base",
        "sources",
    ]
    return charts.Chart(fig, study[cols])


def framing_rows(media: pd.DataFrame) -> pd.DataFrame:
    """Every finding with `period` ('Jan–Dec 2020', or 'not reported') and `share` ('c. 25% of ...' or '')."""
    period = [
        ("not reported" if pd.isna(a) else glue.month_span(a, b if not pd.isna(b) else a))
        for a, b in zip(media["period_start"], media["period_end"])
    ]
    share = [
        ("" if pd.isna(v) else f"{glue.percent(v, q)} of {base[:1].lower()}{base[1:]}")
        for v, q, base in zip(media["value_pct"], media["value_qualifier"], media["base"])
    ]
    return media.assign(period=period, share=share)


# --- Serbia against the other countries of the 2020 survey (fig-op-europe) ---------------------------


def country_views(views: pd.DataFrame, polls: pd.DataFrame, poll_id: str, answer: str) -> pd.DataFrame:
    """Every reported share giving `answer` in survey `poll_id`: other countries from `views`, Serbia's
    rows from `polls` (all renderings). Columns: country, value, qualifier, confidence, label, sources, id.

    Raises ValueError if `views` mixes questions or surveys, or if `polls` has no row of `poll_id`
    with that answer: the chart must never put two questions on one axis.
    """
    if views["question"].nunique() != 1 or set(views["poll_id"]) != {poll_id}:
        raise ValueError(f"china_views_europe: rows must all answer one question of survey '{poll_id}'")
    own = polls[(polls["poll_id"] == poll_id) & (polls["answer_option"] == answer)]
    if own.empty:
        raise ValueError(f"polls: no row of survey '{poll_id}' with answer '{answer}'")
    other = views[views["answer"] == answer]
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "id": other["id"],
                    "country": other["country"],
                    "value": other["value_pct"],
                    "qualifier": other["qualifier"],
                    "confidence": other["confidence"],
                    "sources": other["sources"],
                }
            ),
            pd.DataFrame(
                {
                    "id": own["id"],
                    "country": "Serbia",
                    "value": own["value_pct"],
                    "qualifier": own["qualifier"],
                    "confidence": own["confidence"],
                    "sources": own["sources"],
                }
            ),
        ],
        ignore_index=True,
    )
    frame["label"] = [glue.percent(v, q, words=_SIGNS) for v, q in zip(frame["value"], frame["qualifier"])]
    return frame


def best_per_country(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per country, the best-attested rendering, with `labels` joining every rendering
    ('≥60% or ≤60%'); highest value first (ties keep alphabetical order)."""
    out = []
    for _country, g in frame.groupby("country", sort=True):
        g = g.assign(rank=data.confidence_rank(g["confidence"])).sort_values("rank", kind="stable")
        out.append(g.iloc[0].drop("rank").to_dict() | {"labels": " or ".join(g["label"]), "renderings": len(g)})
    return pd.DataFrame(out).sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Standing:
    """Where one country stands among the countries with a figure: its rank (1 = highest), how many
    countries share that value, and how many countries have a figure."""

    rank: int
    tied_with: tuple[str, ...]
    countries: int


def standing(best: pd.DataFrame, country: str) -> Standing:
    """The standing of `country` in `best` (from `best_per_country`), ties counted as one rank."""
    if country not in set(best["country"]):
        raise ValueError(f"no figure for '{country}'")
    value = float(best.loc[best["country"] == country, "value"].iloc[0])
    higher = best.loc[best["value"] > value, "value"].nunique()
    tied = best.loc[(best["value"] == value) & (best["country"] != country), "country"]
    return Standing(int(higher) + 1, tuple(tied), len(best))


def country_views_figure(best: pd.DataFrame, highlight: str = "Serbia") -> charts.Chart:
    """Bars of one answer's share per country, `highlight` in its actor colour, every rendering labelled."""
    fig, ax = charts.figure(height=0.38 * len(best) + 0.4)
    colours = [
        charts.ACTOR.get(highlight, charts.PALETTE[0]) if c == highlight else charts.GREY for c in best["country"]
    ]
    ax.barh(range(len(best)), best["value"], height=0.62, color=colours)
    for y, (v, label) in enumerate(zip(best["value"], best["labels"])):
        ax.annotate(label, (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(best)), best["country"])
    ax.set_ylim(len(best) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the country's respondents")
    ax.set_axisbelow(True)
    ax.grid(axis="x", color="#EEEEEE")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    return charts.Chart(fig, best[["country", "value", "qualifier", "labels", "renderings", "sources"]])


# --- Poll rows the polls section does not quote (tbl-op-polls) ------------------------------------------------


def poll_rows(polls: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The rows `ids` of `polls` in that order, with `share` ('c. 33%'), `fieldwork` and `base`
    (respondents and mode, or that they were not published). Raises ValueError for an unknown id."""
    unknown = [i for i in ids if i not in set(polls["id"])]
    if unknown:
        raise ValueError(f"polls: no row with id {', '.join(unknown)}")
    rows = polls.set_index("id").loc[ids].reset_index()
    fieldwork = [
        ("not reported" if pd.isna(a) else glue.month_span(a, b if not pd.isna(b) else a))
        for a, b in zip(rows["fieldwork_start"], rows["fieldwork_end"])
    ]
    base = [
        (f"{glue.count(n)} respondents" if not pd.isna(n) else "sample size not published")
        + (f", {m}" if not pd.isna(m) else "")
        for n, m in zip(rows["sample_n"], rows["mode"])
    ]
    share = [glue.percent(v, q) for v, q in zip(rows["value_pct"], rows["qualifier"])]
    return rows.assign(fieldwork=fieldwork, base=base, share=share)
