"""Posture: where the sources place Serbia's Chinese systems, the published ranges drawn around
those sites, and what the neighbours are buying (arms_basing, arms_capabilities, neighbour_procurement).

A circle is drawn only around a site that a defence ministry release or an official statement
names, and only for a published range in km of the system based there; a base is never inferred.
Which figure is drawn around which site is chosen in the notebook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from csreport.data import partial_date, sources
from csreport.data.rows import categories, require_known
from csreport.report import charts, geo
from csreport.report.glue import date_text

from .capability import figure_text

DRAWN_CLAIMS = ("ministry_release", "official_statement")  # basing claims a marker may rest on
RANGE_MEASURES = ("engagement_range", "operating_radius", "strike_range")
OPERATOR_STYLE = {  # colour, marker, legend of a site's marker
    "Serbia": (charts.ACTOR["China"], "P", "Chinese system in Serbia (site named by officials)"),
    "Kosovo": (charts.ACTOR["US"], "^", "Kosovo's armed drones"),
}


def mapped_sites(bases: pd.DataFrame) -> pd.DataFrame:
    """The sites drawn: rows whose basing claim is a ministry release or an official statement,
    with the marker style of their operator and a label 'System (town)'."""
    rows = bases[bases["basing_claim"].isin(DRAWN_CLAIMS)].copy()
    require_known(rows["operator"], OPERATOR_STYLE, "operator", rows["id"])
    style = rows["operator"].map(OPERATOR_STYLE)
    return rows.assign(
        name=rows["town"],
        colour=style.str[0],
        marker=style.str[1],
        legend=style.str[2],
    ).reset_index(drop=True)


def range_rings(
    bases: pd.DataFrame,
    caps: pd.DataFrame,
    pairs: dict[str, list[str]],
    basis_labels: pd.Series | None = None,
    is_low: Callable[[str], bool] = sources.is_low_reliability,
) -> pd.DataFrame:
    """One circle per (site, published figure) named in `pairs` (site id -> arms_capabilities ids):
    the radius is the figure's upper end in km, the label names the system, the figure, who
    published it and whether the source is of low reliability; a figure for another variant of the
    system is dashed. Raises ValueError for a site not drawn, a figure not in km or not a range,
    or a figure for another system than the one based at the site."""
    sites, figures = mapped_sites(bases).set_index("id"), caps.set_index("id")
    bases_label = categories("arms_capabilities", "basis")["label"] if basis_labels is None else basis_labels
    out = []
    for site_id, cap_ids in pairs.items():
        if site_id not in sites.index:
            raise ValueError(f"arms_basing: site '{site_id}' is not drawn (no ministry release or official statement)")
        site = sites.loc[site_id]
        for cap_id in cap_ids:
            fig = figures.loc[cap_id]
            if fig["unit"] != "km" or fig["measure"] not in RANGE_MEASURES:
                raise ValueError(f"arms_capabilities: '{cap_id}' is not a range in km")
            if not str(fig["system"]).startswith(str(site["system"])):
                raise ValueError(f"arms_capabilities: '{cap_id}' ({fig['system']}) is not the system at '{site_id}'")
            low = any(is_low(k) for k in sources.split_keys(fig["sources"]))
            variant = "" if bool(fig["same_variant"]) else ", another variant"
            flag = ", low reliability" if low else ""
            out.append(
                {
                    "site": site_id,
                    "cap": cap_id,
                    "radius_km": float(fig["value_high"]),
                    "label": f"{site['system']}: {figure_text(fig)} "
                    f"({bases_label[fig['basis']].lower()}{variant}{flag})",
                    "style": "-" if bool(fig["same_variant"]) and not low else ("--" if low else ":"),
                    "low_reliability": low,
                    "same_variant": bool(fig["same_variant"]),
                    "sources": fig["sources"],
                }
            )
    return pd.DataFrame(
        out, columns=["site", "cap", "radius_km", "label", "style", "low_reliability", "same_variant", "sources"]
    )


NEIGHBOURS = {  # Natural Earth names of the neighbours labelled on the map
    "Croatia": "Croatia",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Hungary": "Hungary",
    "Romania": "Romania",
    "Bulgaria": "Bulgaria",
    "Macedonia": "North Macedonia",
    "Montenegro": "Montenegro",
}


def ring_reach(
    rings: pd.DataFrame, bases: pd.DataFrame, focus: str = "Serbia", shapes: dict | None = None
) -> pd.DataFrame:
    """`rings` with `reaches`: the neighbours (as NEIGHBOURS names them; Kosovo as Kosovo) whose
    territory lies within each circle, nearest first; an empty list when the circle stays inside
    `focus`. A coverage of published figures, not of measured performance."""
    sites = bases.set_index("id")
    names = {**NEIGHBOURS, "Kosovo": "Kosovo"}
    reach = []
    for _, r in rings.iterrows():
        site = sites.loc[r["site"]]
        near = geo.countries_within(site["latitude"], site["longitude"], r["radius_km"], shapes, exclude=(focus,))
        reach.append([names.get(n, n) for n in near])
    return rings.assign(reaches=reach)


def posture_figure(bases: pd.DataFrame, rings: pd.DataFrame, label_side: dict[str, str] | None = None) -> charts.Chart:
    """The map: the drawn sites with their markers and the published ranges around them."""
    return geo.range_map(mapped_sites(bases), rings, label_side=label_side, country_labels=NEIGHBOURS)


def unbased(deliveries_systems: list[str], bases: pd.DataFrame) -> list[str]:
    """The systems (short names) for which no source names a base: not on the map."""
    named = set(bases.loc[bases["basing_claim"].isin(DRAWN_CLAIMS), "system"])
    return [s for s in deliveries_systems if not any(s.startswith(n) or n.startswith(s) for n in named)]


# --- What the neighbours field ----------------------------------------------------------------------


def neighbour_rows(
    caps: pd.DataFrame, steps: pd.DataFrame, step_labels: pd.DataFrame | None = None, florence=None
) -> pd.DataFrame:
    """One row per system the neighbours field or have bought (quantity rows of arms_capabilities
    for operators other than Serbia), with its latest recorded step in neighbour_procurement
    (`latest_step`, `latest_date`, `latest_shown` for a table cell), the Florence category label, and the union of both tables'
    sources; by country, then by the date of the latest step. A system with no step keeps it empty."""
    step_labels = categories("neighbour_procurement", "step") if step_labels is None else step_labels
    florence = categories("arms_capabilities", "florence_category") if florence is None else florence
    require_known(steps["step"], step_labels.index, "step", steps["id"])
    unknown = sorted(set(steps["system_row"].dropna()) - set(caps["id"]))
    if unknown:
        raise ValueError(f"neighbour_procurement: system_row names no row of arms_capabilities: {', '.join(unknown)}")
    systems = caps[(caps["operator"] != "Serbia") & (caps["measure"] == "quantity")]
    dated = steps.assign(when=steps["date"].map(lambda d: partial_date(d)[0])).sort_values(["when", "id"])
    out = []
    for _, s in systems.iterrows():
        mine = dated[dated["system_row"] == s["id"]]
        last = mine.iloc[-1] if len(mine) else None
        keys = list(
            dict.fromkeys(
                sources.split_keys(s["sources"]) + [k for c in mine["sources"] for k in sources.split_keys(c)]
            )
        )
        out.append(
            {
                "id": s["id"],
                "country": s["operator"],
                "system": s["system"],
                "quantity": s["value_high"],
                "florence_label": florence.loc[s["florence_category"], "label"],
                "covered": s["florence_category"] not in ("none", "unclear"),
                "latest_step": None if last is None else step_labels.loc[last["step"], "label"],
                "latest_date": None if last is None else last["date"],
                "latest_shown": None if last is None else date_text(last["date"], short=True),
                "when": None if last is None else last["when"],
                "n_steps": len(mine),
                "sources": ";".join(keys),
            }
        )
    frame = pd.DataFrame(out)
    return frame.sort_values(["country", "when", "id"], na_position="first").drop(columns="when").reset_index(drop=True)


@dataclass(frozen=True)
class FlorenceSplit:
    """How many systems of each side fall under the Agreement's limits."""

    serbia_chinese: int  # Serbia's Chinese systems in arms_capabilities
    serbia_chinese_covered: int
    neighbours: int  # neighbour systems (operators other than Serbia)
    neighbours_covered: int
    neighbours_unclear: int
    neighbours_party: int  # neighbour systems of a party to the Agreement (covered or not)


def florence_split(status: pd.DataFrame, caps: pd.DataFrame, parties: set[str]) -> FlorenceSplit:
    """Counts from `capability.florence_status(caps)`: Serbia's Chinese systems against the
    neighbours' systems, and how many of each fall in a limited category."""
    chinese = set(
        caps.loc[(caps["operator"] == "Serbia") & (caps["supplier_country"] == "China"), "system"]
        .str.split(" with ")
        .str[0]
    )
    serbia = status[(status["operator"] == "Serbia") & status["system"].isin(chinese)]
    others = status[status["operator"] != "Serbia"]
    return FlorenceSplit(
        serbia_chinese=len(serbia),
        serbia_chinese_covered=int(serbia["covered"].sum()),
        neighbours=len(others),
        neighbours_covered=int(others["covered"].sum()),
        neighbours_unclear=int((~others["established"]).sum()),
        neighbours_party=int(others["operator"].isin(parties).sum()),
    )
