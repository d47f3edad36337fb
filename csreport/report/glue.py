"""The glue layer: the one place where computed values become words and numbers in the prose.

Analysis functions return numbers, dates, frames and small dataclasses; a notebook's hidden cell,
right above the paragraph that uses them, formats them with the helpers below and pastes them
with `value(key, text)`; the prose writes {glue:text}`key`. Numbers, currencies and dates are
formatted with Babel (Unicode CLDR) for `LOCALE`, so an edition in another language changes the
locale (and the few words in `WORDS`), not chapter code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from babel import dates as _dates
from babel import numbers as _numbers
from babel import units as _units
from myst_nb import glue as _glue

if TYPE_CHECKING:
    import pandas as pd

LOCALE = "en"  # the edition's language (Sphinx `language` in _config.yml)

# The words the formatters themselves write, per locale.
WORDS = {
    "en": {
        "qualifier": {"exact": "", "approx": "about ", "at_least": "at least ", "at_most": "at most "},
        "and": " and ",
        "ordinals": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
        "million": "million",
        "billion": "billion",
        "m": "m",
        "bn": "bn",
        "halves": ("the first half of {year}", "the second half of {year}"),
    },
}
# How a qualifier reads as a sign in front of a number in charts and tables.
QUALIFIER_SIGN = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}
PRECISIONS = ("year", "month", "day")
_DATE_PATTERNS = {"year": "y", "month": "MMMM y", "day": "d MMMM y"}
_SHORT_DATE_PATTERNS = {"year": "y", "month": "MMM y", "day": "d MMM y"}  # chart labels, table cells


class _Text:
    def __init__(self, text: str):
        self.text = text

    def _repr_mimebundle_(self, include=None, exclude=None):
        # myst-nb reads text/plain with literal_eval: a repr keeps "156,664" from becoming a tuple.
        return {"text/plain": repr(self.text), "text/markdown": self.text}


def value(key: str, value, fmt: str = "{}") -> str:
    """Glue `value` (usually text made by a formatter below) under `key`; returns the text."""
    text = fmt.format(value)
    _glue(key, _Text(text), display=False)
    return text


def each(frame: pd.DataFrame, column: str, keys: dict[str, str], fmt=str) -> dict[str, str]:
    """Glue several values of one column in one call: `keys` maps a glue key to a row id of `frame`
    (indexed by id); each value is formatted with `fmt` (e.g. `glue.percent`). Returns the texts.

        glue.each(d, "first_delivery", {"first_month": "row_a", "second_month": "row_b"},
                  lambda v: glue.date_text(v, "month"))
    """
    missing = [row for row in keys.values() if row not in frame.index]
    if missing:
        raise KeyError(f"glue.each: no row {', '.join(missing)} (column '{column}')")
    return {key: value(key, fmt(frame.loc[row, column])) for key, row in keys.items()}


class ProseOutdated(ValueError):
    """The data no longer bear out what a chapter's text says: the text must be revised."""


def expect(holds: bool, prose: str) -> None:
    """A guard for the prose: `prose` states what the text says (for example "China out-supplied
    Russia in every window"); raises ProseOutdated when the data no longer bear it out. Each chapter
    keeps its guards together in one cell near the top, so a correction that flips a finding stops
    the build and says which sentence to revise."""
    if not holds:
        raise ProseOutdated(f"the text says: {prose}; the data no longer bear this out: revise the text")


def _words(locale: str) -> dict:
    return WORDS[locale.split("_")[0]]


