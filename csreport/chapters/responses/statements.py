"""Western and regional statements (table reactions): labels, the neighbours' concerns, timing, the timeline.

Which actor a row is shown under (`actor_label`), whether it is a neighbour (`neighbour`) and
which suppliers or systems it names (`suppliers_named`, `systems_named`) are columns of the table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.lines import Line2D

from csreport import data
from csreport.report import charts

LOW_CONFIDENCE = " (Low confidence: indirect or low-reliability source.)"


def statement_rows(reactions: pd.DataFrame) -> pd.DataFrame:
    """The reactions table with the columns the chapter shows and draws: who, when, actor_text, type_topic, what."""
    out = reactions.copy()
    out["who"] = out["actor_label"]
    out["when"] = out["date"].map(lambda text: data.partial_date(text)[0])
    out["actor_text"] = out["who"] + ": " + out["actor_detail"]
    out["type_topic"] = out["reaction_type"] + ": " + out["topic"]
    out["what"] = out["description"] + out["confidence"].map(lambda c: LOW_CONFIDENCE if c == "low" else "")
    return out


def west_and_region(statements: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statements split into Western actors and Serbia's neighbours (column `neighbour`), each sorted by date."""
    neighbour = statements["neighbour"].fillna(False).astype(bool)
    west = statements[~neighbour].sort_values("when", kind="stable")
    region = statements[neighbour].sort_values("when", kind="stable")
    return west, region


def neighbour_concerns(statements: pd.DataFrame) -> pd.DataFrame:
    """Neighbours' expressions of concern or warnings about Serbian arms, by date."""
    neighbour = statements["neighbour"].fillna(False).astype(bool)
    rows = statements[
        neighbour & statements["topic"].eq("arms") & statements["reaction_type"].isin(["concern", "warning"])
    ]
    missing = rows[rows["suppliers_named"].isna()]
    if not missing.empty:
        raise ValueError(
            f"reactions, column 'suppliers_named': empty for neighbour concern(s) {', '.join(missing['id'])}"
        )
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


def naming(statements: pd.DataFrame, system: str) -> pd.DataFrame:
    """The statements whose `systems_named` includes `system` (e.g. 'FK-3'), by date."""
    named = statements["systems_named"].fillna("").map(lambda cell: system in cell.split(";"))
    return statements[named].sort_values("when", kind="stable")


@dataclass(frozen=True)
class Milestone:
    """A visible step in the military relationship: a label, its text date and the row's sources."""

    label: str
    date: str
    sources: str


def milestones(steps: list[Milestone]) -> pd.DataFrame:
    """The steps as a frame (event, date as a Timestamp, sources), in date order."""
    frame = pd.DataFrame(
        [{"event": s.label, "date": data.partial_date(s.date)[0], "sources": s.sources} for s in steps],
        columns=["event", "date", "sources"],
    )
    if frame["date"].isna().any():
        raise ValueError(f"milestone(s) without a date: {', '.join(frame.loc[frame['date'].isna(), 'event'])}")
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def months_after(date: pd.Timestamp, event: pd.Timestamp) -> int:
    """Calendar months from `event` to `date` (0 = same month, negative = before)."""
    return (date.year - event.year) * 12 + date.month - event.month


def near_milestone(statements: pd.DataFrame, steps: pd.DataFrame, months: int = 1) -> pd.Series:
    """Per statement: made in the month of a milestone or up to `months` calendar months after it."""
    return statements["when"].map(lambda d: any(0 <= months_after(d, e) <= months for e in steps["date"]))


def share_by_chance(statements: pd.DataFrame, steps: pd.DataFrame, months: int = 1) -> float:
    """The share of calendar months, from the first statement's month to the last's, that lie in the
    month of a milestone or up to `months` after it: the share of statements expected near a
    milestone if statements fell evenly over those months, whatever the milestones."""
    first, last = statements["when"].min(), statements["when"].max()
    span = pd.period_range(first.to_period("M"), last.to_period("M"), freq="M")
    near = {e.to_period("M") + k for e in steps["date"] for k in range(months + 1)}
    return len(near & set(span)) / len(span)


# One colour, marker and legend label per topic.
TOPIC = {
    "arms": (charts.PALETTE[0], "o", "Arms, military"),
    "surveillance": (charts.PALETTE[2], "s", "Surveillance"),
    "general": (charts.PALETTE[3], "D", "Ties with China overall"),
    "police": (charts.PALETTE[4], "v", "Police"),
}


def _draw_milestones(ax, steps: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Dotted lines with labels above the rows; labels in the last third of the axis point left."""
    turn = start + (end - start) * 2 / 3
    for k, m in steps.iterrows():
        ax.axvline(m["date"], color=charts.GREY, linestyle=":", linewidth=1)
        late = m["date"] > turn
        ax.annotate(
            m["event"],
            (m["date"], -0.95 if k % 2 == 0 else -0.5),
            xytext=(-3 if late else 3, 0),
            textcoords="offset points",
            fontsize=7.5,
            color=charts.GREY,
            va="center",
            ha="right" if late else "left",
        )


def timeline_figure(statements: pd.DataFrame, steps: pd.DataFrame, order: list[str]) -> charts.Chart:
    """Statements by actor (rows in `order`, top to bottom) over time, with the milestones as dotted lines."""
    unknown = sorted(set(statements["who"]) - set(order))
    if unknown:
        raise ValueError(f"timeline_figure: actors not in the row order: {', '.join(unknown)}")
    ypos = {a: i for i, a in enumerate(order)}
    start = (statements["when"].min() - pd.DateOffset(months=4)).to_period("M").start_time
    end = data.cutoff()
    fig, ax = charts.figure(height=3.6)
    _draw_milestones(ax, steps, start, end)
    placed = {}
    for _, r in statements.sort_values("when", kind="stable").iterrows():
        prev = placed.get(r["who"])
        shift = 0.28 if prev is not None and (r["when"] - prev[0]).days < 45 and prev[1] == 0 else 0
        placed[r["who"]] = (r["when"], shift)
        colour, marker, _ = TOPIC[r["topic"]]
        filled = r["reaction_type"] in ("concern", "warning")
        ax.plot(
            r["when"],
            ypos[r["who"]] + shift,
            marker=marker,
            linestyle="none",
            markersize=7,
            markeredgewidth=1.4,
            markeredgecolor=colour,
            markerfacecolor=colour if filled else "white",
            alpha=0.55 if r["confidence"] == "low" else 1,
        )
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) + 0.5, -1.3)
    ax.set_xlim(start, end)
    ax.grid(axis="x", color="#EEEEEE")
    shown = [t for t in TOPIC if t in set(statements["topic"])]
    handles = [
        Line2D([], [], color=TOPIC[t][0], marker=TOPIC[t][1], linestyle="none", label=TOPIC[t][2]) for t in shown
    ]
    handles += [
        Line2D(
            [], [], color=charts.GREY, marker="o", linestyle="none", markerfacecolor="white", label="Hollow: neutral"
        )
    ]
    ax.legend(handles=handles, loc="lower center", ncol=4, fontsize=7.5, handletextpad=0.2, columnspacing=1.2)
    fig.subplots_adjust(left=0.26, right=0.97)
    drawn = pd.concat(
        [
            statements[["id", "date", "who", "reaction_type", "topic", "confidence", "sources"]],
            steps.rename(columns={"event": "id"}).assign(
                date=lambda f: f["date"].dt.strftime("%Y-%m-%d"), who="milestone"
            ),
        ],
        ignore_index=True,
    )
    return charts.Chart(fig, drawn)
