"""Closing chapter (what it means and which levers exist): commitments, levers, loan clauses, timeline.

Tables: security_commitments (Serbia's commitments to China's security agenda), eu_nato_levers
(EU, NATO and US instruments and their state for Serbia), loan_documents (published loan
agreements with Chinese lenders or Chinese cover, and the 2009 infrastructure agreement) and
loan_clauses (the clauses of *How China Lends* tested against them). Which row a sentence quotes
is chosen in the notebook; the functions here count, order and draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport import data
from csreport.report import charts

# Presentation only: how a status value reads in the chapter's table.
STATUS_TEXT = {
    "not_opened": "Not opened",
    "applies_on_accession": "Applies on accession",
    "member_states_only": "Binds member states, not candidates",
    "pledge": "Political pledge",
    "partnership": "Partnership plan",
}
# Statuses under which an instrument does not bind Serbia before it joins the EU.
NOT_BINDING_BEFORE_ACCESSION = ("not_opened", "applies_on_accession", "member_states_only")
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


def not_binding_before_accession(levers: pd.DataFrame, actor: str = "EU") -> pd.DataFrame:
    """The `actor`'s instruments that do not bind Serbia before accession (statuses in NOT_BINDING_BEFORE_ACCESSION)."""
    own = levers[levers["actor"] == actor]
    return own[own["status"].isin(NOT_BINDING_BEFORE_ACCESSION)]


# --- loans ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headings:
    """What the tables of contents of the published loan agreements show (no clause text was read)."""

    n_loans: int
    n_confidentiality: int
    n_default: int
    n_change_of_law: int
    n_text_read: int
    confidentiality_kinds: tuple[str, ...]
    no_confidentiality_kinds: tuple[str, ...]


def loan_rows(documents: pd.DataFrame) -> pd.DataFrame:
    """The loan agreements only, by date of signature, with `when`."""
    loans = documents[documents["kind"] == "loan_agreement"].copy()
    for column in ("heading_confidentiality", "heading_default", "heading_change_of_law", "lender_kind"):
        missing = loans.loc[loans[column].isna(), "id"]
        if not missing.empty:
            raise data.DataError(f"loan_documents, column '{column}': empty for loan agreement(s) {', '.join(missing)}")
    loans["when"] = _when(loans, "signed", "loan_documents")
    return loans.sort_values("when", kind="stable").reset_index(drop=True)


def headings(loans: pd.DataFrame) -> Headings:
    """Counts of headings over the loan agreements (rows from `loan_rows`), and the lender kinds with and without a confidentiality clause."""
    conf = loans["heading_confidentiality"].astype(bool)
    with_conf = tuple(sorted(set(loans.loc[conf, "lender_kind"])))
    without = tuple(sorted(set(loans.loc[~conf, "lender_kind"]) - set(with_conf)))
    return Headings(
        n_loans=len(loans),
        n_confidentiality=int(conf.sum()),
        n_default=int(loans["heading_default"].astype(bool).sum()),
        n_change_of_law=int(loans["heading_change_of_law"].astype(bool).sum()),
        n_text_read=int(loans["text_read"].fillna(False).astype(bool).sum()),
        confidentiality_kinds=with_conf,
        no_confidentiality_kinds=without,
    )


def tender_exempt(documents: pd.DataFrame) -> pd.DataFrame:
    """The framework agreements that a source says exempt contracts from public procurement."""
    return documents[documents["tender_exempt"].fillna(False).astype(bool)]


def same_day(first: str, second: str) -> bool:
    """Whether two text dates name the same day (both must be known to the day)."""
    (a, pa), (b, pb) = data.partial_date(first), data.partial_date(second)
    if pa != "day" or pb != "day":
        raise ValueError(f"same_day needs two dates known to the day, not '{first}' and '{second}'")
    return a == b


def clause_status(clauses: pd.DataFrame) -> pd.Series:
    """Number of clause kinds per `serbia_status`."""
    return clauses["serbia_status"].value_counts()


# --- figure --------------------------------------------------------------------------------------

LANES = ("Serbia–China security commitments", "EU, NATO and US instruments", "Loan and infrastructure agreements")
LANE_TICKS = (
    "Security\ncommitments\nto China",
    "EU, NATO\nand US\ninstruments",
    "Loan and\ninfrastructure\nagreements",
)
LANE_COLOUR = (charts.ACTOR["China"], charts.ACTOR["EU"], charts.GREY)


def timeline_frame(commitments: pd.DataFrame, levers: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per point of the timeline: lane, when, label, sources (what the figure draws)."""
    parts = [
        commitments.assign(lane=LANES[0], when=_when(commitments, "date", "security_commitments")),
        levers.assign(lane=LANES[1], when=_when(levers, "date", "eu_nato_levers")),
        documents.assign(lane=LANES[2], when=_when(documents, "signed", "loan_documents")),
    ]
    frame = pd.concat([p[["lane", "when", "label", "id", "sources"]] for p in parts], ignore_index=True)
    return frame.sort_values(["lane", "when"], kind="stable").reset_index(drop=True)


def timeline_figure(points: pd.DataFrame) -> charts.Chart:
    """The three lanes of `points` (from `timeline_frame`) on one time axis, each point labelled."""
    fig, ax = charts.figure(height=3.8)
    start, end = points["when"].min() - pd.DateOffset(months=18), data.cutoff()
    edge = start + (end - start) * 0.1  # labels of points this close to the left edge start at the point
    for y, (lane, colour) in enumerate(zip(LANES, LANE_COLOUR)):
        rows = points[points["lane"] == lane].reset_index(drop=True)
        ax.axhline(y, color="#DDDDDD", linewidth=0.8, zorder=0)
        ax.plot(rows["when"], [y] * len(rows), "o", color=colour, markersize=6, zorder=2)
        for k, r in rows.iterrows():
            offset = (0.18 + 0.16 * (k % 3)) * (1 if k % 2 == 0 else -1)
            ax.annotate(
                r["label"],
                (r["when"], y),
                xytext=(r["when"], y + offset),
                fontsize=7,
                color=charts.TEXT,
                ha="left" if r["when"] < edge else "center",
                va="center",
                arrowprops={"arrowstyle": "-", "color": "#BBBBBB", "linewidth": 0.6},
            )
    ax.set_yticks(range(len(LANES)), LANE_TICKS)
    fig.subplots_adjust(left=0.15, right=0.97)
    ax.set_ylim(-0.75, len(LANES) - 0.25)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlim(start, end)
    return charts.Chart(fig, points)


@dataclass(frozen=True)
class Busiest:
    """The calendar year with most commitments (the earliest such year on a tie) and its count."""

    year: int
    n: int


def busiest_year(commitments: pd.DataFrame) -> Busiest:
    """The year with most rows in `commitments` (rows from `commitment_rows`); ties go to the earliest year."""
    if commitments.empty:
        raise ValueError("busiest_year: no commitments")
    counts = commitments["when"].dt.year.value_counts()
    top = counts.max()
    return Busiest(year=int(min(counts[counts == top].index)), n=int(top))