def number(value, decimals: int = 2, *, locale: str = LOCALE) -> str:
    """A number with the locale's grouping and at most `decimals` decimals: 1234.5 -> '1,234.5'."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return _numbers.format_decimal(float(value), format=pattern, locale=locale)


def _missing(value) -> bool:
    import pandas as pd  # here, not above: the Sphinx build dates its pages with this module (0.5 s)

    return bool(pd.isna(value))


def count(value, *, locale: str = LOCALE) -> str:
    """A whole number: 57 -> '57', 156664 -> '156,664'. Rejects a fraction (counts are whole)."""
    if _missing(value) or float(value) != int(float(value)):
        raise ValueError(f"count() needs a whole number, not {value!r}")
    return number(int(float(value)), 0, locale=locale)


def ordinal(n, *, spelled: bool = False, locale: str = LOCALE) -> str:
    """An ordinal: 1 -> '1st', 11 -> '11th', 23 -> '23rd'; `spelled` writes 1–9 in words ('first')."""
    n = int(n)
    if locale.split("_")[0] != "en":
        raise ValueError(f"ordinal() has no rule for locale '{locale}'")
    if spelled and 1 <= n <= len(_words(locale)["ordinals"]):
        return _words(locale)["ordinals"][n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def qualified(qualifier, text: str, *, words: dict | None = None, locale: str = LOCALE) -> str:
    """`text` preceded by the words for its qualifier ('about 5'); a missing qualifier reads as exact."""
    table = {**_words(locale)["qualifier"], **(words or {})}
    return table[qualifier if isinstance(qualifier, str) else "exact"] + text


def date_text(when, precision: str | None = None, *, short: bool = False, locale: str = LOCALE) -> str:
    """A date 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or Timestamp as prose, at its precision or a coarser `precision`.

    `short` abbreviates the month ('18 Sep 2019'), for chart labels and table cells.
    """
    if precision is not None and precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not '{precision}'")
    if hasattr(when, "strftime"):  # a Timestamp or date is known to the day
        point, known = when, "day"
    else:
        from csreport.data import partial_date

        point, known = partial_date(when)
    shown = min(known, precision or known, key=PRECISIONS.index)
    return _dates.format_date(point, (_SHORT_DATE_PATTERNS if short else _DATE_PATTERNS)[shown], locale=locale)


def period_text(period: str, *, locale: str = LOCALE) -> str:
    """A period 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', half-year 'YYYY-H1'/'YYYY-H2' or span of years
    'YYYY-YYYY' as prose ('the first half of 2024', '2021–25')."""
    text = str(period).strip()
    years = re.fullmatch(r"(\d{4})-(\d{4})", text)
    if years:
        return year_range(*years.groups(), locale=locale)
    half = re.fullmatch(r"(\d{4})-H([12])", text)
    if half:
        return _words(locale)["halves"][int(half.group(2)) - 1].format(year=half.group(1))
    return date_text(text, locale=locale)


def month_span(start, end, *, locale: str = LOCALE) -> str:
    """Two dates as a short span of months: 'Sep–Oct 2020', 'Dec 2023–Jan 2024', 'Jun 2022'; years alone: '2021'."""
    from csreport.data import partial_date

    (s, s_known), (e, e_known) = partial_date(start), partial_date(end)
    if "year" in (s_known, e_known):
        return str(s.year) if s.year == e.year else f"{s.year}–{e.year}"
    if (s.year, s.month) == (e.year, e.month):
        return _dates.format_date(s, "MMM y", locale=locale)
    first = _dates.format_date(s, "MMM" if s.year == e.year else "MMM y", locale=locale)
    return f"{first}–{_dates.format_date(e, 'MMM y', locale=locale)}"


def days(n, *, locale: str = LOCALE) -> str:
    """A number of days in words with the locale's plural: 1 -> '1 day', 2 -> '2 days'."""
    return _units.format_unit(int(n), "duration-day", length="long", locale=locale)


def money(
    value,
    currency: str,
    qualifier="exact",
    *,
    unit: float = 1e6,
    long: bool = False,
    words: dict | None = None,
    locale: str = LOCALE,
) -> str:
    """An amount in `unit`s as 'USD 6.09bn', 'about EUR 478.9m' or, long, '2.7 billion EUR', '$2.2 billion'.

    `currency` is an ISO code (shown as the code) or a sign such as '$' or '€' (shown before the number).
    """
    amount = float(value) * unit
    w = _words(locale)
    billions = abs(amount) >= 1e9
    digits = number(amount / (1e9 if billions else 1e6), 2, locale=locale)
    scale = (" " + w["billion"] if billions else " " + w["million"]) if long else (w["bn"] if billions else w["m"])
    if not currency[:1].isalpha():  # a currency sign: '$2.2 billion', '€725 million'
        text = f"{currency}{digits}{scale}"
    elif long:
        text = f"{digits}{scale} {currency}"
    else:
        text = f"{currency} {digits}{scale}"
    return qualified(qualifier, text, words=words, locale=locale)


