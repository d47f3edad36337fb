"""Strategic and economic context: timeline dates, trade series, projects, debt, FDI (chapter 1).

Each takes a validated table from `data.load` and returns plain values or small frames; the
`*_numbers` functions return the chapter's glued prose values (key -> text), the `*_figure`
functions a figure in the house style with the exact data drawn, the `*_table` functions the
frame a table shows. Nothing here converts currencies, averages competing values or merges
statistical bases.
"""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from . import charts, data, glue, indicators

TRADE_SERIES_KEY = ["basis", "currency", "flow"]


def timeline_dates(events: pd.DataFrame) -> pd.DataFrame:
    """The context timeline with its text dates as intervals of their precision.

    Adds `start` and `end` (Timestamps) and `precision` ('day', 'month', 'year'): a date given
    as '2009' covers the whole year, '2016-06' the whole month. Sorted by start.
    """
    out = events.copy()
    intervals = [data.date_interval(text) for text in out["date"]]
    out["start"] = pd.to_datetime([i[0] for i in intervals])
    out["end"] = pd.to_datetime([i[1] for i in intervals])
    out["precision"] = [i[2] for i in intervals]
    return out.sort_values(["start", "id"]).reset_index(drop=True)


def timeline_date_of(events: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The (start) date of one timeline event, by id."""
    row = timeline_dates(events).set_index("id").loc[event_id]
    return row["start"]


def trade_series(frame: pd.DataFrame, full_year_only: bool = True) -> dict[tuple[str, str, str], pd.DataFrame]:
    """Trade figures split into series, one per (basis, currency, flow); never merged across them.

    Each series is sorted by year and holds at most one value per year (a second value for the
    same year, basis, currency and flow raises ValueError rather than being dropped or averaged).
    Partial-year figures are left out unless `full_year_only` is False.
    """
    rows = frame[frame["coverage"] == "full_year"] if full_year_only else frame
    out = {}
    for key, group in rows.groupby(TRADE_SERIES_KEY, sort=True):
        dup = group[group["year"].duplicated(keep=False)]
        if full_year_only and not dup.empty:
            raise ValueError(f"trade series {key}: several values for one year ({', '.join(dup['id'])})")
        out[tuple(key)] = group.sort_values("year").reset_index(drop=True)
    return out


def trade_gap(frame: pd.DataFrame, year: int, flow: str, currency: str,
              basis_a: str, basis_b: str) -> tuple[float, float, float]:
    """Values of one year and flow on two bases (same currency) and their difference a - b."""
    series = trade_series(frame)
    a = series[(basis_a, currency, flow)].set_index("year").loc[year, "value"]
    b = series[(basis_b, currency, flow)].set_index("year").loc[year, "value"]
    return float(a), float(b), float(a - b)


def project_groups(projects: pd.DataFrame) -> pd.DataFrame:
    """Project rows with a `group` key: the id without its value suffix ('kostolac_b3_usd608' ->
    'kostolac_b3'). Rows of one group are competing or partial values of one project, never to be summed."""
    out = projects.copy()
    out["group"] = out["id"].str.rsplit("_", n=1).str[0]
    return out


def debt_measures(debt: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Debt-to-China rows split into measures that must not be compared or added.

    - exim_public: public debt to China's Exim Bank (Public Debt Administration), money values;
    - other_public: other official public-debt figures (all Chinese lenders, Bank of China);
    - nbs_external: all debt to China in the external-debt statistics of the central bank;
    - shares: official shares of external debt, percent (each with its own base);
    - estimates: figures of journalists, experts and media, never official.
    Every row falls in exactly one measure.
    """
    money = debt["unit"] == "million"
    official = debt["basis"] == "official"
    groups = {
        "exim_public": official & money & (debt["measure"] == "public_debt_to_china") & (debt["creditor_scope"] == "exim_bank"),
        "other_public": official & money & (debt["measure"] == "public_debt_to_china") & (debt["creditor_scope"] != "exim_bank"),
        "nbs_external": official & money & (debt["measure"] == "external_debt_to_china"),
        "shares": official & (debt["unit"] == "percent"),
        "estimates": ~official,
    }
    covered = sum(mask.astype(int) for mask in groups.values())
    if (covered != 1).any():
        raise ValueError(f"debt rows not in exactly one measure: {', '.join(debt.loc[covered != 1, 'id'])}")
    return {name: debt[mask].sort_values(["date", "id"]).reset_index(drop=True) for name, mask in groups.items()}


def fdi_by_period(fdi: pd.DataFrame) -> pd.DataFrame:
    """FDI rows ordered by period start, with `period_label` ('2020', 'Jan–Sep 2023', '2016–2024')."""
    out = fdi.copy()

    def label(p: str) -> str:
        if "/" not in p:
            return p
        a, b = p.split("/")
        if len(a) == 4:
            return f"{a}–{b}"
        sa, sb = pd.Timestamp(a + "-01"), pd.Timestamp(b + "-01")
        return f"{sa:%b}–{sb:%b} {sb:%Y}" if sa.year == sb.year else f"{sa:%b %Y}–{sb:%b %Y}"

    out["period_label"] = out["period"].map(label)
    out["period_start"] = pd.to_datetime(out["period"].str.split("/").str[0].map(
        lambda s: s + "-01" if len(s) == 7 else s + "-01-01"))
    order = {"rank": 0, "inflow": 1, "share_pct": 2, "cumulative_inflow": 3, "stock": 4}
    out["_o"] = out["indicator"].map(order)
    return out.sort_values(["period_start", "period", "basis", "_o"]).drop(columns="_o").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The chapter's words and chart keys.

DAY, MONTH = "{:%-d %B %Y}", "{:%B %Y}"
UP_TO = {"at_most": "up to "}  # this chapter words an upper bound "up to EUR 15bn"
PREFIX = {"at_least": "more than ", "at_most": "up to "}  # this chapter's words for the bounds of a share
FMT = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}  # a timeline date at its precision

