"""The Novi Sad station canopy collapse of 1 November 2024: the Chinese contractors and the proceedings.

Table: canopy_case_events (dated steps: the collapse, the contractors' and the supervisor's
statements, the contract, the prosecution and the courts). The functions pick steps by kind and
order them; which step a sentence quotes is chosen in the notebook.
"""

from __future__ import annotations

import pandas as pd

from csreport import data
from csreport.report import glue

LEGAL_KINDS = ("prosecution", "court", "investigation")


def case_steps(events: pd.DataFrame) -> pd.DataFrame:
    """The steps by date (then by the table's order), with `start` (Timestamp) and `when` (short text)."""
    out = events.assign(
        start=[data.date_interval(d)[0] for d in events["date"]],
        when=[glue.date_text(d, short=True) for d in events["date"]],
        order=range(len(events)),
    )
    return out.sort_values(["start", "order"], kind="stable").drop(columns="order").reset_index(drop=True)


def last_legal_step(events: pd.DataFrame) -> pd.Series:
    """The latest step of the prosecution, the courts or an investigation."""
    legal = case_steps(events)
    legal = legal[legal["kind"].isin(LEGAL_KINDS)]
    if legal.empty:
        raise ValueError("canopy_case_events: no step of the prosecution, the courts or an investigation")
    return legal.iloc[-1]


def persons(events: pd.DataFrame, meaning: str) -> int:
    """The number of people for the one step whose `persons_meaning` is `meaning`."""
    rows = events[events["persons_meaning"] == meaning]
    if len(rows) != 1:
        raise ValueError(f"canopy_case_events: {len(rows)} rows with persons_meaning '{meaning}', expected one")
    return int(rows["persons"].iloc[0])