def currency_sign(code: str, *, locale: str = LOCALE) -> str:
    """The locale's sign for an ISO currency code: 'USD' -> '$', 'EUR' -> '€'."""
    return _numbers.get_currency_symbol(code, locale=locale)


def percent(
    value,
    qualifier="exact",
    *,
    high=None,
    decimals: int | None = None,
    sign: str = "%",
    words: dict | None = None,
    locale: str = LOCALE,
) -> str:
    """A percentage as '45%', 'about 60.5%' or, with `high`, '35–40%' (one decimal unless whole or `decimals`)."""

    def fmt(v):
        v = float(v)
        d = decimals if decimals is not None else (0 if v.is_integer() else 1)
        return _numbers.format_decimal(v, format="0" + ("." + "0" * d if d else ""), locale=locale)

    text = fmt(value) if high is None or float(high) == float(value) else f"{fmt(value)}–{fmt(high)}"
    return qualified(qualifier, text + sign, words=words, locale=locale)


def and_list(items, *, locale: str = LOCALE) -> str:
    """Items as prose: 'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if not items:
        raise ValueError("and_list needs at least one item")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + _words(locale)["and"] + items[-1]


def sentence_start(text: str) -> str:
    """Text that opens a sentence: its first letter in capitals, the rest as written ("the EU's" -> "The EU's")."""
    return text[:1].upper() + text[1:]


def year_spans(years, *, locale: str = LOCALE) -> str:
    """Years as runs of consecutive years: [2014, 2015, 2016, 2020, 2025] -> '2014–2016, 2020 and 2025'."""
    spans = []
    for y in sorted({int(y) for y in years}):
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return and_list((f"{a}" if a == b else f"{a}–{b}" for a, b in spans), locale=locale)


def year_range(start, end, *, short: bool = True, locale: str = LOCALE) -> str:
    """A span of years: (2020, 2024) -> '2020–24' (`short`, for windows in one century) or '2020–2024'."""
    start, end = int(start), int(end)
    if start == end:
        return f"{start}"
    tail = f"{end}"[-2:] if short and start // 100 == end // 100 else f"{end}"
    return f"{start}–{tail}"


def count_range(low, high=None, *, locale: str = LOCALE) -> str:
    """A count or a range of counts: (6, 6) -> '6', (6, 9) -> '6–9'."""
    if high is None or _missing(high) or float(high) == float(low):
        return count(low, locale=locale)
    return f"{count(low, locale=locale)}–{count(high, locale=locale)}"


_RANGE_WORD = {"en": " to "}


def date_range(start, end, *, locale: str = LOCALE) -> str:
    """Two days as '19 to 28 July 2025', '30 June to 2 July 2025' or '30 December 2024 to 2 January 2025'."""
    import pandas as pd  # as in _missing

    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start == end:
        return date_text(start, locale=locale)
    pattern = (
        "d"
        if (start.year, start.month) == (end.year, end.month)
        else ("d MMMM" if start.year == end.year else "d MMMM y")
    )
    first = _dates.format_date(start, pattern, locale=locale)
    return first + _RANGE_WORD[locale.split("_")[0]] + date_text(end, locale=locale)


_OR = {"en": " or "}
_TIMES = {"en": {1: "once", 2: "twice"}}


def or_list(items, *, locale: str = LOCALE) -> str:
    """Alternatives as prose: 'a', 'a or b', 'a, b or c'."""
    items = [str(i) for i in items]
    if not items:
        raise ValueError("or_list needs at least one item")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + _OR[locale.split("_")[0]] + items[-1]


def times(n, *, locale: str = LOCALE) -> str:
    """How often: 1 -> 'once', 2 -> 'twice', 3 -> '3 times'."""
    n = int(n)
    return _TIMES[locale.split("_")[0]].get(n, f"{count(n, locale=locale)} times")


_CARDINALS = {"en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")}


def count_words(n, *, locale: str = LOCALE) -> str:
    """A small count in words, as style guides want in prose: 1 -> 'one' … 9 -> 'nine', then '10', '1,000'."""
    words = _CARDINALS[locale.split("_")[0]]
    n_int = int(n)
    return words[n_int - 1] if 1 <= n_int <= len(words) and float(n) == n_int else count(n, locale=locale)
