"""Verdicts of the claims ledger recomputed from the report's tables.

Each function takes `tables`, a dict name -> DataFrame as returned by `csreport.data.load(name)`
(resource names of data/datapackage.json, e.g. "context_timeline" for timeline.csv), and returns one of
"supported", "partly_supported", "contradicted", "unverified". `COMPUTED` maps claim IDs to the
functions; `REQUIRES` lists the tables each one reads. For every claim in COMPUTED the verdict stored
in claims.csv must equal the computed one (see `check()`).

Rules are written so that a change in the data changes the verdict: they look at dates, counts,
shares and flags in the rows, and name rows by id only where the row itself is the fact in question
(e.g. the row recording the launch of the Belt and Road Initiative).
"""
from __future__ import annotations

import pandas as pd

from . import indicators

SUPPORTED = "supported"
PARTLY = "partly_supported"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"

# The article shows no date; its latest datable reference is the China-Serbia FTA signed on this day,
# so it was written on or after it (and, since it does not mention the July 2025 joint training and
# its FTA passage follows a December 2023 commentary, most likely in late 2023 or 2024).
ARTICLE_EARLIEST = "2023-10-17"


def _year(text) -> int:
    """Year of a text date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."""
    return int(str(text)[:4])


def _has(series: pd.Series, text: str) -> pd.Series:
    return series.astype("string").str.contains(text, case=False, regex=False, na=False)


def _is(series: pd.Series, value: str) -> pd.Series:
    return series.astype("string").eq(value).fillna(False).astype(bool)


def _timeline(tables) -> pd.DataFrame:
    for name in ("context_timeline", "timeline"):
        if name in tables:
            return tables[name]
    raise KeyError("context_timeline")


# --- context ---------------------------------------------------------------------------------------

def c01_partnership_2009(tables) -> str:
    """The earliest confirmed 'strategic partnership' event in the timeline falls in 2009."""
    tl = _timeline(tables)
    rows = tl[_has(tl["event"], "strategic partnership") & _is(tl["category"], "political")
              & _is(tl["date_confirmed"], "yes")]
    if rows.empty:
        return UNVERIFIED
    first = rows.sort_values("date").iloc[0]
    return SUPPORTED if _year(first["date"]) == 2009 else CONTRADICTED


def c04_joint_statement_2013(tables) -> str:
    """A 2013 Nikolić-Xi joint statement: supported only if a confirmed 2013 joint-statement row exists."""
    tl = _timeline(tables)
    rows = tl[tl["date"].astype("string").str.startswith("2013", na=False) & _has(tl["event"], "joint statement")]
    if rows.empty:
        return UNVERIFIED
    return SUPPORTED if _is(rows["date_confirmed"], "yes").any() else UNVERIFIED


def c05_bri_2013(tables) -> str:
    """The row recording the first proposal of the Belt and Road Initiative is dated 2013."""
    tl = _timeline(tables)
    rows = tl[_is(tl["id"], "bri_launch_2013") | _has(tl["event"], "Silk Road Economic Belt")]
    if rows.empty:
        return UNVERIFIED
    return SUPPORTED if _year(rows.sort_values("date").iloc[0]["date"]) == 2013 else CONTRADICTED


def c06_ceec_names(tables) -> str:
    """Article: first named 14+1, and 17+1 from 2019 to 2021. Both right -> supported, one -> partly."""
    periods = indicators.ceec_periods(tables["ceec_membership"])
    launch_ok = periods.iloc[0]["name"] == "14+1"
    p17 = periods[periods["name"] == "17+1"]
    span_ok = (not p17.empty and p17.iloc[0]["start"].year == 2019
               and pd.notna(p17.iloc[0]["end"]) and p17.iloc[0]["end"].year == 2021)
    return {2: SUPPORTED, 1: PARTLY, 0: CONTRADICTED}[int(launch_ok) + int(span_ok)]


# --- public security -------------------------------------------------------------------------------

