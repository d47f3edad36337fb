"""The claims ledger as readers see it: one block per claim, filterable in HTML, typeset in print.

In HTML each claim is a `div.claim` that `csreport.sphinx.pages` gives `data-verdict` and
`data-dimension` attributes (from its classes); assessment and evidence sit in a `<details>`
dropdown, and a filter form (shown by `assets/html/ledger.js`) hides claims by verdict and
dimension. In LaTeX each claim is a paragraph block: id, claim, verdict, dimension, assessment,
evidence, sources.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from .ledger import LABELS

# Columns that name what a data row is about, best first, and when it happened.
_WHAT = (
    "short_label",
    "short_name",
    "chart_label",
    "name",
    "system",
    "event",
    "indicator",
    "metric",
    "measure",
    "question",
    "claim",
    "description",
    "supplier",
    "cities",
    "place",
    "country",
    "actor",
    "basis",
)
_WHERE = ("country", "host_country")  # prefixed to a short label ('Serbia: joined')
_WHEN = ("date", "start_date", "order_date", "first_delivery", "year", "period")
_BY = ("rendered_by", "outlet", "speaker", "actor_label")
_MAX_WORDS = 9
_MAX_ROWS = 6  # rows named per chapter; the rest are counted


def _filled(row: pd.Series, column: str) -> str:
    value = row.get(column)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.year)
    return str(value).strip()


def row_in_words(row: pd.Series) -> str:
    """A data row named for readers: what it is about, when, and who rendered it ('China (2020-24, RFE/RL)')."""
    what = next((v for v in (_filled(row, c) for c in _WHAT) if v), _filled(row, "id"))
    what = what.replace("_", " ").replace("; ", ", ").replace(";", ", ")
    where = next((_filled(row, c) for c in _WHERE if _filled(row, c)), "")
    if where and where not in what and len(what.split()) <= 3:
        what = f"{where}: {what}"
    words = what.split()
    if len(words) > _MAX_WORDS:
        what = " ".join(words[:_MAX_WORDS]).rstrip(",;:.") + "…"
    when = next((_filled(row, c) for c in _WHEN if _filled(row, c)), "")
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", when):
        when = when[:4]  # the year is enough to tell rows apart in a list of evidence
    extra = [v for v in (when, next((_filled(row, c) for c in _BY if _filled(row, c)), "")) if v and v not in what]
    return what + (f" ({', '.join(extra)})" if extra else "")


def evidence_in_words(
    cell, chapters: dict[str, str], tables: dict[str, pd.DataFrame], sections: dict[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    """A claim's evidence ('table:row;...') as (where, [rows in words]) in order of first use.

    `where` is the chapter document, or 'document#label' when the table's section is known
    (`sections`: table -> the label of the section that presents it). Rows of tables that belong
    to no chapter are listed under an empty document name.
    """
    out: dict[str, list[str]] = {}
    for ref in (cell or "").split(";"):
        table, _, row_id = ref.strip().partition(":")
        if not table:
            continue
        if table not in tables:
            raise ValueError(f"claims, column 'evidence': no table '{table}' (in '{ref}')")
        frame = tables[table]
        hits = frame[frame["id"].astype(str) == row_id]
        if hits.empty:
            raise ValueError(f"claims, column 'evidence': table '{table}' has no row '{row_id}'")
        doc, section = chapters.get(table) or "", (sections or {}).get(table)
        where = f"{doc}#{section}" if doc and section else doc
        out.setdefault(where, []).append(row_in_words(hits.iloc[0]))
    return list(out.items())


def evidence_myst(groups: list[tuple[str, list[str]]]) -> str:
    """MyST for `evidence_in_words(...)`: each chapter linked by its title, then its rows in quotes."""
    if not groups:
        return "none in the data tables"
    parts = []
    for doc, rows in groups:
        rows = list(dict.fromkeys(rows))
        more = f" and {len(rows) - _MAX_ROWS + 1} more rows" if len(rows) > _MAX_ROWS else ""
        named = "; ".join(f"‘{_escape(r)}’" for r in rows[: _MAX_ROWS - 1 if more else None]) + more
        doc, _, section = doc.partition("#")
        where = f"{{doc}}`/{doc}`" + (f", {{ref}}`{section}`" if section else "")
        parts.append((f"{where}: " if doc else "") + named)
    return ". ".join(parts)


def ledger_evidence(ledger: pd.DataFrame, load=None) -> dict[str, list[tuple[str, list[str]]]]:
    """Claim id -> its evidence in words, the tables read with `csreport.data.load` (or `load`)."""
    from csreport import data

    load = load or data.load
    chapters = {r["name"]: r.get("chapter") for r in data.resources()}
    sections = {r["name"]: r["section"] for r in data.resources() if r.get("section")}
    names = {ref.partition(":")[0].strip() for cell in ledger["evidence"].dropna() for ref in str(cell).split(";")}
    tables = {name: load(name) for name in sorted(names - {""})}
    return {c["id"]: evidence_in_words(c["evidence"], chapters, tables, sections) for _, c in ledger.iterrows()}


def _escape(text: str) -> str:
    for ch in "\\`*_[]{}<>#|$":
        text = text.replace(ch, "\\" + ch)
    return text


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in str(text).lower())


def _filter_form(ledger: pd.DataFrame, dimensions: dict[str, str]) -> str:
    """The filter form (hidden until ledger.js shows it: with scripts off it would do nothing)."""

    def options(pairs):
        return "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in pairs)

    verdicts = [(_slug(v), LABELS[v]) for v in LABELS if v in set(ledger["verdict"])]
    dims = [(_slug(d), dimensions[d]) for d in dict.fromkeys(ledger["dimension"])]
    return (
        "```{raw} html\n"
        '<form class="ledger-filter" hidden aria-label="Filter the claims">\n'
        '<label for="ledger-verdict">Verdict</label> <select id="ledger-verdict" name="verdict">'
        f'<option value="">All verdicts</option>{options(verdicts)}</select>\n'
        '<label for="ledger-dimension">Dimension</label> <select id="ledger-dimension" name="dimension">'
        f'<option value="">All dimensions</option>{options(dims)}</select>\n'
        '<output class="ledger-count" role="status" aria-live="polite"></output>\n'
        "</form>\n```\n"
    )


def ledger_markup(
    ledger: pd.DataFrame, evidence: dict[str, list[tuple[str, list[str]]]], dimensions: dict[str, str], cite
) -> str:
    """MyST for the whole ledger: a filterable list of claim blocks in HTML, reading blocks in LaTeX.

    `evidence`: claim id -> `evidence_in_words(...)`; `dimensions`: dimension -> label;
    `cite`: list of BibTeX keys -> MyST citation.
    """
    html_blocks, tex_blocks = [_filter_form(ledger, dimensions)], []
    for _, c in ledger.iterrows():
        verdict, dim = LABELS[c["verdict"]], dimensions[c["dimension"]]
        keys = [k for k in str(c["sources"]).split(";") if k]
        ev = evidence_myst(evidence[c["id"]])
        sources = f"Sources: {cite(keys)}." if keys else ""
        html_blocks.append(
            f"::::{{container}} claim claim-v-{_slug(c['verdict'])} claim-d-{_slug(c['dimension'])}\n"
            f"**{c['id']}** · **{verdict}** · {dim}\n\n{_escape(c['claim'])}\n\n"
            f":::{{dropdown}} Assessment and evidence\n{_escape(c['assessment'])}\n\n"
            f"Evidence: {ev}.\n\n{sources}\n:::\n::::\n"
        )
        tex_blocks.append(
            f"**{c['id']}. {_escape(c['claim'])}**\n\n"
            f"*Verdict:* {verdict}. *Dimension:* {dim}.\n\n{_escape(c['assessment'])}\n\n"
            f"*Evidence:* {ev}. {sources}\n"
        )
    return (
        "`````{only} html\n" + "\n".join(html_blocks) + "`````\n\n"
        "`````{only} latex\n" + "\n".join(tex_blocks) + "`````\n"
    )