# Glue key -> timeline event id whose date the prose shows (at the precision of the data).
TIMELINE_DATES = {
    "ctx_sp_date": "strategic_partnership_2009",
    "ctx_csp_date": "comprehensive_partnership_2016",
    "ctx_csf_date": "shared_future_statement_2024",
    "ctx_fta_signed": "fta_signed_2023",
    "ctx_fta_in_force": "fta_in_force_2024",
    "ctx_dipl_date": "dipl_relations_1955",
    "ctx_bombing_date": "embassy_bombing_1999",
    "ctx_kosovo_date": "kosovo_udi_2008",
    "ctx_infra_year": "infrastructure_agreement_2009",
    "ctx_nikolic_year": "nikolic_xi_statement_2013",
    "ctx_isr_platform": "info_silk_road_platform_2017",
    "ctx_visa_signed": "visa_agreement_signed_2016",
    "ctx_visa_in_force": "visa_free_in_force_2017",
    "ctx_interior_month": "interior_agreements_2019",
    "ctx_patrol_date": "joint_patrols_2019",
    "ctx_canopy_date": "novi_sad_canopy_2024",
}

SHORT = {  # short timeline labels
    "dipl_relations_1955": "PRC–Yugoslavia diplomatic relations",
    "embassy_bombing_1999": "NATO strike hits Chinese embassy, Belgrade",
    "kosovo_udi_2008": "China 'deeply concerned' at Kosovo's declaration",
    "infrastructure_agreement_2009": "Infrastructure agreement (no public tenders)",
    "strategic_partnership_2009": "Strategic partnership (Hu–Tadić)",
    "nikolic_xi_statement_2013": "Nikolić–Xi joint statement (not verified)",
    "bri_launch_2013": "Xi proposes the Silk Road Economic Belt",
    "belgrade_16plus1_summit_2014": "16+1 summit in Belgrade",
    "kostolac_loan_2014": "Exim loan for Kostolac B3 signed",
    "pupin_bridge_2014": "Pupin bridge opens, Belgrade",
    "hbis_smederevo_2016": "HBIS buys Smederevo steel mill",
    "defence_industry_agreement_2016": "Defence-industry cooperation agreement",
    "info_silk_road_mou_2016": "Information Silk Road memorandum",
    "comprehensive_partnership_2016": "Comprehensive strategic partnership (Xi–Nikolić)",
    "visa_agreement_signed_2016": "Visa-exemption agreement signed",
    "visa_free_in_force_2017": "Visa-free travel in force",
    "info_silk_road_platform_2017": "Information Silk Road platform adopted",
    "preljina_pozega_contract_2017": "Preljina–Požega motorway contract",
    "zijin_bor_agreement_2018": "Zijin–RTB Bor partnership agreement",
    "huawei_traffic_surveillance_2018": "Huawei traffic-surveillance agreement",
    "zijin_takeover_2018": "Zijin takes over RTB Bor",
    "linglong_groundbreaking_2019": "Linglong tyre plant begun, Zrenjanin",
    "interior_agreements_2019": "Interior-ministry agreements (joint patrols)",
    "obrenovac_ljig_open_2019": "Obrenovac–Ljig motorway opens",
    "joint_patrols_2019": "First joint police patrol, Belgrade",
    "surcin_obrenovac_open_2019": "Surčin–Obrenovac motorway opens",
    "zhao_vulin_2021": "Zhao–Vulin call on police cooperation",
    "ns_subotica_works_2021": "Novi Sad–Subotica railway works begin",
    "bg_novisad_rail_2022": "Belgrade–Novi Sad railway opens",
    "fta_signed_2023": "Free trade agreement signed",
    "kostolac_grid_2024": "Kostolac B3 connected to the grid",
    "shared_future_statement_2024": "'Community with a shared future' statement",
    "fta_in_force_2024": "Free trade agreement in force",
    "police_exercise_2024": "Joint special-police exercise in China",
    "novi_sad_canopy_2024": "Novi Sad station canopy collapses",
    "kostolac_handover_2024": "Kostolac B3 handed over to EPS",
    "xi_vucic_moscow_2025": "Xi–Vučić meeting in Moscow",
    "pozega_motorway_2025": "Last Preljina–Požega section opens",
    "xi_vucic_beijing_2025": "Xi–Vučić meeting in Beijing",
    "ns_subotica_opening_2025": "Novi Sad–Subotica railway opens",
    "vucic_visit_announced_2025": "Vučić announces a visit to China",
}
CATEGORY = {  # colour and marker per timeline category
    "political": (charts.PALETTE[0], "o"),
    "diplomatic": (charts.PALETTE[4], "v"),
    "economic": (charts.PALETTE[2], "s"),
    "security": (charts.PALETTE[1], "^"),
    "digital": (charts.PALETTE[3], "D"),
}
# The timeline figure: every political, diplomatic, security and digital event, every event with an
# unconfirmed date, and the economic framework agreements; the projects' events are in the table
# and in the projects section.
ECONOMIC_FRAMEWORK = ["infrastructure_agreement_2009", "bri_launch_2013", "fta_signed_2023", "fta_in_force_2024"]
TIMELINE_SPLIT = pd.Timestamp("2009-01-01")  # where the timeline's time axis is broken