def c19_silk_road_2017(tables) -> str:
    """Article: security cooperation formally began in 2017 with the Information Silk Road MoU and Safe City.

    Checks the year of the Information Silk Road MoU (timeline), of the ministry-Huawei Safe City
    agreement (surveillance milestones) and whether formal security agreements predate 2017.
    """
    tl = _timeline(tables)
    isr = tl[_has(tl["event"], "Information Silk Road") & _has(tl["event"], "Memorandum")]
    ms = tables["surveillance_milestones"]
    spa = ms[_has(ms["event"], "Strategic Partnership Agreement") & _has(ms["event"], "sign")
             & ~_has(ms["event"], "consent")]
    mpe = tables["military_policy_events"]
    agreements = mpe[_is(mpe["event_type"], "agreement") & _has(mpe["actor"], "China")]
    earlier = [_year(d) for d in agreements["date"]] + [
        _year(d) for d in ms.loc[_has(ms["event"], "Memorandum of Understanding"), "date"]]
    isr_2017 = not isr.empty and min(_year(d) for d in isr["date"]) == 2017
    spa_2017 = not spa.empty and min(_year(d) for d in spa["date"]) == 2017
    nothing_earlier = not any(y < 2017 for y in earlier)
    if isr_2017 and spa_2017 and nothing_earlier:
        return SUPPORTED
    if isr_2017 or spa_2017:
        return PARTLY
    return CONTRADICTED


_COUNTED = ("installed_per_officials", "verified_civic_mapping", "activists_estimate", "media_estimate",
            "inferred_capacity")


def c21_announced_2019(tables) -> str:
    """First large announcement in 2019, and installation documented after it."""
    ms = tables["surveillance_milestones"]
    announced = ms[_is(ms["count_kind"], "announced")].sort_values("date")
    if announced.empty:
        return UNVERIFIED
    first = announced.iloc[0]["date"]
    later = ms[ms["count_kind"].astype("string").isin(_COUNTED).fillna(False).astype(bool)
               & (ms["date"].astype("string") > first)]
    year_ok = _year(first) == 2019
    if year_ok and not later.empty:
        return SUPPORTED
    return PARTLY if (year_ok or not later.empty) else CONTRADICTED


def c22_misuse_concern(tables) -> str:
    """Concern is documented if there are concern reactions on surveillance or letters against the drafts."""
    re_ = tables["reactions"]
    concerns = re_[_is(re_["topic"], "surveillance") & _is(re_["reaction_type"], "concern")]
    le = tables["surveillance_legal_events"]
    letters = le[_is(le["event_type"], "letter")]
    return SUPPORTED if len(concerns) + len(letters) > 0 else UNVERIFIED


# --- police ----------------------------------------------------------------------------------------

def _serbian_rounds(tables) -> pd.DataFrame:
    pp = tables["police_patrols"]
    return pp[_is(pp["host_country"], "Serbia") & _is(pp["direction"], "chinese_officers_abroad")
              & pp["cities"].notna()]


def c12_patrols_in_serbia(tables) -> str:
    """At least one round of joint patrols in Serbian cities."""
    return SUPPORTED if not _serbian_rounds(tables).empty else UNVERIFIED


def c23_patrols_since_2019(tables) -> str:
    """'Since 2019': the first round in Serbia is in 2019 (else contradicted); a round every year since
    then -> supported, gaps -> partly supported."""
    years = sorted(int(y) for y in _serbian_rounds(tables)["year"].dropna())
    if not years:
        return UNVERIFIED
    if years[0] != 2019:
        return CONTRADICTED
    return SUPPORTED if set(years) == set(range(2019, years[-1] + 1)) else PARTLY


# --- military --------------------------------------------------------------------------------------

def c13_chinese_arms(tables) -> str:
    """Chinese weapons (not just non-lethal donations) bought by Serbia."""
    ad = tables["arms_deliveries"]
    weapons = ad[_is(ad["supplier"], "China") & _is(ad["terms"], "purchase") & ~_is(ad["category"], "non_lethal")]
    return SUPPORTED if not weapons.empty else CONTRADICTED


def c14_joint_military_exercises(tables) -> str:
    """Joint China-Serbia military exercise before the article -> supported; only after it, or only police
    drills -> partly supported; none at all -> contradicted."""
    ex = tables["exercises"]
    joint = ex[_is(ex["scope"], "china_serbia")]
    military = joint[_is(joint["force"], "military")]
    if (military["start_date"].astype("string") < ARTICLE_EARLIEST).fillna(False).any():
        return SUPPORTED
    if not military.empty or _is(joint["force"], "police").any():
        return PARTLY
    return CONTRADICTED


