"""Digital cooperation (book/digital): Huawei's wider role, the 5G commitments, the surveillance tools
documented in use and what China said about the protests.

Tables: `digital_events` (dated steps: agreements, openings, commitments, 5G procedure),
`surveillance_tools` (which tools are Chinese and which are not) and `china_protest_statements`.
Labels of categories are read from the data package; labels of single rows are columns of the
tables. This module quotes no row: the notebook chooses the rows its sentences quote.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.lines import Line2D

from csreport.data.rows import categories, dated, require_known
from csreport.report import charts
from csreport.report.glue import date_text

# --- Dated steps (fig-dg-timeline) ----------------------------------------------------------------


def primary_events(events: pd.DataFrame) -> pd.DataFrame:
    """The steps the chapter draws and counts: rows that are not another source's rendering of a step.

    Raises ValueError if `alternative_of` names a row that is not in the table, or a row that is
    itself an alternative.
    """
    alt = events["alternative_of"]
    has_alt = alt.notna()
    ids = set(events["id"])
    unknown = events[has_alt & ~alt.isin(ids)]
    if len(unknown):
        raise ValueError(
            "digital_events: alternative_of names no row of the table: "
            + ", ".join(f"{i} ({a})" for i, a in zip(unknown["id"], unknown["alternative_of"]))
        )
    chained = events[has_alt & alt.isin(set(events.loc[has_alt, "id"]))]
    if len(chained):
        raise ValueError(
            "digital_events: alternative_of names a row that is itself an alternative: " + ", ".join(chained["id"])
        )
    return dated(events[~has_alt])


def renderings(events: pd.DataFrame, row_id: str) -> pd.DataFrame:
    """A step and every other source's rendering of it (rows whose `alternative_of` is `row_id`)."""
    rows = events[(events["id"] == row_id) | (events["alternative_of"] == row_id)]
    if not (rows["id"] == row_id).any():
        raise ValueError(f"digital_events: no row '{row_id}'")
    return rows.reset_index(drop=True)


def kind_counts(events: pd.DataFrame, kinds: pd.DataFrame | None = None) -> pd.Series:
    """Number of primary steps per kind, every kind listed (0 if none), in the kinds' order."""
    kinds = categories("digital_events", "kind") if kinds is None else kinds
    primary = primary_events(events)
    require_known(primary["kind"], kinds.index, "kind", primary["id"])
    return primary["kind"].value_counts().reindex(kinds.index, fill_value=0).astype(int)


def chinese_steps(events: pd.DataFrame) -> pd.DataFrame:
    """The primary steps to which a Chinese company or the Chinese state is a party."""
    primary = primary_events(events)
    return primary[primary["chinese_party"].fillna(False).astype(bool)].reset_index(drop=True)


def latest(events: pd.DataFrame, kind: str, until: pd.Timestamp | None = None) -> pd.Series:
    """The latest primary step of `kind` (up to `until` if given). Raises ValueError if there is none."""
    primary = primary_events(events)
    rows = primary[primary["kind"] == kind]
    if until is not None:
        rows = rows[rows["when"] <= until]
    if rows.empty:
        raise ValueError(f"digital_events: no step of kind '{kind}'")
    return rows.iloc[-1]


def steps_after(events: pd.DataFrame, row_id: str, kind: str | None = None) -> pd.DataFrame:
    """The primary steps dated after step `row_id` (only of `kind` if given)."""
    primary = primary_events(events).set_index("id", drop=False)
    if row_id not in primary.index:
        raise ValueError(f"digital_events: no primary row '{row_id}'")
    later = primary[primary["when"] > primary.loc[row_id, "when"]]
    return (later if kind is None else later[later["kind"] == kind]).reset_index(drop=True)


PARTY_STYLE = {True: (charts.PALETTE[1], "o"), False: (charts.PALETTE[0], "s")}  # Chinese party or not


def _timeline_legend(ax) -> None:
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=PARTY_STYLE[True][1],
            markersize=7,
            color=PARTY_STYLE[True][0],
            label="A Chinese company or the Chinese state is a party",
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker=PARTY_STYLE[False][1],
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=PARTY_STYLE[False][0],
            label="No Chinese party",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper right",
        fontsize=7.5,
        frameon=True,
        facecolor="white",
        edgecolor="white",
        framealpha=1,
    )


