"""The executor's scheduling: the longest expected notebook waiting starts first, JOBS run at once
at most, and a lone stale notebook runs in the worker started first, whose kernel is ready."""

import os
import time
from pathlib import Path

import pytest

from csreport import paths
from csreport.build import execute, kernels

NOTEBOOKS = [paths.ROOT / "book" / f"_scheduling_{name}.ipynb" for name in "abcd"]


def _prepared(folder: str):
    def prepare(profile: bool) -> None:
        Path(folder, str(os.getpid())).touch()

    return prepare


def _run(path: str, timeout: int, profile: bool) -> kernels.Result:
    started = time.time()
    time.sleep(0.3)
    return kernels.Result(path, 0.3, executed=True, profile={"pid": os.getpid(), "from": started, "to": time.time()})


@pytest.fixture
def fake_kernels(tmp_path, monkeypatch):
    """Workers that start no kernel (they note their process) and notebooks that only wait."""
    monkeypatch.setattr(kernels, "prepare", _prepared(str(tmp_path)))
    monkeypatch.setattr(kernels, "execute", _run)
    return tmp_path


def _results(jobs: int, notebooks: list[Path], timings: dict) -> list[kernels.Result]:
    with execute._Workers(jobs, False, timings, log=lambda _: None) as workers:
        workers.add(notebooks)
        return list(workers.results())


def test_the_longest_expected_notebook_waiting_starts_first(fake_kernels):
    timings = {paths.rel(nb): seconds for nb, seconds in zip(NOTEBOOKS, [1.0, 3.0, 2.0, 0.5])}
    order = [r.notebook for r in _results(1, NOTEBOOKS, timings)]
    assert order == [paths.rel(NOTEBOOKS[i]) for i in (1, 2, 0, 3)]


def test_no_more_than_jobs_notebooks_execute_at_once(fake_kernels):
    results = _results(2, NOTEBOOKS, {paths.rel(nb): 1.0 for nb in NOTEBOOKS})
    spans = [(r.profile["from"], r.profile["to"]) for r in results]
    at_once = max(sum(start <= moment < end for start, end in spans) for moment, _ in spans)
    assert at_once == 2
    assert len({r.profile["pid"] for r in results}) == 2


def test_a_lone_stale_notebook_runs_in_the_worker_started_first(fake_kernels):
    results = _results(2, NOTEBOOKS[:1], {paths.rel(NOTEBOOKS[0]): 1.0})
    started = [int(p.name) for p in fake_kernels.iterdir()]
    assert started == [results[0].profile["pid"]]  # one worker, prepared before the notebook came


class _Provisioner:
    def __init__(self, process):
        self.process = process


class _Manager:
    """A kernel manager whose kernel is a process in a session of its own, as jupyter_client starts one."""

    def __init__(self, process):
        self.provisioner, self.has_kernel = _Provisioner(process), False


def _ended(pid: int) -> bool:
    """Within a second, the process is gone, or dead and waiting to be reaped (by whichever
    process adopted it)."""
    for _ in range(100):
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in "ZX":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.01)
    return False


def test_a_kernel_ends_at_once_with_its_process_group_and_only_once(tmp_path, monkeypatch):
    import signal
    import subprocess

    child = tmp_path / "child"
    process = subprocess.Popen(["sh", "-c", f"sleep 30 & echo $! > {child}; wait"], start_new_session=True)
    while not child.is_file() or not child.read_text().strip():
        time.sleep(0.01)
    kernel = kernels.Kernel(_Manager(process), "python3", paths.BOOK, None, profile=False)
    started = time.perf_counter()
    kernel.end()
    assert process.returncode == -signal.SIGKILL and time.perf_counter() - started < 0.5
    assert _ended(int(child.read_text()))  # the group's other process (the sleep) ended too
    signals = []
    monkeypatch.setattr(os, "killpg", lambda *args: signals.append(args))
    kernel.end()  # reaped: its pid may be another process's by now, so nothing is sent
    assert signals == []
