"""Shared fixtures: a throw-away copy of the data package for tests that break data on purpose."""

import shutil

import pytest

from csreport import data, paths, sources


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A copy of data/ and references.bib that the loader reads instead of the real ones."""
    root = tmp_path / "project"
    shutil.copytree(paths.DATA, root / "data")
    shutil.copy(paths.BIBLIOGRAPHY, root / "references.bib")
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(data, "DATA", root / "data")
    monkeypatch.setattr(data, "PACKAGE", root / "data" / "datapackage.json")
    monkeypatch.setattr(sources, "BIBLIOGRAPHY", root / "references.bib")
    for cached in (data.package, data._load, sources.entries):
        cached.cache_clear()
    yield root
    for cached in (data.package, data._load, sources.entries):
        cached.cache_clear()
