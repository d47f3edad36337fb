"""Digital cooperation (book/digital): Huawei's wider role, the 5G licences, oversight of communications
data, the surveillance tools linked to Serbia with their basis, the protests and what China said.

Tables: `digital_events` (dated steps: agreements, openings, commitments, 5G procedure),
`spectrum_licences`, `oversight_record`, `surveillance_tools` with `tool_findings` (each tool's basis is
its strongest finding), `protest_surveillance_events` and `china_protest_statements`.
Labels of categories are read from the data package; labels of single rows are columns of the
tables. This module quotes no row: the notebook chooses the rows its sentences quote.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D

from csreport.data import partial_date, sources
from csreport.data.rows import categories, dated, require_known
from csreport.report import charts
from csreport.report.glue import date_text, money

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


# --- Surveillance tools and their basis (tbl-dg-tools, tbl-dg-findings) ------------------------------


def tool_basis(tools: pd.DataFrame, findings: pd.DataFrame, types: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each tool's basis: its strongest finding in `tool_findings`, by the finding types' `strength` (1 strongest).

    Indexed by tool id, in the tools' order. Columns: `basis` (finding type), `basis_label`,
    `strength`, `first_reported` (the date of the first finding of the basis type, as text: a tool
    first named a likely customer in 2013 and documented in use in 2024 reads 2024), `n_findings`,
    and `basis_sources` (the sources of the findings of the basis type). Raises ValueError when a
    finding names no tool of the table, a finding type is not described, or a tool has no finding.
    """
    types = categories("tool_findings", "finding_type") if types is None else types
    require_known(findings["tool"], list(tools["id"]), "tool of a finding", findings["id"])
    require_known(findings["finding_type"], types.index, "finding type", findings["id"])
    bare = [t for t in tools["id"] if t not in set(findings["tool"])]
    if bare:
        raise ValueError("surveillance_tools: no finding in tool_findings for " + ", ".join(bare))
    f = dated(findings, "date_reported")
    f["strength"] = f["finding_type"].map(types["strength"]).astype(int)
    out = []
    for tool in tools["id"]:
        own = f[f["tool"] == tool]
        best = int(own["strength"].min())
        strongest = own[own["strength"] == best]  # by date reported: the first report of the basis comes first
        kind = strongest["finding_type"].iloc[0]
        out.append(
            {
                "id": tool,
                "basis": kind,
                "basis_label": types.loc[kind, "label"],
                "strength": best,
                "first_reported": strongest["date_reported"].iloc[0],
                "n_findings": len(own),
                "basis_sources": ";".join(
                    dict.fromkeys(k for v in strongest["sources"] for k in sources.split_keys(v))
                ),
            }
        )
    return pd.DataFrame(out).set_index("id")


def tools_with_basis(tools: pd.DataFrame, findings: pd.DataFrame, kinds, chinese: bool | None = None) -> list[str]:
    """The ids of the tools whose strongest finding is one of `kinds` (only Chinese or non-Chinese ones if `chinese` is given)."""
    basis = tool_basis(tools, findings)
    hit = basis.index[basis["basis"].isin(list(kinds))]
    made = tools.set_index("id")["chinese"].astype(bool)
    return [t for t in hit if chinese is None or bool(made[t]) == chinese]


YES_NO = {True: "Yes", False: "No"}