def timeline_figure(events: pd.DataFrame, until: pd.Timestamp, kinds: pd.DataFrame | None = None) -> charts.Chart:
    """Timeline of the primary steps up to `until`: one lane per kind, filled when China is a party."""
    kinds = categories("digital_events", "kind") if kinds is None else kinds
    drawn = primary_events(events)
    require_known(drawn["kind"], kinds.index, "kind", drawn["id"])
    labelled = drawn["chart_label"].notna()
    require_known(
        drawn.loc[labelled, "chart_label_position"],
        charts.LABEL_OFFSET,
        "chart label position",
        drawn.loc[labelled, "id"],
    )
    fig, ax, lane_y = charts.lane_timeline(kinds, drawn["when"].min(), until, height=3.4, left=0.19, headroom=1.4)
    party = drawn["chinese_party"].fillna(False).astype(bool)  # a missing party reads as none
    for (_, r), chinese in zip(drawn.iterrows(), party):
        colour, marker = PARTY_STYLE[chinese]
        ax.scatter(
            r["when"],
            lane_y[r["kind"]],
            s=55,
            marker=marker,
            linewidths=1.6,
            zorder=3,
            edgecolors=colour,
            facecolors=colour if chinese else "white",
        )
    charts.label_lanes(ax, drawn, lane_y, "kind")
    _timeline_legend(ax)
    return charts.Chart(fig, drawn.drop(columns=["when", "chart_label_position"]))


def events_rows(events: pd.DataFrame, kinds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every step by date for the table (alternative renderings included): `shown_date` and `kind_label`."""
    kinds = categories("digital_events", "kind") if kinds is None else kinds
    require_known(events["kind"], kinds.index, "kind", events["id"])
    rows = dated(events)
    return rows.assign(shown_date=rows["date"].map(date_text), kind_label=rows["kind"].map(kinds["label"]))


# --- Which tools are Chinese (tbl-dg-tools) ---------------------------------------------------------


@dataclass(frozen=True)
class ToolCounts:
    """How many documented tools there are, how many are Chinese, and how many of each have documented targeted use."""

    total: int
    chinese: int
    targeted: int
    chinese_targeted: int


def tool_counts(tools: pd.DataFrame) -> ToolCounts:
    """Counts of the tools table; a missing `chinese` or `targeted_use_documented` raises ValueError."""
    for col in ("chinese", "targeted_use_documented"):
        if tools[col].isna().any():
            raise ValueError(
                f"surveillance_tools: column '{col}' is empty for " + ", ".join(tools.loc[tools[col].isna(), "id"])
            )
    chinese = tools["chinese"].astype(bool)
    targeted = tools["targeted_use_documented"].astype(bool)
    return ToolCounts(
        total=len(tools),
        chinese=int(chinese.sum()),
        targeted=int(targeted.sum()),
        chinese_targeted=int((chinese & targeted).sum()),
    )


YES_NO = {True: "Yes", False: "No"}


def tools_rows(tools: pd.DataFrame, types: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tools for the table, Chinese ones first, with `type_label`, `chinese_text` and `origin`."""
    types = categories("surveillance_tools", "tool_type") if types is None else types
    require_known(tools["tool_type"], types.index, "tool type", tools["id"])
    return (
        tools.assign(
            type_label=tools["tool_type"].map(types["label"]),
            chinese_text=tools["chinese"].astype(bool).map(YES_NO),
            origin=tools["vendor"] + " (" + tools["vendor_country"] + ")",
            _o=~tools["chinese"].astype(bool),
        )
        .sort_values(["_o", "id"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


# --- What China said (tbl-dg-china) -----------------------------------------------------------------


def statements_rows(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements by date, with `shown_date` and `who` (speaker and office)."""
    rows = dated(statements)
    return rows.assign(shown_date=rows["date"].map(date_text), who=rows["speaker"] + ", " + rows["role"])
