"""A data change re-executes exactly the notebooks that read the changed table."""
import json

from csreport import cache, paths


def test_notebook_dependencies_are_found():
    assert cache.tables_read(paths.BOOK / "01_context.ipynb") >= {"ceec_membership"}
    assert cache.tables_read(paths.BOOK / "91_data.ipynb") is None  # the catalogue reads every table


def test_changing_a_table_marks_only_its_readers_stale(sandbox, monkeypatch):
    monkeypatch.setattr(cache, "DATA", sandbox / "data")
    monkeypatch.setattr(cache, "PACKAGE", sandbox / "data" / "datapackage.json")
    before, _ = cache.stale({})
    csv = sandbox / "data" / "ceec_membership.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Warsaw leaders' meeting", "Warsaw summit", 1),
                   encoding="utf-8")
    _, changed = cache.stale(before)
    readers = {nb for nb in before if cache.tables_read(cache.ROOT / nb) is None
               or "ceec_membership" in cache.tables_read(cache.ROOT / nb)}
    assert "book/01_context.ipynb" in changed
    assert set(changed) == readers
    assert "book/92_status.ipynb" not in changed


def test_unchanged_data_marks_nothing_stale():
    before, _ = cache.stale({})
    assert cache.stale(before)[1] == []
    assert json.dumps(before)  # fingerprints are plain strings
