"""The rules that recompute verdicts of the claims ledger from the report's tables.

A rule takes `tables`, a dict name -> DataFrame as returned by `csreport.data.load(name)` (resource
names of data/datapackage.json, e.g. "context_timeline" for timeline.csv), and `claim`, the claim's
row of the ledger (data/claims.csv), and returns one of "supported", "partly_supported",
"contradicted", "unverified". Which rule decides which claim is data: the ledger's `rule` column
names a function of `RULES`; `REQUIRES` lists the tables each rule reads. For every claim with a
rule the verdict stored in claims.csv must equal the computed one (see `check()`).

Rules are written so that a change in the data changes the verdict: they look at dates, counts,
shares and flags in the rows. Where a rule needs the row that records one specific event, it takes
it from the claim's `evidence` column (`table:row_id`), never from an id written here.
"""

from __future__ import annotations

import pandas as pd

from csreport.chapters.context import indicators

SUPPORTED = "supported"
PARTLY = "partly_supported"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"
OPINION = "opinion"


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


def evidence_ids(claim, table: str) -> list[str]:
    """The row ids of `table` that a claim's `evidence` cell names ('table:row_id;...')."""
    cell = claim.get("evidence")
    refs = [] if cell is None or pd.isna(cell) else [r.partition(":") for r in str(cell).split(";") if r]
    return [row_id for t, _, row_id in refs if t == table]


def claimed_year(claim, rule: str) -> int:
    """The year the claim names (column `claimed_year`), which a dating rule compares with the data."""
    year = None if claim is None else claim.get("claimed_year")
    if year is None or pd.isna(year):
        raise ValueError(
            f"claims, row '{None if claim is None else claim.get('id')}', column 'claimed_year': "
            f"the rule {rule} needs the year the claim names"
        )
    return int(year)


# --- context ---------------------------------------------------------------------------------------


def partnership_year(tables, claim) -> str:
    """The earliest confirmed 'strategic partnership' event in the timeline falls in the claimed year."""
    year = claimed_year(claim, "partnership_year")
    tl = _timeline(tables)
    rows = tl[
        _has(tl["event"], "strategic partnership") & _is(tl["category"], "political") & _is(tl["date_confirmed"], "yes")
    ]
    if rows.empty:
        return UNVERIFIED
    first = rows.sort_values("date").iloc[0]
    return SUPPORTED if _year(first["date"]) == year else CONTRADICTED


def joint_statement_year(tables, claim) -> str:
    """A joint statement in the claimed year: supported only if a confirmed joint-statement row of that year exists."""
    year = claimed_year(claim, "joint_statement_year")
    tl = _timeline(tables)
    rows = tl[tl["date"].astype("string").str.startswith(str(year), na=False) & _has(tl["event"], "joint statement")]
    if rows.empty:
        return UNVERIFIED
    return SUPPORTED if _is(rows["date_confirmed"], "yes").any() else UNVERIFIED


def bri_year(tables, claim) -> str:
    """The row recording the first proposal of the Belt and Road Initiative (the timeline row the claim's
    evidence names, else any row on the Silk Road Economic Belt) is dated in the claimed year."""
    year = claimed_year(claim, "bri_year")
    tl = _timeline(tables)
    named = evidence_ids(claim, "context_timeline") + evidence_ids(claim, "timeline")
    rows = tl[tl["id"].isin(named) | _has(tl["event"], "Silk Road Economic Belt")]
    if rows.empty:
        return UNVERIFIED
    return SUPPORTED if _year(rows.sort_values("date").iloc[0]["date"]) == year else CONTRADICTED


def ceec_names(tables, claim=None) -> str:
    """Article: first named 14+1, and 17+1 from 2019 to 2021. Both right -> supported, one -> partly."""
    periods = indicators.ceec_periods(tables["ceec_membership"])
    launch_ok = periods.iloc[0]["name"] == "14+1"
    p17 = periods[periods["name"] == "17+1"]
    span_ok = (
        not p17.empty
        and p17.iloc[0]["start"].year == 2019
        and pd.notna(p17.iloc[0]["end"])
        and p17.iloc[0]["end"].year == 2021
    )
    return {2: SUPPORTED, 1: PARTLY, 0: CONTRADICTED}[int(launch_ok) + int(span_ok)]


