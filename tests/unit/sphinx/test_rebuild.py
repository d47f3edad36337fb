"""An edit to the project's Sphinx extensions, or to the code they run, changes the hash that
rebuilds the environment."""

import os
import sys
import types

from csreport.sphinx import executor, rebuild


def test_the_extension_code_hash_follows_every_loaded_csreport_module(tmp_path, monkeypatch):
    module_file = tmp_path / "extension.py"
    module_file.write_text("MARK = 'A'\n")
    module = types.ModuleType("csreport.sphinx.stand_in")
    module.__file__ = str(module_file)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    before = rebuild.extension_code()
    assert rebuild.extension_code() == before
    module_file.write_text("MARK = 'B'\n")
    assert rebuild.extension_code() != before


def test_jobs_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CSREPORT_JOBS", "3")
    assert executor.jobs() == 3
    monkeypatch.setenv("CSREPORT_JOBS", "not a number")
    assert executor.jobs() == (os.cpu_count() or 1)


def test_the_static_digest_follows_the_names_and_contents_of_the_static_files(tmp_path):
    static = tmp_path / "assets" / "html"
    static.mkdir(parents=True)
    (static / "report.css").write_text("p { color: black; }")
    first = rebuild.static_digest(str(tmp_path), ["assets/html"])
    assert rebuild.static_digest(str(tmp_path), ["assets/html"]) == first
    (static / "report.css").write_text("p { color: navy; }")
    edited = rebuild.static_digest(str(tmp_path), ["assets/html"])
    (static / "report.css").rename(static / "site.css")
    assert len({first, edited, rebuild.static_digest(str(tmp_path), ["assets/html"])}) == 3


def test_the_extension_code_hash_follows_modules_not_yet_imported_but_not_the_chapters(tmp_path, monkeypatch):
    """An extension may import a module only when it reads a page (the build-status page's tables):
    an edit to it still re-renders the pages; the chapters' code runs only in kernels."""
    package = tmp_path / "csreport"
    for name in ("__init__.py", "report/stand_in.py", "chapters/stand_in.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("MARK = 'A'\n")
    stand_in = types.ModuleType("csreport")
    stand_in.__file__ = str(package / "__init__.py")
    monkeypatch.setitem(sys.modules, "csreport", stand_in)
    before = rebuild.extension_code()
    (package / "chapters" / "stand_in.py").write_text("MARK = 'B'\n")
    assert rebuild.extension_code() == before
    (package / "report" / "stand_in.py").write_text("MARK = 'B'\n")
    assert rebuild.extension_code() != before
