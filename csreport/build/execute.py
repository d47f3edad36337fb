"""The one execution path: execute what is stale, in parallel, into the execution cache; on request
write the outputs back into the notebooks (for nbval and review).

    python -m csreport.build [-j JOBS] [--write] [--profile] [NOTEBOOK ...]

`make html` and `make pdf` run it without `--write`: it drops the cache records of the notebooks
whose recorded inputs changed (`csreport.build.cache`), then executes every notebook of the book
(_toc.yml) that the cache has no result for, JOBS at a time (default: one per core), each in a
fresh kernel that records what it reads (`csreport.data.record`). A notebook starts as soon as it
is found stale and a worker is free, the longest expected first among those waiting; the newest
files are checked first, so that an edited notebook runs while the rest are checked, in a kernel
its worker started beforehand (`csreport.build.kernels`). The notebooks found current have their
files put back meanwhile. Results go
into jupyter-cache, where Jupyter Book (`execute_notebooks: cache`) finds them, keyed on code
cells, together with the files the execution wrote under book/ (figures, CSV downloads), which are
put back under book/ whenever the copies there differ or are missing.

`make execute` runs it with `--write` over every notebook under book/ (the chapter template
included, which the book itself never executes): the same stale ones execute, then each notebook
whose committed outputs differ from its cached execution is rewritten with them (outputs and
execution counts only), so that strict nbval passes. Nothing is chosen by hand and nothing runs twice.

A failing cell stops the build: its traceback is printed, and last a summary naming the notebook,
the cell, the error and the command that re-runs just that notebook. `--profile` measures, inside
each kernel, where its time goes (`csreport.build.profile`), for `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from csreport import paths
from csreport.build import cache, kernels
from csreport.data import fingerprints

TIMINGS = "_build/deps/seconds.json"
RECORDS = "_build/deps/executions.json"  # each notebook's cache record, for the build (--records)
PROFILE = "_build/deps/profile.json"
CITE = r"\{(?:cite|footcite)(?::[a-z]+)?\}`([^`]+)`"  # citation roles in the outputs' MyST


def _expected_seconds(path: str, timings: dict) -> float:
    """The last execution's seconds; without one (a clean build), its number of code cells,
    which orders this book's notebooks about as their times do."""
    if path in timings:
        return timings[path]
    cells = json.loads((paths.ROOT / path).read_text(encoding="utf-8")).get("cells", [])
    return 0.4 * sum(1 for cell in cells if cell.get("cell_type") == "code")


def _timeout() -> int:
    import yaml

    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return int((config.get("execute") or {}).get("timeout", 300))


def _cited(nb) -> set[str]:
    """The bibliography keys the outputs cite (their MyST citation roles)."""
    import re

    keys = set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for value in output.get("data", {}).values():
                text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else ""
                for found in re.findall(CITE, text):
                    keys.update(k.strip() for k in found.split(",") if k.strip())
    return {k for k in keys if k}


def _finish_record(notebook: Path, executed) -> dict:
    """The execution's record, completed with the entries its outputs cite."""
    cache.complete_record(notebook)
    record = cache.recorded(notebook)
    cited = _cited(executed) - set(record["entries"])
    if cited:
        record["entries"] = sorted(set(record["entries"]) | cited)
        record["inputs"].update(fingerprints.key_inputs(cited))
        record["inputs"] = dict(sorted(record["inputs"].items()))
        cache.deps_file(notebook).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


def _store(result: kernels.Result, store):
    """Cache the executed notebook, with the files it wrote under book/ (figures, downloads); its
    cache record."""
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.main import NbArtifacts

    notebook = paths.ROOT / result.notebook
    record = _finish_record(notebook, result.executed)
    written = [paths.ROOT / p for p in record["outputs"] if (paths.ROOT / p).is_file()]
    return store.cache_notebook_bundle(
        CacheBundleIn(
            result.executed,
            str(notebook.resolve()),
            artifacts=NbArtifacts(written, in_folder=notebook.parent),
            data={"execution_seconds": round(result.seconds, 2)},
        ),
        check_validity=False,
        overwrite=True,
    )