def _smederevo(tables) -> pd.DataFrame:
    ex = tables["exercises"]
    return ex[_is(ex["scope"], "china_serbia") & _has(ex["place"], "Smederevo")]


def c26_smederevo_2019(tables) -> str:
    """A China-Serbia special-police drill at the (Chinese-owned) steel mill in Smederevo in 2019."""
    rows = _smederevo(tables)
    rows = rows[_is(rows["force"], "police") & _has(rows["place"], "steel")]
    if rows.empty:
        return UNVERIFIED
    return SUPPORTED if (rows["start_date"].map(_year) == 2019).all() else CONTRADICTED


def c27_first_in_europe(tables) -> str:
    """China's first joint exercise in Europe? Contradicted if Chinese forces exercised in a European
    country (any country other than China) before the Smederevo drill."""
    sm = _smederevo(tables)
    if sm.empty:
        return UNVERIFIED
    start = sm["start_date"].astype("string").min()
    ex = tables["exercises"]
    earlier = ex[~_is(ex["country"], "China") & _has(ex["parties"], "China")
                 & (ex["start_date"].astype("string") < start).fillna(False).astype(bool)]
    return CONTRADICTED if not earlier.empty else SUPPORTED


def c28_china_over_russia(tables) -> str:
    """China's share of Serbia's major-arms imports exceeds Russia's (and China is the top supplier) in
    the two latest SIPRI windows. Where renderings differ, China's lowest and Russia's highest value
    are compared."""
    sh = tables["arms_import_shares"]
    periods = sorted(sh["period"].dropna().unique(), key=lambda p: int(str(p)[-4:]))[-2:]
    results = []
    for period in periods:
        rows = sh[_is(sh["period"], period)]
        china = rows.loc[_is(rows["supplier"], "China"), "share_pct"].dropna()
        russia = rows.loc[_is(rows["supplier"], "Russia"), "share_pct"].dropna()
        others = rows.loc[~rows["supplier"].isin(["China", "Others"]).fillna(False), "share_pct"].dropna()
        if china.empty or russia.empty:
            continue
        results.append(bool(china.min() > russia.max() and china.min() >= others.max()))
    if not results:
        return UNVERIFIED
    if all(results):
        return SUPPORTED
    return PARTLY if any(results) else CONTRADICTED


# --- reactions -------------------------------------------------------------------------------------

def c30_eu_us_concern(tables) -> str:
    """Concern, warning or alignment statements on arms by both US and EU actors."""
    re_ = tables["reactions"]
    arms = re_[_is(re_["topic"], "arms")]
    us = _is(arms["actor"], "US").any()
    eu = arms["actor"].isin(["EU", "European Parliament"]).fillna(False).any()
    if us and eu:
        return SUPPORTED
    return PARTLY if (us or eu) else UNVERIFIED


COMPUTED = {
    "C01": c01_partnership_2009,
    "C04": c04_joint_statement_2013,
    "C05": c05_bri_2013,
    "C06": c06_ceec_names,
    "C12": c12_patrols_in_serbia,
    "C13": c13_chinese_arms,
    "C14": c14_joint_military_exercises,
    "C19": c19_silk_road_2017,
    "C21": c21_announced_2019,
    "C22": c22_misuse_concern,
    "C23": c23_patrols_since_2019,
    "C26": c26_smederevo_2019,
    "C27": c27_first_in_europe,
    "C28": c28_china_over_russia,
    "C30": c30_eu_us_concern,
}

REQUIRES = {
    "C01": ["context_timeline"], "C04": ["context_timeline"], "C05": ["context_timeline"],
    "C06": ["ceec_membership"],
    "C12": ["police_patrols"], "C23": ["police_patrols"],
    "C13": ["arms_deliveries"],
    "C14": ["exercises"], "C26": ["exercises"], "C27": ["exercises"],
    "C19": ["context_timeline", "surveillance_milestones", "military_policy_events"],
    "C21": ["surveillance_milestones"],
    "C22": ["reactions", "surveillance_legal_events"],
    "C28": ["arms_import_shares"],
    "C30": ["reactions"],
}


def load_tables(load=None) -> dict:
    """All tables the computed verdicts need, via `csreport.data.load` (or the given loader)."""
    if load is None:
        from . import data
        load = data.load
    names = sorted({n for needed in REQUIRES.values() for n in needed})
    return {name: load(name) for name in names}


