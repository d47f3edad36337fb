"""The build's shortcuts change no result: a numbered reference's look-up reads each page once,
and the timing extension does not count as extension code."""

import sys
import types

from csreport.sphinx import rebuild, speed


class Env:
    """Stands in for Sphinx's environment: counts the doctrees it unpickles."""

    def __init__(self):
        self.loads: list[str] = []
        self.toc_fignumbers = {"chapter": {"table": {"tab-a": (2, 1)}}}

    def get_doctree(self, docname):
        self.loads.append(docname)
        return types.SimpleNamespace(ids={"tab-a": f"node of {docname}"})


def test_each_page_is_unpickled_once_and_the_rest_of_the_environment_reads_through():
    env = Env()
    reader = speed._DoctreesReadOnce(env)
    first = reader.get_doctree("chapter")
    assert reader.get_doctree("chapter") is first
    assert reader.get_doctree("other").ids["tab-a"] == "node of other"
    assert env.loads == ["chapter", "other"]
    assert reader.toc_fignumbers["chapter"]["table"]["tab-a"] == (2, 1)


def test_the_timing_extension_is_left_out_of_the_extension_code_hash(monkeypatch):
    before = rebuild.extension_code()
    monkeypatch.setitem(sys.modules, "csreport.sphinx.profile", types.ModuleType("csreport.sphinx.profile"))
    sys.modules["csreport.sphinx.profile"].__file__ = rebuild.__file__
    assert rebuild.extension_code() == before
