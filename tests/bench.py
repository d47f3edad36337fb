"""`make bench`: time the author's build loop on this machine and write _build/bench.json.

Measures a clean HTML build with the notebooks executed in parallel (one worker per core, as
`make html`) and the same clean build executing them one at a time, a no-change rebuild, a
rebuild after editing one code cell of one notebook (and which notebooks re-executed), the PDF
build, and strict nbval serial and with two workers. Targets: parallel clean build <= 0.7x the
serial one; no-change rebuild <= 15 % of the clean build; one edit re-executes one notebook;
nbval with 2 workers >= 1.3x faster than serial; clean HTML + PDF < 180 s.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv" / "bin"
BUILD = ROOT / "_build"
EDITED = ROOT / "book" / "context.ipynb"


def run(*cmd) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return elapsed, out.stdout + out.stderr


def html(jobs: int = os.cpu_count() or 1) -> tuple[float, str]:
    """What `make html` runs: execute what the cache lacks (JOBS at a time), then the book."""
    start = time.perf_counter()
    _, log = run(str(VENV / "python"), "-m", "csreport.build", "-j", str(jobs))
    _, book = run(str(VENV / "jupyter-book"), "build", ".", "--builder", "html", "-W", "-n", "--keep-going")
    return time.perf_counter() - start, log + book


def executed(log: str) -> list[str]:
    return sorted({Path(m).name for m in re.findall(r"(\S+\.ipynb): (?:executed in|Executing notebook)", log)})


def main() -> None:
    result = {}
    shutil.rmtree(BUILD, ignore_errors=True)
    result["clean_html_serial_s"], _ = html(jobs=1)
    shutil.rmtree(BUILD, ignore_errors=True)
    result["clean_html_s"], _ = html()
    result["noop_html_s"], _ = html()

    original = EDITED.read_text(encoding="utf-8")
    nb = json.loads(original)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and c["source"])
    cell["source"] = (
        cell["source"] + ["\n# bench: an edit to one code cell"]
        if isinstance(cell["source"], list)
        else cell["source"] + "\n# bench: an edit to one code cell"
    )
    try:
        EDITED.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        result["one_edit_html_s"], log = html()
    finally:
        EDITED.write_text(original, encoding="utf-8")
    result["one_edit_reexecuted"] = executed(log)

    result["pdf_s"], _ = run(
        str(VENV / "jupyter-book"), "build", ".", "--builder", "pdflatex", "-W", "-n", "--keep-going"
    )
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
    result["nbval_serial_s"], _ = run(*nbval)
    result["nbval_parallel_s"], _ = run(*nbval, "-n", "2", "--dist", "loadfile")
    result = {k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}
    (BUILD / "bench.json").write_text(json.dumps(result, indent=1) + "\n")

    parallel = result["clean_html_s"] / result["clean_html_serial_s"]
    noop = result["noop_html_s"] / result["clean_html_s"]
    speedup = result["nbval_serial_s"] / result["nbval_parallel_s"]
    clean = result["clean_html_s"] + result["pdf_s"]
    checks = [
        ("clean build parallel / serial", parallel, "<= 0.7", parallel <= 0.7),
        ("no-change rebuild / clean build", noop, "<= 0.15", noop <= 0.15),
        (
            "notebooks re-executed after one edit",
            len(result["one_edit_reexecuted"]),
            "== 1",
            len(result["one_edit_reexecuted"]) == 1,
        ),
        ("nbval serial / 2 workers", speedup, ">= 1.3", speedup >= 1.3),
        ("clean HTML + PDF (s)", clean, "< 180", clean < 180),
    ]
    print(f"{'measure':<24}{'seconds':>10}")
    for key, value in result.items():
        if key.endswith("_s"):
            print(f"{key:<24}{value:>10.1f}")
    print(f"one_edit_reexecuted     {', '.join(result['one_edit_reexecuted'])}")
    print()
    for label, value, target, ok in checks:
        print(f"{label:<40}{value:>8.2f}  target {target:<8} {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
