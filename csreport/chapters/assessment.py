"""Closing chapter (assessment and options): key judgements, commitments, levers and the action matrix.

Tables: key_judgements (confidence, likelihood and indicators of each key judgement), with
estimative_scale (the PHIA probability yardstick) and confidence_levels (what high, moderate and
low confidence mean); security_commitments (Serbia's commitments to China's security agenda);
eu_nato_levers (EU, NATO and US instruments and their state for Serbia); growth_plan_payments
(accounts of the first Growth Plan payment); policy_options (the report's action matrix). Which
row a sentence quotes is chosen in the notebook; the functions here check, order, count and draw.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd

from csreport import data
from csreport.data import releases
from csreport.report import charts, tables

# Presentation only: how a status value reads in the chapter's table.
STATUS_TEXT = {
    "not_opened": "Not opened",
    "applies_on_accession": "Applies on accession",
    "member_states_only": "Binds member states, not candidates",
    "pledge": "Political pledge",
    "partnership": "Partnership plan",
}
QUOTE_MARK = {"translation": " (report's translation)", "as_reported": " (as reported)"}


def _when(frame: pd.DataFrame, column: str, table: str) -> pd.Series:
    """Each row's text date as a Timestamp; a missing date is an error naming the row."""
    when = frame[column].map(lambda text: data.partial_date(text)[0])
    missing = frame.loc[when.isna(), "id"]
    if not missing.empty:
        raise data.DataError(f"{table}, column '{column}': no date for {', '.join(missing)}")
    return when


# --- commitments ---------------------------------------------------------------------------------


