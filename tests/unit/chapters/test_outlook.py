"""Outlook (book/outlook): the rules of csreport.chapters.outlook on small made-up frames."""

import pandas as pd
import pytest

from csreport.chapters import outlook

DELIVERIES = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "first_delivery": ["2020-06", "2024", None, "2022-04-09"],
        "public_unveiling": ["2020-07-04", "2024-06-28", "2026-03-12", "2022-04-30"],
        "sources": ["k"] * 4,
    }
)


def test_latest_confirmed_counts_a_confirmation_without_a_delivery_date():
    row = outlook.latest_confirmed(DELIVERIES)
    assert (row["id"], row["confirmed"], row["confirmed_by"]) == ("c", "2026-03-12", "public_unveiling")


def test_latest_confirmed_flips_when_a_later_delivery_is_recorded():
    later = pd.concat(
        [
            DELIVERIES,
            pd.DataFrame({"id": ["e"], "first_delivery": ["2026-05"], "public_unveiling": [None], "sources": ["k"]}),
        ]
    )
    row = outlook.latest_confirmed(later)
    assert (row["id"], row["confirmed_by"]) == ("e", "first_delivery")


def test_latest_confirmed_takes_the_later_of_a_rows_two_dates_and_keeps_the_first_of_ties():
    two = DELIVERIES.iloc[[1, 3]]
    assert outlook.latest_confirmed(two)["confirmed"] == "2024-06-28"  # the display, not the year of delivery
    tie = pd.DataFrame(
        {"id": ["x", "y"], "first_delivery": ["2021-01-01", "2021-01-01"], "public_unveiling": [None, None]}
    )
    assert outlook.latest_confirmed(tie)["id"] == "x"


def test_latest_confirmed_refuses_an_empty_or_undated_table():
    with pytest.raises(ValueError, match="no row"):
        outlook.latest_confirmed(DELIVERIES.iloc[0:0])
    with pytest.raises(ValueError, match="no row has a date"):
        outlook.latest_confirmed(pd.DataFrame({"id": ["x"], "first_delivery": [None], "public_unveiling": [None]}))
