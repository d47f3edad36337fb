"""The executor's workers (`csreport.build.execute`): each runs one notebook at a time in a fresh
kernel, and starts the kernel for its next notebook as soon as it is free.

A worker starts its first kernel when it starts, before the executor knows which notebook is stale,
and the next one after each notebook. A notebook found stale then finds its kernel ready: the
kernel's own start (about 0.6 s on two cores) and the worker's imports pass while the executor
checks the cache, not after. Each kernel still runs one notebook only, and a worker holds one
kernel at a time, so JOBS kernels at most exist at once. What a kernel needs to know of its
notebook is given when the notebook comes: the record of what it reads goes to a file of the
kernel's own, moved to the notebook's record afterwards. A notebook in another folder, or for
another kernel, gets a kernel started for it.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing import util
from pathlib import Path

from csreport import paths
from csreport.build import cache
from csreport.data import record as deps

KERNEL = "python3"  # the kernel the book's notebooks ask for
PROFILE = "profile.json"  # in the kernel's folder: where its time went (csreport.build.profile)
RECORD = "record.json"  # in the kernel's folder: what its notebook read


@dataclass
class Result:
    notebook: str
    seconds: float
    executed: object = None  # the executed NotebookNode, on success
    traceback: str = ""
    summary: str = ""
    profile: dict = field(default_factory=dict)


@dataclass
class Kernel:
    """A started kernel, its working folder and the folder of its sockets and files."""

    manager: object
    name: str
    cwd: Path
    folder: tempfile.TemporaryDirectory
    profile: bool

    @property
    def scratch(self) -> Path:
        return Path(self.folder.name)

    def fits(self, name: str, cwd: Path, profile: bool) -> bool:
        return (self.name, self.cwd, self.profile) == (name, cwd, profile)

    def end(self) -> None:
        """End the kernel's processes at once: its outputs and record are in. jupyter_client's own
        forced shutdown polls for the end every 0.1 s; the kernel is killed and reaped here first,
        so that its bookkeeping finds it ended (0.1 s less per notebook, and before the result)."""
        process = getattr(self.manager.provisioner, "process", None)
        if process is not None and process.poll() is None:  # not reaped yet: its pid is still its own
            os.killpg(process.pid, signal.SIGKILL)  # the kernel leads a process group of its own
            process.wait()
        if self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)

    def stop(self) -> None:
        self.end()
        self.folder.cleanup()


_next: list[Kernel] = []  # the kernel this worker started for its next notebook


def start_kernel(name: str, cwd: Path, profile: bool) -> Kernel:
    """A fresh kernel that records what it reads into its own folder. Local IPC sockets instead of
    TCP ports: nothing listens on the network, and the kernel has no reason to warn about it."""
    from jupyter_client.manager import KernelManager

    folder = tempfile.TemporaryDirectory(prefix="csreport-kernel-")
    scratch = Path(folder.name)
    env = {k: v for k, v in os.environ.items() if k != "CSREPORT_PROFILE"} | {deps.ENV: str(scratch / RECORD)}
    # As nbclient starts a kernel: IPython's history in memory, not in a file of the home folder.
    extra = ["--HistoryManager.hist_file=:memory:"]
    if profile:
        env["CSREPORT_PROFILE"] = str(scratch / PROFILE)
        extra.append("--IPKernelApp.exec_lines=['import csreport.build.profile']")
    manager = KernelManager(kernel_name=name, transport="ipc", ip=str(scratch / "kernel"))
    manager.start_kernel(extra_arguments=extra, env=env, cwd=str(cwd))
    return Kernel(manager, name, cwd, folder, profile)


def _take_kernel(name: str, cwd: Path, profile: bool) -> Kernel:
    """The kernel started for this notebook beforehand when it fits, else a new one."""
    kernel = _next.pop() if _next else None
    if kernel is not None and kernel.fits(name, cwd, profile):
        return kernel
    if kernel is not None:
        kernel.stop()
    return start_kernel(name, cwd, profile)


def _discard_next() -> None:
    while _next:
        _next.pop().stop()


def prepare(profile: bool) -> None:
    """A worker's start (ProcessPoolExecutor's initializer): a kernel for its first notebook."""
    gc.enable()  # workers forked from a Sphinx build inherit its collector switched off (csreport.sphinx.speed)
    util.Finalize(None, _discard_next, exitpriority=10)  # when the worker ends, with the pool
    _next.append(start_kernel(KERNEL, paths.BOOK, profile))  # where the book's notebooks are


def failure_summary(nb, path: str, err) -> str:
    """Last lines of a failed build: where, what, and how to re-run only that notebook."""
    where = "an unknown cell"
    for number, cell in enumerate(nb.cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            where = f"cell {number} (first line: {first.strip()!r})"
            break
    message = f"{getattr(err, 'ename', type(err).__name__)}: {getattr(err, 'evalue', str(err))}"
    return f"FAILED {path}, {where}\n  {message}\n  re-run just this notebook: make execute NB={path}"


def _kernel_profile(scratch: Path, cells: float) -> dict:
    """Where the cells' time went inside the kernel (csreport.build.profile), and the rest."""
    try:
        inside = json.loads((scratch / PROFILE).read_text(encoding="utf-8"))["seconds"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        inside = {}
    return inside | {"analysis and other": cells - sum(inside.values())}


def _client(nb, kernel: Kernel, timeout: int, marks: dict):
    """A notebook client on the kernel, noting when the kernel was ready and each cell's time."""
    from nbclient import NotebookClient

    def ready(**_):
        marks["kernel"] = time.perf_counter() - marks["start"]

    def cell_started(**_):
        marks["cell"] = time.perf_counter()

    def cell_done(**_):
        marks["cells"] += time.perf_counter() - marks.pop("cell", time.perf_counter())

    return NotebookClient(
        nb,
        km=kernel.manager,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,  # cells' metadata stay as written: jupyter-cache hashes them
        on_notebook_start=ready,
        on_cell_execute=cell_started,
        on_cell_executed=cell_done,
    )


def _timings(marks: dict, seconds: float, kernel: Kernel) -> dict:
    timings = {"kernel start": marks.get("kernel", 0.0), "cells": marks["cells"]}
    timings["kernel stop"] = seconds - timings["kernel start"] - timings["cells"]
    if kernel.profile:
        timings |= _kernel_profile(kernel.scratch, timings["cells"])
    return {k: round(v, 3) for k, v in timings.items()}


def execute(path: str, timeout: int, profile: bool) -> Result:
    """Run one notebook in a fresh kernel and return it executed; then start the next kernel."""
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    notebook = paths.ROOT / path
    nb = nbformat.read(notebook, as_version=4)
    marks = {"start": time.perf_counter(), "cells": 0.0}
    kernel = _take_kernel(nb.metadata.get("kernelspec", {}).get("name", KERNEL), notebook.parent, profile)
    client, error = _client(nb, kernel, timeout, marks), None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        error = err
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        kernel.end()
        if (kernel.scratch / RECORD).is_file():
            cache.deps_file(notebook).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(kernel.scratch / RECORD, cache.deps_file(notebook))
        seconds = time.perf_counter() - marks["start"]
        timings = _timings(marks, seconds, kernel)
        kernel.stop()
        _next.append(start_kernel(kernel.name, kernel.cwd, profile))
    if error is not None:
        return Result(path, seconds, traceback=str(error), summary=failure_summary(nb, path, error), profile=timings)
    return Result(path, seconds, executed=nb, profile=timings)