BASIS = {  # trade figure: label, colour, marker, line style per basis
    "serbian_statistics": ("Serbian statistics (RZS)", charts.PALETTE[0], "o", "-"),
    "serbian_official": ("Serbian officials", charts.PALETTE[5], "s", "--"),
    "chinese_customs": ("Chinese customs", charts.PALETTE[1], "^", "-"),
    "chinese_official": ("Chinese officials", charts.PALETTE[3], "D", "--"),
    "unspecified": ("Basis not stated", charts.GREY, "X", ":"),
}
FLOWS = {"exports_to_china": "Exports to China", "imports_from_china": "Imports from China", "total": "Total trade"}
TRADE_CURRENCIES = ["USD", "EUR"]

ORD = {1: "largest", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}  # China's FDI rank in prose
ORDINAL = {1: "1st", 2: "2nd", 3: "3rd"}  # China's FDI rank in the table

GROUP = {  # project group -> name
    "pupin": "Pupin bridge, Belgrade", "hbis": "Smederevo steel mill (HBIS)", "zijin_bor": "Bor copper complex (Zijin)",
    "zijin_nevsun": "Nevsun takeover, whole firm (Zijin)", "linglong": "Linglong tyre plant, Zrenjanin",
    "linglong_exp": "Linglong plant expansion", "kostolac_b3": "Kostolac B3 and Drmno mine",
    "obr_ljig": "Motorway Obrenovac–Ljig", "surcin_obr": "Motorway Surčin–Obrenovac", "preljina": "Motorway Preljina–Požega",
    "bgsp": "Railway Belgrade–Stara Pazova", "bgbp": "Belgrade–Budapest railway (Serbia)", "nssu": "Railway Novi Sad–Subotica",
    "clean_serbia": "Clean Serbia sewerage", "clean_serbia_ph2": "Clean Serbia phase 2",
}
INSTRUMENT = {"fdi": "FDI", "exim_loan": "Exim loan", "interstate_contract": "interstate contract", "other": "other loan"}
VALUE_TYPE = {  # label, colour, marker
    "loan": ("Loan", charts.PALETTE[0], "o"), "project_cost": ("Project cost", charts.PALETTE[1], "s"),
    "works_value": ("Value of works", charts.PALETTE[5], "P"), "investment_pledge": ("Investment pledge", charts.PALETTE[2], "D"),
    "equity_injection": ("Equity paid", charts.PALETTE[3], "^"), "purchase_price": ("Purchase price", charts.PALETTE[4], "v"),
}
SECTOR_ORDER = ["steel", "mining", "manufacturing", "energy", "transport", "other"]
PROJECT_PANELS = ["EUR", "USD"]  # currencies drawn in the projects figure, one panel each

SCOPE = {"china_all": "all Chinese lenders", "bank_of_china": "the Bank of China", "exim_bank": "Exim Bank",
         "chinese_banks_all": "all Chinese banks", "chinese_banks_other": "other Chinese banks"}
EST = {"debt_to_chinese_banks": "Debt to Chinese banks", "total_debt_estimate": "All debt to China",
       "projected_debt_estimate": "Projected, planned loans"}
QUAL = {"exact": "", "approx": "", "at_least": ", lower bound", "at_most": ", upper bound"}


def _money(value, currency, qualifier="exact") -> str:
    """An amount in millions as this chapter words it ('up to EUR 15bn' for an upper bound)."""
    return glue.money(value, currency, qualifier, words=UP_TO)


# ---------------------------------------------------------------------------------------------
# Timeline

def timeline_numbers(timeline: pd.DataFrame) -> dict[str, str]:
    """Glued texts of the timeline section: the milestone dates, the last event and the counts."""
    out = {}
    for key, event_id in TIMELINE_DATES.items():
        out[key] = glue.date_text(data.row(timeline, event_id)["date"])
        if key == "ctx_csp_date":  # the years of the two partnership documents follow their dates
            out["ctx_sp_year"] = "{:%Y}".format(data.row(timeline, "strategic_partnership_2009")["start"])
            out["ctx_csp_year"] = "{:%Y}".format(data.row(timeline, "comprehensive_partnership_2016")["start"])
    out["ctx_last_event"] = DAY.format(timeline["start"].max())
    out["ctx_n_events"] = str(len(timeline))
    out["ctx_n_unconfirmed"] = str(int((timeline["date_confirmed"] == "no").sum()))
    out["ctx_n_shown"] = str(len(timeline_shown(timeline)))
    return out


def timeline_shown(timeline: pd.DataFrame) -> pd.DataFrame:
    """The events the timeline figure draws, with `label`, `mid` (middle of the date) and row `y`."""
    shown = timeline[(timeline["category"] != "economic") | timeline["id"].isin(ECONOMIC_FRAMEWORK)
                     | (timeline["date_confirmed"] == "no")].reset_index(drop=True)
    return shown.assign(
        label=[f"{s.strftime(FMT[p]).lstrip('0')}  {SHORT.get(i, e[:45])}"
               for s, p, i, e in zip(shown["start"], shown["precision"], shown["id"], shown["event"])],
        mid=shown["start"] + (shown["end"] - shown["start"]) / 2,
        y=range(len(shown)))


