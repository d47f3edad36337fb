"""What an execution read is recorded, and a change to exactly those inputs makes it stale."""

import json

import nbformat
import pytest

from csreport import data
from csreport.build import cache
from csreport.data import record as deps


@pytest.fixture
def recording(sandbox, tmp_path, monkeypatch):
    """Record into a fresh dependency file, as a kernel started by the build does."""
    target = cache.deps_file(sandbox / "book" / "nb.ipynb", sandbox)
    monkeypatch.setenv(deps.ENV, str(target))
    monkeypatch.setattr(deps, "_tables", set())
    monkeypatch.setattr(deps, "_modules", set())
    monkeypatch.setattr(deps, "_state", {"target": None, "hooked": True})
    return sandbox / "book" / "nb.ipynb"


def _first_table(sandbox):
    package = json.loads((sandbox / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return package["resources"][0], package["resources"][1]


def test_load_records_the_table_and_its_fingerprints(recording, sandbox):
    read, _ = _first_table(sandbox)
    data.load(read["name"])
    record = cache.recorded(recording, sandbox)
    assert record["tables"] == [read["name"]]
    assert f"data/{read['path']}" in record["inputs"]
    assert "references.bib" in record["inputs"] and "data/datapackage.json" in record["inputs"]
    assert not cache.is_stale(recording, sandbox)


def test_tables_read_through_shared_code_are_recorded(recording, sandbox):
    data.catalogue()  # loads every table on the notebook's behalf
    assert set(cache.recorded(recording, sandbox)["tables"]) == set(data.names())


def test_no_recording_without_the_environment_variable(sandbox, monkeypatch):
    monkeypatch.delenv(deps.ENV, raising=False)
    monkeypatch.setattr(deps, "_state", {"target": None, "hooked": True})
    data.load(_first_table(sandbox)[0]["name"])
    assert not (sandbox / cache.DEPS_DIR).exists()


def test_a_changed_row_of_a_read_table_makes_it_stale(recording, sandbox):
    read, _ = _first_table(sandbox)
    data.load(read["name"])
    with (sandbox / "data" / read["path"]).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert cache.is_stale(recording, sandbox)
    assert cache.changed_inputs(recording, sandbox) == [f"data/{read['path']}"]


def test_a_table_it_did_not_read_does_not(recording, sandbox):
    read, other = _first_table(sandbox)
    data.load(read["name"])
    with (sandbox / "data" / other["path"]).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    description = sandbox / "data" / other["schema"]
    description.write_text(json.dumps(json.loads(description.read_text()) | {"title": "Another title"}))
    assert not cache.is_stale(recording, sandbox)


def test_the_description_file_of_a_read_table_and_the_bibliography_count(recording, sandbox):
    read, _ = _first_table(sandbox)
    data.load(read["name"])
    description = sandbox / "data" / read["schema"]
    description.write_text(json.dumps(json.loads(description.read_text()) | {"title": "Another title"}))
    assert cache.changed_inputs(recording, sandbox) == [f"data/{read['schema']}"]
    package = sandbox / "data" / "datapackage.json"
    package.write_text(json.dumps(json.loads(package.read_text()) | {"cutoff": "1999-01-01"}), encoding="utf-8")
    with (sandbox / "references.bib").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert "references.bib" in cache.changed_inputs(recording, sandbox)
    assert "data/datapackage.json" in cache.changed_inputs(recording, sandbox)


def test_a_recorded_module_counts_and_no_record_means_stale(sandbox):
    nb = sandbox / "book" / "nb.ipynb"
    assert cache.is_stale(nb, sandbox)  # never executed with recording: depends on everything
    module = sandbox / "csreport" / "shared.py"
    module.parent.mkdir()
    module.write_text("X = 1\n")
    record = {
        "tables": [],
        "modules": ["csreport/shared.py"],
        "inputs": deps.inputs([], ["csreport/shared.py"], sandbox),
    }
    cache.deps_file(nb, sandbox).parent.mkdir(parents=True)
    cache.deps_file(nb, sandbox).write_text(json.dumps(record))
    assert not cache.is_stale(nb, sandbox)
    module.write_text("X = 2\n")
    assert cache.changed_inputs(nb, sandbox) == ["csreport/shared.py"]


def test_invalidate_drops_the_cache_record_and_the_dependency_record(sandbox):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    nb_path = sandbox / "book" / "nb.ipynb"
    nb_path.parent.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nbformat.write(nb, nb_path)
    other = sandbox / "book" / "other.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("2 + 2")]), other)
    store = get_cache(str(sandbox / cache.CACHE_DIR))
    for path in (nb_path, other):
        store.cache_notebook_bundle(
            CacheBundleIn(nbformat.read(path, as_version=4), str(path)), check_validity=False, overwrite=True
        )
    cache.deps_file(nb_path, sandbox).parent.mkdir(parents=True)
    cache.deps_file(nb_path, sandbox).write_text("{}")
    assert cache.invalidate(nb_path, sandbox) == 1
    assert not cache.deps_file(nb_path, sandbox).exists()
    assert [r.uri for r in store.list_cache_records()] == [str(other)]