def commitment_rows(commitments: pd.DataFrame) -> pd.DataFrame:
    """The commitments by date, with `when` and the table's `what` column (summary and quotation)."""
    out = commitments.copy()
    out["when"] = _when(out, "date", "security_commitments")
    bad = out[out["quote"].notna() & out["quote_kind"].isna()]
    if not bad.empty:
        raise data.DataError(
            f"security_commitments, column 'quote_kind': empty for quoted row(s) {', '.join(bad['id'])}"
        )

    def what(r) -> str:
        if pd.isna(r["quote"]):
            return r["description"]
        return f"{r['description']} Quoted: “{r['quote']}”{QUOTE_MARK[r['quote_kind']]}."

    out["what"] = out.apply(what, axis=1)
    return out.sort_values("when", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Endorsements:
    """How often the commitments refer to China's Global Security Initiative or to police cooperation."""

    n_events: int
    n_gsi: int
    n_law_enforcement: int
    n_law_unknown: int
    first_gsi: pd.Timestamp | None
    gsi_speakers: tuple[str, ...]


def endorsements(commitments: pd.DataFrame) -> Endorsements:
    """Counts over the commitments (rows from `commitment_rows`); unknown law-enforcement cells are counted apart."""
    gsi = commitments[commitments["gsi_reference"].fillna(False).astype(bool)]
    law = commitments["law_enforcement"]
    return Endorsements(
        n_events=len(commitments),
        n_gsi=len(gsi),
        n_law_enforcement=int(law.fillna(False).astype(bool).sum()),
        n_law_unknown=int(law.isna().sum()),
        first_gsi=gsi["when"].min() if not gsi.empty else None,
        gsi_speakers=tuple(dict.fromkeys(gsi.sort_values("when")["serbian_speaker"])),
    )


# --- levers --------------------------------------------------------------------------------------


def lever_rows(levers: pd.DataFrame) -> pd.DataFrame:
    """The levers by actor and date, with `when` and the table's `state` column."""
    out = levers.copy()
    unknown = sorted(set(out["status"]) - set(STATUS_TEXT))
    if unknown:
        raise data.DataError(f"eu_nato_levers, column 'status': no label for {', '.join(unknown)}")
    out["when"] = _when(out, "date", "eu_nato_levers")
    out["state"] = out["status"].map(STATUS_TEXT)
    out["actor_lever"] = out["actor"] + ": " + out["lever"]
    return out.sort_values(["actor", "when"], kind="stable").reset_index(drop=True)


# --- key judgements ------------------------------------------------------------------------------


def likelihood_ranges(scale: pd.DataFrame) -> dict[str, str]:
    """Each term of the probability yardstick with its range as text: {'likely': '55–75%', ...}."""

    def pct(v) -> str:
        return f"{float(v):g}"

    return {r["term"]: f"{pct(r['low_pct'])}–{pct(r['high_pct'])}%" for _, r in scale.iterrows()}


def judgement_rows(judgements: pd.DataFrame, scale: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """The key judgements in rank order, checked against the report's scales, with `range` (the
    likelihood's range of probability, empty where the judgement makes no forecast).

    A confidence level that is not defined (confidence_levels), a likelihood that is not a term of
    the yardstick (estimative_scale), or a forecast without its horizon is an error naming the row."""
    problems = []
    known_levels, ranges = set(levels["id"]), likelihood_ranges(scale)
    for _, r in judgements.iterrows():
        if r["confidence"] not in known_levels:
            problems.append(f"{r['id']}: confidence '{r['confidence']}' is not defined in confidence_levels")
        forecast = pd.notna(r["likelihood"])
        if forecast and r["likelihood"] not in ranges:
            problems.append(f"{r['id']}: likelihood '{r['likelihood']}' is not a term of estimative_scale")
        if forecast and pd.isna(r["horizon"]):
            problems.append(f"{r['id']}: a forecast ('{r['likelihood']}') needs a horizon")
        if not forecast and pd.notna(r["horizon"]):
            problems.append(f"{r['id']}: a horizon without a likelihood")
    if problems:
        raise data.DataError("key_judgements: " + "; ".join(problems))
    out = judgements.sort_values("rank", kind="stable").reset_index(drop=True)
    out["range"] = out["likelihood"].map(lambda t: ranges.get(t) if pd.notna(t) else None)
    return out


def next_releases(judgements: pd.DataFrame, schedule: pd.DataFrame) -> pd.Series:
    """For each judgement (by id) the first day from which the next release of its watched series is
    expected (NaT where it watches none or the series has no rhythm)."""
    expected = releases.next_expected(schedule).set_axis(schedule["id"])
    named = judgements["watch_series"].dropna()
    unknown = sorted(set(named) - set(schedule["id"]))
    if unknown:
        raise data.DataError(f"key_judgements, column 'watch_series': not in release_schedule: {', '.join(unknown)}")
    return judgements.set_index("id")["watch_series"].map(expected).astype("datetime64[ns]")


# --- options -------------------------------------------------------------------------------------

ACTOR_GROUPS = ("EU", "NATO members", "Serbian institutions and civil society")


def option_rows(options: pd.DataFrame) -> pd.DataFrame:
    """The options in the order of the action matrix: by actor group (EU, NATO members, Serbia), then rank."""
    unknown = sorted(set(options["actor_group"]) - set(ACTOR_GROUPS))
    if unknown:
        raise data.DataError(f"policy_options, column 'actor_group': no column for {', '.join(unknown)}")
    group = options["actor_group"].map({g: i for i, g in enumerate(ACTOR_GROUPS)})
    return options.assign(group_rank=group).sort_values(["group_rank", "rank"], kind="stable").reset_index(drop=True)


def evidence_links(cell, chapters: dict[str, str], sections: dict[str, str] | None = None) -> list[str]:
    """The chapters (as MyST links) that hold the rows of a `table:id;...` cell, in order of first use.

    `chapters` maps a table to its chapter document ('book/military'); `sections` a table to the
    label of the section that presents it, when the table's description names one. A row of a table
    that no chapter presents is an error."""
    sections = sections or {}
    links = []
    for ref in filter(None, str(cell if pd.notna(cell) else "").split(";")):
        table = ref.partition(":")[0]
        if not chapters.get(table):
            raise data.DataError(f"no chapter presents table '{table}' (row {ref})")
        link = f"{{ref}}`{sections[table]}`" if sections.get(table) else f"{{doc}}`/{chapters[table]}`"
        if link not in links:
            links.append(link)
    return links


def rows_of(cell, table: str) -> list[str]:
    """The ids of `table`'s rows named in a `table:id;...` cell."""
    refs = filter(None, str(cell if pd.notna(cell) else "").split(";"))
    return [rid for t, _, rid in (ref.partition(":") for ref in refs) if t == table]


def options_markdown(options: pd.DataFrame, *, detail: bool = False, links: pd.Series | None = None) -> str:
    """The options as a MyST list, one item per option in the given order: who, what, and what it would
    and would not change (the action matrix as a list, which breaks across pages). `detail` adds the
    instrument and its precedent; `links` (MyST links to the evidence, by row position) adds them."""

    def item(k: int, r) -> str:
        who = tables.escape(f"{r['actor_group']} ({r['actor']}).")
        text = f"- **{who}** {tables.escape(r['option'])}"
        if detail:
            text += f" *Instrument:* {tables.escape(r['instrument'])}. *Precedent:* {tables.escape(r['precedent'])}"
        text += (
            f" *Would change:* {tables.escape(r['would_change'])} "
            f"*Would not change:* {tables.escape(r['would_not_change'])}"
        )
        if links is not None and links.iloc[k]:
            text += f" *Evidence:* {links.iloc[k]}."
        return text

    if options.empty:
        raise ValueError("options_markdown: no options")
    return "\n".join(item(k, r) for k, (_, r) in enumerate(options.iterrows())) + "\n"


# --- the figure: where Serbia buys and with whom it trains ----------------------------------------


def buy_and_train_figure(
    shares: pd.DataFrame, exercises: pd.DataFrame, note: str | None = None, *, height: float = 1.9
) -> charts.Chart:
    """Two panels: suppliers' shares of Serbia's major-arms imports in one SIPRI window (`shares`:
    supplier, share_pct, sources), and Serbia's exercises with each partner in one year counted on
    one basis (`exercises`: partner, count, unit, sources). Each panel is sorted, largest first;
    `note` is written under the exercise bars (e.g. when training with China began)."""
    if shares.empty or exercises.empty:
        raise ValueError("buy_and_train_figure: both panels need rows")
    if exercises["unit"].nunique() != 1:
        raise data.DataError("buy_and_train_figure: exercise counts of different units cannot share an axis")
    fig, (left, right) = charts.figure(height=height, ncols=2, gridspec_kw={"wspace": 0.55})
    s = shares.assign(share_pct=shares["share_pct"].astype(float)).sort_values("share_pct", kind="stable")
    e = exercises.assign(count=exercises["count"].astype(float)).sort_values("count", kind="stable")
    for ax, names, values, fmt in (
        (left, s["supplier"], s["share_pct"].astype(float), "{:g}%"),
        (right, e["partner"], e["count"].astype(float), "{:g}"),
    ):
        colours = [
            charts.ACTOR.get(n, charts.ACTOR["Western suppliers"] if "NATO" in n else charts.GREY) for n in names
        ]
        ax.barh([textwrap.fill(str(n), 14) for n in names], list(values), color=colours, height=0.6)
        for y, v in enumerate(values):
            ax.text(v, y, " " + fmt.format(v), va="center", fontsize=8, color=charts.TEXT)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlim(0, max(values) * 1.25)
    left.set_xlabel("Share of major-arms imports (%)")
    right.set_xlabel(f"Number of {e['unit'].iloc[0]}")
    if note:
        right.text(
            0.98,
            0.04,
            textwrap.fill(note, 28),
            fontsize=7.5,
            color=charts.GREY,
            ha="right",
            va="bottom",
            transform=right.transAxes,
        )
    fig.subplots_adjust(left=0.14, right=0.97)
    drawn = pd.concat(
        [
            s.assign(panel="arms imports", name=s["supplier"], value=s["share_pct"])[
                ["panel", "name", "value", "sources"]
            ],
            e.assign(panel="exercises", name=e["partner"], value=e["count"])[["panel", "name", "value", "sources"]],
        ],
        ignore_index=True,
    )
    return charts.Chart(fig, drawn)