def timeline_figure(timeline: pd.DataFrame, cutoff: pd.Timestamp):
    """The timeline figure (axis broken at 2009) and the rows it draws."""
    rows = timeline_shown(timeline)
    split = TIMELINE_SPLIT
    fig, (early, late) = charts.figure(height=4.6, ncols=2, sharey=True,
                                       gridspec_kw={"width_ratios": [1, 4], "wspace": 0.03})
    for ax, part in ((early, rows[rows["mid"] < split]), (late, rows[rows["mid"] >= split])):
        for cat, (colour, marker) in CATEGORY.items():
            for confirmed, group in part[part["category"] == cat].groupby(part["date_confirmed"] == "yes"):
                ax.scatter(group["mid"], group["y"], marker=marker, s=34, zorder=3, linewidths=1.4, clip_on=False,
                           color=colour, facecolors=colour if confirmed else "white")
        for _, r in part[part["precision"] == "year"].iterrows():  # a year-only date covers the whole year
            ax.plot([r["start"], r["end"]], [r["y"], r["y"]], color=CATEGORY[r["category"]][0], linewidth=3, alpha=0.35)
    early.set_xlim(pd.Timestamp("1951-01-01"), pd.Timestamp("2010-01-01"))
    late.set_xlim(pd.Timestamp("2008-07-01"), cutoff)
    late.set_xticks(pd.to_datetime([f"{y}-01-01" for y in range(2010, cutoff.year + 1, 4)]))
    late.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    early.set_xticks(pd.to_datetime(["1955-01-01", "1999-01-01"]))
    early.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    early.spines["right"].set_linestyle((0, (2, 2)))
    late.spines["left"].set_visible(False)
    late.tick_params(axis="y", left=False)
    early.set_yticks(rows["y"], rows["label"], fontsize=7.5)
    early.set_ylim(len(rows) - 0.4, -0.6)
    for ax in (early, late):
        ax.grid(axis="y", color="#EEEEEE", linewidth=0.6)
        ax.grid(axis="x", visible=False)
    handles = [Line2D([], [], linestyle="none", marker=m, color=c, label=cat.capitalize())
               for cat, (c, m) in CATEGORY.items()]
    handles.append(Line2D([], [], linestyle="none", marker="o", color=charts.GREY,
                          markerfacecolor="white", label="Date not confirmed"))
    handles.append(Line2D([], [], color=charts.GREY, linewidth=3, alpha=0.35,
                          label="Only the year is known"))
    late.legend(handles=handles, loc="upper right", fontsize=8)
    fig.subplots_adjust(left=0.5, right=0.985)
    return fig, rows


def events_table(timeline: pd.DataFrame) -> pd.DataFrame:
    """The events table: every timeline row with its date as text (`when`) and `confirmed`."""
    return timeline.assign(
        when=[s.strftime(FMT[p]).lstrip("0") for s, p in zip(timeline["start"], timeline["precision"])],
        confirmed=timeline["date_confirmed"].map({"yes": "yes", "no": "not confirmed"}))


# ---------------------------------------------------------------------------------------------
# China–CEEC format

def ceec_numbers(events: pd.DataFrame, periods: pd.DataFrame) -> dict[str, str]:
    """Glued texts of the China–CEEC section: launch, Greece, the Baltic exits, today's name."""
    first, last = periods.iloc[0], periods.iloc[-1]
    greece = events[events["country"] == "Greece"].iloc[0]
    baltic = events[events["country"].isin(["Estonia", "Latvia"])]["date"].max()
    serbia_left = (events[(events["country"] == "Serbia")]["event"] == "left").any()
    lithuania = events[events["country"].eq("Lithuania") & events["event"].eq("left")]["date"].iloc[0]
    return {
        "ceec_launch_date": DAY.format(first["start"]),
        "ceec_founders": str(first["members"]),
        "ceec_first_name": str(first["name"]),
        "ceec_greece_date": DAY.format(greece["date"]),
        "ceec_name_2019": str(indicators.ceec_name_on(periods, greece["date"])),
        "ceec_lithuania_month": MONTH.format(lithuania),
        "ceec_baltic_date": DAY.format(baltic),
        "ceec_members_now": str(last["members"]),
        "ceec_name_now": str(last["name"]),
        "ceec_serbia_status": "has left" if serbia_left else "remains",
    }


def ceec_figure(periods: pd.DataFrame, cutoff: pd.Timestamp):
    """Step chart of the format's European members, and the periods drawn (open end = cut-off)."""
    last = periods.iloc[-1]
    steps = periods.assign(end=periods["end"].fillna(cutoff))
    fig, ax = charts.figure(height=2.8)
    ax.step(list(steps["start"]) + [cutoff], list(steps["members"]) + [last["members"]],
            where="post", color=charts.ACTOR["China"], linewidth=2)
    for _, p in steps.iterrows():
        ax.annotate(p["name"], (p["start"] + (p["end"] - p["start"]) / 2, p["members"]),
                    xytext=(0, 5), textcoords="offset points", ha="center", fontsize=9, fontweight="bold")
    ax.set_ylim(0, 20)
    ax.set_ylabel("European member countries")
    ax.set_xlim(pd.Timestamp("2012-01-01"), cutoff)
    return fig, steps


# ---------------------------------------------------------------------------------------------
# Trade

