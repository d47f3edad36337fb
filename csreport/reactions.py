"""Western and regional reactions: EU foreign-policy alignment series, neighbours' concerns (chapter 5).

Also the chapter's prose numbers (`*_numbers` return glue key -> text) and its three figures
(`draw_*` return the figure and the exact data drawn; the notebook publishes them).
"""
from __future__ import annotations

import re

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import charts, data, glue

# Rows of cfsp_alignment that restate a value already drawn, under another source or label.
# Key: row not drawn; value: the row drawn instead (see the rows' notes in the data).
ALIGNMENT_ALTERNATIVES = {
    "isac_srb_2021_choice": "isac_srb_2021_isac",   # CHOICE summary (61) vs ISAC's own figure (62)
    "ec2022_srb_prev_2020": "ec2022_srb_prev_2021",  # the same 64 % labelled 2020 by some outlets
}

# Serbia's neighbours as actors in the reactions table.
NEIGHBOUR_ACTORS = ["Croatia", "Kosovo", "Montenegro", "Bosnia and Herzegovina", "Albania"]


def alignment_position(period: str) -> float:
    """Where a period sits on a time axis in decimal years.

    Calendar year YYYY: its middle (YYYY.5); half-year YYYY-H1/H2: the middle of that half;
    month YYYY-MM: the middle of that month.
    """
    m = re.fullmatch(r"(\d{4})(?:-(H[12]|\d{2}))?", period)
    if not m:
        raise ValueError(f"unsupported period '{period}'")
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return year + 0.5
    if part == "H1":
        return year + 0.25
    if part == "H2":
        return year + 0.75
    return year + (int(part) - 0.5) / 12


