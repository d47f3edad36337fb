"""The executor hands the build each notebook's cache record through a file: what it writes is what
the build reads, and a notebook without a record is left out."""

import json
import types
from datetime import datetime
from pathlib import Path

from csreport.build import execute
from csreport.sphinx import executor


def test_the_records_the_executor_writes_are_the_executions_the_build_reads(tmp_path):
    done = types.SimpleNamespace(pk=7, created=datetime(2026, 12, 7, 14, 30))
    found = {Path(tmp_path / "book" / "a.ipynb"): done, Path(tmp_path / "book" / "b.ipynb"): None}
    written = execute.records_json(found)
    assert written == {str((tmp_path / "book" / "a.ipynb").resolve()): [7, "2026-12-07T14:30:00"]}
    path = executor.records(str(tmp_path))
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(written), encoding="utf-8")
    assert executor.executions(str(tmp_path)) == {
        str((tmp_path / "book" / "a.ipynb").resolve()): (7, "2026-12-07T14:30:00")
    }


def test_the_executor_is_asked_for_its_records(tmp_path):
    command = executor.command(str(tmp_path), profile=False)
    assert command[command.index("--records") + 1] == str(executor.records(str(tmp_path)))
    assert "--profile" not in command and "--profile" in executor.command(str(tmp_path), profile=True)
