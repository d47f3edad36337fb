"""The bibliography: reading references.bib, checking entries, turning keys into source lines.

A bibliography that cannot be read (not UTF-8, a BibTeX syntax error, a key or a field used
twice) raises `BibliographyError` from `entries()`; `problems()` returns every problem as one
line naming references.bib, the line and the entry.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlparse

from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import BibliographyDataError, parse_string
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from csreport import paths
from csreport.data import record, validated
from csreport.data.errors import DataError, at

REQUIRED = ("title", "date", "url", "urldate")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# The start of an entry: '@online{key,' at the beginning of a line (@comment, @string, @preamble aside).
ENTRY = re.compile(r"^[ \t]*@(?!comment|string|preamble)(\w+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE | re.IGNORECASE)
HOST = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?")  # a final dot (fully qualified) is valid


class BibliographyError(DataError):
    """references.bib cannot be read: encoding, BibTeX syntax or a key used twice."""


def split_keys(cell: str) -> list[str]:
    """The BibTeX keys of a `sources` cell ('a;b')."""
    return [k.strip() for k in (cell or "").split(";") if k.strip()]


def _text() -> str:
    if not paths.BIBLIOGRAPHY.is_file():
        raise BibliographyError(f"{paths.rel(paths.BIBLIOGRAPHY)}: file not found; expected the bibliography there")
    raw = paths.BIBLIOGRAPHY.read_bytes()
    try:
        return raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BibliographyError(
            f"{at(paths.rel(paths.BIBLIOGRAPHY), line=line)}: byte 0x{raw[exc.start]:02x} is not UTF-8 text; expected UTF-8"
        ) from None


def entry_lines() -> dict[str, list[int]]:
    """The line (or lines, if the key is used twice) where each entry starts, by lower-case key.

    BibTeX keys are case-insensitive: 'Xinhua2012' and 'xinhua2012' are the same key.
    """
    text = _text()
    out: dict[str, list[int]] = {}
    line, counted = 1, 0
    for match in ENTRY.finditer(text):  # lines counted from the previous entry, not from the top
        line += text.count("\n", counted, match.start())
        counted = match.start()
        out.setdefault(match.group(2).lower(), []).append(line)
    return out


def _line(key: str) -> int | None:
    """The line where entry `key` starts (None if it does not start a line)."""
    return entry_lines().get(key.lower(), [None])[0]


def _entry_before(line: int) -> str:
    """'entry 'key' (from line 12)': the entry a line belongs to, for messages."""
    starts = [(n, key) for key, lines in entry_lines().items() for n in lines if n <= line]
    return f" in entry '{max(starts)[1]}' (from line {max(starts)[0]})" if starts else ""


def _parse(text: str) -> dict[str, dict[str, str]]:
    """Each entry's fields (lower-case names; authors joined with ' and '), parsed with pybtex."""
    data = parse_string(text, bib_format="bibtex")
    out = {}
    for key, entry in data.entries.items():
        fields = {k.lower(): str(v) for k, v in entry.fields.items()}
        if entry.persons.get("author"):
            fields["author"] = " and ".join(str(p) for p in entry.persons["author"])
        out[key] = fields
    return out


def parsed(path: Path) -> dict[str, dict[str, str]]:
    """The entries of the bibliography file `path`, parsed once per content (kept in _build/validated):
    pybtex takes about half a second, which every notebook used to pay."""
    raw = path.read_bytes()
    key = validated.key(raw)
    found = validated.get("references", key)
    if found is None:
        found = _parse(raw.decode("utf-8").lstrip("\ufeff"))
        validated.put("references", key, found)
    return found


class Entries(dict):
    """The bibliography's entries by key. In an execution that records what it reads
    (`csreport.data.record`), looking an entry up records it, `key in entries` records that the
    key was checked, and going through all of them records the whole bibliography."""

    def __getitem__(self, key):
        record.record_entries((key,), self)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        record.record_entries((key,), self)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        record.record_keys((key,), self)
        return dict.__contains__(self, key)

    def __iter__(self):
        record.record_entries((record.ALL,), self)
        return dict.__iter__(self)

    def __len__(self) -> int:
        record.record_entries((record.ALL,), self)
        return dict.__len__(self)

    def keys(self):
        record.record_entries((record.ALL,), self)
        return dict.keys(self)

    def items(self):
        record.record_entries((record.ALL,), self)
        return dict.items(self)

    def values(self):
        record.record_entries((record.ALL,), self)
        return dict.values(self)


