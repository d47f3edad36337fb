"""Why Serbia's arms suppliers changed, and what the Chinese systems add (book/supplier_shift).

Tables: `arms_shift_drivers` (dated steps: sanctions and their risk, blocked Russian supply, the
ammunition row with Moscow, the turn to Chinese systems), `arms_industry_steps` (defence-industrial
cooperation and how far each step went) and `arms_capabilities` (published specifications of the
Chinese systems and what neighbours field, with the Florence Agreement category of each system).
Labels of categories are read from the data package; labels of single rows are columns of the
tables. This module quotes no row: the notebook chooses the rows its sentences quote.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport.data import partial_date
from csreport.data.rows import categories, dated, require_known
from csreport.report import charts
from csreport.report.glue import QUALIFIER_SIGN, date_text, number

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


# --- Defence-industrial cooperation (tbl-as-industry) ----------------------------------------------


@dataclass(frozen=True)
class IndustryCounts:
    """How many steps there are, how many were signed, promised or only discussed, and how many
    name no Chinese party."""

    total: int
    signed: int
    promised: int
    discussed: int
    unnamed_party: int


NOT_NAMED = "Not named"  # how arms_industry_steps spells a Chinese party the sources do not name


def industry_counts(steps: pd.DataFrame) -> IndustryCounts:
    """Counts of the industry steps by status; an empty status raises ValueError."""
    if steps["status"].isna().any():
        raise ValueError(
            "arms_industry_steps: column 'status' is empty for " + ", ".join(steps.loc[steps["status"].isna(), "id"])
        )
    status = steps["status"]
    return IndustryCounts(
        total=len(steps),
        signed=int((status == "signed").sum()),
        promised=int((status == "promised").sum()),
        discussed=int((status == "discussed").sum()),
        unnamed_party=int((steps["chinese_party"] == NOT_NAMED).sum()),
    )


def named_chinese_parties(steps: pd.DataFrame) -> list[str]:
    """The Chinese parties the sources name, each once, in order of their first step."""
    rows = dated(steps)
    return list(dict.fromkeys(rows.loc[rows["chinese_party"] != NOT_NAMED, "chinese_party"]))


def industry_rows(
    steps: pd.DataFrame, kinds: pd.DataFrame | None = None, statuses: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The steps by date for the table, with `shown_date`, `kind_label`, `status_label` and `parties`."""
    kinds = categories("arms_industry_steps", "kind") if kinds is None else kinds
    statuses = categories("arms_industry_steps", "status") if statuses is None else statuses
    require_known(steps["kind"], kinds.index, "kind", steps["id"])
    require_known(steps["status"], statuses.index, "status", steps["id"])
    rows = dated(steps)
    return rows.assign(
        shown_date=rows["date"].map(lambda d: date_text(d, short=True)),
        kind_label=rows["kind"].map(kinds["label"]),
        status_label=rows["status"].map(statuses["label"]),
        parties=rows["serbian_party"] + " with " + rows["chinese_party"],
    )


# --- Capability, not only counts (fig-as-ranges, tbl-as-capabilities) -------------------------------


def figure_text(row: pd.Series) -> str:
    """A published figure as a table cell or chart label: '200–400 km', '≈400 km', '≤9 h', '12 units'."""
    high = number(row["value_high"], 1)
    low = row.get("value_low")
    shown = (
        f"{number(low, 1)}–{high}"
        if pd.notna(low) and float(low) != float(row["value_high"])
        else QUALIFIER_SIGN[row["qualifier"]] + high
    )
    return f"{shown} {row['unit']}"


