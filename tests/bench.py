"""`make bench`: where the author's build loop spends its time on this machine; writes _build/bench.json.

Each step runs `make html` or `make pdf` (`jupyter-book build`, whose csreport.sphinx.rebuild runs
the executor first), timed as wall time and as CPU time of all its processes, with the load average
before and after (other work on the machine shows there):

    clean_html_serial_s  from nothing, notebooks one at a time, pages read one at a time (JOBS=1)
    clean_html_s         from nothing, JOBS at a time (one per core), as `make html`
    noop_html_s          again, nothing changed
    one_edit_html_s      after an edit to one code cell of book/context.ipynb (one_edit_reexecuted,
                         one_edit_reread: the notebooks executed and the pages read again)
    pdf_s                the PDF after the HTML build of the same sources (pdf_reread: pages read
                         again, none expected; pdf_compile_wait_s: the PDFs, which compile while
                         Sphinx writes the next source, still compiling after the last;
                         pdf_latex_s: Jupyter Book's `make all-pdf` after Sphinx)
    html_after_pdf_s     HTML again after the PDF (html_after_pdf_reread: none expected)
    nbval_serial_s, nbval_parallel_s   strict nbval, one and two workers

`make bench RUNS=3` runs the loop three times from nothing (nbval once) and reports, for each step,
the median pass (its time, profile and log), with every pass's time: the ratios move by several
hundredths between two runs on the same machine, so judge the targets over repeated runs.

The profile says where the time goes: inside each notebook's kernel during the serial clean build
(kernel start, imports, bibliography, tables, figures by format, glue, analysis; csreport.build.profile),
and in each Sphinx build (startup, executor, reading notebooks and Markdown, bibliography, glue
resolution, writing; csreport.sphinx.profile). Targets (ratios to the serial clean build, within
one run): parallel <= 0.60, no change <= 0.05, one edit <= 0.12 (one notebook executed), PDF after
HTML <= 0.30 reading no page again; nbval with 2 workers >= 1.3x faster than serial.
"""

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv" / "bin"
BUILD = ROOT / "_build"
EDITED = ROOT / "book" / "context.ipynb"
JOBS = os.cpu_count() or 1
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROFILES = Path(tempfile.mkdtemp(prefix="csreport-bench-"))
RUNS = max(1, int(os.environ.get("RUNS", "1")))  # passes of the loop; each time is the median over them


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(*cmd, env: dict | None = None) -> dict:
    """Run a command from the root; its wall and CPU seconds, load averages and output."""
    load, cpu, start = os.getloadavg()[0], _cpu(), time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=os.environ | (env or {}))
    step = {
        "s": time.perf_counter() - start,
        "cpu_s": _cpu() - cpu,
        "load": [round(load, 1), round(os.getloadavg()[0], 1)],
        "log": ANSI.sub("", out.stdout + out.stderr),
    }
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return step


def book(target: str, name: str, jobs: int = JOBS) -> dict:
    """`make html` / `make pdf` (JOBS at a time), with both profiles on."""
    profile = PROFILES / f"{name}.json"
    step = run("make", "--no-print-directory", target, f"JOBS={jobs}", env={"CSREPORT_PROFILE": str(profile)})
    step["sphinx"] = json.loads(profile.read_text()) if profile.is_file() else {}
    kernels = BUILD / "deps" / "profile.json"
    if "executing" in step["log"] and kernels.is_file():
        step["kernels"] = json.loads(kernels.read_text())
    return step


def executed(log: str) -> list[str]:
    return sorted({Path(m).name for m in re.findall(r"(\S+\.ipynb): (?:executed in|Executing notebook)", log)})


