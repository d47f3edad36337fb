"""Numbers and words computed in a notebook, pasted into the prose with {glue:text}.

A glued value carries its final text: formatting happens here, once, and the page shows it
without quotes (a plain `glue` of a str would show its repr). The chapters share the formatters
below (`date_text`, `money`, `percent`, `and_list`, `year_spans`) rather than defining their own.
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


_PRECISIONS = ("year", "month", "day")
_DATE_FORMATS = {"year": "{:%Y}", "month": "{:%B %Y}", "day": "{:%-d %B %Y}"}


def date_text(text, precision: str | None = None) -> str:
    """A date 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or Timestamp as prose, at its precision or a coarser `precision`."""
    from .data import partial_date

    if hasattr(text, "strftime"):  # a Timestamp or date is known to the day
        when, known = text, "day"
    else:
        when, known = partial_date(text)
    if precision is not None and precision not in _PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(_PRECISIONS)}, not '{precision}'")
    shown = min(known, precision or known, key=_PRECISIONS.index)
    return _DATE_FORMATS[shown].format(when)


# How a qualifier reads in words in front of a number in prose.
QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "at least ", "at_most": "at most "}


def _words(qualifier, words: dict | None) -> str:
    """The words in front of a number for `qualifier` (a missing qualifier reads as exact)."""
    table = {**QUALIFIER_WORDS, **(words or {})}
    return table[qualifier if isinstance(qualifier, str) else "exact"]


def _trim(number: float, decimals: int) -> str:
    """`number` with thousands separators and at most `decimals` decimals, trailing zeros dropped."""
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if decimals else text


def money(value, currency: str, qualifier="exact", *, unit: float = 1e6, long: bool = False,
          words: dict | None = None) -> str:
    """An amount in `unit`s as 'USD 6.09bn', 'about EUR 478.9m' or, long, '2.7 billion EUR', '$2.2 billion'."""
    amount = float(value) * unit
    billions = abs(amount) >= 1e9
    number = _trim(amount / (1e9 if billions else 1e6), 2)
    scale = (" billion" if billions else " million") if long else ("bn" if billions else "m")
    if not currency[:1].isalpha():  # a currency sign: '$2.2 billion', '€725 million'
        text = f"{currency}{number}{scale}"
    elif long:
        text = f"{number}{scale} {currency}"
    else:
        text = f"{currency} {number}{scale}"
    return _words(qualifier, words) + text


def percent(value, qualifier="exact", *, high=None, decimals: int | None = None, sign: str = "%",
            words: dict | None = None) -> str:
    """A percentage as '45%', 'about 60.5%' or, with `high`, '35–40%' (one decimal unless whole or `decimals`)."""
    def number(v):
        v = float(v)
        if decimals is not None:
            return f"{v:.{decimals}f}"
        return f"{v:.0f}" if v.is_integer() else f"{v:.1f}"

    text = number(value) if high is None or float(high) == float(value) else f"{number(value)}–{number(high)}"
    return _words(qualifier, words) + text + sign


def and_list(items) -> str:
    """Items as prose: 'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if not items:
        raise ValueError("and_list needs at least one item")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def year_spans(years) -> str:
    """Years as runs of consecutive years: [2014, 2015, 2016, 2020, 2025] -> '2014–2016, 2020 and 2025'."""
    spans = []
    for y in sorted({int(y) for y in years}):
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return and_list(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)
