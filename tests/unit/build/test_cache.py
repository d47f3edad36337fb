"""What an execution read is recorded, and a change to exactly those inputs makes it stale."""

import json
import os

import pytest

from csreport import data
from csreport.build import cache
from csreport.data import fingerprints, sources
from csreport.data import record as deps


@pytest.fixture
def recording(sandbox, monkeypatch):
    """Record into a fresh dependency file, as a kernel started by the build does."""
    notebook = sandbox / "book" / "nb.ipynb"
    monkeypatch.setenv(deps.ENV, str(cache.deps_file(notebook, sandbox)))
    deps.active()
    yield notebook
    monkeypatch.delenv(deps.ENV, raising=False)
    deps.stop()


def _tables(sandbox):
    package = json.loads((sandbox / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return package["resources"][0], package["resources"][1]


def _append(path, text="\n"):
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def _bib_entry(key: str, title: str) -> str:
    return (
        f"@online{{{key},\n  title = {{{title}}},\n  organization = {{Publisher}},\n  date = {{2020}},\n"
        f"  url = {{https://example.org/{key}}},\n  urldate = {{2026-01-01}}\n}}\n"
    )


def test_load_records_the_table_and_its_fingerprints(recording, sandbox):
    read, _ = _tables(sandbox)
    data.load(read["name"])
    record = cache.recorded(recording, sandbox)
    assert record["tables"] == [read["name"]]
    assert {f"data/{read['path']}", f"data/{read['schema']}", "data/datapackage.json"} <= record["inputs"].keys()
    assert not cache.is_stale(recording, sandbox)


def test_going_through_every_table_records_the_list_of_tables(recording, sandbox):
    data.catalogue()  # loads every table on the notebook's behalf
    assert set(cache.recorded(recording, sandbox)["tables"]) == set(data.names()) | {deps.ALL}
    package = sandbox / "data" / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "new_table", "path": "new_table.csv", "schema": "new_table.schema.json"})
    package.write_text(json.dumps(descriptor), encoding="utf-8")
    assert "data/datapackage.json#*" in cache.changed_inputs(recording, sandbox)


def test_no_recording_without_the_environment_variable(sandbox, monkeypatch):
    monkeypatch.delenv(deps.ENV, raising=False)
    data.load(_tables(sandbox)[0]["name"])
    assert not (sandbox / cache.DEPS_DIR).exists()


def test_a_changed_row_of_a_read_table_makes_it_stale(recording, sandbox):
    read, _ = _tables(sandbox)
    data.load(read["name"])
    _append(sandbox / "data" / read["path"])
    assert cache.is_stale(recording, sandbox)
    assert cache.changed_inputs(recording, sandbox) == [f"data/{read['path']}"]


def test_a_table_it_did_not_read_does_not(recording, sandbox):
    read, other = _tables(sandbox)
    data.load(read["name"])
    _append(sandbox / "data" / other["path"])
    description = sandbox / "data" / other["schema"]
    description.write_text(json.dumps(json.loads(description.read_text()) | {"title": "Another title"}))
    assert not cache.is_stale(recording, sandbox)


def test_the_description_file_and_the_package_fields_of_a_read_table_count(recording, sandbox):
    read, _ = _tables(sandbox)
    data.load(read["name"])
    description = sandbox / "data" / read["schema"]
    description.write_text(json.dumps(json.loads(description.read_text()) | {"title": "Another title"}))
    assert cache.changed_inputs(recording, sandbox) == [f"data/{read['schema']}"]
    package = sandbox / "data" / "datapackage.json"
    package.write_text(json.dumps(json.loads(package.read_text()) | {"cutoff": "1999-01-01"}), encoding="utf-8")
    assert "data/datapackage.json" in cache.changed_inputs(recording, sandbox)


def test_an_entry_read_counts_a_key_only_checked_counts_when_it_goes(recording, sandbox):
    bib = sandbox / "references.bib"
    _append(bib, _bib_entry("readentry2020", "Read") + _bib_entry("checkedkey2020", "Checked"))
    sources.entries.cache_clear()
    sources.publisher("readentry2020")  # a source line reads the entry's publisher
    assert "checkedkey2020" in sources.entries()  # a row's sources are only checked to exist
    assert not cache.is_stale(recording, sandbox)

    bib.write_text(bib.read_text(encoding="utf-8").replace("{Checked}", "{Checked, retitled}"), encoding="utf-8")
    _append(bib, _bib_entry("unrelated2020", "Another entry"))
    assert not cache.is_stale(recording, sandbox)

    bib.write_text(bib.read_text(encoding="utf-8").replace("{Read}", "{Read, retitled}"), encoding="utf-8")
    assert cache.changed_inputs(recording, sandbox) == ["references.bib#readentry2020"]
    bib.write_text(bib.read_text(encoding="utf-8").replace("checkedkey2020", "renamed2020"), encoding="utf-8")
    assert "references.bib?checkedkey2020" in cache.changed_inputs(recording, sandbox)