def write_back(notebook: Path, store) -> bool:
    """Write the cached execution's outputs into the notebook file when they differ from its
    committed ones; True when the file was rewritten. Only outputs and execution counts change:
    cells' metadata stay as written (a notebook whose outputs are current is not touched)."""
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    found = cache.match(notebook, store=store)
    if found is None:
        return False
    _, merged = store.merge_match_into_notebook(cache._read(notebook), nb_meta=("kernelspec", "language_info"))
    text = nbformat.writes(merged)
    text += "" if text.endswith("\n") else "\n"
    if notebook.read_text(encoding="utf-8") == text:
        return False
    bundle = store.get_cache_bundle(found.pk)
    notebook.write_text(text, encoding="utf-8")
    if cache.match(notebook, store=store) is None:  # cells' metadata changed: keep it under the new code
        store.cache_notebook_bundle(
            CacheBundleIn(merged, str(notebook.resolve()), artifacts=bundle.artifacts, data=found.data),
            check_validity=False,
            overwrite=True,
        )
    return True


class _Workers:
    """The stale notebooks, each executed in a fresh kernel as soon as it is found stale and a
    worker is free; of those waiting, the longest expected goes first. Up to JOBS workers, each a
    process of its own that starts when first needed, the first at once: its kernel starts while
    the cache is checked (csreport.build.kernels), and a lone stale notebook finds it ready."""

    def __init__(self, jobs: int, profile: bool, timings: dict, log):
        self._jobs, self._profile, self._timings, self._log = jobs, profile, timings, log
        self._timeout = _timeout()
        self._waiting: list[str] = []
        self._running: dict = {}  # future -> the worker running it
        self._workers = [self._worker()]
        self.found = 0
        self._announced = False

    def _worker(self) -> ProcessPoolExecutor:
        worker = ProcessPoolExecutor(max_workers=1, initializer=kernels.prepare, initargs=(self._profile,))
        worker.submit(int)  # the process starts now, not at its first notebook
        return worker

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for worker in self._workers:
            worker.shutdown(cancel_futures=True)

    def add(self, notebooks: list[Path]) -> None:
        for notebook in notebooks:
            cache.deps_file(notebook).unlink(missing_ok=True)  # the kernel records afresh
            self._waiting.append(paths.rel(notebook))
        self.found += len(notebooks)
        self._start()

    def _free(self) -> ProcessPoolExecutor | None:
        busy = set(map(id, self._running.values()))
        free = [worker for worker in self._workers if id(worker) not in busy]
        if not free and len(self._workers) < self._jobs:
            self._workers.append(self._worker())
            free = self._workers[-1:]
        return free[0] if free else None

    def _start(self) -> None:
        while self._waiting and (worker := self._free()) is not None:
            path = max(self._waiting, key=lambda p: _expected_seconds(p, self._timings))
            self._waiting.remove(path)
            if not self._announced:
                self._announced = True
                self._log(f"notebooks: executing, {self._jobs} at a time")
            self._running[worker.submit(kernels.execute, path, self._timeout, self._profile)] = worker

    def results(self):
        """Each execution's result as it ends, starting the next waiting notebook meanwhile."""
        while self._running:
            done, _ = wait(self._running, return_when=FIRST_COMPLETED)
            for future in done:
                del self._running[future]
            self._start()
            yield from (future.result() for future in done)


def _unrecorded(notebooks: list[Path], log) -> list[Path]:
    """The notebooks without a record of what they read (all of them on a clean build): stale for
    sure, known without the cache, so they start first, longest first."""
    unrecorded = [nb for nb in notebooks if cache.recorded(nb) is None]
    cache.refresh(unrecorded, log=log)
    return unrecorded


def _check(notebooks: list[Path], store, workers: _Workers, log) -> dict[Path, object]:
    """Each notebook's cache record, or None when it is stale: then it goes to `workers` at once.
    Newest file first, so that an edited notebook executes while the others are checked."""
    records = {}
    for nb in sorted(notebooks, key=lambda nb: -nb.stat().st_mtime):
        cache.refresh([nb], log=log)
        records[nb] = cache.match(nb, store=store)
        if records[nb] is None:
            workers.add([nb])
    return records