def computed_verdicts(tables) -> dict:
    """Claim ID -> verdict computed from the data."""
    return {cid: fn(tables) for cid, fn in COMPUTED.items()}


def check(ledger: pd.DataFrame, tables) -> pd.DataFrame:
    """Stored vs computed verdict for every data-decidable claim; column `match` must be all True.

    Also flags claims marked decidable_by_data = yes that have no function here (and vice versa).
    """
    computed = computed_verdicts(tables)
    decidable = set(ledger.loc[ledger["decidable_by_data"] == "yes", "id"])
    rows = []
    for cid in sorted(decidable | set(computed)):
        stored = ledger.loc[ledger["id"] == cid, "verdict"]
        rows.append({"id": cid, "stored": stored.iloc[0] if len(stored) else None,
                     "computed": computed.get(cid), "decidable": cid in decidable})
    out = pd.DataFrame(rows)
    out["match"] = (out["stored"] == out["computed"]) & out["decidable"]
    return out


# --- Presentation of the ledger ------------------------------------------------------------------

LABELS = {SUPPORTED: "Supported", PARTLY: "Partly supported", CONTRADICTED: "Contradicted",
          UNVERIFIED: "Unverified", "opinion": "Opinion"}
COLOURS = {SUPPORTED: "#009E73", PARTLY: "#56B4E9", CONTRADICTED: "#D55E00",
           UNVERIFIED: "#6B6B6B", "opinion": "#CC79A7"}


def counts_text(ledger: pd.DataFrame) -> dict[str, str]:
    """Glue key -> text: the number of claims and of claims per verdict."""
    counts = ledger["verdict"].value_counts()
    keys = {SUPPORTED: "cl_supported", PARTLY: "cl_partly", CONTRADICTED: "cl_contradicted",
            UNVERIFIED: "cl_unverified", "opinion": "cl_opinion"}
    out = {"cl_n": str(len(ledger))}
    out.update({key: str(int(counts.get(verdict, 0))) for verdict, key in keys.items()})
    out["cl_computed"] = str(len(COMPUTED))
    return out


def verdicts_figure(ledger: pd.DataFrame):
    """Stacked bars of verdicts per dimension; returns the figure and the rows drawn."""
    from . import charts

    by_dim = (ledger.groupby(["dimension", "verdict"]).size().unstack(fill_value=0)
              .reindex(columns=list(LABELS), fill_value=0))
    by_dim = by_dim.loc[by_dim.sum(axis=1).sort_values().index]
    fig, ax = charts.figure(height=3.2)
    left = pd.Series(0, index=by_dim.index)
    for verdict, label in LABELS.items():
        ax.barh(by_dim.index.str.replace("_", " "), by_dim[verdict], left=left, color=COLOURS[verdict],
                label=label, edgecolor="white")
        left += by_dim[verdict]
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Number of claims")
    fig.subplots_adjust(left=0.17)  # room for the dimension names
    ax.legend(ncol=1, loc="lower right", fontsize=8, frameon=True)
    return fig, ledger[["id", "dimension", "verdict", "sources"]]


def evidence_links(cell, chapters: dict[str, str]) -> str:
    """The chapters that hold a claim's evidence, as links, with the table rows it rests on."""
    refs = [ref.partition(":") for ref in (cell or "").split(";") if ref]
    if not refs:
        return "none in the data tables"
    docs = sorted({chapters[t] for t, _, _ in refs if chapters.get(t)})
    by_table: dict[str, list[str]] = {}
    for table, _, row_id in refs:
        by_table.setdefault(table, []).append(row_id)
    rows = "; ".join(f"{t}: {', '.join(ids)}" if len(ids) <= 3 else f"{t}: {len(ids)} rows"
                     for t, ids in by_table.items())
    return ", ".join(f"{{doc}}`/{d}`" for d in docs) + f" (rows: {rows.replace('_', chr(92) + '_')})"


def with_links(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger with 'evidence_links' (MyST) and 'verdict_label' columns for the table."""
    from . import data

    chapters = {r["name"]: r.get("chapter") for r in data.package()["resources"]}
    return ledger.assign(evidence_links=ledger["evidence"].map(lambda c: evidence_links(c, chapters)),
                         verdict_label=ledger["verdict"].map(LABELS))
