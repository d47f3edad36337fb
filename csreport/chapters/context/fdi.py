"""Chinese direct investment in Serbia: periods, the National Bank's ranks, shares, the table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport.report import glue

INDICATOR_ORDER = {"rank": 0, "inflow": 1, "share_pct": 2, "cumulative_inflow": 3, "stock": 4}
TABLE_COLUMN = {"rank": "rank", "share_pct": "share"}  # every other indicator is an amount
AMOUNT_KIND = {"inflow": "", "cumulative_inflow": " (cumulative)", "stock": " (stock)"}
SOURCE_TYPE = {"nbs": "NBS", "other": "Other"}
DEFINITION = {"china_incl_hk_tw_mo": " (China with Hong Kong, Taiwan, Macau)", "china_unspecified": ""}


def _period_label(p: str) -> str:
    if "/" not in p:
        return p
    a, b = p.split("/")
    if len(a) == 4:
        return f"{a}–{b}"
    sa, sb = pd.Timestamp(a + "-01"), pd.Timestamp(b + "-01")
    return f"{sa:%b}–{sb:%b} {sb:%Y}" if sa.year == sb.year else f"{sa:%b %Y}–{sb:%b %Y}"


def fdi_by_period(fdi: pd.DataFrame) -> pd.DataFrame:
    """FDI rows ordered by period start, with `period_label` ('2020', 'Jan–Sep 2023', '2016–2024') and `period_start`."""
    out = fdi.copy()
    out["period_label"] = out["period"].map(_period_label)
    out["period_start"] = pd.to_datetime(
        out["period"].str.split("/").str[0].map(lambda s: s + "-01" if len(s) == 7 else s + "-01-01")
    )
    out["_o"] = out["indicator"].map(INDICATOR_ORDER)
    return out.sort_values(["period_start", "period", "basis", "_o"]).drop(columns="_o").reset_index(drop=True)


@dataclass(frozen=True)
class RankHistory:
    """China's rank among source countries in the National Bank's (NBS) data, from `fdi_by_period` rows.

    `years_rank_only`: full years after the first ranked period, up to the last year ranked first,
    for which the NBS gives a rank but no full-year inflow for China.
    """

    first_period: str
    first_rank: int
    first_top_year: int
    last_top_period: str
    years_rank_only: list[int]


def rank_history(fdi: pd.DataFrame) -> RankHistory:
    """When the NBS first ranked China, its rank then, and the first and last periods it ranked first."""
    nbs = fdi[fdi["basis"] == "nbs"]
    ranks = nbs[nbs["indicator"] == "rank"]
    top = ranks[ranks["value"] == 1]
    if ranks.empty or top.empty:
        raise ValueError("context_fdi: no NBS rank row, or none with rank 1")
    first = ranks.iloc[0]
    full_year_inflow = set(nbs.loc[nbs["indicator"] == "inflow", "period"])
    years = range(int(first["period_start"].year) + 1, int(top["period_start"].max().year) + 1)
    return RankHistory(
        first_period=str(first["period_label"]),
        first_rank=int(first["value"]),
        first_top_year=int(top["period_start"].min().year),
        last_top_period=str(top["period_label"].iloc[-1]),
        years_rank_only=[y for y in years if str(y) not in full_year_inflow],
    )


def definition_periods(fdi: pd.DataFrame, definition: str) -> list[str]:
    """The period labels, in order, of rows whose `china_definition` is `definition`."""
    return fdi.loc[fdi["china_definition"] == definition, "period_label"].drop_duplicates().tolist()


def share_rows(fdi: pd.DataFrame) -> pd.DataFrame:
    """The rows giving China's share of inflows, by period start (sources side by side, never averaged)."""
    return fdi[fdi["indicator"] == "share_pct"].sort_values(["period_start", "id"]).reset_index(drop=True)


def value_text(r: pd.Series, *, money_words: dict | None = None, share_words: dict | None = None) -> str:
    """One FDI row's value as the table shows it: '1st', 'more than 28%', 'EUR 1.23bn'."""
    if r["indicator"] == "rank":
        return glue.ordinal(r["value"])
    if r["unit"] == "percent":
        return glue.percent(r["value"], r["qualifier"], decimals=0, words=share_words)
    return glue.money(r["value"], r["currency"], r["qualifier"], words=money_words)


def _join_unique(values, sep: str) -> str:
    return sep.join(dict.fromkeys(v for cell in values for v in str(cell).split(sep)))


def fdi_rows(fdi: pd.DataFrame, *, money_words: dict | None = None, share_words: dict | None = None) -> pd.DataFrame:
    """One row per period and source: rank, amount and share of that source side by side (never combined)."""
    rows = fdi.assign(
        shown=[value_text(r, money_words=money_words, share_words=share_words) for _, r in fdi.iterrows()],
        column=fdi["indicator"].map(TABLE_COLUMN).fillna("amount"),
        source_type=fdi["basis"].map(SOURCE_TYPE),
    )
    amount = rows["column"] == "amount"
    rows.loc[amount, "shown"] += rows.loc[amount, "indicator"].map(AMOUNT_KIND)
    keys = ["period_label", "source_type", "china_definition", "sources"]  # one row per period and source
    clash = rows.groupby(keys + ["column"])["id"].agg(list)
    if (clash.str.len() > 1).any():
        raise ValueError(
            f"context_fdi: two values of one kind for one period and source ({clash[clash.str.len() > 1].iloc[0]}):"
            " the table would hide one"
        )
    table = (
        rows.groupby(keys, sort=False)
        .apply(
            lambda g: pd.Series(
                {
                    **{
                        c: (g.loc[g["column"] == c, "shown"].iloc[0] if (g["column"] == c).any() else None)
                        for c in ("rank", "amount", "share")
                    },
                    "confidence": _join_unique(g["confidence"], ", "),
                }
            ),
            include_groups=False,
        )
        .reset_index()
    )
    table["source_type"] = table["source_type"] + table["china_definition"].map(DEFINITION)
    return table
