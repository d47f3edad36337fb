"""The changelog of facts: what changed in the data between two versions of the data package.

Tables are compared by their primary key, cell by cell, as the text written in the CSV files, so a
correction shows as `id: column old → new`. `python -m csreport.data.changes REF` (`make changes
SINCE=REF`) compares the data at a git revision with the working tree; the book's "What changed in
this edition" page compares the previous edition's archived data package (data/editions/) with the
current one.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from csreport import paths
from csreport.data import record as deps
from csreport.data import schema


@dataclass(frozen=True)
class Version:
    """One version of the data package: its tables as text and the primary key of each."""

    label: str
    tables: dict[str, pd.DataFrame]
    keys: dict[str, list[str]]
    version: str | None = None  # the edition's `version` in datapackage.json, where it has one
    released: str | None = None  # its `created` date
    titles: dict[str, str] = field(default_factory=dict)  # each table's title, for readers


@dataclass
class TableChanges:
    table: str
    added: pd.DataFrame = field(default_factory=pd.DataFrame)  # rows new in this version
    removed: pd.DataFrame = field(default_factory=pd.DataFrame)  # rows gone from this version
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)  # id, column, old, new, sources
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    status: str = "changed"  # "changed", "new table" or "removed table"

    def empty(self) -> bool:
        return (
            self.status == "changed"
            and self.added.empty
            and self.removed.empty
            and self.cells.empty
            and not self.columns_added
            and not self.columns_removed
        )


def version_from_files(label: str, read) -> Version:
    """A version whose files are read by `read(path relative to data/) -> text`."""
    package = json.loads(read("datapackage.json"))
    resources = [
        schema.expand(r, json.loads(read(r["schema"])) if isinstance(r.get("schema"), str) else None)
        for r in package["resources"]
    ]
    tables, keys = {}, {}
    for res in resources:
        text = read(res["path"])
        tables[res["name"]] = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        keys[res["name"]] = res["schema"].get("primaryKey") or ["id"]
    titles = {res["name"]: res.get("title", res["name"]) for res in resources}
    return Version(label, tables, keys, package.get("version"), (package.get("created") or "")[:10] or None, titles)


def at_revision(ref: str) -> Version:
    """The data package as committed at git revision `ref`."""

    def read(path: str) -> str:
        done = subprocess.run(["git", "show", f"{ref}:data/{path}"], cwd=paths.ROOT, capture_output=True, text=True)
        if done.returncode:
            raise ValueError(f"git revision '{ref}': cannot read data/{path} ({done.stderr.strip()})")
        return done.stdout

    return version_from_files(ref, read)


def in_tree() -> Version:
    """The data package in the working tree (recorded as read, so a changed table re-runs the page)."""
    package = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8-sig"))
    deps.record_table(deps.ALL)
    for res in package["resources"]:
        deps.record_table(res["name"])
    return version_from_files("working tree", lambda path: (paths.DATA / path).read_text(encoding="utf-8-sig"))


def from_archive(path: Path) -> Version:
    """An archived edition's data package (a zip holding data/*.csv and data/datapackage.json)."""
    with zipfile.ZipFile(path) as zf:
        version = version_from_files(path.stem, lambda p: zf.read(f"data/{p}").decode("utf-8-sig"))
    # Editions archived before the data package recorded its version carry it in the file name.
    return version if version.version else replace(version, version=path.stem.rsplit("-", 1)[-1])


def previous_edition(current_version: str) -> Path | None:
    """The archive of the latest edition older than `current_version` in data/editions/, if any."""

    def number(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.stem.rsplit("-", 1)[-1].split("."))

    older = [p for p in paths.EDITIONS.glob("*.zip") if number(p) < tuple(int(x) for x in current_version.split("."))]
    return max(older, key=number) if older else None


