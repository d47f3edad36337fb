"""Execute the book's notebooks in parallel into Jupyter Book's execution cache (`make html` runs it).

    python -m csreport.build [-j JOBS] [NOTEBOOK ...]

First drops the cache records of the notebooks whose recorded inputs changed (`csreport.build.cache`),
then executes every notebook the cache has no result for, JOBS at a time (default: one per core),
each in its own kernel with `CSREPORT_DEPS` naming its dependency record. Results go into
jupyter-cache, where Jupyter Book (`execute_notebooks: cache`) finds them, keyed on code cells.
A failing cell stops the build: its traceback is printed, and last a summary naming the notebook,
the cell, the error and the command that re-runs just that notebook.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from csreport import paths
from csreport.build import cache
from csreport.data import record as deps

TIMINGS = "_build/deps/seconds.json"


@dataclass
class Result:
    notebook: str
    seconds: float
    executed: object = None  # the executed NotebookNode, on success
    traceback: str = ""
    summary: str = ""


def _failure_summary(nb, path: str, err) -> str:
    """Last lines of a failed build: where, what, and how to re-run only that notebook."""
    where = "an unknown cell"
    for number, cell in enumerate(nb.cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            where = f"cell {number} (first line: {first.strip()!r})"
            break
    message = f"{getattr(err, 'ename', type(err).__name__)}: {getattr(err, 'evalue', str(err))}"
    return f"FAILED {path}, {where}\n  {message}\n  re-run just this notebook: make execute NB={path}"


def _execute(path: str, timeout: int) -> Result:
    """Run one notebook in a fresh kernel (in a worker process) and return it executed."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution
    from jupyter_client.manager import KernelManager

    notebook = paths.ROOT / path
    os.environ[deps.ENV] = str(cache.deps_file(notebook))
    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="csreport-kernel-") as sockets:
        # Local IPC sockets instead of TCP ports: nothing listens on the network, and the
        # kernel has no reason to warn about unencrypted TCP.
        km = KernelManager(
            kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
            transport="ipc",
            ip=str(Path(sockets) / "kernel"),
        )
        try:
            result = single_nb_execution(nb, cwd=str(notebook.parent), timeout=timeout, allow_errors=False, km=km)
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=False)
    if result.err is not None:
        return Result(path, result.time, traceback=str(result.err), summary=_failure_summary(nb, path, result.err))
    return Result(path, result.time, executed=nb)


def _timeout() -> int:
    import yaml

    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return int((config.get("execute") or {}).get("timeout", 300))


def _store(result: Result, store) -> None:
    from jupyter_cache.base import CacheBundleIn

    notebook = paths.ROOT / result.notebook
    store.cache_notebook_bundle(
        CacheBundleIn(result.executed, str(notebook.resolve()), data={"execution_seconds": result.seconds}),
        check_validity=False,
        overwrite=True,
    )
    cache.complete_record(notebook)


def pending(notebooks: list[Path], store) -> list[Path]:
    """The notebooks the cache has no result for (after dropping stale ones)."""
    import nbformat

    todo = []
    for nb in notebooks:
        try:
            store.match_cache_notebook(nbformat.read(nb, as_version=4))
        except KeyError:
            todo.append(nb)
    return todo


def run(notebooks: list[Path], jobs: int, log=print) -> int:
    from jupyter_cache import get_cache

    cache.refresh(log=log)
    store = get_cache(str(paths.ROOT / cache.CACHE_DIR))
    timings_path = paths.ROOT / TIMINGS
    timings = json.loads(timings_path.read_text()) if timings_path.is_file() else {}
    todo = [paths.rel(nb) for nb in pending(notebooks, store)]
    if not todo:
        log("notebooks: all up to date in the execution cache")
        return 0
    todo.sort(key=lambda p: -timings.get(p, 1e6))  # longest first keeps the workers busy
    for path in todo:
        cache.deps_file(paths.ROOT / path).unlink(missing_ok=True)
    jobs = max(1, min(jobs, len(todo)))
    log(f"notebooks: executing {len(todo)} with {jobs} worker(s)")
    started, failures = time.perf_counter(), []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_execute, path, _timeout()) for path in todo]
        for done, future in enumerate(as_completed(futures), start=1):
            result = future.result()
            timings[result.notebook] = round(result.seconds, 1)
            if result.executed is None:
                failures.append(result)
                log(f"[{done}/{len(todo)}] {result.notebook}: FAILED after {result.seconds:.1f} s\n{result.traceback}")
                continue
            _store(result, store)
            log(f"[{done}/{len(todo)}] {result.notebook}: executed in {result.seconds:.1f} s")
    timings_path.parent.mkdir(parents=True, exist_ok=True)
    timings_path.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n")
    log(f"notebooks: done in {time.perf_counter() - started:.1f} s")
    for failure in failures:
        log(failure.summary)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    notebooks = [nb.resolve() for nb in args.notebooks] or cache.notebooks()
    return run(notebooks, args.jobs, log=lambda msg: print(msg, flush=True))


if __name__ == "__main__":
    sys.exit(main())