def alignment_series(frame: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """One frame per (country, series) of the cfsp_alignment table, never mixing series.

    Rows listed in ALIGNMENT_ALTERNATIVES are left out (their value is drawn from the other row).
    Each frame is sorted by `x`, the period's position in decimal years.
    """
    kept = frame[~frame["id"].isin(ALIGNMENT_ALTERNATIVES)].copy()
    kept["x"] = kept["period"].map(alignment_position)
    out = {}
    for (country, series), group in kept.groupby(["country", "series"], sort=True):
        out[(country, series)] = group.sort_values("x").reset_index(drop=True)
    return out


def alignment_lowest(frame: pd.DataFrame) -> pd.DataFrame:
    """Per ISAC period with at least two countries: who is lowest, Serbia's value, the next lowest.

    Uses only the ISAC series (calendar years and half-years, each period on its own) and the rows
    that `alignment_series` draws. Columns: series, period, countries, lowest, serbia_pct,
    others_min, others_min_country, serbia_lowest.
    """
    series = alignment_series(frame)
    rows = pd.concat([f for (c, s), f in series.items() if s.startswith("isac_")])
    out = []
    for (s, period), group in rows.groupby(["series", "period"], sort=True):
        if group["country"].nunique() < 2 or "Serbia" not in set(group["country"]):
            continue
        serbia = group.loc[group["country"] == "Serbia", "alignment_pct"].iloc[0]
        others = group[group["country"] != "Serbia"].sort_values("alignment_pct")
        out.append({"series": s, "period": period, "countries": group["country"].nunique(),
                    "lowest": group.sort_values("alignment_pct").iloc[0]["country"],
                    "serbia_pct": float(serbia), "others_min": float(others.iloc[0]["alignment_pct"]),
                    "others_min_country": others.iloc[0]["country"],
                    "serbia_lowest": bool(serbia < others["alignment_pct"].min())})
    return pd.DataFrame(out)


_CHINA = re.compile(r"Chin|FK-3|CH-92|CM-400", re.I)
_RUSSIA = re.compile(r"Russia", re.I)


def supplier_named(description: str) -> str:
    """Which arms suppliers a reaction's description names: 'China', 'Russia and China', 'Russia' or 'none'."""
    china, russia = bool(_CHINA.search(description)), bool(_RUSSIA.search(description))
    if china and russia:
        return "Russia and China"
    if china:
        return "China"
    if russia:
        return "Russia"
    return "none"


def neighbour_concerns(reactions: pd.DataFrame) -> pd.DataFrame:
    """Neighbours' expressions of concern or warnings about Serbian arms, with the suppliers named."""
    rows = reactions[reactions["actor"].isin(NEIGHBOUR_ACTORS) & reactions["topic"].eq("arms")
                     & reactions["reaction_type"].isin(["concern", "warning"])].copy()
    rows["supplier_named"] = rows["description"].map(supplier_named)
    return rows.sort_values("date").reset_index(drop=True)


# --- Alignment with EU foreign policy ------------------------------------------------------------

def period_label(p: str) -> str:
    """A period 'YYYY', 'YYYY-H1/H2' or 'YYYY-MM' as prose ('the first half of 2024', 'March 2022')."""
    if p.endswith("-H1"):
        return f"the first half of {p[:4]}"
    if p.endswith("-H2"):
        return f"the second half of {p[:4]}"
    if len(p) == 7:
        return pd.Timestamp(p + "-01").strftime("%B %Y")
    return p


def alignment_numbers(alignment: pd.DataFrame, statements: pd.DataFrame) -> dict[str, str]:
    """Glue key -> text for the alignment section (ISAC ranks and series, Commission figures)."""
    out = {}
    series = alignment_series(alignment)
    lowest = alignment_lowest(alignment).set_index("period")
    # Serbia's rank among the countries with an ISAC figure, per period
    h1 = lowest.loc["2024-H1"]
    out["rx_h1_2024_srb"] = glue.percent(h1["serbia_pct"])
    out["rx_h1_2024_label"] = period_label("2024-H1")
    out["rx_h1_2024_others"] = glue.percent(h1["others_min"])
    out["rx_h1_2024_n_others"] = str(int(h1["countries"]) - 1)
    claimed = lowest[lowest["serbia_lowest"]]
    out["rx_lowest_periods"] = glue.and_list(period_label(p) for p in claimed.index)
    nl = lowest[~lowest["serbia_lowest"]].iloc[0]
    out["rx_notlowest_year"] = str(nl.name)
    out["rx_notlowest_country"] = str(nl["lowest"])
    out["rx_notlowest_value"] = glue.percent(nl["others_min"])
    out["rx_notlowest_srb"] = glue.percent(nl["serbia_pct"])
    for p in ("2019", "2020"):
        r = lowest.loc[p]
        out[f"rx_{p}_srb"] = glue.percent(r["serbia_pct"])
        out[f"rx_{p}_next"] = glue.percent(r["others_min"])
        out[f"rx_{p}_next_country"] = str(r["others_min_country"])
        out[f"rx_{p}_year"] = p
    others_2019 = alignment[(alignment["period"] == "2019") & (alignment["country"] != "Serbia")]
    top_2019 = others_2019.sort_values("alignment_pct", ascending=False)
    out["rx_2019_top"] = glue.and_list(f"{c} {glue.percent(v)}" for c, v in zip(top_2019["country"], top_2019["alignment_pct"])
                                       if c != lowest.loc["2019", "others_min_country"])
    out["rx_2020_n"] = str(int(lowest.loc["2020", "countries"]) - 1)
    # Serbia's ISAC series
    isac = series[("Serbia", "isac_calendar_year")]
    nocomp = [p for p in isac["period"] if int(p) >= int(lowest.index.min()[:4]) and p not in lowest.index]
    out["rx_nocomp_years"] = glue.and_list(nocomp)
    peak = isac.loc[isac["alignment_pct"].idxmax()]
    out["rx_isac_peak"] = glue.percent(peak["alignment_pct"])
    out["rx_isac_peak_year"] = str(peak["period"])
    r2022 = data.row(alignment, "isac_srb_2022")
    out["rx_isac_2022"] = glue.percent(r2022["alignment_pct"])
    out["rx_isac_2022_year"] = str(r2022["period"])
    out["rx_isac_2022_aligned"] = str(int(r2022["declarations_aligned"]))
    out["rx_isac_2022_issued"] = str(int(r2022["declarations_issued"]))
    r2023 = data.row(alignment, "isac_srb_2023")
    out["rx_isac_2023"] = glue.percent(r2023["alignment_pct"])
    out["rx_isac_2023_year"] = str(r2023["period"])
    r2021, r2021c = data.row(alignment, "isac_srb_2021_isac"), data.row(alignment, "isac_srb_2021_choice")
    out["rx_isac_2021"] = glue.percent(r2021["alignment_pct"])
    out["rx_isac_2021_choice"] = glue.percent(r2021c["alignment_pct"])
    out["rx_isac_2021_year"] = str(r2021["period"])
    hy = series[("Serbia", "isac_half_year")]
    out["rx_hy_list"] = glue.and_list(f"{glue.percent(r.alignment_pct)} in {period_label(r.period)}" for r in hy.itertuples())
    r24 = data.row(alignment, "isac_srb_2024h1")
    out["rx_hy_2024_aligned"] = str(int(r24["declarations_aligned"]))
    out["rx_hy_2024_issued"] = str(int(r24["declarations_issued"]))
    # The Commission's figures
    ec_prev, ec_prev_alt = data.row(alignment, "ec2022_srb_prev_2021"), data.row(alignment, "ec2022_srb_prev_2020")
    ec22, vdl = data.row(alignment, "ec2022_srb_2022"), data.row(alignment, "ec2025_srb_statement")
    out["rx_ec_prev"] = glue.percent(ec_prev["alignment_pct"])
    out["rx_ec_prev_label"] = str(ec_prev["period"])
    out["rx_ec_prev_alt_label"] = str(ec_prev_alt["period"])
    out["rx_ec_2022"] = glue.percent(ec22["alignment_pct"])
    out["rx_ec_report_year"] = str(ec22["period"][:4])
    out["rx_ec_2022_label"] = period_label(ec22["period"])
    out["rx_vdl"] = glue.percent(vdl["alignment_pct"])
    out["rx_vdl_date"] = glue.date_text(data.row(statements, "eu2025_vdl")["date"])
    return out


def alignment_figure_facts(alignment: pd.DataFrame) -> dict[str, str]:
    """Texts for the CFSP figure's title and note that are not glued into the prose."""
    lowest = alignment_lowest(alignment)
    r2021c = data.row(alignment, "isac_srb_2021_choice")
    ec_prev_alt = data.row(alignment, "ec2022_srb_prev_2020")
    return {"n_lowest": str(int(lowest["serbia_lowest"].sum())), "n_periods": str(len(lowest)),
            "isac_2021_alt_period": str(r2021c["period"]), "isac_2021_alt": glue.percent(r2021c["alignment_pct"]),
            "ec_prev_alt": glue.percent(ec_prev_alt["alignment_pct"]), "ec_prev_alt_label": str(ec_prev_alt["period"])}


# Per country: sideways shift on the time axis (so equal values stay visible), colour and marker.
CFSP_OFFSET = {"Serbia": 0.0, "Albania": -0.14, "Bosnia and Herzegovina": -0.05,
               "Montenegro": 0.05, "North Macedonia": 0.14}
CFSP_STYLE = {"Serbia": (charts.ACTOR["Serbia"], "o"), "Albania": (charts.PALETTE[0], "s"),
              "Bosnia and Herzegovina": (charts.PALETTE[3], "^"), "Montenegro": (charts.PALETTE[2], "D"),
              "North Macedonia": (charts.PALETTE[6], "v")}


def draw_cfsp(alignment: pd.DataFrame):
    """The two-panel alignment chart (ISAC left, Commission right); returns (fig, data drawn)."""
    series = alignment_series(alignment)
    fig, (left, right) = charts.figure(height=3.6, ncols=2, sharey=True, gridspec_kw={"width_ratios": [2.3, 1]})
    for (country, name), rows in series.items():
        colour, marker = CFSP_STYLE[country]
        x = rows["x"] + CFSP_OFFSET[country]
        y = rows["alignment_pct"].astype(float)
        if name == "isac_calendar_year":
            # join only consecutive years: a gap in the data stays a gap in the line
            run = (rows["x"].diff().fillna(1) > 1).cumsum()
            for _, part in rows.assign(x=x).groupby(run):
                left.plot(part["x"], part["alignment_pct"].astype(float), color=colour, marker=marker,
                          linewidth=2.2 if country == "Serbia" else 1.2, markersize=6 if country == "Serbia" else 5)
        elif name == "isac_half_year":
            left.plot(x, y, linestyle="none", marker=marker, markerfacecolor="white", markeredgecolor=colour,
                      markeredgewidth=1.6, markersize=6)
        elif name == "commission_report":
            right.plot(rows["x"], y, color=colour, marker="s", linestyle="--", linewidth=1.8, markersize=6)
            for xv, yv in zip(rows["x"], y):
                right.annotate(glue.percent(yv), (xv, yv), xytext=(6, 2), textcoords="offset points", fontsize=8)
        elif name == "commission_statement":
            right.plot(rows["x"], y, linestyle="none", marker="*", color=colour, markersize=11)
            for xv, yv in zip(rows["x"], y):
                right.annotate(glue.percent(yv), (xv, yv), xytext=(7, 2), textcoords="offset points", fontsize=8)
    left.set_title("ISAC Fund count, Western Balkan countries with a figure", loc="left", fontsize=9)
    right.set_title("European Commission, Serbia", loc="left", fontsize=9)
    left.set_ylabel("Alignment, %")
    left.set_ylim(0, 108)
    left.set_xlim(2014.8, 2025.2)
    left.set_xticks(range(2015, 2025, 2))
    right.set_xlim(2020.6, 2026.4)
    right.set_xticks(range(2021, 2027, 2))
    handles = [Line2D([], [], color=CFSP_STYLE[c][0], marker=CFSP_STYLE[c][1],
                      linewidth=2.2 if c == "Serbia" else 1.2, label=c) for c in CFSP_STYLE]
    handles += [Line2D([], [], color=charts.GREY, marker="o", linestyle="none", markerfacecolor="white",
                       label="Hollow: half-year review")]
    left.legend(handles=handles, loc="lower left", ncol=2, fontsize=7.5)
    right.legend(handles=[Line2D([], [], color=charts.ACTOR["Serbia"], marker="s", linestyle="--", label="Annual report"),
                          Line2D([], [], color=charts.ACTOR["Serbia"], marker="*", linestyle="none", markersize=10,
                                 label="President's statement")], loc="lower left", fontsize=7.5)
    drawn = pd.concat(series.values(), ignore_index=True)
    return fig, drawn[["country", "series", "period", "alignment_pct", "qualifier", "id", "sources"]]


# --- Western and regional statements -------------------------------------------------------------

def actor_label(r: pd.Series) -> str:
    """The actor a statement row is drawn and tabled under (named other actors resolved)."""
    if r["actor"] != "other":
        return r["actor"]
    if "German" in r["actor_detail"]:
        return "Germany"
    if "joint declaration" in r["actor_detail"]:
        return "Albania, Croatia, Kosovo"
    return "Other"


def label_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """The reactions table with the columns the chapter shows: who, actor_text, when, type_topic, what."""
    out = statements.copy()
    out["who"] = out.apply(actor_label, axis=1)
    out["actor_text"] = out["who"] + ": " + out["actor_detail"]
    out["when"] = out["date"].map(lambda text: data.partial_date(text)[0])
    out["type_topic"] = out["reaction_type"] + ": " + out["topic"]
    out["what"] = out["description"] + out["confidence"].map(
        lambda c: " (Low confidence: indirect or low-reliability source.)" if c == "low" else "")
    return out


def west_and_region(statements: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Labelled statements split into Western actors and Serbia's neighbours, each sorted by date."""
    neighbour = (statements["actor"].isin(NEIGHBOUR_ACTORS)
                 | statements["actor_detail"].str.contains("joint declaration"))
    west = statements[~neighbour].sort_values("when")
    region = statements[neighbour].sort_values("when")
    assert set(west["who"]) <= {"US", "NATO", "Germany", "EU", "European Parliament"}, set(west["who"])
    return west, region


def arms_milestones(deliveries: pd.DataFrame, exercises: pd.DataFrame) -> pd.DataFrame:
    """Visible Chinese arms events (event, date, sources), from the arms and exercise tables."""
    ch92 = data.row(deliveries, "cn_ch92a_official")
    fk3 = data.row(deliveries, "cn_fk3")
    cm400 = data.row(deliveries, "cn_cm400akg")
    drill = data.row(exercises, "peaceguardian2025")
    return pd.DataFrame([
        {"event": "CH-92A drones shown", "date": data.partial_date(ch92["public_unveiling"])[0], "sources": ch92["sources"]},
        {"event": "FK-3 airlift", "date": data.partial_date(fk3["first_delivery"])[0], "sources": fk3["sources"]},
        {"event": drill["name"].split(" (")[0], "date": data.partial_date(drill["start_date"])[0],
         "sources": drill["sources"]},
        {"event": "CM-400AKG confirmed", "date": data.partial_date(cm400["public_unveiling"])[0],
         "sources": cm400["sources"]},
    ])


def months_after(date: pd.Timestamp, event: pd.Timestamp) -> int:
    """Calendar months from `event` to `date` (0 = same month)."""
    return (date.year - event.year) * 12 + date.month - event.month


def near_milestone(statements: pd.DataFrame, milestones: pd.DataFrame) -> pd.Series:
    """Per statement: made in the month of a milestone or the month after."""
    return statements["when"].map(lambda d: any(0 <= months_after(d, e) <= 1 for e in milestones["date"]))


def statement_numbers(statements: pd.DataFrame, deliveries: pd.DataFrame, exercises: pd.DataFrame) -> dict[str, str]:
    """Glue key -> text for the statements by Western actors and the arms milestones."""
    out = {}
    years = statements["date"].str[:4].astype(int)
    out["rx_n_reactions"] = str(len(statements))
    out["rx_first_year"] = str(years.min())
    out["rx_last_year"] = str(years.max())
    out["rx_n_arms"] = str(int((statements["topic"] == "arms").sum()))
    west, region = west_and_region(statements)
    out["rx_n_west"] = str(len(west))
    out["rx_n_region"] = str(len(region))
    us = statements[statements["actor"].eq("US")].sort_values("when")
    us_fk3 = us[us["description"].str.contains("FK-3")]
    out["rx_us_fk3_years"] = glue.and_list(us_fk3["date"].str[:4])

    def date(id_, cut=None):
        return glue.date_text(data.row(statements, id_)["date"][:cut])

    out["rx_us_embassy_date"] = date("us2020_fk3_embassy")
    out["rx_us_statedept_date"] = date("us2022_fk3_statedept")
    out["rx_escobar_date"] = date("us2024_escobar_xi")
    out["rx_stano_date"] = date("eu2020_fk3_stano")
    out["rx_council_date"] = date("eu2022_council_draft")
    out["rx_borrell_month"] = date("eu2024_borrell", 7)
    out["rx_borrell_date"] = date("eu2024_borrell")
    out["rx_exercise_month"] = date("eu2025_exercise")
    out["rx_rutte_date"] = date("nato2025_rutte")
    out["rx_ep_q_date"] = date("ep2019_safecity_question")
    out["rx_ep_delbos_year"] = data.row(statements, "ep2021_delbos_surveillance")["date"][:4]
    out["rx_ep_greens_month"] = date("ep2022_greens_letter")
    out["rx_ep2020_month"] = date("ep2020_afet_text", 7)
    out["rx_germany_date"] = date("germany2022_govt")
    out["rx_n_low"] = str(int((statements["confidence"] == "low").sum()))
    # Visible Chinese arms events, from the arms and exercise tables
    drill = data.row(exercises, "peaceguardian2025")
    out["rx_drill_name"] = drill["name"].split(" (")[0]
    out["rx_drill_date"] = glue.date_text(drill["start_date"])
    out["rx_fk3_date"] = glue.date_text(data.row(deliveries, "cn_fk3")["first_delivery"])
    out["rx_cm400_date"] = glue.date_text(data.row(deliveries, "cn_cm400akg")["public_unveiling"])
    out["rx_ch92_date"] = glue.date_text(data.row(deliveries, "cn_ch92a_official")["public_unveiling"])
    milestones = arms_milestones(deliveries, exercises)
    near = near_milestone(statements, milestones)
    out["rx_n_near"] = str(int(near.sum()))
    out["rx_n_milestones"] = str(len(milestones))
    out["rx_near_share"] = f"{near.mean() * 100:.0f}%"
    return out


# Rows of the timeline, top to bottom, and one colour and marker per topic.
TIMELINE_ORDER = ["US", "EU", "European Parliament", "NATO", "Germany", "Kosovo", "Croatia", "Montenegro",
                  "Albania", "Albania, Croatia, Kosovo"]
TIMELINE_TOPIC = {"arms": (charts.PALETTE[0], "o", "Arms, military"),
                  "surveillance": (charts.PALETTE[2], "s", "Surveillance"),
                  "general": (charts.PALETTE[3], "D", "Ties with China overall")}


def draw_timeline(statements: pd.DataFrame, milestones: pd.DataFrame):
    """Statements by actor over time with the arms milestones; returns (fig, data drawn)."""
    ypos = {a: i for i, a in enumerate(TIMELINE_ORDER)}
    fig, ax = charts.figure(height=3.6)
    for k, m in milestones.reset_index(drop=True).iterrows():
        ax.axvline(m["date"], color=charts.GREY, linestyle=":", linewidth=1)
        late = m["date"] > pd.Timestamp("2025-01-01")
        ax.annotate(m["event"], (m["date"], -0.95 if k % 2 == 0 else -0.5), xytext=(-3 if late else 3, 0),
                    textcoords="offset points", fontsize=7.5, color=charts.GREY, va="center",
                    ha="right" if late else "left")
    placed = {}
    for _, r in statements.sort_values("when").iterrows():
        y = ypos[r["who"]]
        prev = placed.get(r["who"])
        shift = 0.28 if prev is not None and (r["when"] - prev[0]).days < 45 and prev[1] == 0 else 0
        placed[r["who"]] = (r["when"], shift)
        colour, marker, _ = TIMELINE_TOPIC[r["topic"]]
        filled = r["reaction_type"] in ("concern", "warning")
        ax.plot(r["when"], y + shift, marker=marker, linestyle="none", markersize=7, markeredgewidth=1.4,
                markeredgecolor=colour, markerfacecolor=colour if filled else "white",
                alpha=0.55 if r["confidence"] == "low" else 1)
    ax.set_yticks(range(len(TIMELINE_ORDER)), TIMELINE_ORDER)
    ax.set_ylim(len(TIMELINE_ORDER) + 0.5, -1.3)
    ax.set_xlim(pd.Timestamp("2019-06-01"), data.cutoff())
    ax.grid(axis="x", color="#EEEEEE")
    handles = [Line2D([], [], color=c, marker=m, linestyle="none", label=l) for c, m, l in TIMELINE_TOPIC.values()]
    handles += [Line2D([], [], color=charts.GREY, marker="o", linestyle="none", markerfacecolor="white",
                       label="Hollow: neutral")]
    ax.legend(handles=handles, loc="lower center", ncol=4, fontsize=7.5, handletextpad=0.2, columnspacing=1.2)
    fig.subplots_adjust(left=0.26, right=0.97)
    drawn = pd.concat([
        statements[["id", "date", "who", "reaction_type", "topic", "confidence", "sources"]],
        milestones.rename(columns={"event": "id"}).assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d"),
                                                          who="milestone")],
        ignore_index=True)
    return fig, drawn


def neighbour_numbers(statements: pd.DataFrame, deliveries: pd.DataFrame) -> dict[str, str]:
    """Glue key -> text for the neighbours' section: concerns, suppliers named, dates."""
    out = {}
    concerns = neighbour_concerns(statements)
    counts = concerns["supplier_named"].value_counts()
    out["rx_nb_total"] = str(len(concerns))
    out["rx_nb_china"] = str(int(counts.get("China", 0)))
    out["rx_nb_both"] = str(int(counts.get("Russia and China", 0)))
    out["rx_nb_none"] = str(int(counts.get("none", 0)))
    by_country = concerns["actor"].value_counts()
    out["rx_nb_kosovo"] = str(int(by_country.get("Kosovo", 0)))
    out["rx_nb_croatia"] = str(int(by_country.get("Croatia", 0)))
    kos = concerns[concerns["actor"] == "Kosovo"]
    out["rx_kos_first"] = kos["date"].min()[:4]
    out["rx_kos_last"] = kos["date"].max()[:4]
    for key, id_ in [("rx_haradinaj_date", "kosovo2019_haradinaj"), ("rx_fm2020_date", "kosovo2020_haradinajstublla"),
                     ("rx_hoxhaj_date", "kosovo2022_hoxhaj"), ("rx_kurti22_month", "kosovo2022_kurti"),
                     ("rx_kurti23_month", "kosovo2023_kurti_fk3"), ("rx_anusic24_month", "croatia2024_anusic"),
                     ("rx_anusic26_date", "croatia2026_anusic"), ("rx_plenkovic_date", "croatia2026_plenkovic"),
                     ("rx_rama_date", "albania2022_rama"), ("rx_decl_date", "alb_hr_ks2025_declaration")]:
        out[key] = glue.date_text(data.row(statements, id_)["date"])
    rama = data.row(statements, "albania2022_rama")
    fk3 = data.row(deliveries, "cn_fk3")
    days = (data.partial_date(rama["date"])[0] - data.partial_date(fk3["first_delivery"])[0]).days
    out["rx_rama_days"] = f"{days} days"
    china_only = concerns[concerns["supplier_named"] == "China"]
    out["rx_china_only_list"] = glue.and_list(f"{r.actor_detail.split(' (')[0]} of {r.actor} ({glue.date_text(r.date)})"
                                              for r in china_only.itertuples())
    return out


# --- Public opinion ------------------------------------------------------------------------------

# One panel per question, never pooled: poll_id, words in the question, pollster, short question.
POLL_PANELS = [
    ("bcsp2020", "greatest friend", "BCSP", "Serbia's greatest friend"),
    ("demostat2022", "foreign-policy partner", "Demostat", "Most important foreign-policy partner"),
    ("iri2024", "most important ally", "IRI (Ipsos)", "Most important ally"),
    ("ntp", "political partner", "Novi treći put", "Most important political partner"),
    ("impp2025", "national interests", "IMPP and IDN", "Contributes most to Serbia's national interests"),
]
DONOR_WAVES = ("mei2018a", "mei2018b")  # the one question asked twice by the same pollster
_PREFIX = {"exact": "", "approx": "c. ", "at_least": "≥", "at_most": "≤"}
_RANK = {"high": 0, "medium": 1, "low": 2}

# Poll values glued into the prose as rx_p_<id>.
POLL_VALUE_IDS = [
    "bcsp2020_friend_ru", "bcsp2020_friend_cn", "iri2024_ally_ru_bne", "iri2024_ally_ru_eln", "iri2024_ally_cn",
    "demostat2022_partner_eu", "demostat2022_partner_cn", "ntp_polpartner_eu", "ntp_polpartner_cn",
    "impp2025_natint_eu", "impp2025_natint_cn", "iri2024_threat_us", "iri2024_euref_yes",
    "mei2018a_donor_eu", "mei2018a_donor_ru", "mei2018a_donor_cn", "mei2018b_donor_eu", "mei2018b_donor_ru",
    "mei2018b_donor_cn", "mei2022_donor_eu", "bcsp2020_pandemic_cn", "bcsp2020_pandemic_eu",
    "cesid2021_pandemic_cn", "iep2021_rate5_cn", "iep2022_rate5_cn", "iep2021_better_cn", "iep2023_better_cn",
    "iep2022_friend_cn", "iep2023_friend_cn"]


def fieldwork(rows: pd.DataFrame) -> str:
    """A poll's fieldwork period as short text ('Dec 2023–Jan 2024', '2021' or 'not reported')."""
    start, end = rows["fieldwork_start"].iloc[0], rows["fieldwork_end"].iloc[0]
    if pd.isna(start):
        return "fieldwork year not reported"
    if len(start) == 4:
        return start
    s, e = pd.Timestamp(start[:7] + "-01"), pd.Timestamp(end[:7] + "-01")
    if s == e:
        return s.strftime("%b %Y")
    return f"{s:%b}–{e:%b %Y}" if s.year == e.year else f"{s:%b %Y}–{e:%b %Y}"


def answers(rows: pd.DataFrame) -> pd.DataFrame:
    """One bar per answer: the best-attested value; every reported value in the label."""
    out = []
    for option, g in rows.groupby("answer_option", sort=False):
        g = g.assign(rank=g["confidence"].map(_RANK)).sort_values("rank")
        label = " or ".join(glue.percent(v, q, sign="", words=_PREFIX)
                            for v, q in zip(g["value_pct"], g["qualifier"]))
        name = {"European Union": "EU", "United States": "US"}.get(option, option)
        out.append({"answer": name, "target": g["target"].iloc[0], "value": float(g["value_pct"].iloc[0]),
                    "label": label})
    return pd.DataFrame(out).sort_values("value", ascending=False)


def poll_panels(polls: pd.DataFrame) -> list[dict]:
    """One dict per friend/ally/partner question: poll_id, pollster, short, when, rows, answers."""
    panels = []
    for poll_id, words, pollster, short in POLL_PANELS:
        rows = polls[(polls["poll_id"] == poll_id) & polls["question"].str.contains(words, case=False)]
        panels.append({"poll_id": poll_id, "pollster": pollster, "short": short, "when": fieldwork(rows),
                       "rows": rows, "answers": answers(rows)})
    # The prose says Russia comes first everywhere and the EU, where an answer, ahead of China.
    first_all = [p["answers"].iloc[0]["target"] for p in panels]
    assert set(first_all) == {"Russia"}, first_all
    for p in panels:
        v = p["answers"].set_index("target")["value"]
        assert "EU" not in v or v["EU"] > v["China"], p["poll_id"]
    return panels


def china_range(panels: list[dict]) -> tuple[pd.Series, pd.Series]:
    """The panels with the lowest and the highest share for China (poll, value, qualifier)."""
    china = pd.DataFrame([{"poll": f"{p['pollster']} ({p['when']})",
                           "value": p["answers"].set_index("target").loc["China", "value"],
                           "qualifier": p["rows"].set_index("target").loc[["China"], "qualifier"].iloc[0]}
                          for p in panels])
    return china.loc[china["value"].idxmin()], china.loc[china["value"].idxmax()]


def poll_numbers(polls: pd.DataFrame, panels: list[dict]) -> dict[str, str]:
    """Glue key -> text for the public-opinion section."""
    out = {}
    lo, hi = china_range(panels)
    out["rx_cn_min"] = glue.percent(lo["value"], lo["qualifier"])
    out["rx_cn_max"] = glue.percent(hi["value"], hi["qualifier"])
    out["rx_cn_min_poll"] = lo["poll"]
    out["rx_cn_max_poll"] = hi["poll"]
    for id_ in POLL_VALUE_IDS:
        r = data.row(polls, id_)
        out["rx_p_" + id_] = glue.percent(r["value_pct"], r["qualifier"])

    def when(poll_id):
        return fieldwork(polls[polls["poll_id"] == poll_id])

    out["rx_iri_when"] = when("iri2024")
    out["rx_bcsp_when"] = when("bcsp2020")
    out["rx_impp_year"] = when("impp2025")
    out["rx_demostat_when"] = when("demostat2022")
    out["rx_cesid_when"] = when("cesid2021")
    out["rx_mei_b_when"] = when("mei2018b")
    for poll_id in ("iep2021", "iep2022", "iep2023"):
        out[f"rx_{poll_id}_year"] = when(poll_id)[-4:]
    questions = polls["question"].drop_duplicates()
    security = questions[questions.str.contains(r"surveil|camera|police|patrol|arms|weapon|militar|Safe City", case=False)]
    out["rx_n_questions"] = str(len(questions))
    out["rx_n_security_questions"] = str(len(security))
    out["rx_n_polls"] = str(polls["poll_id"].nunique())
    return out


def _panel_title(ax, head: str, question: str, n: int) -> None:
    """Two-line panel title inside the panel, above the bars (keeps clear of the figure subtitle)."""
    ax.set_ylim(n - 0.5, -1.9)
    ax.text(0, 1, head, transform=ax.transAxes, va="top", ha="left", fontsize=8.5, fontweight="bold")
    ax.text(0, 0.86, question, transform=ax.transAxes, va="top", ha="left", fontsize=8.5)


def _bars(ax, frame: pd.DataFrame, y, height: float, **kw) -> None:
    """Horizontal bars coloured by actor."""
    colours = [charts.ACTOR.get(t, charts.GREY) for t in frame["target"]]
    ax.barh(y, frame["value"], height=height, color=colours, **kw)


def draw_polls(polls: pd.DataFrame, panels: list[dict]):
    """One bar panel per question plus the two donor waves; returns (fig, data drawn)."""
    fig, axes = charts.figure(height=5.6, nrows=3, ncols=2)
    axes = axes.ravel()
    for ax, p in zip(axes, panels):
        a = p["answers"]
        y = range(len(a))
        _bars(ax, a, y, 0.65)
        for yi, (v, label) in enumerate(zip(a["value"], a["label"])):
            ax.annotate(label, (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_yticks(list(y), a["answer"])
        _panel_title(ax, f"{p['pollster']}, {p['when']}", p["short"], len(a))

    ax = axes[len(panels)]
    donor = polls[polls["poll_id"].isin(DONOR_WAVES)]
    waves = [(poll_id, answers(donor[donor["poll_id"] == poll_id])) for poll_id in DONOR_WAVES]
    order = list(waves[-1][1]["answer"])
    for k, (poll_id, a) in enumerate(waves):
        a = a.set_index("answer").loc[order].reset_index()
        y = [i - 0.2 + 0.4 * k for i in range(len(a))]
        _bars(ax, a, y, 0.38, alpha=0.45 if k == 0 else 1, hatch="///" if k == 0 else None, edgecolor="white")
        for yi, v, label in zip(y, a["value"], a["label"]):
            ax.annotate(label, (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7.5)
    ax.set_yticks(range(len(order)), order)
    _panel_title(ax, "Ministry of European Integration, two waves", "Largest grant donor since 2000", len(order))
    ax.legend(handles=[Patch(facecolor=charts.GREY, alpha=0.45, hatch="///", edgecolor="white",
                             label=fieldwork(donor[donor["poll_id"] == DONOR_WAVES[0]]) + ", earlier wave"),
                       Patch(facecolor=charts.GREY, label=fieldwork(donor[donor["poll_id"] == DONOR_WAVES[1]]))],
              loc="lower right", fontsize=7.5)
    for ax in axes:
        ax.set_xlim(0, 62)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_xticks([])
        ax.grid(False)
        ax.spines["bottom"].set_visible(False)
    fig.subplots_adjust(hspace=0.35, wspace=0.35)
    drawn = pd.concat([p["rows"] for p in panels] + [donor], ignore_index=True)
    return fig, drawn[["poll_id", "pollster", "fieldwork_start", "fieldwork_end", "question", "answer_option",
                       "value_pct", "qualifier", "confidence", "sources"]]
