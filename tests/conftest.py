"""Shared fixtures: a throw-away project tree that the whole package reads instead of the real one."""

import shutil

import pytest

from csreport import paths


@pytest.fixture
def use_tree():
    """Point the package at another project tree (`use_tree(root)`) for one test, then back."""
    real = paths.ROOT
    yield paths.use
    paths.use(real)


@pytest.fixture
def sandbox(tmp_path, use_tree):
    """A copy of data/ and references.bib that the package reads instead of the real ones."""
    root = tmp_path / "project"
    shutil.copytree(paths.DATA, root / "data")
    shutil.copy(paths.BIBLIOGRAPHY, root / "references.bib")
    use_tree(root)
    return root
