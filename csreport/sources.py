"""The bibliography: reading references.bib, checking entries, turning keys into source lines."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlparse

from pybtex.database import parse_file
from pybtex.richtext import Text

from .paths import BIBLIOGRAPHY, rel

REQUIRED = ("title", "date", "url", "urldate")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def split_keys(cell: str) -> list[str]:
    """The BibTeX keys of a `sources` cell ('a;b')."""
    return [k.strip() for k in (cell or "").split(";") if k.strip()]


@lru_cache(maxsize=1)
def entries() -> dict[str, dict[str, str]]:
    """Every bibliography entry as a dict of lower-case field names."""
    data = parse_file(str(BIBLIOGRAPHY), bib_format="bibtex")
    out = {}
    for key, entry in data.entries.items():
        fields = {k.lower(): str(v) for k, v in entry.fields.items()}
        if entry.persons.get("author"):
            fields["author"] = " and ".join(str(p) for p in entry.persons["author"])
        out[key] = fields
    return out


def keys() -> set[str]:
    return set(entries())


def publisher(key: str) -> str:
    """The publisher's name as plain text (BibTeX escapes such as \\& resolved)."""
    fields = entries()[key]
    name = fields.get("organization") or fields.get("publisher") or fields.get("institution")
    return Text.from_latex(name).render_as("text")


def is_low_reliability(key: str) -> bool:
    return entries()[key].get("reliability", "").strip().lower() == "low"


def unknown(keys_: list[str]) -> list[str]:
    return [k for k in keys_ if k not in entries()]


def keys_of(frame) -> list[str]:
    """The distinct keys of a table's `sources` column, in order of first use."""
    seen: dict[str, None] = {}
    for cell in frame["sources"].dropna():
        for key in split_keys(cell):
            seen.setdefault(key, None)
    missing = unknown(list(seen))
    if missing:
        raise KeyError(f"unknown BibTeX keys: {', '.join(missing)}")
    return list(seen)


SOURCE_LINE_CAP = 6  # publishers named on a figure; the citations under it list every source


def source_line(keys_: list[str], cap: int = SOURCE_LINE_CAP) -> str:
    """'Source: SIPRI; RFE/RL.': publisher names (not keys), each once, low-reliability ones marked.

    With more than `cap` publishers, the `cap` most cited are named (ties in order of first use),
    then '; and K other publishers (all in the citations below)'.
    """
    names: dict[str, int] = {}
    for key in keys_:
        name = publisher(key) + (" (low reliability)" if is_low_reliability(key) else "")
        names[name] = names.get(name, 0) + 1
    label = "Source" if len(names) == 1 else "Sources"
    if len(names) <= cap:
        return f"{label}: " + "; ".join(names) + "."
    order = list(names)
    shown = sorted(order, key=lambda n: (-names[n], order.index(n)))[:cap]
    rest = len(names) - cap
    return (f"{label}: " + "; ".join(n for n in order if n in shown)
            + f"; and {rest} other {'publisher' if rest == 1 else 'publishers'} (all in the citations below).")


def problems() -> list[str]:
    """Every entry that lacks a required field or has a malformed date, access date or URL."""
    out = []
    where = rel(BIBLIOGRAPHY)
    for key, fields in entries().items():
        for name in REQUIRED:
            if not fields.get(name, "").strip():
                out.append(f"{where}: entry '{key}' has no {name}")
        if not (fields.get("organization") or fields.get("publisher") or fields.get("institution")):
            out.append(f"{where}: entry '{key}' has no organization or publisher")
        for name in ("date", "urldate"):
            if fields.get(name) and not DATE.match(fields[name]):
                out.append(f"{where}: entry '{key}' has {name} '{fields[name]}', expected YYYY[-MM[-DD]]")
        url = urlparse(fields.get("url", ""))
        if fields.get("url") and (url.scheme not in ("http", "https") or not url.netloc or " " in fields["url"]):
            out.append(f"{where}: entry '{key}' has a malformed url '{fields['url']}'")
    return out