def test_any_other_file_read_and_any_folder_listed_are_inputs_and_writes_are_outputs(recording, sandbox):
    asset = sandbox / "assets" / "geo" / "boundaries.json"
    asset.parent.mkdir(parents=True)
    asset.write_text("{}")
    archives = sandbox / "data" / "editions"  # the sandbox copies the real archives
    asset.read_text()  # as csreport.report.geo reads the map's boundaries
    sorted(archives.glob("*.zip"))  # as the changes page looks for the previous edition
    figure = sandbox / "book" / "generated" / "fig.png"
    figure.parent.mkdir(parents=True)
    figure.write_bytes(b"png")
    figure.read_bytes()  # reading back what it wrote is not an input
    data.load(_tables(sandbox)[0]["name"])  # the record is written with the next table or cell
    record = cache.recorded(recording, sandbox)
    assert "assets/geo/boundaries.json" in record["files"] and "data/editions" in record["listings"]
    assert record["outputs"] == ["book/generated/fig.png"]
    assert not cache.is_stale(recording, sandbox)

    asset.write_text('{"type": "Topology"}')
    assert cache.changed_inputs(recording, sandbox) == ["assets/geo/boundaries.json"]
    asset.write_text("{}")
    (archives / "china-serbia-security-data-99.0.zip").write_bytes(b"")  # a name no real archive has
    assert cache.changed_inputs(recording, sandbox) == ["data/editions/"]


def test_the_versions_of_imported_packages_and_of_python_count(recording, sandbox, monkeypatch):
    data.load(_tables(sandbox)[0]["name"])
    record = cache.recorded(recording, sandbox)
    assert "pandas" in record["packages"] and "python" in record["inputs"]
    pandas = next(k for k in record["inputs"] if k.startswith("package:pandas"))
    provided = dict(fingerprints.distributions())
    provided["pandas"] = [("pandas", "0.0-other")]
    monkeypatch.setattr(fingerprints, "distributions", lambda: provided)
    assert cache.changed_inputs(recording, sandbox) == [pandas]


def test_a_recorded_module_counts_and_no_record_means_stale(sandbox):
    nb = sandbox / "book" / "nb.ipynb"
    assert cache.changed_inputs(nb, sandbox) == ["no record of what it read"]
    module = sandbox / "csreport" / "chapters" / "shared" / "part.py"
    module.parent.mkdir(parents=True)
    module.write_text("X = 1\n")
    record = {field: [] for field in deps.FIELDS} | {"modules": ["csreport/chapters/shared/part.py"]}
    record["inputs"] = fingerprints.inputs(record, sandbox)
    cache.deps_file(nb, sandbox).parent.mkdir(parents=True)
    cache.deps_file(nb, sandbox).write_text(json.dumps(record))
    assert not cache.is_stale(nb, sandbox)
    module.write_text("X = 2\n")
    assert cache.changed_inputs(nb, sandbox) == ["csreport/chapters/shared/part.py"]
    assert "csreport/chapters/shared/part.py" in cache.all_modules(sandbox)  # subpackages too


def test_the_book_executes_the_notebooks_of_its_table_of_contents_not_the_template(sandbox):
    book = sandbox / "book"
    book.mkdir()
    for name in ("index.md", "chapter.ipynb", "_template.ipynb"):
        (book / name).write_text("{}")
    (sandbox / "_toc.yml").write_text("format: jb-book\nroot: book/index\nchapters:\n- file: book/chapter\n")
    assert cache.notebooks(sandbox) == [book / "chapter.ipynb"]
    assert cache.all_notebooks(sandbox) == [book / "_template.ipynb", book / "chapter.ipynb"]


