"""Bibliography entries are complete and source lines name publishers, not keys."""

from csreport.data import check, sources


def test_bibliography_entries_complete():
    assert sources.problems() == []


def test_source_line_names_publishers():
    line = sources.source_line(["err2022baltics", "scmp2022baltics", "err2022baltics"])
    assert line == "Sources: ERR News; South China Morning Post."
    assert "2022" not in line


def test_frictionless_validates_package():
    assert check.frictionless_problems() == []


def test_source_line_caps_publishers(monkeypatch):
    fake = {"a1": "Alpha", "a2": "Alpha", "b1": "Beta", "c1": "Gamma", "d1": "Delta"}
    monkeypatch.setattr(sources, "publisher", fake.get)
    monkeypatch.setattr(sources, "is_low_reliability", lambda key: False)
    assert sources.source_line(["b1", "a1", "a2"], cap=2) == "Sources: Beta; Alpha."
    # Over the cap: the most cited publishers are named, in order of first use, the rest counted
    line = sources.source_line(["b1", "c1", "a1", "a2", "d1"], cap=2)
    assert line == "Sources: Beta; Alpha; and 2 other publishers (all in the citations below)."
    assert sources.source_line(["b1", "a1", "c1"], cap=2).endswith(
        "; and 1 other publisher (all in the citations below)."
    )