# --- public security -------------------------------------------------------------------------------


def silk_road_year(tables, claim) -> str:
    """Article: security cooperation formally began in the claimed year with the Information Silk Road MoU and
    Safe City.

    Checks the year of the Information Silk Road MoU (timeline), of the ministry-Huawei Safe City
    agreement (surveillance milestones) and whether formal security agreements predate that year.
    """
    year = claimed_year(claim, "silk_road_year")
    tl = _timeline(tables)
    isr = tl[_has(tl["event"], "Information Silk Road") & _has(tl["event"], "Memorandum")]
    ms = tables["surveillance_milestones"]
    spa = ms[
        _has(ms["event"], "Strategic Partnership Agreement") & _has(ms["event"], "sign") & ~_has(ms["event"], "consent")
    ]
    mpe = tables["military_policy_events"]
    agreements = mpe[_is(mpe["event_type"], "agreement") & _has(mpe["actor"], "China")]
    earlier = [_year(d) for d in agreements["date"]] + [
        _year(d) for d in ms.loc[_has(ms["event"], "Memorandum of Understanding"), "date"]
    ]
    isr_ok = not isr.empty and min(_year(d) for d in isr["date"]) == year
    spa_ok = not spa.empty and min(_year(d) for d in spa["date"]) == year
    nothing_earlier = not any(y < year for y in earlier)
    if isr_ok and spa_ok and nothing_earlier:
        return SUPPORTED
    if isr_ok or spa_ok:
        return PARTLY
    return CONTRADICTED


_COUNTED = (
    "installed_per_officials",
    "verified_civic_mapping",
    "activists_estimate",
    "media_estimate",
    "inferred_capacity",
)


def announced_year(tables, claim) -> str:
    """First large announcement in the claimed year, and installation documented after it."""
    year = claimed_year(claim, "announced_year")
    ms = tables["surveillance_milestones"]
    announced = ms[_is(ms["count_kind"], "announced")].sort_values("date")
    if announced.empty:
        return UNVERIFIED
    first = announced.iloc[0]["date"]
    later = ms[
        ms["count_kind"].astype("string").isin(_COUNTED).fillna(False).astype(bool)
        & (ms["date"].astype("string") > first)
    ]
    year_ok = _year(first) == year
    if year_ok and not later.empty:
        return SUPPORTED
    return PARTLY if (year_ok or not later.empty) else CONTRADICTED


def misuse_concern(tables, claim=None) -> str:
    """Concern is documented if there are concern reactions on surveillance or letters against the drafts."""
    re_ = tables["reactions"]
    concerns = re_[_is(re_["topic"], "surveillance") & _is(re_["reaction_type"], "concern")]
    le = tables["surveillance_legal_events"]
    letters = le[_is(le["event_type"], "letter")]
    return SUPPORTED if len(concerns) + len(letters) > 0 else UNVERIFIED


# --- police ----------------------------------------------------------------------------------------


def _serbian_rounds(tables) -> pd.DataFrame:
    pp = tables["police_patrols"]
    return pp[
        _is(pp["host_country"], "Serbia") & _is(pp["direction"], "chinese_officers_abroad") & pp["cities"].notna()
    ]


def patrols_in_serbia(tables, claim=None) -> str:
    """At least one round of joint patrols in Serbian cities."""
    return SUPPORTED if not _serbian_rounds(tables).empty else UNVERIFIED


def patrols_since_year(tables, claim) -> str:
    """'Since <claimed year>': the first round in Serbia is in that year (else contradicted); a round every
    year since then -> supported, gaps -> partly supported."""
    since = claimed_year(claim, "patrols_since_year")
    years = sorted(int(y) for y in _serbian_rounds(tables)["year"].dropna())
    if not years:
        return UNVERIFIED
    if years[0] != since:
        return CONTRADICTED
    return SUPPORTED if set(years) == set(range(since, years[-1] + 1)) else PARTLY


# --- military --------------------------------------------------------------------------------------


def chinese_arms(tables, claim=None) -> str:
    """Chinese weapons (not just non-lethal donations) bought by Serbia."""
    ad = tables["arms_deliveries"]
    weapons = ad[_is(ad["supplier"], "China") & _is(ad["terms"], "purchase") & ~_is(ad["category"], "non_lethal")]
    return SUPPORTED if not weapons.empty else CONTRADICTED


