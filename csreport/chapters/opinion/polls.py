"""Public opinion (table polls): one panel per question, never pooled; the best-attested value per answer.

A panel is every row of one survey wave (`poll_id`) with one question text. Where two sources give
different values for the same answer, the bar uses the better-attested one (`data.confidence_rank`)
and the label shows both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.patches import Patch

from csreport import data
from csreport.report import charts, glue

NOT_DATED = "fieldwork year not reported"
_SIGNS = {"exact": "", "approx": "c. ", "at_least": "≥", "at_most": "≤"}  # how a qualifier reads on a bar


def answers(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per answer: the best-attested value, the `answer` shown (the power, or the option for
    'other') and a `label` with every reported value ('45 or 46'); highest value first."""
    out = []
    for option, g in rows.groupby("answer_option", sort=False):
        g = g.assign(rank=data.confidence_rank(g["confidence"])).sort_values("rank", kind="stable")
        label = " or ".join(glue.percent(v, q, sign="", words=_SIGNS) for v, q in zip(g["value_pct"], g["qualifier"]))
        target = g["target"].iloc[0]
        out.append(
            {
                "answer": option if target == "other" else target,
                "target": target,
                "value": float(g["value_pct"].iloc[0]),
                "qualifier": g["qualifier"].iloc[0],
                "label": label,
            }
        )
    return (
        pd.DataFrame(out, columns=["answer", "target", "value", "qualifier", "label"])
        .sort_values("value", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


@dataclass(frozen=True, eq=False)
class Panel:
    """One survey question of one wave: who asked, when, the rows and the answers drawn."""

    poll_id: str
    pollster: str
    question: str
    start: str | None
    end: str | None
    rows: pd.DataFrame
    answers: pd.DataFrame

    def answer(self, target: str) -> pd.Series | None:
        """The drawn answer for `target` (value, qualifier, label), or None if it was not an answer."""
        hit = self.answers[self.answers["target"] == target]
        return None if hit.empty else hit.iloc[0]

    def share(self, target: str) -> float | None:
        """The drawn share of the answer for `target` (None if it was not an answer)."""
        hit = self.answer(target)
        return None if hit is None else float(hit["value"])


def panel(polls: pd.DataFrame, row_id: str) -> Panel:
    """The panel of the question that row `row_id` answers: every row of its wave with the same question."""
    if row_id not in set(polls["id"]):
        raise ValueError(f"polls: no row with id '{row_id}'")
    r = polls.loc[polls["id"] == row_id].iloc[0]
    rows = polls[polls["poll_id"].eq(r["poll_id"]) & polls["question"].eq(r["question"])]
    return Panel(
        r["poll_id"], r["pollster_short"], r["question_short"], *fieldwork(polls, r["poll_id"]), rows, answers(rows)
    )


def fieldwork(polls: pd.DataFrame, poll_id: str) -> tuple[str | None, str | None]:
    """A wave's fieldwork start and end as text dates (None where not reported)."""
    rows = polls[polls["poll_id"] == poll_id]
    if rows.empty:
        raise ValueError(f"polls: no survey wave '{poll_id}'")
    start, end = rows["fieldwork_start"].iloc[0], rows["fieldwork_end"].iloc[0]
    return (None if pd.isna(start) else start), (None if pd.isna(end) else end)


def when(start: str | None, end: str | None) -> str:
    """A fieldwork period as a short span for chart labels ('Feb–Mar 2024'), or that it is not reported."""
    if start is None or pd.isna(start):
        return NOT_DATED
    return glue.month_span(start, start if end is None or pd.isna(end) else end)


def leaders(panels: list[Panel]) -> list[str]:
    """The power with the largest drawn share in each panel."""
    return [p.answers.iloc[0]["target"] for p in panels]


def ahead(panels: list[Panel], first: str, second: str) -> bool:
    """True if, in every panel where both are answers, `first` has a larger share than `second`."""
    pairs = [(p.share(first), p.share(second)) for p in panels]
    return all(a > b for a, b in pairs if a is not None and b is not None)


def share_range(panels: list[Panel], target: str) -> tuple[Panel, Panel]:
    """The panels with the lowest and the highest share for `target` (the first panel if tied)."""
    having = [p for p in panels if p.share(target) is not None]
    if not having:
        raise ValueError(f"polls: no panel has an answer for '{target}'")
    return min(having, key=lambda p: p.share(target)), max(having, key=lambda p: p.share(target))


def _bars(ax, frame: pd.DataFrame, y, height: float, **kw) -> None:
    colours = [charts.ACTOR.get(t, charts.GREY) for t in frame["target"]]
    ax.barh(y, frame["value"], height=height, color=colours, **kw)


def _title(ax, head: str, question: str, n: int) -> None:
    """Two-line panel title inside the panel, above the bars (keeps clear of the figure subtitle)."""
    ax.set_ylim(n - 0.5, -1.9)
    ax.text(0, 1, head, transform=ax.transAxes, va="top", ha="left", fontsize=8.5, fontweight="bold")
    ax.text(0, 0.86, question, transform=ax.transAxes, va="top", ha="left", fontsize=8.5)


def _waves(ax, earlier: Panel, later: Panel) -> None:
    """The same question asked in two waves, side by side; the earlier wave hatched and faded."""
    order = list(later.answers["answer"])
    for k, p in enumerate((earlier, later)):
        a = p.answers.set_index("answer").loc[order].reset_index()
        y = [i - 0.2 + 0.4 * k for i in range(len(a))]
        _bars(ax, a, y, 0.38, alpha=1 if k else 0.45, hatch=None if k else "///", edgecolor="white")
        for yi, v, label in zip(y, a["value"], a["label"]):
            ax.annotate(label, (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7.5)
    ax.set_yticks(range(len(order)), order)
    _title(ax, f"{later.pollster}, two waves", later.question, len(order))
    ax.legend(
        handles=[
            Patch(
                facecolor=charts.GREY,
                alpha=0.45,
                hatch="///",
                edgecolor="white",
                label=when(earlier.start, earlier.end) + ", earlier wave",
            ),
            Patch(facecolor=charts.GREY, label=when(later.start, later.end)),
        ],
        loc="lower right",
        fontsize=7.5,
    )


def polls_figure(panels: list[Panel], waves: tuple[Panel, Panel]) -> charts.Chart:
    """One bar panel per question, and one panel comparing two waves (earlier, later) of a repeated question."""
    fig, axes = charts.figure(height=5.6, nrows=3, ncols=2)
    axes = axes.ravel()
    for ax, p in zip(axes, panels):
        a = p.answers
        _bars(ax, a, range(len(a)), 0.65)
        for yi, (v, label) in enumerate(zip(a["value"], a["label"])):
            ax.annotate(label, (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_yticks(range(len(a)), a["answer"])
        _title(ax, f"{p.pollster}, {when(p.start, p.end)}", p.question, len(a))
    _waves(axes[len(panels)], *waves)
    top = max(float(p.answers["value"].max()) for p in [*panels, *waves])
    for ax in axes:
        ax.set_xlim(0, top + 15)  # room for the value labels right of the longest bar
        ax.spines["left"].set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_xticks([])
        ax.grid(False)
    fig.subplots_adjust(hspace=0.35, wspace=0.35)
    drawn = pd.concat([p.rows for p in [*panels, *waves]], ignore_index=True)
    return charts.Chart(
        fig,
        drawn[
            [
                "poll_id",
                "pollster",
                "fieldwork_start",
                "fieldwork_end",
                "question",
                "answer_option",
                "value_pct",
                "qualifier",
                "confidence",
                "sources",
            ]
        ],
    )