def _finish(nb: Path, record, store, write: bool, log):
    """Put back the files of the notebook's cached execution, and its outputs with `write`; its record."""
    put = cache.restore(nb, store=store, found=record)
    if put:
        log(f"{paths.rel(nb)}: {len(put)} file(s) put back from its cached execution")
    if write and write_back(nb, store):
        log(f"{paths.rel(nb)}: outputs written back")
        record = cache.match(nb, store=store)
    return record


def _executed(workers: _Workers, store, timings: dict, log) -> tuple[dict, list[kernels.Result], dict]:
    """Store each execution as it ends; the cache record of each stored, the failures, and each
    notebook's kernel profile."""
    stored, failures, profiles, started = {}, [], {}, time.perf_counter()
    for done, result in enumerate(workers.results(), start=1):
        timings[result.notebook] = round(result.seconds, 1)
        profiles[result.notebook] = result.profile
        if result.executed is None:
            failures.append(result)
            log(f"[{done}/{workers.found}] {result.notebook}: FAILED after {result.seconds:.1f} s\n{result.traceback}")
            continue
        stored[result.notebook] = _store(result, store)
        log(f"[{done}/{workers.found}] {result.notebook}: executed in {result.seconds:.1f} s")
    if workers.found:
        log(f"notebooks: done in {time.perf_counter() - started:.1f} s")
    else:
        log("notebooks: all up to date in the execution cache")
    return stored, failures, profiles


def run(notebooks: list[Path], jobs: int, *, write: bool = False, profile: bool = False, log=print, found=None) -> int:
    """Execute what is stale; `found`, when given, receives each notebook's cache record afterwards.
    The notebooks that are current are restored while the stale ones execute."""
    from jupyter_cache import get_cache

    timings_path = paths.ROOT / TIMINGS
    timings = json.loads(timings_path.read_text()) if timings_path.is_file() else {}
    fingerprints.distributions()  # work out the installed packages once, before the kernels need them
    with _Workers(max(1, jobs), profile, timings, log) as workers:
        unrecorded = _unrecorded(notebooks, log)
        workers.add(unrecorded)
        store = get_cache(str(paths.ROOT / cache.CACHE_DIR))
        records = _check([nb for nb in notebooks if nb not in unrecorded], store, workers, log)
        current = {nb: _finish(nb, record, store, write, log) for nb, record in records.items() if record}
        stored, failures, profiles = _executed(workers, store, timings, log)
    if workers.found:
        timings_path.parent.mkdir(parents=True, exist_ok=True)
        timings_path.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n")
        if profile:
            (paths.ROOT / PROFILE).write_text(json.dumps(profiles, indent=1, sort_keys=True) + "\n")
    for nb in notebooks:
        record = current.get(nb) or _finish(nb, stored.get(paths.rel(nb)), store, write, log)
        if found is not None:
            found[nb] = record
    for output, writers in cache.shared_outputs(notebooks).items():
        log(f"warning: {output} is written by {' and '.join(writers)}: give each its own name")
    for failure in failures:
        log(failure.summary)
    return 1 if failures else 0


def records_json(found: dict) -> dict[str, list]:
    """Each notebook's cache record as [id, time of its execution], by the notebook's absolute path:
    what the build remembers of the execution each page shows (csreport.sphinx.rebuild)."""
    return {str(nb.resolve()): [r.pk, r.created.isoformat()] for nb, r in found.items() if r is not None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--write", action="store_true", help="write outputs back into the notebooks")
    parser.add_argument("--profile", action="store_true", help="measure where each kernel's time goes")
    parser.add_argument("--records", type=Path, help="write each notebook's cache record to this JSON file")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.notebooks:
        notebooks = [nb.resolve() for nb in args.notebooks]
    else:
        notebooks = cache.all_notebooks() if args.write else cache.notebooks()
    found: dict = {}
    status = run(
        notebooks, args.jobs, write=args.write, profile=args.profile, log=lambda m: print(m, flush=True), found=found
    )
    if args.records:
        args.records.parent.mkdir(parents=True, exist_ok=True)
        args.records.write_text(json.dumps(records_json(found), indent=1) + "\n", encoding="utf-8")
    return status