def trade_numbers(trade: pd.DataFrame) -> dict[str, str]:
    """Glued texts of the trade section: RZS exports and imports, the two totals and their gap, one-off totals."""
    series = trade_series(trade)
    rzs = {flow: series[("serbian_statistics", "USD", flow)].set_index("year") for flow in FLOWS}
    last_year = int(rzs["total"].index.max())
    first_exp = int(rzs["exports_to_china"].index.min())
    exp, imp = rzs["exports_to_china"], rzs["imports_from_china"]
    srb_total, cn_total, gap = trade_gap(trade, last_year, "total", "USD", "serbian_statistics", "chinese_customs")
    by_id = trade.set_index("id")
    serbian_side = trade[trade["basis"].isin(["serbian_statistics", "serbian_official"]) & (trade["coverage"] == "full_year")]
    missing = set(range(int(trade["year"].min()), last_year + 1)) - set(serbian_side["year"].astype(int))
    return {
        "ctx_trade_year": str(last_year),
        "ctx_exp_rzs_first_year": str(first_exp),
        "ctx_exp_rzs_first": glue.money(exp.loc[first_exp, "value"], "USD"),
        "ctx_exp_rzs_last": glue.money(exp.loc[last_year, "value"], "USD"),
        "ctx_imp_rzs_first": _money(imp.loc[first_exp, "value"], "USD", imp.loc[first_exp, "qualifier"]),
        "ctx_imp_rzs_last": _money(imp.loc[last_year, "value"], "USD", imp.loc[last_year, "qualifier"]),
        "ctx_imp_exp_ratio": "{:.1f}".format(imp.loc[last_year, "value"] / exp.loc[last_year, "value"]),
        "ctx_tot_rzs": glue.money(srb_total, "USD"),
        "ctx_tot_customs": glue.money(cn_total, "USD"),
        "ctx_tot_gap": glue.money(gap, "USD"),
        "ctx_tot_gap_pct": "{:.0%}".format(gap / cn_total),
        "ctx_exp_cn_first": glue.money(
            series[("chinese_official", "USD", "exports_to_china")].set_index("year").loc[first_exp, "value"], "USD"),
        "ctx_y2021": str(by_id.loc["x2021_tot_eur", "year"]),
        "ctx_2021_value": "{:.1f} billion".format(by_id.loc["x2021_tot_eur", "value"] / 1000),
        "ctx_y2022": str(by_id.loc["x2022_tot_official", "year"]),
        "ctx_2022_srb": glue.money(by_id.loc["x2022_tot_official", "value"], by_id.loc["x2022_tot_official", "currency"]),
        "ctx_2022_cn": glue.money(by_id.loc["x2022_tot_mofcom", "value"], by_id.loc["x2022_tot_mofcom", "currency"]),
        "ctx_amb_year": str(by_id.loc["x2024_tot_ambassador", "year"]),
        "ctx_amb_value": glue.money(by_id.loc["x2024_tot_ambassador", "value"], by_id.loc["x2024_tot_ambassador", "currency"]),
        "ctx_n_partial": str(int((trade["coverage"] == "partial_year").sum())),
        "ctx_rzs_missing": glue.year_spans(missing),
    }


