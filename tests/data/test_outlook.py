"""Checks on the real tables behind the outlook chapter: the claims its prose makes still hold."""

import pandas as pd

from csreport import data
from csreport.chapters import outlook


def test_latest_chinese_system_is_the_military_chapters_latest_confirmation():
    """One fact, one place: the outlook's latest system is the Chinese lethal system with the latest date
    in arms_deliveries (first delivery or public confirmation), the fact the military chapter dates."""
    d = data.load("arms_deliveries")
    chinese = d[(d["supplier"] == "China") & (d["category"] != "non_lethal")]
    row = outlook.latest_confirmed(chinese)
    starts = [
        data.date_interval(str(v))[0] for c in ("first_delivery", "public_unveiling") for v in chinese[c] if pd.notna(v)
    ]
    assert data.date_interval(row["confirmed"])[0] == max(starts)
