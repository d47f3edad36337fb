"""Axis limits that follow the data (log scales of the trade and projects figures)."""

from __future__ import annotations

import math


def log_top(value: float) -> float:
    """Top of a log axis showing `value` with room above: half the next power of ten (1900 -> 5000)."""
    top = 10 ** math.ceil(math.log10(value))
    return top / 2 if top / 2 >= value * 1.5 else top


def log_bottom(value: float) -> float:
    """Bottom of a log axis showing `value` with room below: 1.5 times the power of ten under it (46 -> 15)."""
    bottom = 10 ** math.floor(math.log10(value)) * 1.5
    return bottom if bottom <= value / 1.5 else bottom / 10