def joint_military_exercises(tables, claim=None) -> str:
    """Joint China-Serbia military exercise before the article (the claim's `article_not_before`) ->
    supported; only after it, or only police drills -> partly supported; none at all -> contradicted."""
    written = None if claim is None else claim.get("article_not_before")
    if written is None or pd.isna(written):
        raise ValueError(
            f"claims, row '{None if claim is None else claim.get('id')}', column 'article_not_before': "
            "the rule joint_military_exercises needs the earliest date of the article"
        )
    ex = tables["exercises"]
    joint = ex[_is(ex["scope"], "china_serbia")]
    military = joint[_is(joint["force"], "military")]
    if (military["start_date"].astype("string") < str(written)).fillna(False).any():
        return SUPPORTED
    if not military.empty or _is(joint["force"], "police").any():
        return PARTLY
    return CONTRADICTED


def _smederevo(tables) -> pd.DataFrame:
    ex = tables["exercises"]
    return ex[_is(ex["scope"], "china_serbia") & _has(ex["place"], "Smederevo")]


def smederevo_year(tables, claim) -> str:
    """A China-Serbia special-police drill at the (Chinese-owned) steel mill in Smederevo in the claimed year."""
    year = claimed_year(claim, "smederevo_year")
    rows = _smederevo(tables)
    rows = rows[_is(rows["force"], "police") & _has(rows["place"], "steel")]
    if rows.empty:
        return UNVERIFIED
    return SUPPORTED if (rows["start_date"].map(_year) == year).all() else CONTRADICTED


def first_in_europe(tables, claim=None) -> str:
    """China's first joint exercise in Europe? Contradicted if Chinese forces exercised in a European
    country (any country other than China) before the Smederevo drill."""
    sm = _smederevo(tables)
    if sm.empty:
        return UNVERIFIED
    start = sm["start_date"].astype("string").min()
    ex = tables["exercises"]
    earlier = ex[
        ~_is(ex["country"], "China")
        & _has(ex["parties"], "China")
        & (ex["start_date"].astype("string") < start).fillna(False).astype(bool)
    ]
    return CONTRADICTED if not earlier.empty else SUPPORTED


def china_over_russia(tables, claim=None) -> str:
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


def eu_us_concern(tables, claim=None) -> str:
    """Concern, warning or alignment statements on arms by both US and EU actors."""
    re_ = tables["reactions"]
    arms = re_[_is(re_["topic"], "arms")]
    us = _is(arms["actor"], "US").any()
    eu = arms["actor"].isin(["EU", "European Parliament"]).fillna(False).any()
    if us and eu:
        return SUPPORTED
    return PARTLY if (us or eu) else UNVERIFIED


RULES = {
    fn.__name__: fn
    for fn in (
        partnership_year,
        joint_statement_year,
        bri_year,
        ceec_names,
        patrols_in_serbia,
        chinese_arms,
        joint_military_exercises,
        silk_road_year,
        announced_year,
        misuse_concern,
        patrols_since_year,
        smederevo_year,
        first_in_europe,
        china_over_russia,
        eu_us_concern,
    )
}

REQUIRES = {
    "partnership_year": ["context_timeline"],
    "joint_statement_year": ["context_timeline"],
    "bri_year": ["context_timeline"],
    "ceec_names": ["ceec_membership"],
    "patrols_in_serbia": ["police_patrols"],
    "patrols_since_year": ["police_patrols"],
    "chinese_arms": ["arms_deliveries"],
    "joint_military_exercises": ["exercises"],
    "smederevo_year": ["exercises"],
    "first_in_europe": ["exercises"],
    "silk_road_year": ["context_timeline", "surveillance_milestones", "military_policy_events"],
    "announced_year": ["surveillance_milestones"],
    "misuse_concern": ["reactions", "surveillance_legal_events"],
    "china_over_russia": ["arms_import_shares"],
    "eu_us_concern": ["reactions"],
}


def load_tables(load=None) -> dict:
    """All tables the rules need, via `csreport.data.load` (or the given loader)."""
    if load is None:
        from csreport import data

        load = data.load
    names = sorted({n for needed in REQUIRES.values() for n in needed})
    return {name: load(name) for name in names}