def tools_rows(tools: pd.DataFrame, findings: pd.DataFrame, types: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tools for the table, strongest basis first (then by first report), with `type_label`,
    `chinese_text`, `origin` (vendor and country), `tool_origin` (tool, vendor and country),
    `governance` (legal basis and oversight, once when both read the same), `basis_label`,
    `basis_text` (with the first report's date) and `first_reported`."""
    types = categories("surveillance_tools", "tool_type") if types is None else types
    require_known(tools["tool_type"], types.index, "tool type", tools["id"])
    basis = tool_basis(tools, findings).reindex(tools["id"])
    rows = tools.assign(
        type_label=tools["tool_type"].map(types["label"]),
        chinese_text=tools["chinese"].astype(bool).map(YES_NO),
        origin=tools["vendor"] + " (" + tools["vendor_country"] + ")",
        tool_origin=tools["tool"] + " — " + tools["vendor"] + " (" + tools["vendor_country"] + ")",
        governance=[lb if lb == ov else f"{lb}. {ov}" for lb, ov in zip(tools["legal_basis"], tools["oversight"])],
        basis_label=basis["basis_label"].to_numpy(),
        basis_text=(
            basis["basis_label"] + " (" + basis["first_reported"].map(lambda d: date_text(d, short=True)) + ")"
        ).to_numpy(),
        first_reported=basis["first_reported"].to_numpy(),
        _s=basis["strength"].to_numpy(),
        _w=[partial_date(d)[0] for d in basis["first_reported"]],
    )
    return rows.sort_values(["_s", "_w", "id"], kind="stable").drop(columns=["_s", "_w"]).reset_index(drop=True)


def findings_rows(
    findings: pd.DataFrame, tools: pd.DataFrame, types: pd.DataFrame | None = None, report: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every finding by date reported, with `shown_date`, the tool's name (`tool_name`), `finding_label` and
    `report_label` (whether Amnesty's December 2024 report makes it)."""
    types = categories("tool_findings", "finding_type") if types is None else types
    report = categories("tool_findings", "in_digital_prison") if report is None else report
    require_known(findings["finding_type"], types.index, "finding type", findings["id"])
    require_known(findings["in_digital_prison"], report.index, "report flag", findings["id"])
    names = tools.set_index("id")["tool"]
    rows = dated(findings, "date_reported")
    return rows.assign(
        shown_date=rows["date_reported"].map(lambda d: date_text(d, short=True)),
        tool_name=rows["tool"].map(names),
        finding_label=rows["finding_type"].map(types["label"]),
        report_label=rows["in_digital_prison"].map(report["label"]),
    )


def in_report(findings: pd.DataFrame, flag: str = "yes") -> list[str]:
    """The tools (ids, in order of first appearance) that Amnesty's December 2024 report names with `flag`
    ('yes': read in Amnesty's own indicators or statements, or in a reliable account of the report;
    'summary_only': only in a summary)."""
    return list(dict.fromkeys(findings.loc[findings["in_digital_prison"] == flag, "tool"]))


# --- The 5G licences (tbl-dg-licences) --------------------------------------------------------------


def licence_total(licences: pd.DataFrame) -> float:
    """The sum of the operators' reported fees (all in one currency; ValueError otherwise)."""
    if licences["currency"].nunique() != 1:
        raise ValueError(
            "spectrum_licences: fees in more than one currency: " + ", ".join(licences["currency"].unique())
        )
    return float(licences["fee"].sum())


def licences_rows(licences: pd.DataFrame) -> pd.DataFrame:
    """The licences with `shown_issued` (month) and `fee_text` ('about EUR 100m')."""
    return licences.assign(
        shown_issued=licences["issued"].map(date_text),
        fee_text=[money(v, c, q) for v, c, q in zip(licences["fee"], licences["currency"], licences["fee_qualifier"])],
    )


# --- Oversight of communications data and the protests (tbl-dg-oversight, tbl-dg-protests) ---------


def labelled_rows(frame: pd.DataFrame, table: str, columns: tuple[str, ...], date_column: str = "date") -> pd.DataFrame:
    """`frame` by date with `shown_date` and a `<column>_label` for each categorical column named."""
    rows = dated(frame, date_column)
    out = rows.assign(shown_date=rows[date_column].map(lambda d: date_text(d, short=True)))
    for col in columns:
        cats = categories(table, col)
        require_known(rows[col], cats.index, col, rows["id"])
        out[f"{col}_label"] = rows[col].map(cats["label"])
    return out


# --- What China said (tbl-dg-china) -----------------------------------------------------------------


def statements_rows(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements by date, with `shown_date` and `who` (speaker and office)."""
    rows = dated(statements)
    return rows.assign(shown_date=rows["date"].map(date_text), who=rows["speaker"] + ", " + rows["role"])
