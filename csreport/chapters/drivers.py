"""The drivers chapter (why: drivers and competing explanations): analysis of competing hypotheses.

Tables: hypotheses (four explanations, H1-H4), hypothesis_evidence (each item of evidence coded
consistent, partly inconsistent, inconsistent or neutral for each explanation), drivers (what
each side says it wants), literature_positions (published work and the report's view of it) and
exercise_counts (counts of Serbia's exercises by partner, as reported).

Analysis of competing hypotheses asks which evidence is *inconsistent* with each explanation:
consistent evidence rarely tells explanations apart. The functions here tally the codes, rank the
explanations by the weight of evidence against them and pick out the items that discriminate.
Which rows a sentence quotes is chosen in the notebook.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
from matplotlib.patches import Rectangle

from csreport import data
from csreport.report import charts

# The code columns of hypothesis_evidence, in the order of the hypotheses table.
CODE_COLUMNS = ("h1", "h2", "h3", "h4")
CODES = ("consistent", "neutral", "partly inconsistent", "inconsistent")
# How much an item tells against an explanation: the tally that ranks the explanations.
WEIGHT = {"consistent": 0.0, "neutral": 0.0, "partly inconsistent": 0.5, "inconsistent": 1.0}
COLOUR = {"consistent": "#009E73", "neutral": "#E6E6E6", "partly inconsistent": "#E69F00", "inconsistent": "#D55E00"}
SIGN = {"consistent": "+", "neutral": "", "partly inconsistent": "−", "inconsistent": "− −"}


def _check_codes(evidence: pd.DataFrame) -> None:
    for column in CODE_COLUMNS:
        bad = evidence.loc[~evidence[column].isin(CODES), "id"]
        if not bad.empty:
            raise data.DataError(f"hypothesis_evidence, column '{column}': unknown code for {', '.join(bad)}")


def tally(evidence: pd.DataFrame, hypotheses: pd.DataFrame) -> pd.DataFrame:
    """Per explanation (rows in the order of `hypotheses`, indexed by its `code`): how many items are
    consistent, neutral, partly inconsistent and inconsistent, and `against`, the weight of evidence
    against it (inconsistent 1, partly inconsistent 0.5)."""
    _check_codes(evidence)
    rows = []
    for column, code, label in zip(CODE_COLUMNS, hypotheses["code"], hypotheses["label"]):
        counts = evidence[column].value_counts()
        row = {"code": code, "label": label, **{c: int(counts.get(c, 0)) for c in CODES}}
        row["against"] = float(evidence[column].map(WEIGHT).sum())
        rows.append(row)
    return pd.DataFrame(rows).set_index("code")


@dataclass(frozen=True)
class Ranking:
    """The explanations with the least and the most evidence against them (ties kept together)."""

    least: tuple[str, ...]
    most: tuple[str, ...]
    least_against: float
    most_against: float
    order: tuple[str, ...]  # all codes, least evidence against first (stable on ties)


def ranking(counts: pd.DataFrame) -> Ranking:
    """Rank the explanations of `counts` (from `tally`) by the weight of evidence against them."""
    if counts.empty:
        raise ValueError("ranking: no explanations")
    against = counts["against"]
    low, high = float(against.min()), float(against.max())
    return Ranking(
        least=tuple(against[against == low].index),
        most=tuple(against[against == high].index),
        least_against=low,
        most_against=high,
        order=tuple(against.sort_values(kind="stable").index),
    )


def diagnostic(evidence: pd.DataFrame) -> pd.DataFrame:
    """Items that tell the explanations apart: the weight against them is not the same for all.

    An item consistent with every explanation (or neutral to all) discriminates nothing, however
    often it is quoted."""
    _check_codes(evidence)
    weights = evidence[list(CODE_COLUMNS)].apply(lambda col: col.map(WEIGHT))
    return evidence[weights.nunique(axis=1) > 1]


def against(evidence: pd.DataFrame, column: str, *, strict: bool = False) -> pd.DataFrame:
    """Items inconsistent with the explanation in `column` ('h1'...'h4'), by date; `strict` leaves
    out the partly inconsistent ones."""
    if column not in CODE_COLUMNS:
        raise ValueError(f"against: no column '{column}'; expected one of {', '.join(CODE_COLUMNS)}")
    codes = ("inconsistent",) if strict else ("inconsistent", "partly inconsistent")
    rows = evidence[evidence[column].isin(codes)]
    return rows.assign(when=rows["date"].map(lambda t: data.partial_date(t)[0])).sort_values("when", kind="stable")


def matrix_rows(evidence: pd.DataFrame, hypotheses: pd.DataFrame) -> pd.DataFrame:
    """The matrix as a table: one row per item (diagnostic items first, then by date), one column per
    explanation headed by its code, each cell the code in words."""
    _check_codes(evidence)
    weights = evidence[list(CODE_COLUMNS)].apply(lambda col: col.map(WEIGHT))
    out = evidence.assign(
        when=evidence["date"].map(lambda t: data.partial_date(t)[0]),
        diagnostic=weights.nunique(axis=1) > 1,
    ).sort_values(["diagnostic", "when"], ascending=[False, True], kind="stable")
    renamed = dict(zip(CODE_COLUMNS, hypotheses["code"]))
    return out.rename(columns=renamed).reset_index(drop=True)


def _draw_cells(ax, rows: pd.DataFrame, codes: list[str]) -> None:
    """One coloured cell with its sign per item and explanation."""
    for i, r in rows.iterrows():
        for j, code in enumerate(codes):
            value = r[code]
            ax.add_patch(Rectangle((j, i), 0.96, 0.9, color=COLOUR[value], linewidth=0))
            ax.text(
                j + 0.48,
                i + 0.45,
                SIGN[value],
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value != "neutral" else charts.TEXT,
            )


def matrix_figure(evidence: pd.DataFrame, hypotheses: pd.DataFrame, *, diagnostic_only: bool = False) -> charts.Chart:
    """A grid of the codes: items (by `label`) down, explanations across, coloured by code; the bottom
    row gives the weight of all the evidence against each explanation. `diagnostic_only` draws only
    the items that tell the explanations apart (the others weigh the same against each)."""
    rows = matrix_rows(evidence, hypotheses)
    if diagnostic_only:
        rows = rows[rows["diagnostic"]].reset_index(drop=True)
    codes = list(hypotheses["code"])
    counts = tally(evidence, hypotheses)
    n = len(rows)
    fig, ax = charts.figure(height=0.17 * n + 1.5)
    _draw_cells(ax, rows, codes)
    for j, code in enumerate(codes):
        ax.text(
            j + 0.48,
            n + 0.55,
            f"{counts.loc[code, 'against']:g}",
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=charts.TEXT,
        )
    # Column heads and the legend sit inside the axes: `charts.publish` sets the figure's margins.
    for j, (code, label) in enumerate(zip(codes, hypotheses["label"])):
        ax.text(j + 0.48, -0.2, f"{code}\n" + textwrap.fill(label, 16), ha="center", va="bottom", fontsize=8)
    ax.set_xlim(0, len(codes))
    ax.set_ylim(n + 2.6, -2.3)
    ax.set_xticks([])
    ax.set_yticks([i + 0.45 for i in range(n)] + [n + 0.55])
    ax.set_yticklabels(list(rows["label"]) + ["Weight of evidence against"], fontsize=8)
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.47, right=0.99)
    handles = [Rectangle((0, 0), 1, 1, color=COLOUR[c]) for c in CODES]
    ax.legend(
        handles,
        [c.capitalize() for c in CODES],
        ncol=4,
        loc="lower right",
        bbox_to_anchor=(1.0, 0.0),
        fontsize=7,
        handlelength=1,
        columnspacing=0.8,
    )
    drawn = rows[["id", "label", *codes, "sources"]]
    return charts.Chart(fig, drawn)


# --- literature ----------------------------------------------------------------------------------


def literature_rows(literature: pd.DataFrame) -> pd.DataFrame:
    """Published works by the explanation they lean to (H1-H4, then context) and date, with an
    `author_year` column ('Vuk Vuksanović (2021)') for tables."""
    order = {code: i for i, code in enumerate(["H1", "H2", "H3", "H4", "context"])}
    out = literature.assign(
        when=literature["date"].map(lambda t: data.partial_date(t)[0]),
        rank=literature["explanation"].map(order),
    )
    names = out["author"].map(lambda a: ", ".join(n.strip() for n in str(a).split(";")))
    out["author_year"] = names + " (" + out["when"].dt.year.astype(str) + ")"
    return out.sort_values(["rank", "when"], kind="stable").drop(columns="rank").reset_index(drop=True)


def views(literature: pd.DataFrame) -> pd.Series:
    """How many works the report agrees with, partly agrees with, disagrees with or does not assess."""
    return (
        literature["report_view"]
        .value_counts()
        .reindex(["agrees", "partly agrees", "disagrees", "not assessed"], fill_value=0)
    )


# --- exercises -----------------------------------------------------------------------------------


def like_with_like(counts: pd.DataFrame, year: int, basis: str) -> pd.DataFrame:
    """The counts of one year counted by one `basis` in one unit and period: the only counts that may
    be compared. More than one unit or period for that year and basis is an error."""
    rows = counts[(counts["year"] == year) & (counts["basis"] == basis)]
    if rows.empty:
        raise ValueError(f"exercise_counts: no count for {year} by '{basis}'")
    for column in ("unit", "period_note"):
        if rows[column].nunique() > 1:
            raise data.DataError(
                f"exercise_counts: counts for {year} by '{basis}' mix {column}s ({', '.join(rows[column].unique())})"
            )
    return rows.set_index("partner")


# --- drivers -------------------------------------------------------------------------------------

SIDES = ("Serbia", "China", "Russia", "Hungary")
KIND_TEXT = {
    "official": "official",
    "analyst": "analyst",
    "official_and_analyst": "official and analyst",
    "state_media": "state media",
}


def driver_rows(drivers: pd.DataFrame) -> pd.DataFrame:
    """Drivers by side (Serbia, China, Russia, Hungary) and date, with `kind` in words."""
    unknown = sorted(set(drivers["side"]) - set(SIDES))
    if unknown:
        raise data.DataError(f"drivers, column 'side': no place for {', '.join(unknown)}")
    out = drivers.assign(
        when=drivers["date"].map(lambda t: data.partial_date(t)[0]),
        side_rank=drivers["side"].map({s: i for i, s in enumerate(SIDES)}),
        kind=drivers["statement_kind"].map(KIND_TEXT),
    )
    return out.sort_values(["side_rank", "when"], kind="stable").drop(columns="side_rank").reset_index(drop=True)
