"""Serbia's other partners next to China: UN votes, Russia's energy role, the blocs and Hungary.

Tables: un_votes (UN General Assembly votes in which Serbia's and China's votes can be compared),
russia_energy_events (NIS ownership and sanctions, the gas contract), bloc_positions (BRICS and
the SCO) and hungary_parallels. Rows that restate another row under another source
(`alternative_of`) are left out of counts; the notebook chooses which row a sentence quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csreport import data
from csreport.report import glue

VOTE_TEXT = {"yes": "in favour", "no": "against", "abstain": "abstained", "not_stated": "not stated"}


def drawn(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in their own right (empty `alternative_of`)."""
    if "alternative_of" not in frame.columns:
        return frame
    return frame[frame["alternative_of"].isna()]


@dataclass(frozen=True)
class Splits:
    """How Serbia's votes compare with China's over the votes in the table (alternatives left out)."""

    n_votes: int
    n_split: int  # Serbia and China voted differently
    n_together: int  # they voted the same way
    n_unknown: int  # China's vote not stated
    split_serbia_votes: tuple[str, ...]  # Serbia's votes where they split
    split_china_votes: tuple[str, ...]  # China's votes where they split


def splits(votes: pd.DataFrame) -> Splits:
    """Counts of split, same and unknown votes; `serbia_china_split` must agree with the two votes."""
    v = drawn(votes)
    known = v["china_vote"] != "not_stated"
    computed = (v["serbia_vote"] != v["china_vote"]).where(known)
    coded = v["serbia_china_split"].map({"yes": True, "no": False, "not_established": None})
    bad = v.loc[(computed.notna() & (computed != coded)) | (~known & coded.notna()), "id"]
    if not bad.empty:
        raise ValueError(f"un_votes, column 'serbia_china_split': disagrees with the votes in {', '.join(bad)}")
    split = v[computed.fillna(False).astype(bool)]
    return Splits(
        n_votes=len(v),
        n_split=len(split),
        n_together=int((computed == False).sum()),  # noqa: E712 (a boolean Series with NaN)
        n_unknown=int((~known).sum()),
        split_serbia_votes=tuple(sorted(set(split["serbia_vote"]))),
        split_china_votes=tuple(sorted(set(split["china_vote"]))),
    )


def vote_rows(votes: pd.DataFrame) -> pd.DataFrame:
    """The votes as the chapter's table shows them: date, the count, and each country's vote in words."""
    v = drawn(votes).copy()
    v["when"] = [glue.date_text(d, short=True) for d in v["date"]]
    v["count"] = [f"{a}–{b}–{c}" for a, b, c in zip(v["votes_for"], v["votes_against"], v["votes_abstaining"])]
    for c in ("serbia_vote", "china_vote", "russia_vote"):
        v[c.replace("_vote", "")] = v[c].map(VOTE_TEXT)
    return v.sort_values("date", kind="stable")


def dated(events: pd.DataFrame) -> pd.DataFrame:
    """Rows in their own right, by date, with `start` and `when` (short date text)."""
    out = drawn(events).copy()
    out["start"] = [data.date_interval(d)[0] for d in out["date"]]
    out["when"] = [glue.date_text(d, short=True) for d in out["date"]]
    return out.sort_values("start", kind="stable").reset_index(drop=True)


def last_step(events: pd.DataFrame, kinds: tuple[str, ...] | None = None) -> pd.Series:
    """The latest step (of the given kinds), alternatives left out."""
    steps = dated(events)
    if kinds is not None:
        steps = steps[steps["kind"].isin(kinds)]
    if steps.empty:
        raise ValueError("no step of the kinds asked for")
    return steps.iloc[-1]
