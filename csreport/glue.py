"""Numbers and words computed in a notebook, pasted into the prose with {glue:text}.

A glued value carries its final text: formatting happens here, once, and the page shows it
without quotes (a plain `glue` of a str would show its repr).
"""
from __future__ import annotations

from myst_nb import glue as _glue


# How a number's qualifier column reads in front of it.
QUALIFIER_SIGN = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}


class _Text:
    def __init__(self, text: str):
        self.text = text

    def _repr_mimebundle_(self, include=None, exclude=None):
        # myst-nb reads text/plain with literal_eval: a repr keeps "156,664" from becoming a tuple.
        return {"text/plain": repr(self.text), "text/markdown": self.text}


def value(key: str, value, fmt: str = "{}") -> str:
    """Glue `value` formatted with `fmt` under `key`; returns the text for use in the notebook."""
    text = fmt.format(value)
    _glue(key, _Text(text), display=False)
    return text


def date_text(text: str) -> str:
    """A text date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as prose, at the precision it has."""
    from .data import partial_date

    when, precision = partial_date(text)
    return {"year": "{:%Y}", "month": "{:%B %Y}", "day": "{:%-d %B %Y}"}[precision].format(when)
