"""The one execution path: execute what is stale, in parallel, into the execution cache; on request
write the outputs back into the notebooks (for nbval and review).

    python -m csreport.build [-j JOBS] [--write] [--profile] [NOTEBOOK ...]

`make html` and `make pdf` run it without `--write`: it drops the cache records of the notebooks
whose recorded inputs changed (`csreport.build.cache`), then executes every notebook of the book
(_toc.yml) that the cache has no result for, JOBS at a time (default: one per core, longest
first), each in a fresh kernel that records what it reads (`csreport.data.record`). Results go
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
import gc
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from csreport import paths
from csreport.build import cache
from csreport.data import record as deps

TIMINGS = "_build/deps/seconds.json"
RECORDS = "_build/deps/executions.json"  # each notebook's cache record, for the build (--records)
PROFILE = "_build/deps/profile.json"
CITE = r"\{(?:cite|footcite)(?::[a-z]+)?\}`([^`]+)`"  # citation roles in the outputs' MyST


@dataclass
class Result:
    notebook: str
    seconds: float
    executed: object = None  # the executed NotebookNode, on success
    traceback: str = ""
    summary: str = ""
    profile: dict = field(default_factory=dict)


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


def _kernel_profile(scratch: Path, cells: float) -> dict:
    """Where the cells' time went inside the kernel (csreport.build.profile), and the rest."""
    try:
        inside = json.loads((scratch / "profile.json").read_text(encoding="utf-8"))["seconds"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        inside = {}
    return inside | {"analysis and other": cells - sum(inside.values())}


def _client(nb, notebook: Path, scratch: Path, timeout: int, extra: list[str], marks: dict):
    """A notebook client on a fresh kernel that notes when the kernel started and each cell's time."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    def started(**_):
        marks["kernel"] = time.perf_counter() - marks["start"]

    def cell_started(**_):
        marks["cell"] = time.perf_counter()

    def cell_done(**_):
        marks["cells"] += time.perf_counter() - marks.pop("cell", time.perf_counter())

    # Local IPC sockets instead of TCP ports: nothing listens on the network, and the kernel has
    # no reason to warn about unencrypted TCP.
    km = KernelManager(
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        transport="ipc",
        ip=str(scratch / "kernel"),
    )
    return NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,  # cells' metadata stay as written: jupyter-cache hashes them
        resources={"metadata": {"path": str(notebook.parent)}},
        extra_arguments=extra,
        on_notebook_start=started,
        on_cell_execute=cell_started,
        on_cell_executed=cell_done,
    )


def _execute(path: str, timeout: int, profile: bool) -> Result:
    """Run one notebook in a fresh kernel (in a worker process) and return it executed."""
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    notebook = paths.ROOT / path
    os.environ[deps.ENV] = str(cache.deps_file(notebook))
    nb = nbformat.read(notebook, as_version=4)
    marks = {"start": time.perf_counter(), "cells": 0.0}
    with tempfile.TemporaryDirectory(prefix="csreport-kernel-") as folder:
        scratch, extra = Path(folder), []
        if profile:
            os.environ["CSREPORT_PROFILE"] = str(scratch / "profile.json")
            extra = ["--IPKernelApp.exec_lines=['import csreport.build.profile']"]
        client = _client(nb, notebook, scratch, timeout, extra, marks)
        error = None
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError) as err:
            error = err
        finally:
            if client.km.has_kernel:  # its outputs and record are in: no need to wait for a graceful exit
                client.km.shutdown_kernel(now=True)
        seconds = time.perf_counter() - marks["start"]
        timings = {"kernel start": marks.get("kernel", 0.0), "cells": marks["cells"]}
        timings["kernel stop"] = seconds - timings["kernel start"] - timings["cells"]
        if profile:
            timings |= _kernel_profile(scratch, timings["cells"])
    timings = {k: round(v, 3) for k, v in timings.items()}
    if error is not None:
        return Result(path, seconds, traceback=str(error), summary=_failure_summary(nb, path, error), profile=timings)
    return Result(path, seconds, executed=nb, profile=timings)


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
        record["inputs"].update(deps.key_inputs(cited))
        record["inputs"] = dict(sorted(record["inputs"].items()))
        cache.deps_file(notebook).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


def _store(result: Result, store) -> None:
    """Cache the executed notebook, with the files it wrote under book/ (figures, downloads)."""
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.main import NbArtifacts

    notebook = paths.ROOT / result.notebook
    record = _finish_record(notebook, result.executed)
    written = [paths.ROOT / p for p in record["outputs"] if (paths.ROOT / p).is_file()]
    store.cache_notebook_bundle(
        CacheBundleIn(
            result.executed,
            str(notebook.resolve()),
            artifacts=NbArtifacts(written, in_folder=notebook.parent),
            data={"execution_seconds": round(result.seconds, 2)},
        ),
        check_validity=False,
        overwrite=True,
    )


def matches(notebooks: list[Path], store) -> dict[Path, object]:
    """Each notebook's record in the cache, or None when the cache has no result for it."""
    return {nb: cache.match(nb, store=store) for nb in notebooks}


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


def run(notebooks: list[Path], jobs: int, *, write: bool = False, profile: bool = False, log=print, found=None) -> int:
    """Execute what is stale; `found`, when given, receives each notebook's cache record afterwards."""
    from jupyter_cache import get_cache

    cache.refresh(notebooks, log=log)
    store = get_cache(str(paths.ROOT / cache.CACHE_DIR))
    timings_path = paths.ROOT / TIMINGS
    timings = json.loads(timings_path.read_text()) if timings_path.is_file() else {}
    records = matches(notebooks, store)
    todo = [paths.rel(nb) for nb, record in records.items() if record is None]
    failures: list[Result] = []
    if todo:
        deps._distributions()  # work out the installed packages once, before the kernels need them
        todo.sort(key=lambda p: -_expected_seconds(p, timings))  # longest first keeps the workers busy
        for path in todo:
            cache.deps_file(paths.ROOT / path).unlink(missing_ok=True)
        jobs = max(1, min(jobs, len(todo)))
        log(f"notebooks: executing {len(todo)} with {jobs} worker(s)")
        started, profiles = time.perf_counter(), {}
        # Workers forked from a Sphinx build inherit its collector switched off (csreport.sphinx.speed).
        with ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable) as pool:
            futures = [pool.submit(_execute, path, _timeout(), profile) for path in todo]
            for done, future in enumerate(as_completed(futures), start=1):
                result = future.result()
                timings[result.notebook] = round(result.seconds, 1)
                profiles[result.notebook] = result.profile
                if result.executed is None:
                    failures.append(result)
                    log(
                        f"[{done}/{len(todo)}] {result.notebook}: FAILED after {result.seconds:.1f} s\n{result.traceback}"
                    )
                    continue
                _store(result, store)
                log(f"[{done}/{len(todo)}] {result.notebook}: executed in {result.seconds:.1f} s")
        timings_path.parent.mkdir(parents=True, exist_ok=True)
        timings_path.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n")
        if profile:
            (paths.ROOT / PROFILE).write_text(json.dumps(profiles, indent=1, sort_keys=True) + "\n")
        log(f"notebooks: done in {time.perf_counter() - started:.1f} s")
    else:
        log("notebooks: all up to date in the execution cache")
    for nb in notebooks:
        record = records[nb] or cache.match(nb, store=store)  # executed just now
        put = cache.restore(nb, store=store, found=record)
        if put:
            log(f"{paths.rel(nb)}: {len(put)} file(s) put back from its cached execution")
        if write and write_back(nb, store):
            log(f"{paths.rel(nb)}: outputs written back")
            record = cache.match(nb, store=store)
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


if __name__ == "__main__":
    sys.exit(main())