def _cached(sandbox, source="1 + 1", files=()):
    """A notebook cached as executed, with the files its execution wrote."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.main import NbArtifacts

    path = sandbox / "book" / "nb.ipynb"
    path.parent.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    nbformat.write(nb, path)
    executed = nbformat.read(path, as_version=4)
    executed.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    executed.cells[0].execution_count = 1
    store = get_cache(str(sandbox / cache.CACHE_DIR))
    written = []
    for name, content in files:
        target = sandbox / "book" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    store.cache_notebook_bundle(
        CacheBundleIn(executed, str(path), artifacts=NbArtifacts(written, in_folder=path.parent)),
        check_validity=False,
        overwrite=True,
    )
    return path, store


def test_invalidate_drops_the_cache_record_and_the_dependency_record(sandbox):
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    nb_path, store = _cached(sandbox)
    other = sandbox / "book" / "other.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("2 + 2")]), other)
    store.cache_notebook_bundle(
        CacheBundleIn(nbformat.read(other, as_version=4), str(other)), check_validity=False, overwrite=True
    )
    cache.deps_file(nb_path, sandbox).parent.mkdir(parents=True)
    cache.deps_file(nb_path, sandbox).write_text("{}")
    assert cache.invalidate(nb_path, sandbox) == 1
    assert not cache.deps_file(nb_path, sandbox).exists()
    assert [r.uri for r in store.list_cache_records()] == [str(other)]


def test_the_files_an_execution_wrote_come_back_as_it_wrote_them(sandbox):
    nb, store = _cached(sandbox, files=[("generated/fig.png", b"drawn"), ("generated/fig.csv", b"a,b")])
    figure = sandbox / "book" / "generated" / "fig.png"
    kept_time = figure.stat().st_mtime
    figure.write_bytes(b"drawn by another execution")  # as nbval would
    (sandbox / "book" / "generated" / "fig.csv").unlink()
    assert cache.restore(nb, sandbox) == ["book/generated/fig.csv", "book/generated/fig.png"]
    assert figure.read_bytes() == b"drawn" and (sandbox / "book" / "generated" / "fig.csv").read_bytes() == b"a,b"
    assert figure.stat().st_mtime <= kept_time + 1  # not newer than the cached execution: no re-read
    assert cache.restore(nb, sandbox) == []
    cached_time = figure.stat().st_mtime_ns
    figure.write_bytes(b"drawn")  # drawn again the same: kept, with the cached time back
    os.utime(figure, ns=(cached_time + 10**10, cached_time + 10**10))
    assert cache.restore(nb, sandbox) == [] and figure.stat().st_mtime_ns == cached_time


def test_a_file_two_notebooks_write_is_named(sandbox):
    for name in ("a", "b", "c"):
        record = {field: [] for field in deps.FIELDS} | {"inputs": {}}
        record["outputs"] = ["book/generated/shared.png"] if name != "c" else ["book/generated/own.png"]
        cache.deps_file(sandbox / "book" / f"{name}.ipynb", sandbox).parent.mkdir(parents=True, exist_ok=True)
        cache.deps_file(sandbox / "book" / f"{name}.ipynb", sandbox).write_text(json.dumps(record))
    notebooks = [sandbox / "book" / f"{n}.ipynb" for n in ("a", "b", "c")]
    assert cache.shared_outputs(notebooks, sandbox) == {"book/generated/shared.png": ["book/a.ipynb", "book/b.ipynb"]}


def test_outputs_are_written_back_and_the_notebook_still_matches_the_cache(sandbox):
    import nbformat

    from csreport.build import execute

    nb, store = _cached(sandbox)
    assert execute.write_back(nb, store)
    written = nbformat.read(nb, as_version=4)
    assert written.cells[0].outputs[0]["data"]["text/plain"] == "2" and written.cells[0].execution_count == 1
    assert written.cells[0].metadata["execution"]  # cells' metadata as they were
    assert cache.match(nb, sandbox) is not None  # the next build finds it: nothing runs again
    assert not execute.write_back(nb, store)  # current outputs: the file is not touched


def test_outputs_citing_an_entry_record_it(sandbox):
    import nbformat

    from csreport.build import execute

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output("display_data", {"text/markdown": "Sources: {cite:p}`a2020x,b2021y`."}),
        nbformat.v4.new_output("display_data", {"text/markdown": "{cite:t}`c2022z` and text"}),
    ]
    assert execute._cited(nb) == {"a2020x", "b2021y", "c2022z"}


def test_stop_ends_recording(recording, sandbox, monkeypatch):
    monkeypatch.delenv(deps.ENV)
    assert not deps.active()
    before = cache.deps_file(recording, sandbox).exists()
    data.load(_tables(sandbox)[0]["name"])
    assert cache.deps_file(recording, sandbox).exists() == before
    assert os.environ.get(deps.ENV) is None


def test_a_notebook_matches_its_cached_execution_however_its_file_splits_the_lines(sandbox):
    nb, store = _cached(sandbox, source="x = 1\ny = 2")
    data = json.loads(nb.read_text(encoding="utf-8"))
    data["cells"][0]["source"] = ["x = 1", "\ny = 2"]  # as an editor or script may write it
    nb.write_text(json.dumps(data), encoding="utf-8")
    assert cache.match(nb, sandbox, store) is not None


def test_the_installed_distributions_are_worked_out_once_per_process(monkeypatch):
    # A kernel asks after every cell (its record's packages); the listing is read once.
    listed = []
    stamp = fingerprints.installed()
    monkeypatch.setattr(fingerprints, "installed", lambda: listed.append(1) or stamp)
    fingerprints.distributions.cache_clear()
    try:
        assert fingerprints.distributions() is fingerprints.distributions()
        assert listed == [1]
    finally:
        fingerprints.distributions.cache_clear()