def drawn_ranges(caps: pd.DataFrame, measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures the chapter draws: ranges in km for the variant fielded, of measures marked drawn,
    in the measures' order and then by value."""
    measures = categories("arms_capabilities", "measure") if measures is None else measures
    require_known(caps["measure"], measures.index, "measure", caps["id"])
    drawable = [m for m in measures.index if bool(measures.loc[m, "drawn"])]
    keep = caps["measure"].isin(drawable) & (caps["unit"] == "km") & caps["same_variant"].astype(bool)
    rows = caps[keep]
    missing = rows[rows["chart_label"].isna()]
    if len(missing):
        raise ValueError("arms_capabilities: drawn rows need a chart_label: " + ", ".join(missing["id"]))
    order = {m: i for i, m in enumerate(drawable)}
    return (
        rows.assign(_o=rows["measure"].map(order))
        .sort_values(["_o", "value_high", "id"], ascending=[True, False, True], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def largest(caps: pd.DataFrame, measure: str) -> pd.Series:
    """The row with the largest published figure of `measure` for the variant fielded."""
    rows = caps[(caps["measure"] == measure) & caps["same_variant"].astype(bool)]
    if rows.empty:
        raise ValueError(f"arms_capabilities: no figure of measure '{measure}'")
    return rows.sort_values(["value_high", "id"], ascending=[False, True]).iloc[0]


def _range_panel(ax, rows: pd.DataFrame, xmax: float, title: str) -> None:
    y = list(range(len(rows)))[::-1]
    for yi, (_, r) in zip(y, rows.iterrows()):
        low = r["value_low"] if pd.notna(r["value_low"]) else r["value_high"]
        ax.barh(yi, low, color=charts.ACTOR["China"], height=0.6)
        if low < r["value_high"]:  # the rest of a published range, hatched
            ax.barh(
                yi,
                r["value_high"] - low,
                left=low,
                height=0.6,
                color="white",
                edgecolor=charts.ACTOR["China"],
                hatch="///",
                linewidth=0.8,
            )
        ax.text(r["value_high"] + xmax * 0.01, yi, figure_text(r), va="center", fontsize=7.5, color=charts.TEXT)
    ax.set_yticks(y, list(rows["chart_label"]), fontsize=7.5)
    ax.set_title(title, loc="left", fontsize=8.5, color=charts.TEXT)
    ax.grid(axis="x", color="#EEEEEE")
    ax.grid(axis="y", visible=False)


def ranges_figure(caps: pd.DataFrame, measures: pd.DataFrame | None = None) -> charts.Chart:
    """One panel per measure (never two measures on one bar), on one km scale: each published
    figure as a bar, a published range hatched from its low to its high end."""
    measures = categories("arms_capabilities", "measure") if measures is None else measures
    drawn = drawn_ranges(caps, measures)
    if drawn.empty:
        raise ValueError("arms_capabilities: no range to draw")
    panels = [m for m in dict.fromkeys(drawn["measure"])]
    sizes = [int((drawn["measure"] == m).sum()) for m in panels]
    fig, axes = charts.figure(
        height=0.42 * sum(sizes) + 0.55 * len(panels),
        nrows=len(panels),
        sharex=True,
        gridspec_kw={"height_ratios": sizes},
    )
    axes = axes if len(panels) > 1 else [axes]
    xmax = float(drawn["value_high"].max()) * 1.18
    for ax, m in zip(axes, panels):
        _range_panel(ax, drawn[drawn["measure"] == m], xmax, measures.loc[m, "label"])
    axes[-1].set_xlim(0, xmax)
    axes[-1].set_xlabel("Kilometres, as published")
    fig.subplots_adjust(left=0.3, right=0.97, hspace=0.75)
    return charts.Chart(fig, drawn)


def florence_status(caps: pd.DataFrame, florence: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per operator and system: its Florence category label and whether it falls in one of
    the five limited categories. Raises ValueError if one system has two categories."""
    florence = categories("arms_capabilities", "florence_category") if florence is None else florence
    require_known(caps["florence_category"], florence.index, "Florence category", caps["id"])
    systems = caps.assign(base=caps["system"].str.split(" with ").str[0])
    per = systems.groupby(["operator", "base"], sort=False)["florence_category"].agg(set)
    clash = per[per.map(len) > 1]
    if len(clash):
        raise ValueError(
            "arms_capabilities: one system, two Florence categories: " + ", ".join(f"{o} {s}" for o, s in clash.index)
        )
    out = per.map(lambda s: next(iter(s))).rename("florence_category").reset_index()
    out = out.rename(columns={"base": "system"})
    return out.assign(
        florence_label=out["florence_category"].map(florence["label"]), covered=out["florence_category"] != "none"
    )


def uncovered(caps: pd.DataFrame, supplier: str, florence: pd.DataFrame | None = None) -> pd.DataFrame:
    """The systems from `supplier` that fall in none of the Florence categories."""
    status = florence_status(caps, florence)
    from_supplier = set(caps.loc[caps["supplier_country"] == supplier, "system"].str.split(" with ").str[0])
    return status[status["system"].isin(from_supplier) & ~status["covered"]].reset_index(drop=True)


def capabilities_rows(
    caps: pd.DataFrame,
    measures: pd.DataFrame | None = None,
    bases: pd.DataFrame | None = None,
    florence: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every figure for the table, Serbia first then by system and measure: `figure`,
    `measure_label`, `basis_label` and `florence_label`."""
    measures = categories("arms_capabilities", "measure") if measures is None else measures
    bases = categories("arms_capabilities", "basis") if bases is None else bases
    florence = categories("arms_capabilities", "florence_category") if florence is None else florence
    require_known(caps["basis"], bases.index, "basis", caps["id"])
    require_known(caps["measure"], measures.index, "measure", caps["id"])
    order = {m: i for i, m in enumerate(measures.index)}
    rows = caps.assign(_s=caps["operator"] != "Serbia", _m=caps["measure"].map(order))
    rows = rows.sort_values(["_s", "operator", "system", "_m", "id"], kind="stable").drop(columns=["_s", "_m"])
    return rows.assign(
        figure=rows.apply(figure_text, axis=1),
        measure_label=rows["measure"].map(measures["label"]),
        basis_label=rows["basis"].map(bases["label"]),
        florence_label=rows["florence_category"].map(florence["label"]),
        system_text=rows["system"] + " (" + rows["operator"] + ")",
    ).reset_index(drop=True)