def reread(log: str) -> list[str]:
    return sorted({m.removeprefix("book/") for m in re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", log)})


def edit_one_cell() -> str:
    original = EDITED.read_text(encoding="utf-8")
    nb = json.loads(original)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and c["source"])
    edit = "\n# bench: an edit to one code cell"
    cell["source"] = cell["source"] + [edit] if isinstance(cell["source"], list) else cell["source"] + edit
    EDITED.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return original


def notebook_profile(kernels: dict) -> dict:
    """Seconds by category, summed over the notebooks, and each notebook's total."""
    total: dict[str, float] = {}
    for timings in kernels.values():
        for key, seconds in timings.items():
            if key != "cells":
                total[key] = total.get(key, 0.0) + seconds
    by_notebook = {
        Path(nb).stem: round(t.get("kernel start", 0) + t.get("cells", 0) + t.get("kernel stop", 0), 1)
        for nb, t in kernels.items()
    }
    return {
        "seconds": {k: round(v, 1) for k, v in sorted(total.items(), key=lambda kv: -kv[1])},
        "notebooks": dict(sorted(by_notebook.items(), key=lambda kv: -kv[1])),
    }


def build_loop() -> dict[str, dict]:
    """One pass of the author's loop, from nothing: every step but nbval."""
    steps: dict[str, dict] = {}
    shutil.rmtree(BUILD, ignore_errors=True)
    steps["clean_html_serial"] = book("html", "clean_serial", jobs=1)
    shutil.rmtree(BUILD, ignore_errors=True)
    steps["clean_html"] = book("html", "clean")
    steps["noop_html"] = book("html", "noop")
    original = edit_one_cell()
    try:
        steps["one_edit_html"] = book("html", "one_edit")
    finally:
        EDITED.write_text(original, encoding="utf-8")
    steps["undo_edit_html"] = book("html", "undo_edit")
    steps["pdf"] = book("pdf", "pdf")
    steps["html_after_pdf"] = book("html", "html_after_pdf")
    return steps


def median_steps(passes: list[dict[str, dict]]) -> dict[str, dict]:
    """Each step as in the pass where its wall time was the median (the lower one of an even number)."""
    return {
        name: sorted((p[name] for p in passes), key=lambda step: step["s"])[(len(passes) - 1) // 2]
        for name in passes[0]
    }


def main() -> None:
    passes = [build_loop() for _ in range(RUNS)]
    steps = median_steps(passes)
    nbval = [
        str(VENV / "python"),
        "-m",
        "pytest",
        "--nbval",
        "book",
        "-q",
        "--nbval-sanitize-with",
        "tests/sanitize.cfg",
    ]
    steps["nbval_serial"] = run(*nbval)
    steps["nbval_parallel"] = run(*nbval, "-n", "2", "--dist", "loadfile")

    result = {f"{name}_s": round(step["s"], 1) for name, step in steps.items()}
    result["one_edit_reexecuted"] = executed(steps["one_edit_html"]["log"])
    result["one_edit_reread"] = reread(steps["one_edit_html"]["log"])
    result["pdf_reread"] = reread(steps["pdf"]["log"])
    pdf_sphinx = steps["pdf"]["sphinx"]
    result["pdf_latex_s"] = round(
        steps["pdf"]["s"] - sum(pdf_sphinx.get(k, 0) for k in ("startup", "executor", "read", "resolve", "write")), 1
    )
    result["pdf_compile_wait_s"] = round(pdf_sphinx.get("latex compile wait", 0.0), 1)
    result["html_after_pdf_reread"] = reread(steps["html_after_pdf"]["log"])
    result["cpu_seconds"] = {name: round(step["cpu_s"], 1) for name, step in steps.items()}
    result["runs"] = {name: [round(p[name]["s"], 1) for p in passes] for name in passes[0]}
    result["load"] = {name: step["load"] for name, step in steps.items()}
    result["profile"] = {
        "notebooks (serial clean build, kernel seconds)": notebook_profile(
            steps["clean_html_serial"].get("kernels", {})
        ),
        "sphinx": {name: step["sphinx"] for name, step in steps.items() if step.get("sphinx")},
    }
    (BUILD / "bench.json").write_text(json.dumps(result, indent=1) + "\n")
    report(result)


def report(result: dict) -> None:
    serial = result["clean_html_serial_s"]
    ratio = {k: result[f"{k}_s"] / serial for k in ("clean_html", "noop_html", "one_edit_html", "pdf")}
    speedup = result["nbval_serial_s"] / result["nbval_parallel_s"]
    checks = [
        ("clean HTML, JOBS at a time / serial", ratio["clean_html"], "<= 0.60", ratio["clean_html"] <= 0.60),
        ("no-change rebuild / serial clean", ratio["noop_html"], "<= 0.05", ratio["noop_html"] <= 0.05),
        ("one code-cell edit / serial clean", ratio["one_edit_html"], "<= 0.12", ratio["one_edit_html"] <= 0.12),
        (
            "notebooks executed after one edit",
            len(result["one_edit_reexecuted"]),
            "== 1",
            len(result["one_edit_reexecuted"]) == 1,
        ),
        ("PDF after HTML / serial clean", ratio["pdf"], "<= 0.30", ratio["pdf"] <= 0.30),
        ("pages the PDF read again", len(result["pdf_reread"]), "== 0", not result["pdf_reread"]),
        (
            "pages HTML after PDF read again",
            len(result["html_after_pdf_reread"]),
            "== 0",
            not result["html_after_pdf_reread"],
        ),
        ("nbval serial / 2 workers", speedup, ">= 1.3", speedup >= 1.3),
    ]
    each = f"  each of {RUNS} passes (the median is shown)" if RUNS > 1 else ""
    print(f"{'step':<22}{'wall s':>8}{'cpu s':>8}  load before/after{each}")
    for key, value in result.items():
        if key.endswith("_s") and key not in ("pdf_latex_s", "pdf_compile_wait_s") and isinstance(value, float):
            name = key[:-2]
            load = result["load"].get(name, ["", ""])
            runs = " / ".join(f"{t:.1f}" for t in result["runs"].get(name, [])) if RUNS > 1 else ""
            print(f"{name:<22}{value:>8.1f}{result['cpu_seconds'].get(name, 0):>8.1f}  {load[0]} / {load[1]}  {runs}")
    print(f"pdf_latex_s           {result['pdf_latex_s']:>8.1f}  (LaTeX after Sphinx within pdf: make all-pdf)")
    print(
        f"pdf_compile_wait_s    {result['pdf_compile_wait_s']:>8.1f}  (PDFs still compiling when the last source was written)"
    )
    print(f"one_edit_reexecuted   {', '.join(result['one_edit_reexecuted']) or '-'}")
    print(f"one_edit_reread       {', '.join(result['one_edit_reread']) or '-'}")
    print(f"pdf_reread            {', '.join(result['pdf_reread']) or '-'}")
    print(f"html_after_pdf_reread {', '.join(result['html_after_pdf_reread']) or '-'}")

    notebooks = result["profile"]["notebooks (serial clean build, kernel seconds)"]
    print("\nWhere the notebooks' time goes (serial clean build, summed over notebooks):")
    total = sum(notebooks["seconds"].values()) or 1
    for category, seconds in notebooks["seconds"].items():
        print(f"  {category:<26}{seconds:>7.1f} s {100 * seconds / total:>4.0f} %")
    print("  longest: " + ", ".join(f"{nb} {s:.1f}" for nb, s in list(notebooks["notebooks"].items())[:5]))
    print("\nWhere Sphinx's time goes (s):")
    columns = {
        "startup": "startup",
        "executor": "executor",
        "read": "read",
        "read: notebooks": "read nb",
        "read: markdown": "read md",
        "resolve": "resolve",
        "bibliography": "bibtex",
        "glue resolution": "glue",
        "write": "write",
        "pages read": "pages rd",
        "pages written": "pages wr",
    }
    print(f"  {'build':<18}" + "".join(f"{label:>9}" for label in columns.values()))
    for name, prof in result["profile"]["sphinx"].items():
        cells = [f"{v:>9.1f}" if isinstance(v, float) else f"{v:>9}" for v in (prof.get(k, 0) for k in columns)]
        print(f"  {name:<18}" + "".join(cells))
    print()
    for label, value, target, ok in checks:
        print(f"{label:<40}{value:>8.2f}  target {target:<8} {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
