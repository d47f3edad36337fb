"""The China–CEEC periods, which the context chapter and the claims ledger both need.

Each takes validated tables from `data.load` and returns plain values or small frames.
"""

from __future__ import annotations

import pandas as pd

from csreport.data import sources

_DELTA = {"founding_member": 1, "joined": 1, "left": -1}


def ceec_periods(events: pd.DataFrame) -> pd.DataFrame:
    """Periods of the China–CEEC format: start date, European members, name ('16+1'), changes.

    One row per date on which membership changed; the name is the member count plus China.
    """
    out = []
    members = 0
    for when, group in events.sort_values(["date", "country"]).groupby("date", sort=True):
        members += int(group["event"].map(_DELTA).sum())
        joined = sorted(group.loc[group["event"] == "joined", "country"])
        left = sorted(group.loc[group["event"] == "left", "country"])
        if (group["event"] == "founding_member").all():
            change = f"Launched with {len(group)} European countries"
        else:
            change = "; ".join(
                ([f"{', '.join(joined)} joined"] if joined else []) + ([f"{' and '.join(left)} left"] if left else [])
            )
        keys = sources.keys_of(group)
        out.append(
            {"start": when, "members": members, "name": f"{members}+1", "change": change, "sources": ";".join(keys)}
        )
    periods = pd.DataFrame(out)
    periods["end"] = periods["start"].shift(-1)
    return periods[["start", "end", "members", "name", "change", "sources"]]


def ceec_name_on(periods: pd.DataFrame, when) -> str:
    """The format's name on a given date."""
    row = periods[periods["start"] <= pd.Timestamp(when)].iloc[-1]
    return row["name"]
