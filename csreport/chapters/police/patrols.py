"""Joint police patrol rounds between China and its European partners (book/police)."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.lines as mlines
import pandas as pd

from csreport.data import sources
from csreport.report import charts

# Directions of a patrol row that are rounds actually held (the others are status rows).
PATROL_HELD = ("chinese_officers_abroad", "host_officers_in_china")
PATROL_DIRECTION_LABELS = {
    "chinese_officers_abroad": "Chinese officers abroad",
    "host_officers_in_china": "Partner officers in China",
    "ended": "Arrangement ended",
    "agreement_only": "Agreement, no patrols found",
}
# Publishers (BibTeX organization) that are Chinese state or party media, to flag rounds that are
# documented only by Chinese official channels. A fact about sources: it belongs in references.bib
# (a field of each entry) once that file has one; until then it is kept here.
CHINESE_STATE_MEDIA = {
    "Xinhua",
    "Global Times",
    "Shanghai Daily (Shine)",
    "China Youth Net",
    "Guangming Daily",
    "Beijing News",
    "Yicai Global",
    "China Military Online",
    "ECNS (China News Service)",
    "China Radio International (Serbian service)",
    "China Radio International (Italian service)",
}
# Partner countries of the patrol chart and table, top to bottom.
LANES = ["Serbia", "Croatia", "Italy", "Hungary"]
# direction -> marker, colour, vertical offset in the lane, filled
ROUND_STYLE = {
    "chinese_officers_abroad": ("o", charts.ACTOR["China"], 0.17, True),
    "host_officers_in_china": ("^", charts.PALETTE[0], -0.17, True),
    "ended": ("X", charts.GREY, 0.0, True),
    "agreement_only": ("s", charts.GREY, 0.0, False),
}


def publishers_of(cell: str, publisher=sources.publisher) -> list[str]:
    """The distinct publishers behind a `sources` cell, in order (`publisher` maps a BibTeX key to one)."""
    return list(dict.fromkeys(publisher(k) for k in sources.split_keys(cell)))


def outlet(publisher: str) -> str:
    """The outlet whose content a publisher carries: 'Xinhua (via People's Daily Online)' -> 'Xinhua'."""
    return publisher.split(" (via ", 1)[0]


def chinese_media_only(publishers: list[str], state_media=CHINESE_STATE_MEDIA) -> bool:
    """True if there is at least one publisher and every one is (or reposts) a Chinese state or party outlet."""
    return bool(publishers) and all(outlet(p) in state_media for p in publishers)


def patrol_rounds(patrols: pd.DataFrame, publisher=sources.publisher) -> pd.DataFrame:
    """Every patrol row with who travelled, how many, and who reported it.

    Adds `held` (a round took place), `travelling` (the officers sent abroad: Chinese officers for
    rounds in the partner country, the partner's officers for rounds in China), `reported_by`
    (distinct publishers of the row's sources) and `chinese_media_only` (every publisher is a
    Chinese state or party outlet). `publisher` maps a BibTeX key to its publisher (the
    bibliography's, by default).
    """
    out = patrols.copy()
    out["held"] = out["direction"].isin(PATROL_HELD)
    out["travelling"] = out["officers_china"].where(
        out["direction"].eq("chinese_officers_abroad"), out["officers_host"]
    )
    out.loc[~out["held"], "travelling"] = pd.NA
    out["direction_label"] = out["direction"].map(PATROL_DIRECTION_LABELS)
    pubs = out["sources"].map(lambda cell: publishers_of(cell, publisher))
    out["reported_by"] = pubs.map("; ".join)
    out["chinese_media_only"] = pubs.map(chinese_media_only)
    return out


def held_rounds(rounds: pd.DataFrame, partner: str) -> pd.DataFrame:
    """The rounds held under one partner's arrangement (both directions), oldest first."""
    return rounds[rounds["partner_country"].eq(partner) & rounds["held"]].sort_values("start_date")


def serbia_patrol_rounds(patrols: pd.DataFrame) -> pd.DataFrame:
    """The rounds held under the China–Serbia arrangement, oldest first."""
    return held_rounds(patrol_rounds(patrols), "Serbia")


def status_row(rounds: pd.DataFrame, partner: str, direction: str) -> pd.Series:
    """The (first) status row of a partner, e.g. Italy's 'ended' or Hungary's 'agreement_only'."""
    rows = rounds[rounds["partner_country"].eq(partner) & rounds["direction"].eq(direction)]
    if rows.empty:
        raise ValueError(f"police_patrols: no row with partner_country '{partner}' and direction '{direction}'")
    return rows.sort_values("year").iloc[0]


def round_days(row: pd.Series) -> int:
    """Length of a round in days, both ends included."""
    if pd.isna(row["start_date"]) or pd.isna(row["end_date"]):
        raise ValueError(f"police_patrols, row '{row.get('id')}': start_date and end_date are needed for its length")
    return (pd.Timestamp(row["end_date"]) - pd.Timestamp(row["start_date"])).days + 1


def missing_years(years, first: int, last: int) -> list[int]:
    """Years from `first` to `last` (inclusive) that are not in `years`."""
    have = {int(y) for y in years}
    return [y for y in range(first, last + 1) if y not in have]


@dataclass(frozen=True)
class PartnerRounds:
    """A partner's held rounds in numbers."""

    n_held: int
    n_abroad: int  # Chinese officers in the partner country
    n_in_china: int  # the partner's officers in China
    first_year: int
    last_year: int
    gap_years: tuple[int, ...]  # years without a round between the first and the last
    officers_min: int | None  # Chinese officers per round abroad
    officers_max: int | None
    basis_signed: str | None  # when the first round's legal basis was signed


