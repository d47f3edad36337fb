"""Release rhythms of the source series the report tracks (data/release_schedule.csv).

Each series records how often its publisher releases new figures (`update_period_days`, as Our
World in Data keeps it per dataset) and the latest release the report's data reflect. The next
expected release follows from the two; a series whose next release is before a given day is due
for an update. `python -m csreport.data.releases` prints the due series as warnings and always exits 0:
a due series is a reminder for the authors, never a build failure.
"""

from __future__ import annotations

import sys

import pandas as pd

from csreport.data import date_interval


def next_expected(schedule: pd.DataFrame) -> pd.Series:
    """The first day on which each series' next release is expected (NaT where it has no rhythm).

    The count starts from the first day of the latest release as precisely as it is known, so a
    release known only to the month is expected again from the first of that month a period later.
    """
    starts = schedule["last_release"].map(lambda text: date_interval(text)[0])
    days = pd.to_timedelta(schedule["update_period_days"].astype("Float64").astype(float), unit="D")
    return (starts + days).rename("next_expected")


def due(schedule: pd.DataFrame, on: pd.Timestamp) -> pd.DataFrame:
    """The series whose next expected release falls before `on`, oldest first."""
    expected = next_expected(schedule)
    late = schedule.assign(next_expected=expected)[expected.notna() & (expected < pd.Timestamp(on))]
    return late.sort_values("next_expected")


def main(on: pd.Timestamp | None = None) -> int:
    from csreport import data

    on = pd.Timestamp.today().normalize() if on is None else on
    for r in due(data.load("release_schedule"), on).itertuples():
        print(
            f"warning: data/release_schedule.csv, row '{r.id}': a new release of {r.series} was "
            f"expected from {r.next_expected:%Y-%m-%d}; the data hold the release of {r.last_release} "
            f"(tables: {r.tables.replace(';', ', ')})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
