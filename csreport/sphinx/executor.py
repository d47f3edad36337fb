"""Sphinx extension, first in the extension list: the build's executor (`python -m csreport.build`)
starts in a process of its own as soon as Sphinx loads its extensions, so that the kernels start
and run while Sphinx loads the other extensions, its configuration and its environment (about a
second of every build that executes a notebook, measured with `make bench`).
`csreport.sphinx.rebuild` waits for it when the builder starts; its log joins the build's, and a
failing cell ends the build with the executor's summary. With `CSREPORT_EXECUTE=off` (`make test`)
nothing starts.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys


def jobs() -> int:
    try:
        return max(1, int(os.environ.get("CSREPORT_JOBS", "")))
    except ValueError:
        return os.cpu_count() or 1


def command(profile: bool) -> list[str]:
    return [sys.executable, "-m", "csreport.build", "-j", str(jobs()), *(["--profile"] if profile else [])]


def start(srcdir: str) -> subprocess.Popen | None:
    if os.environ.get("CSREPORT_EXECUTE") == "off":
        return None
    process = subprocess.Popen(
        command(bool(os.environ.get("CSREPORT_PROFILE"))),
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


def setup(app):
    app.csreport_executor = start(str(app.srcdir))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
