"""Sphinx extension, first in the extension list: the build's executor (`python -m csreport.build`)
starts in a process of its own as soon as Sphinx loads its extensions, so that the kernels start
and run while Sphinx loads the other extensions, its configuration and its environment (about a
second of every build that executes a notebook, measured with `make bench`). `make html` and
`make pdf` start it earlier still, before jupyter-book and Sphinx load (csreport.sphinx.jupyterbook):
this extension then takes the executor started for its source folder.
`csreport.sphinx.rebuild` waits for it when the builder starts; its log joins the build's, a
failing cell ends the build with the executor's summary, and the records it writes say which
execution each page shows. With `CSREPORT_EXECUTE=off` (`make test`)
nothing starts.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from pathlib import Path

from csreport.build import execute


def jobs() -> int:
    try:
        return max(1, int(os.environ.get("CSREPORT_JOBS", "")))
    except ValueError:
        return os.cpu_count() or 1


def records(srcdir: str) -> Path:
    """Where the executor writes each notebook's cache record, for the build to read."""
    return Path(srcdir, execute.RECORDS)


def command(srcdir: str, profile: bool) -> list[str]:
    args = [sys.executable, "-m", "csreport.build", "-j", str(jobs()), "--records", str(records(srcdir))]
    return args + (["--profile"] if profile else [])


_early: dict[Path, subprocess.Popen] = {}  # started before Sphinx (csreport.sphinx.jupyterbook)


def start_early(srcdir: str) -> None:
    """Start the executor now, for the build of `srcdir` that this process runs next."""
    process = _launch(srcdir)
    if process is not None:
        _early[Path(srcdir).resolve()] = process


def start(srcdir: str) -> subprocess.Popen | None:
    """The executor of this build: the one started early for it, or one started now."""
    process = _early.pop(Path(srcdir).resolve(), None)
    return process if process is not None else _launch(srcdir)


def _launch(srcdir: str) -> subprocess.Popen | None:
    if os.environ.get("CSREPORT_EXECUTE") == "off":
        return None
    records(srcdir).unlink(missing_ok=True)  # only this run's records are read
    process = subprocess.Popen(
        command(srcdir, bool(os.environ.get("CSREPORT_PROFILE"))),
        cwd=srcdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    atexit.register(lambda: process.poll() is None and process.kill())  # a build that failed early
    return process


def wait(process: subprocess.Popen, log) -> int:
    """Pass the executor's lines to `log` as they come; its exit status."""
    assert process.stdout is not None
    for line in process.stdout:
        log(line.rstrip("\n"))
    return process.wait()


def executions(srcdir: str) -> dict[str, tuple]:
    """The record of the execution each notebook's page will show, as the executor wrote it."""
    return {nb: tuple(record) for nb, record in json.loads(records(srcdir).read_text(encoding="utf-8")).items()}


def setup(app):
    app.csreport_executor = start(str(app.srcdir))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
