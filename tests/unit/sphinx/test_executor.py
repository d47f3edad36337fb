"""`make html` starts the executor before jupyter-book loads; the build takes that one over, once."""

import itertools

from csreport.sphinx import executor


def test_the_build_takes_over_the_executor_started_early_for_its_folder_once(tmp_path, monkeypatch):
    launched = []
    numbers = itertools.count()
    monkeypatch.setattr(executor, "_launch", lambda srcdir: launched.append(srcdir) or next(numbers))
    executor.start_early(str(tmp_path / "book" / ".."))
    assert executor.start(str(tmp_path / "elsewhere")) == 1  # another book: its own executor
    assert executor.start(str(tmp_path)) == 0  # the one started early
    assert executor.start(str(tmp_path)) == 2  # a second build in the same process starts its own
    assert len(launched) == 3