@lru_cache(maxsize=1)
def entries() -> Entries:
    """Every bibliography entry as a dict of lower-case field names; BibliographyError if unreadable."""
    where = paths.rel(paths.BIBLIOGRAPHY)
    duplicates = [
        f"{at(where, line=lines[i])}: the key '{key}' is used again (first at line {lines[0]}); "
        "expected each key once (rename or merge the entries)"
        for key, lines in entry_lines().items()
        for i in range(1, len(lines))
    ]
    if duplicates:
        raise BibliographyError("\n".join(sorted(duplicates, key=lambda m: int(m.split("line ")[1].split(":")[0]))))
    try:
        return Entries(parsed(paths.BIBLIOGRAPHY))
    except PybtexSyntaxError as exc:
        what = re.sub(r"^syntax error in line \d+: ", "", str(exc))
        raise BibliographyError(
            f"{at(where, line=exc.lineno)}: BibTeX syntax error{_entry_before(exc.lineno)}: {what} (a missing "
            f"comma or brace shows on the line after it); expected "
            "fields written as name = {value}, separated by commas, and the entry closed by '}'"
        ) from None
    except BibliographyDataError as exc:
        key = next((k for k in entry_lines() if f" {k} " in f" {str(exc).lower()} "), None)
        line = _line(key) if key else None
        raise BibliographyError(f"{at(where, line=line)}: {exc}; expected each field once per entry") from None


def keys() -> set[str]:
    return set(entries())


def publisher(key: str) -> str:
    """The publisher's name as plain text (BibTeX escapes such as \\& resolved)."""
    fields = entries()[key]
    name = fields.get("organization") or fields.get("publisher") or fields.get("institution")
    return _plain_text(name)


@cache
def _plain_text(latex: str) -> str:
    # Text.render_as("text") would look the backend up among every installed distribution's entry
    # points, on each call (about 0.05 s: seconds for a chapter's source lines).
    return Text.from_latex(latex).render(PlainText())


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
    return (
        f"{label}: "
        + "; ".join(n for n in order if n in shown)
        + f"; and {rest} other {'publisher' if rest == 1 else 'publishers'} (all in the citations below)."
    )


def _field_line(key: str, name: str) -> int | None:
    """The line of field `name` in entry `key` (or the entry's first line)."""
    lines = _text().splitlines()
    start = _line(key)
    if start is None:
        return None
    for number in range(start, len(lines)):
        if number > start and ENTRY.match(lines[number - 1]):
            break
        if re.match(rf"\s*{name}\s*=", lines[number - 1], re.IGNORECASE):
            return number
    return start


def _url_problem(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not HOST.fullmatch(parsed.hostname or "") or re.search(r"\s", url):
        return (
            f"'{url}' is not a web address; expected http:// or https://, a host name such as "
            "www.example.org, then the path, without spaces"
        )
    return None


def same_page(url: str) -> str:
    """The address reduced to what names the page: no scheme, no 'www.', host in lower case, no
    trailing slash or fragment ('https://www.Example.org/a/' and 'http://example.org/a' are one page)."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().removeprefix("www.")
    path = parsed.path.rstrip("/")
    return host + path + (f"?{parsed.query}" if parsed.query else "")


def problems() -> list[str]:
    """Every problem of the bibliography, one line each: unreadable file, missing fields, bad dates and
    URLs, and two entries for one page (one source, one key)."""
    where = paths.rel(paths.BIBLIOGRAPHY)
    try:
        found = entries()
    except BibliographyError as exc:
        return str(exc).splitlines()
    out = []
    for key, fields in found.items():
        for name in REQUIRED:
            if not fields.get(name, "").strip():
                out.append(f"{at(where, line=_line(key))}: entry '{key}' has no {name}; expected {name} = {{...}}")
        if not (fields.get("organization") or fields.get("publisher") or fields.get("institution")):
            out.append(
                f"{at(where, line=_line(key))}: entry '{key}' has no organization or "
                "publisher; expected organization = {...}"
            )
        for name in ("date", "urldate"):
            if fields.get(name) and not DATE.match(fields[name]):
                out.append(
                    f"{at(where, line=_field_line(key, name), field=name)}: entry '{key}' has "
                    f"'{fields[name]}'; expected YYYY, YYYY-MM or YYYY-MM-DD"
                )
        problem = _url_problem(fields["url"]) if fields.get("url") else None
        if problem:
            out.append(f"{at(where, line=_field_line(key, 'url'), field='url')}: entry '{key}': {problem}")
    first: dict[str, str] = {}
    for key, fields in found.items():
        if not fields.get("url") or _url_problem(fields["url"]):
            continue
        page = same_page(fields["url"])
        if page in first:
            out.append(
                f"{at(where, line=_field_line(key, 'url'), field='url')}: entry '{key}' has the address of "
                f"entry '{first[page]}' (line {_line(first[page])}); expected one entry per page: cite "
                f"'{first[page]}' and remove '{key}'"
            )
        else:
            first[page] = key
    return out


paths.on_change(entries.cache_clear)