def partner_rounds(rounds: pd.DataFrame, partner: str) -> PartnerRounds:
    """Counts, years, officer range and legal basis of one partner's held rounds."""
    held = held_rounds(rounds, partner)
    if held.empty:
        raise ValueError(f"police_patrols: no round held with partner_country '{partner}'")
    abroad = held[held["direction"].eq("chinese_officers_abroad")]
    first, last = int(held["year"].min()), int(held["year"].max())
    officers = abroad["officers_china"].dropna()
    basis = held["basis_signed"].iloc[0]
    return PartnerRounds(
        n_held=len(held),
        n_abroad=len(abroad),
        n_in_china=len(held) - len(abroad),
        first_year=first,
        last_year=last,
        gap_years=tuple(missing_years(held["year"], first, last)),
        officers_min=int(officers.min()) if len(officers) else None,
        officers_max=int(officers.max()) if len(officers) else None,
        basis_signed=None if pd.isna(basis) else str(basis),
    )


def year_position(row: pd.Series) -> float:
    """Position of a patrol row on the year axis: its start month (else end month), else mid-year."""
    text = row["start_date"] if pd.notna(row["start_date"]) else row["end_date"]
    if pd.isna(text):
        return row["year"] + 0.5
    parts = str(text).split("-")
    return int(parts[0]) + (int(parts[1]) - 0.5) / 12 if len(parts) > 1 else int(parts[0]) + 0.5


def _marker_label(r: pd.Series) -> tuple[str, float, str, str]:
    """Text beside a marker, its x offset in points, alignment and colour."""
    if not r["held"]:
        text = "ended" if r["direction"] == "ended" else "agreement; no patrols found"
        return text, -8, "right", charts.GREY
    label = "?" if pd.isna(r["travelling"]) else str(int(r["travelling"]))
    if r["direction"] == "chinese_officers_abroad" and pd.notna(r["officers_host"]):
        label += f" (+{int(r['officers_host'])} local)"
    return label, 6, "left", charts.TEXT


def _year_axis(ax, first: int, cutoff: pd.Timestamp) -> None:
    """Year labels between ticks, from `first` to the data cut-off."""
    years = range(first, cutoff.year)
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    ax.set_xticks(list(years) + [cutoff.year], minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_xlim(first, cutoff.year)
    ax.grid(axis="x", which="minor", color="#EEEEEE", linewidth=0.6)


def rounds_figure(rounds: pd.DataFrame, cutoff: pd.Timestamp) -> charts.Chart:
    """The dot chart of patrol rounds by partner and start month, up to the data cut-off."""
    drawn = rounds.assign(
        x=rounds.apply(year_position, axis=1),
        lane=rounds["partner_country"].map({c: len(LANES) - 1 - i for i, c in enumerate(LANES)}),
    )
    fig, ax = charts.figure(height=3.1)
    for _, r in drawn.iterrows():
        marker, colour, dy, filled = ROUND_STYLE[r["direction"]]
        y = r["lane"] + dy
        ax.plot(
            r["x"],
            y,
            marker=marker,
            markersize=8 if r["held"] else 7,
            linestyle="none",
            color=colour,
            markerfacecolor=colour if filled else "white",
            markeredgewidth=1.4,
        )
        text, dx, ha, text_colour = _marker_label(r)
        ax.annotate(
            text,
            (r["x"], y),
            xytext=(dx, 0),
            textcoords="offset points",
            va="center",
            ha=ha,
            fontsize=8,
            color=text_colour,
        )
    ax.set_yticks(range(len(LANES)))
    ax.set_yticklabels(list(reversed(LANES)))
    ax.set_ylim(-0.75, len(LANES) - 0.5)
    _year_axis(ax, int(drawn["year"].min()), cutoff)
    ax.grid(axis="y", visible=False)
    for lane in range(len(LANES)):
        ax.axhline(lane, color="#DDDDDD", linewidth=0.6, zorder=0)
    handles = [
        mlines.Line2D(
            [],
            [],
            marker=m,
            linestyle="none",
            color=c,
            markerfacecolor=c if f else "white",
            markersize=7,
            label=PATROL_DIRECTION_LABELS[d],
        )
        for d, (m, c, _, f) in ROUND_STYLE.items()
    ]
    ax.legend(handles=handles, loc="lower left", ncol=2, fontsize=8, borderaxespad=0.2)
    return charts.Chart(fig, drawn.drop(columns=["x", "lane"]))


def rounds_by_lane_text(rounds: pd.DataFrame) -> str:
    """The rounds of each partner as text for alt text: 'Serbia: 2019, 2023, 2024 (in China); Croatia: ...'."""

    def item(r):
        if r["direction"] == "host_officers_in_china":
            return f"{r['year']} (in China)"
        return f"{r['year']}" + ("" if r["held"] else f" ({r['direction'].replace('_', ' ')})")

    ordered = rounds.assign(x=rounds.apply(year_position, axis=1)).sort_values("x")
    return "; ".join(
        f"{c}: " + ", ".join(item(r) for _, r in ordered[ordered["partner_country"].eq(c)].iterrows()) for c in LANES
    )


def rounds_rows(rounds: pd.DataFrame) -> pd.DataFrame:
    """Patrol rows for the rounds table: a `start` (start, else end date, else year), partners in chart order."""
    return rounds.assign(
        start=rounds["start_date"].fillna(rounds["end_date"]).fillna(rounds["year"].astype(str)),
        lane_order=rounds["partner_country"].map({c: i for i, c in enumerate(LANES)}),
    ).sort_values(["lane_order", "start"])
