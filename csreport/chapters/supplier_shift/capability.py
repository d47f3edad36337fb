"""Capability, not only counts: published specifications of the Chinese systems and what the
neighbours field (arms_capabilities), with the Florence Agreement category of each system."""

from __future__ import annotations

import pandas as pd

from csreport.data.rows import categories, require_known
from csreport.report import charts
from csreport.report.glue import QUALIFIER_SIGN, number

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


LIMITED_EXCEPT = ("none", "unclear")  # florence_category values that are not one of the five limited categories


def florence_status(caps: pd.DataFrame, florence: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per operator and system: its Florence category label, whether it falls in one of
    the five limited categories (`covered`) and whether that could be established (`established`:
    False for the category 'unclear'). Raises ValueError if one system has two categories."""
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
        florence_label=out["florence_category"].map(florence["label"]),
        covered=~out["florence_category"].isin(LIMITED_EXCEPT),
        established=out["florence_category"] != "unclear",
    )


def uncovered(caps: pd.DataFrame, supplier: str, florence: pd.DataFrame | None = None) -> pd.DataFrame:
    """The systems from `supplier` that fall in none of the Florence categories (an 'unclear'
    category is neither covered nor uncovered, so it is not counted here)."""
    status = florence_status(caps, florence)
    from_supplier = set(caps.loc[caps["supplier_country"] == supplier, "system"].str.split(" with ").str[0])
    return status[status["system"].isin(from_supplier) & (status["florence_category"] == "none")].reset_index(drop=True)


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