def _indexed(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.set_index(key, drop=False).rename_axis(index=None)


def compare_table(name: str, old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> TableChanges:
    """Rows added and removed, and changed cells of the columns both versions have."""
    old_i, new_i = _indexed(old, key), _indexed(new, key)
    shared_cols = [c for c in new.columns if c in old.columns and c not in key]
    both = new_i.index.intersection(old_i.index)
    cells = []
    for ident in both:
        before, after = old_i.loc[ident], new_i.loc[ident]
        for col in shared_cols:
            if before[col] != after[col]:
                cells.append(
                    {
                        "id": ";".join(map(str, ident)) if isinstance(ident, tuple) else ident,
                        "column": col,
                        "old": before[col],
                        "new": after[col],
                        "sources": after.get("sources", ""),
                    }
                )
    return TableChanges(
        table=name,
        added=new_i.loc[new_i.index.difference(old_i.index, sort=False)].reset_index(drop=True),
        removed=old_i.loc[old_i.index.difference(new_i.index, sort=False)].reset_index(drop=True),
        cells=pd.DataFrame(cells, columns=["id", "column", "old", "new", "sources"]),
        columns_added=[c for c in new.columns if c not in old.columns],
        columns_removed=[c for c in old.columns if c not in new.columns],
    )


def compare(old: Version, new: Version) -> list[TableChanges]:
    """Every table's changes from `old` to `new`, in the order of the new data package."""
    out = []
    for name, frame in new.tables.items():
        if name not in old.tables:
            out.append(TableChanges(name, added=frame, status="new table"))
        else:
            out.append(compare_table(name, old.tables[name], frame, new.keys[name]))
    out += [
        TableChanges(name, removed=frame, status="removed table")
        for name, frame in old.tables.items()
        if name not in new.tables
    ]
    return [c for c in out if not c.empty()]


def summary_rows(changes: list[TableChanges]) -> pd.DataFrame:
    """One row per changed table: rows added, removed and corrected, columns added and removed."""
    return pd.DataFrame(
        [
            {
                "table": c.table,
                "status": c.status,
                "added": len(c.added),
                "removed": len(c.removed),
                "corrected": c.cells["id"].nunique() if not c.cells.empty else 0,
                "columns": "; ".join([f"+{col}" for col in c.columns_added] + [f"−{col}" for col in c.columns_removed]),
            }
            for c in changes
        ],
        columns=["table", "status", "added", "removed", "corrected", "columns"],
    )


def cell_rows(changes: list[TableChanges]) -> pd.DataFrame:
    """Every changed cell: table, row id, column, old and new text, and the row's sources."""
    frames = [c.cells.assign(table=c.table) for c in changes if not c.cells.empty]
    columns = ["table", "id", "column", "old", "new", "sources"]
    return pd.concat(frames)[columns].reset_index(drop=True) if frames else pd.DataFrame(columns=columns)


def row_rows(changes: list[TableChanges], which: str) -> pd.DataFrame:
    """The rows `which` ('added' or 'removed') in tables both versions have, with their sources.

    A table new (or gone) in this version is counted in `summary_rows`, not listed row by row.
    """
    frames = [
        getattr(c, which).reindex(columns=["id", "sources"]).assign(table=c.table)
        for c in changes
        if not getattr(c, which).empty and c.status == "changed"
    ]
    columns = ["table", "id", "sources"]
    return pd.concat(frames)[columns].reset_index(drop=True) if frames else pd.DataFrame(columns=columns)


def lines(changes: list[TableChanges]) -> list[str]:
    """The changes as plain text, table by table."""
    out = []
    for c in changes:
        out.append(
            f"{c.table} ({c.status}): {len(c.added)} added, {len(c.removed)} removed, "
            f"{c.cells['id'].nunique() if not c.cells.empty else 0} changed"
        )
        out += [f"  column added: {col}" for col in c.columns_added]
        out += [f"  column removed: {col}" for col in c.columns_removed]
        out += [f"  + {r.get('id', '')} [{r.get('sources', '')}]" for r in c.added.to_dict("records")]
        out += [f"  - {r.get('id', '')} [{r.get('sources', '')}]" for r in c.removed.to_dict("records")]
        out += [f"  {r.id}: {r.column} {r.old!r} → {r.new!r} [{r.sources}]" for r in c.cells.itertuples()]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m csreport.data.changes GIT-REVISION   (make changes SINCE=GIT-REVISION)")
        return 2
    try:
        changes = compare(at_revision(argv[0]), in_tree())
    except ValueError as exc:
        print(f"changes: {exc}")
        return 1
    print("\n".join(lines(changes)) or f"no change in the data since {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
