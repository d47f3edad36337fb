"""One fact, one place: rows of two tables that record the same fact must agree.

`data/shared_facts.csv` lists each pair (`first`, `second` as `table:row_id`, with the column holding
each row's date). Two rows agree when their dates are compatible (equal, or the coarser partial date
contains the finer one: '2019' contains '2019-05-19') and they cite the same set of BibTeX keys.
`problems` works on frames given to it; `data_problems` reads the data package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from csreport import data
from csreport.data import sources

WHERE = "data/shared_facts.csv"


def _split(ref: str) -> tuple[str, str]:
    table, sep, row_id = str(ref).partition(":")
    if not sep or not table or not row_id:
        raise ValueError(f"'{ref}' is not of the form table:row_id")
    return table, row_id


def _date_text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value).strip() or None


def dates_agree(a: str, b: str) -> bool:
    """True when two YYYY[-MM[-DD]] dates are equal or one contains the other."""
    a_start, a_end, _ = data.date_interval(a)
    b_start, b_end, _ = data.date_interval(b)
    return (a_start <= b_start and b_end <= a_end) or (b_start <= a_start and a_end <= b_end)


def _lookup(ref: str, column: str, tables: Mapping[str, pd.DataFrame]) -> tuple[pd.Series | None, str | None]:
    """The row `ref` names, or None and the reason it cannot be read."""
    try:
        table, row_id = _split(ref)
    except ValueError as exc:
        return None, str(exc)
    if table not in tables:
        return None, f"{ref}: no table '{table}'"
    frame = tables[table]
    hits = frame[frame["id"] == row_id]
    if len(hits) != 1:
        return None, f"{ref}: no row with id '{row_id}' in table '{table}'"
    if column and column not in frame.columns:
        return None, f"{ref}: table '{table}' has no column '{column}'"
    return hits.iloc[0], None


def _pair_problems(pair: pd.Series, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    out, rows = [], []
    for side in ("first", "second"):
        row, why = _lookup(pair[side], pair.get(f"{side}_date_column") or "", tables)
        if why:
            out.append(why)
        rows.append(row)
    if out:
        return out
    (a, b), (ra, rb) = (pair["first"], pair["second"]), rows
    da = _date_text(ra[pair["first_date_column"]]) if pair.get("first_date_column") else None
    db = _date_text(rb[pair["second_date_column"]]) if pair.get("second_date_column") else None
    if da and db and not dates_agree(da, db):
        out.append(f"{a} date {da} ≠ {b} date {db}")
    elif bool(da) != bool(db) and pair.get("first_date_column") and pair.get("second_date_column"):
        out.append(f"{a} date {da or '(empty)'} ≠ {b} date {db or '(empty)'}")
    ka, kb = set(sources.split_keys(ra["sources"])), set(sources.split_keys(rb["sources"]))
    for x, y, missing in ((a, b, kb - ka), (b, a, ka - kb)):
        if missing:
            out.append(f"{x} lacks source(s) {', '.join(sorted(missing))} that {y} cites")
    shown = set(sources.split_keys(pair.get("sources") or ""))
    if shown - (ka & kb):
        out.append(f"column 'sources' names {', '.join(sorted(shown - (ka & kb)))}, not cited by both rows")
    return out


def problems(pairs: pd.DataFrame, tables: Mapping[str, pd.DataFrame], where: str = WHERE) -> list[str]:
    """One line per disagreement, e.g. 'data/shared_facts.csv, row 2: a:x date 2026-03-13 ≠ b:y date 2026-03-12'."""
    out = []
    for rownum, (_, pair) in enumerate(pairs.iterrows(), start=2):
        pair = pair.where(pair.notna(), None)
        out.extend(f"{where}, row {rownum}: {p}" for p in _pair_problems(pair, tables))
    return out


def data_problems(load: Callable[[str], pd.DataFrame] = data.load) -> list[str]:
    """`problems` for the data package's shared_facts table and the tables it names (none without it)."""
    if "shared_facts" not in data.names():
        return []
    try:
        pairs = load("shared_facts")
    except data.DataError as exc:
        return str(exc).splitlines()
    names = {_split(ref)[0] for ref in pd.concat([pairs["first"], pairs["second"]]) if ":" in str(ref)}
    tables = {}
    for name in sorted(names & set(data.names())):
        try:
            tables[name] = load(name)
        except data.DataError:
            continue  # the table's own problems are reported by the loader check
    return problems(pairs, tables)
