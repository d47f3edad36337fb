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