def trade_figure(trade: pd.DataFrame):
    """Small multiples of trade by flow (columns) and currency (rows), one series per basis; and the rows drawn."""
    series = trade_series(trade)
    fig, axes = charts.figure(height=3.9, nrows=2, ncols=3, sharex=True)
    legend_ax = axes[0, 0]
    for i, currency in enumerate(TRADE_CURRENCIES):
        for j, flow in enumerate(FLOWS):
            ax = axes[i, j]
            drawn = False
            for (basis, cur, fl), s in series.items():
                if (cur, fl) != (currency, flow):
                    continue
                label, colour, marker, style = BASIS[basis]
                run = (s["year"].diff() != 1).cumsum()  # connect consecutive years only: no line across gaps
                for _, part in s.groupby(run):
                    ax.plot(part["year"], part["value"], linestyle=style, color=colour, linewidth=1.2)
                low = s["confidence"] == "low"
                ax.scatter(s.loc[~low, "year"], s.loc[~low, "value"], marker=marker, color=colour, s=28, zorder=3)
                ax.scatter(s.loc[low, "year"], s.loc[low, "value"], marker=marker, color=colour, facecolors="white", s=28, zorder=3)
                drawn = True
            if flow == "exports_to_china":  # from a few million to over a billion: only a log scale shows both
                ax.set_yscale("log")
                ax.set_ylim(1, 5000)
            else:
                ax.set_ylim(bottom=0)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            if i == 0:
                ax.set_title(FLOWS[flow], fontweight="bold", loc="left")
            if j == 0:
                ax.set_ylabel(f"{currency} million")
            if not drawn:
                ax.text(0.5, 0.9, f"No full-year figure in {currency}", transform=ax.transAxes, ha="center", color=charts.GREY, fontsize=8)
                ax.set_yticks([])
                ax.spines["left"].set_visible(False)
                legend_ax = ax
    axes[1, 0].set_xlim(trade["year"].min() - 0.5, trade["year"].max() + 0.5)
    handles = [Line2D([], [], color=c, marker=m, linestyle=ls, label=l) for l, c, m, ls in BASIS.values()]
    handles.append(Line2D([], [], color=charts.GREY, marker="o", markerfacecolor="white", linestyle="none", label="Low confidence"))
    legend_ax.legend(handles=handles, loc="lower center", fontsize=7.5, handlelength=2.2, borderaxespad=0)
    fig.subplots_adjust(hspace=0.3, wspace=0.35)
    return fig, pd.concat(series.values(), ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Investment

def fdi_numbers(fdi: pd.DataFrame) -> dict[str, str]:
    """Glued texts of the investment section from `fdi_by_period` rows: ranks, inflows, shares, gaps."""
    fdi_by = fdi.set_index("id")
    nbs = fdi[fdi["basis"] == "nbs"]
    ranks = nbs[nbs["indicator"] == "rank"]
    first_rank = ranks.iloc[0]
    rank1 = ranks[ranks["value"] == 1]
    incl = fdi[fdi["china_definition"] == "china_incl_hk_tw_mo"]["period_label"].drop_duplicates().tolist()
    rank_only = sorted(y for y in range(int(first_rank["period_start"].year) + 1, int(rank1["period_start"].max().year) + 1)
                       if not ((nbs["period"] == str(y)) & (nbs["indicator"] == "inflow")).any())
    out = {
        "ctx_fdi_first_year": str(first_rank["period_label"]),
        "ctx_fdi_rank_2020": ORD[int(first_rank["value"])],
        "ctx_fdi_2020": glue.money(fdi_by.loc["f2020_inflow", "value"], fdi_by.loc["f2020_inflow", "currency"]),
        "ctx_fdi_rank1_first": "{:%Y}".format(rank1["period_start"].min()),
        "ctx_fdi_rank1_last": str(rank1["period_label"].iloc[-1]),
        "ctx_fdi_incl_periods": " and ".join(p.replace("Jan–Jun", "the first half of") for p in incl),
        "ctx_fdi_gap_from": str(rank_only[0]),
        "ctx_fdi_gap_to": str(rank_only[-1]),
    }
    for key, rid in (("2022", "f2022q3_inflow"), ("2023", "f2023q3_inflow")):
        out[f"ctx_fdi_{key}"] = _money(fdi_by.loc[rid, "value"], fdi_by.loc[rid, "currency"], fdi_by.loc[rid, "qualifier"])
        out[f"ctx_fdi_{key}_year"] = "{:%Y}".format(fdi_by.loc[rid, "period_start"])
    shares = fdi[fdi["indicator"] == "share_pct"].sort_values("period_start")
    later = shares[shares["period_start"].dt.year == shares["period_start"].dt.year.max()]
    out.update({
        "ctx_fdi_share_first": glue.percent(shares.iloc[0]["value"], shares.iloc[0]["qualifier"], decimals=0, words=PREFIX),
        "ctx_fdi_share_first_year": str(shares.iloc[0]["period_label"]),
        "ctx_fdi_share_last": " or ".join(glue.percent(v, q, decimals=0, words=PREFIX)
                                          for q, v in zip(later["qualifier"], later["value"])),
        "ctx_fdi_share_last_period": str(later["period_start"].dt.year.max()),
        "ctx_fdi_cn_2024": _money(fdi_by.loc["f2024_cn", "value"], fdi_by.loc["f2024_cn", "currency"], fdi_by.loc["f2024_cn", "qualifier"]),
        "ctx_fdi_cn_2024_year": str(fdi_by.loc["f2024_cn", "period_label"]),
    })
    return out


def fdi_value_text(r: pd.Series) -> str:
    """One FDI row's value as the table shows it: '1st', 'more than 20%', 'EUR 1.23bn'."""
    if r["indicator"] == "rank":
        return ORDINAL.get(int(r["value"]), f"{int(r['value'])}th")
    if r["unit"] == "percent":
        return glue.percent(r["value"], r["qualifier"], decimals=0, words=PREFIX)
    return _money(r["value"], r["currency"], r["qualifier"])


def _join_unique(values, sep="; ") -> str:
    return sep.join(dict.fromkeys(v for cell in values for v in str(cell).split(sep)))


def fdi_table(fdi: pd.DataFrame) -> pd.DataFrame:
    """One row per period and source: rank, amount and share of that source side by side (never combined)."""
    fdi_rows = fdi.assign(shown=fdi.apply(fdi_value_text, axis=1),
                          column=fdi["indicator"].map({"rank": "rank", "share_pct": "share"}).fillna("amount"),
                          source_type=fdi["basis"].map({"nbs": "NBS", "other": "Other"}))
    fdi_rows["amount_kind"] = fdi_rows["indicator"].map({"inflow": "", "cumulative_inflow": " (cumulative)", "stock": " (stock)"}).fillna("")
    fdi_rows.loc[fdi_rows["column"] == "amount", "shown"] += fdi_rows["amount_kind"]
    keys = ["period_label", "source_type", "china_definition", "sources"]  # one row per period and source
    if (fdi_rows.groupby(keys + ["column"]).size() > 1).any():
        raise ValueError("two FDI values of one kind for one period and source: the table would hide one")
    table = (fdi_rows.groupby(keys, sort=False)
             .apply(lambda g: pd.Series({
                 **{c: (g.loc[g["column"] == c, "shown"].iloc[0] if (g["column"] == c).any() else None) for c in ("rank", "amount", "share")},
                 "confidence": _join_unique(g["confidence"], ", ")}),
                 include_groups=False)
             .reset_index())
    table["source_type"] = table["source_type"] + table["china_definition"].map(
        {"china_incl_hk_tw_mo": " (China with Hong Kong, Taiwan, Macau)", "china_unspecified": ""})
    return table


# ---------------------------------------------------------------------------------------------
# Projects

def project_summary(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project group (from `project_groups`), ordered by sector and first date, with row `y` and `label`."""
    groups = (projects.groupby("group", sort=False)
              .agg(sector=("sector", "first"), instrument=("instrument", "first"), first=("key_date", "min"), n=("id", "size"))
              .reset_index())
    groups["order"] = groups["sector"].map(SECTOR_ORDER.index)
    groups = groups.sort_values(["order", "first"]).reset_index(drop=True)
    groups["y"] = range(len(groups))
    groups["label"] = [f"{GROUP.get(g, g)} · {INSTRUMENT[i]}" for g, i in zip(groups["group"], groups["instrument"])]
    return groups


def project_numbers(projects: pd.DataFrame) -> dict[str, str]:
    """Glued texts of the projects section: counts by instrument, contested projects, values cited."""
    groups = project_summary(projects)
    pby = projects.set_index("id")

    def pmoney(rid):
        return _money(pby.loc[rid, "value"], pby.loc[rid, "currency"], pby.loc[rid, "qualifier"])

    ling = linglong_eur(projects)
    return {
        "ctx_n_projects": str(len(groups)),
        "ctx_n_fdi": str(int((groups["instrument"] == "fdi").sum())),
        "ctx_n_exim": str(int((groups["instrument"] == "exim_loan").sum())),
        "ctx_n_contested": str(int((groups["n"] > 1).sum())),
        "ctx_clean_serbia": pmoney("clean_serbia_eur3200"),
        "ctx_kostolac_loan": pmoney("kostolac_b3_usd608"),
        "ctx_kostolac_cost": pmoney("kostolac_b3_usd715"),
        "ctx_zijin_equity": pmoney("zijin_bor_usd350"),
        "ctx_zijin_pledge": pmoney("zijin_bor_usd1260"),
        "ctx_linglong_min": glue.money(ling["value"].min(), "EUR"),
        "ctx_linglong_max": glue.money(ling["value"].max(), "EUR"),
    }


def linglong_eur(projects: pd.DataFrame) -> pd.DataFrame:
    """The Linglong plant's values reported in euros (they disagree)."""
    return projects[(projects["group"] == "linglong") & (projects["currency"] == "EUR")]


def projects_figure(projects: pd.DataFrame):
    """Dot plot of every project value, one panel per currency; the rows drawn and the rows left out."""
    groups = project_summary(projects)
    block_starts = [i for i in groups.index if i == 0 or groups.loc[i, "sector"] != groups.loc[i - 1, "sector"]]
    drawn = projects[projects["currency"].isin(PROJECT_PANELS)].merge(groups[["group", "y"]], on="group")
    left_out = projects[~projects["currency"].isin(PROJECT_PANELS)]
    offsets = {t: (k - (len(VALUE_TYPE) - 1) / 2) * 0.11 for k, t in enumerate(VALUE_TYPE)}
    fig, axes = charts.figure(height=4.1, ncols=2, sharey=True, gridspec_kw={"wspace": 0.06})
    for ax, currency in zip(axes, PROJECT_PANELS):
        part = drawn[drawn["currency"] == currency]
        for vtype, (label, colour, marker) in VALUE_TYPE.items():
            rows_t = part[part["value_type"] == vtype]
            y = rows_t["y"] + offsets[vtype]
            low = rows_t["confidence"] == "low"
            ax.scatter(rows_t.loc[~low, "value"], y[~low], marker=marker, color=colour, s=30, zorder=3)
            ax.scatter(rows_t.loc[low, "value"], y[low], marker=marker, color=colour, facecolors="white", s=30, zorder=3, linewidths=1.2)
        ax.set_xscale("log")
        ax.set_xlim(15, 5000)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_xlabel(f"{currency} million (log scale)")
        ax.set_title(f"Values reported in {currency}", loc="left", fontweight="bold")
        ax.grid(axis="x", color="#EEEEEE", linewidth=0.6)
        for b in block_starts[1:]:
            ax.axhline(b - 0.5, color=charts.GREY, linewidth=0.6)
    for b in block_starts:  # sector name atop each block
        axes[0].text(0.02, b - 0.42, groups.loc[b, "sector"].capitalize(), transform=axes[0].get_yaxis_transform(),
                     fontsize=7, fontweight="bold", color=charts.GREY, va="top")
    axes[0].set_yticks(groups["y"], groups["label"], fontsize=7)
    axes[0].set_ylim(len(groups) - 0.5, -0.5)
    handles = [Line2D([], [], linestyle="none", marker=m, color=c, label=l) for l, c, m in VALUE_TYPE.values()]
    handles.append(Line2D([], [], linestyle="none", marker="o", color=charts.GREY, markerfacecolor="white", label="Low confidence"))
    axes[1].legend(handles=handles, loc="lower right", fontsize=7)
    fig.subplots_adjust(left=0.34, right=0.98)
    return fig, drawn, left_out


def projects_not_drawn(left_out: pd.DataFrame) -> str:
    """The values the projects figure leaves out, as text: 'CNY 1,234m for Pupin bridge, Belgrade'."""
    return "; ".join(f"{r['currency']} {r['value']:,.0f}m for {GROUP.get(r['group'], r['group'])}" for _, r in left_out.iterrows())


def projects_table(projects: pd.DataFrame) -> pd.DataFrame:
    """Every project value in figure order, with `name`, `what` (value measures) and `shown` (the value as text)."""
    ptable = projects.merge(project_summary(projects)[["group", "y"]], on="group").sort_values(["y", "key_date", "id"])
    return ptable.assign(
        name=[f"{GROUP.get(g, g)} ({INSTRUMENT[i]})" for g, i in zip(ptable["group"], ptable["instrument"])],
        what=[f"{VALUE_TYPE[t][0]} ({b.replace('_', ' ')})" for t, b in zip(ptable["value_type"], ptable["value_basis"])],
        shown=[_money(v, c, q) for v, c, q in zip(ptable["value"], ptable["currency"], ptable["qualifier"])],
        instr=ptable["instrument"].map(INSTRUMENT), kind=ptable["value_basis"].str.replace("_", " "))


# ---------------------------------------------------------------------------------------------
# Debt

def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with `start`/`end`/`mid` from their text dates (a year covers the whole year)."""
    d = timeline_dates(frame)
    return d.assign(mid=d["start"] + (d["end"] - d["start"]) / 2)


def exim_growth(measures: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series]:
    """The first and the peak row of public debt to Exim Bank (dated)."""
    exim = dated(measures["exim_public"])
    return exim.iloc[0], exim.loc[exim["value"].idxmax()]


def debt_numbers(measures: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Glued texts of the debt section from `debt_measures`: Exim debt, the central bank's figure, shares, estimates."""
    exim = dated(measures["exim_public"])
    nbs_ext = dated(measures["nbs_external"])
    share = dated(measures["shares"])
    eby = measures["estimates"].set_index("id")
    first, peak = exim_growth(measures)
    ext_share = share[share["creditor_scope"] == "china_all"].iloc[-1]
    last_share = share[share["creditor_scope"] == "exim_bank"].iloc[-1]
    return {
        "ctx_exim_first": _money(first["value"], "EUR", first["qualifier"]),
        "ctx_exim_first_date": MONTH.format(first["start"]),
        "ctx_exim_peak": _money(peak["value"], "EUR", peak["qualifier"]),
        "ctx_exim_peak_date": MONTH.format(peak["start"]),
        "ctx_exim_last": _money(exim.iloc[-1]["value"], "EUR", exim.iloc[-1]["qualifier"]),
        "ctx_exim_last_date": MONTH.format(exim.iloc[-1]["start"]),
        "ctx_nbs_last": _money(nbs_ext.iloc[-1]["value"], "EUR", nbs_ext.iloc[-1]["qualifier"]),
        "ctx_nbs_last_year": "{:%Y}".format(nbs_ext.iloc[-1]["start"]),
        "ctx_nbs_first": _money(nbs_ext.iloc[0]["value"], "EUR", nbs_ext.iloc[0]["qualifier"]),
        "ctx_nbs_first_year": "{:%Y}".format(nbs_ext.iloc[0]["start"]),
        "ctx_nbs_share": "{:.1f}%".format(ext_share["value"]),
        "ctx_share_last": glue.percent(last_share["value"], last_share["qualifier"], decimals=0, words=PREFIX),
        "ctx_est_upper": glue.money(eby.loc["d2021sep_upper", "value"], "EUR"),
        "ctx_est_proj": _money(eby.loc["d2021sep_projected", "value"], "EUR", eby.loc["d2021sep_projected", "qualifier"]),
        "ctx_est_usd_low": glue.money(eby.loc["d2022_mitrovic", "value"], "USD", "at_least", words={"at_least": "more than "}),
        "ctx_est_usd_proj": _money(eby.loc["d2022_mitrovic_proj", "value"], "USD", eby.loc["d2022_mitrovic_proj", "qualifier"]),
    }


def debt_figure(measures: dict[str, pd.DataFrame], cutoff: pd.Timestamp):
    """Official debt figures over time above dot plots of the estimates (EUR, USD); and the rows drawn."""
    exim = dated(measures["exim_public"])
    nbs_ext = dated(measures["nbs_external"])
    other = dated(measures["other_public"])
    est = measures["estimates"]
    fig, ax0 = charts.figure(height=4.3)
    ax0.remove()
    grid = fig.add_gridspec(3, 1, height_ratios=[2.3, 0.9, 0.65], hspace=0.95)
    ax = fig.add_subplot(grid[0])
    ax.plot(exim["mid"], exim["value"], color=charts.PALETTE[0], marker="o", linewidth=1.6,
            label="Public debt to Exim Bank (Debt Administration)")
    ax.scatter(nbs_ext["mid"], nbs_ext["value"], color=charts.PALETTE[1], marker="^", s=46, zorder=3,
               label="All debt to China (central bank, external debt)")
    for _, r in nbs_ext.iterrows():
        ax.plot([r["start"], r["end"]], [r["value"]] * 2, color=charts.PALETTE[1], linewidth=3, alpha=0.35)
    ax.scatter(other["mid"], other["value"], color=charts.PALETTE[5], marker="s", s=30, zorder=3,
               label="Other official public-debt figures")
    ax.set_ylim(0, 4500)
    ax.set_xlim(pd.Timestamp("2012-07-01"), cutoff)
    ax.set_ylabel("EUR million")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_title("Official figures", loc="left", fontweight="bold")
    ax.legend(loc="upper left", fontsize=7.5)
    for k, currency in enumerate(["EUR", "USD"]):
        e = est[est["currency"] == currency].sort_values("value").reset_index(drop=True)
        eax = fig.add_subplot(grid[1 + k])
        eax.scatter(e["value"], range(len(e)), marker="D", color=charts.GREY, facecolors="white", s=34, zorder=3, linewidths=1.3)
        eax.set_yticks(range(len(e)), [f"{EST[m]}{QUAL[q]} ({b.split('_')[0]})"
                                       for m, q, b in zip(e["measure"], e["qualifier"], e["basis"])], fontsize=7)
        eax.set_ylim(-0.6, len(e) - 0.4)
        eax.set_xlim(0, e["value"].max() * 1.15)
        eax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        eax.set_xlabel(f"{currency} million")
        eax.grid(axis="x", color="#EEEEEE")
        eax.grid(axis="y", visible=False)
        eax.set_title(f"Estimates by experts and media (not official), {currency}", loc="left", fontweight="bold")
    fig.subplots_adjust(left=0.36, right=0.97)
    drawn = pd.concat([measures["exim_public"], measures["nbs_external"], measures["other_public"], est], ignore_index=True)
    return fig, drawn


def other_official_debt(measures: dict[str, pd.DataFrame]) -> str:
    """The other official debt figures as text: 'the Bank of China (March 2021) and ...'."""
    other = dated(measures["other_public"])
    return " and ".join(f"{SCOPE[c]} ({d:%B %Y})" for c, d in zip(other["creditor_scope"], other["start"]))
