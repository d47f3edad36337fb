"""Editions: release rhythms, the changelog of facts, the citation file (logic on small inline data)."""

import io
import os
import shutil
import subprocess

import pandas as pd
import pytest

from csreport import paths
from csreport.build import edition
from csreport.data import changes, releases
from csreport.paths import ROOT


def schedule(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype={"last_release": str, "update_period_days": "Int64"})


SCHEDULE = """id,short_name,update_period_days,last_release
yearly_day,a,365,2025-04-28
yearly_month,b,365,2024-10
twice,c,182,2026-06-01
irregular,d,,2024
"""


def test_next_release_counts_from_the_first_day_of_the_last_release():
    expected = releases.next_expected(schedule(SCHEDULE))
    assert expected.tolist()[:3] == [pd.Timestamp("2026-04-28"), pd.Timestamp("2025-10-01"), pd.Timestamp("2026-11-30")]
    assert pd.isna(expected.iloc[3])  # no rhythm, no expected date


def test_a_series_is_due_once_its_next_release_date_has_passed():
    frame = schedule(SCHEDULE)
    assert releases.due(frame, pd.Timestamp("2025-09-30"))["id"].tolist() == []
    assert releases.due(frame, pd.Timestamp("2025-10-02"))["id"].tolist() == ["yearly_month"]
    assert releases.due(frame, pd.Timestamp("2026-12-01"))["id"].tolist() == ["yearly_month", "yearly_day", "twice"]


def test_release_warnings_never_fail(capsys):
    assert releases.main(pd.Timestamp("2100-01-01")) == 0
    assert "warning: data/release_schedule.csv" in capsys.readouterr().out


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_a_changed_cell_reads_id_column_old_and_new():
    old = frame("id,value,sources\na1,10,k1\na2,20,k2\na3,30,k3\n")
    new = frame("id,value,sources,label\na1,10,k1,x\na2,25,k2;k9,y\na4,40,k4,z\n")
    c = changes.compare_table("t", old, new, ["id"])
    assert c.added["id"].tolist() == ["a4"] and c.removed["id"].tolist() == ["a3"]
    assert c.columns_added == ["label"] and c.columns_removed == []
    # the new column is reported once, not as a change in every row; 'sources' changes are changes
    assert c.cells.to_dict("records") == [
        {"id": "a2", "column": "value", "old": "20", "new": "25", "sources": "k2;k9"},
        {"id": "a2", "column": "sources", "old": "k2", "new": "k2;k9", "sources": "k2;k9"},
    ]
    assert "  a2: value '20' → '25' [k2;k9]" in changes.lines([c])


def test_unchanged_tables_are_left_out_and_new_tables_listed_whole():
    same = frame("id,value,sources\na1,1,k\n")
    old = changes.Version("old", {"t": same}, {"t": ["id"]})
    new = changes.Version("new", {"t": same, "u": same}, {"t": ["id"], "u": ["id"]})
    diff = changes.compare(old, new)
    assert [(c.table, c.status, len(c.added)) for c in diff] == [("u", "new table", 1)]
    assert changes.summary_rows(diff).loc[0, "added"] == 1


def test_the_previous_edition_is_the_newest_older_archive(tmp_path, monkeypatch):
    for v in ("0.1", "0.2", "0.10", "1.0"):
        (tmp_path / f"china-serbia-security-data-{v}.zip").write_bytes(b"")
    monkeypatch.setattr(paths, "EDITIONS", tmp_path)
    assert changes.previous_edition("0.10").stem.endswith("-0.2")
    assert changes.previous_edition("0.11").stem.endswith("-0.10")
    assert changes.previous_edition("0.1") is None


def test_citation_file_is_valid_and_matches_the_edition():
    cff = edition.citation()
    assert cff["cff-version"] == "1.2.0"
    assert edition.mismatches(edition.current(), cff) == []
    assert f"Version {edition.current().version}," in edition.how_to_cite(edition.current(), cff)


def test_a_citation_that_disagrees_with_the_data_package_is_reported():
    ed = edition.Edition("0.3", pd.Timestamp("2027-03-01").date(), pd.Timestamp("2027-02-20").date())
    cff = {
        "version": "0.2",
        "date-released": "2027-03-01",
        "preferred-citation": {"version": "0.3", "date-released": "2027-02-01"},
    }
    problems = edition.mismatches(ed, cff)
    assert len(problems) == 2
    assert "version 0.2 is not the data package's 0.3" in problems[0]
    assert "preferred-citation: date-released 2027-02-01" in problems[1]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_make_changes_names_table_row_column_old_and_new(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    path = clone / "data" / "release_schedule.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = lines[1].split(",")
    old = row[5]
    row[5] = str(int(old) + 1)  # update_period_days of the first series
    lines[1] = ",".join(row)
    path.write_text("".join(lines), encoding="utf-8")
    git = ["git", "-C", str(clone), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run(git + ["commit", "-qam", "a correction"], check=True)
    env = {**os.environ, "PYTHONPATH": str(clone)}
    done = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "changes", "SINCE=HEAD~1"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "release_schedule (changed): 0 added, 0 removed, 1 changed" in done.stdout
    assert f"  {row[0]}: update_period_days '{old}' → '{int(old) + 1}'" in done.stdout
