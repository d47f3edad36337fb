"""Why the suppliers changed: the dated steps of arms_shift_drivers (sanctions and their risk, blocked
Russian supply, the ammunition row with Moscow, the turn to Chinese systems), their figure and table."""

from __future__ import annotations

import pandas as pd

from csreport.data import partial_date
from csreport.data.rows import categories, dated, require_known
from csreport.report import charts
from csreport.report.glue import date_text

# --- Why the suppliers changed (fig-as-drivers, tbl-as-steps) ------------------------------------


def kind_counts(drivers: pd.DataFrame, kinds: pd.DataFrame | None = None) -> pd.Series:
    """Number of steps per kind, every kind listed (0 if none), in the kinds' order."""
    kinds = categories("arms_shift_drivers", "kind") if kinds is None else kinds
    require_known(drivers["kind"], kinds.index, "kind", drivers["id"])
    return drivers["kind"].value_counts().reindex(kinds.index, fill_value=0).astype(int)


def first_of_kind(drivers: pd.DataFrame, kind: str) -> pd.Series:
    """The earliest step of `kind`. Raises ValueError if there is none."""
    rows = dated(drivers)
    rows = rows[rows["kind"] == kind]
    if rows.empty:
        raise ValueError(f"arms_shift_drivers: no step of kind '{kind}'")
    return rows.iloc[0]


def steps_after(drivers: pd.DataFrame, row_id: str, kind: str | None = None) -> pd.DataFrame:
    """The steps dated after step `row_id` (only of `kind` if given), by date."""
    rows = dated(drivers).set_index("id", drop=False)
    if row_id not in rows.index:
        raise ValueError(f"arms_shift_drivers: no row '{row_id}'")
    later = rows[rows["when"] > rows.loc[row_id, "when"]]
    return (later if kind is None else later[later["kind"] == kind]).reset_index(drop=True)


def years_between(earlier: str, later: str) -> float:
    """Years from one text date to another (partial dates placed mid-period), to one decimal."""
    start, end = partial_date(earlier)[0], partial_date(later)[0]
    if pd.isna(start) or pd.isna(end):
        raise ValueError(f"years_between needs two dates, not {earlier!r} and {later!r}")
    return round((end - start).days / 365.25, 1)


def latest_delivery(deliveries: pd.DataFrame, group: str) -> pd.Series:
    """The most recent first delivery from supplier group `group` in the arms register (rows
    without a delivery date are skipped). Raises ValueError if the group has no dated delivery."""
    rows = deliveries[deliveries["supplier_group"] == group].dropna(subset=["first_delivery"])
    if rows.empty:
        raise ValueError(f"arms_deliveries: no dated delivery from '{group}'")
    rows = rows.assign(when=rows["first_delivery"].map(lambda d: partial_date(d)[0]))
    return rows.sort_values(["when", "id"], kind="stable").iloc[-1]


KIND_COLOUR = {
    "sanctions": charts.ACTOR["US"],
    "blocked_supply": charts.ACTOR["Russia"],
    "ammunition": charts.GREY,
    "turn_to_china": charts.ACTOR["China"],
}


def drivers_figure(drivers: pd.DataFrame, until: pd.Timestamp, kinds: pd.DataFrame | None = None) -> charts.Chart:
    """Timeline of the steps up to `until`: one lane per kind, the turn to China in China's colour."""
    kinds = categories("arms_shift_drivers", "kind") if kinds is None else kinds
    drawn = dated(drivers)
    require_known(drawn["kind"], kinds.index, "kind", drawn["id"])
    labelled = drawn["chart_label"].notna()
    require_known(
        drawn.loc[labelled, "chart_label_position"],
        charts.LABEL_OFFSET,
        "chart label position",
        drawn.loc[labelled, "id"],
    )
    fig, ax, lane_y = charts.lane_timeline(kinds, drawn["when"].min(), until, height=3.2, left=0.23)
    for _, r in drawn.iterrows():
        ax.scatter(r["when"], lane_y[r["kind"]], s=55, zorder=3, color=KIND_COLOUR.get(r["kind"], charts.GREY))
    charts.label_lanes(ax, drawn, lane_y, "kind")
    return charts.Chart(fig, drawn.drop(columns=["when", "chart_label_position"]))


def drivers_rows(drivers: pd.DataFrame, kinds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every step by date for the table, with `shown_date` and `kind_label`."""
    kinds = categories("arms_shift_drivers", "kind") if kinds is None else kinds
    require_known(drivers["kind"], kinds.index, "kind", drivers["id"])
    rows = dated(drivers)
    return rows.assign(
        shown_date=rows["date"].map(lambda d: date_text(d, short=True)), kind_label=rows["kind"].map(kinds["label"])
    )
