"""Sphinx extension: each PDF starts compiling as soon as its LaTeX source is written, while the
LaTeX builder writes the next one (`make pdf`, which sets `CSREPORT_COMPILE_PDFS`).

The compiles run in _build/latex through its Makefile, as Jupyter Book's own `make all-pdf` does
after Sphinx; that one then finds each PDF up to date. The brief and the Databook are written
before the report (csreport.sphinx.latexdocs), so that the Databook, the longest to compile,
starts first among the long ones. At most `CSREPORT_JOBS` compile at once. The build ends only
when they have: a compile that failed is run again by `make all-pdf`, which shows its errors.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import sphinx.builders.latex
from sphinx.writers.latex import LaTeXWriter

from csreport.sphinx import executor


class Compiles:
    """PDFs to compile in a LaTeX output folder, at most `jobs` at once, in the order given."""

    def __init__(self, outdir: str, jobs: int, prepare=lambda: None):
        self.outdir, self.jobs, self.prepare = outdir, jobs, prepare
        self.waiting: list[str] = []
        self.running: list[subprocess.Popen] = []

    def add(self, tex: str) -> None:
        self.waiting.append(Path(tex).with_suffix(".pdf").name)
        self._start()

    def _start(self) -> None:
        self.running = [p for p in self.running if p.poll() is None]
        while self.waiting and len(self.running) < self.jobs:
            self.prepare()
            pdf = self.waiting.pop(0)
            self.running.append(
                subprocess.Popen(
                    ["make", "--no-print-directory", pdf],
                    cwd=self.outdir,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=os.environ | {"MAKEFLAGS": ""},
                )
            )

    def finish(self) -> None:
        while self.waiting or self.running:
            time.sleep(0.05)
            self._start()

    def stop(self) -> None:
        for process in self.running:
            process.kill()


def _install(app) -> None:
    builder = app.builder
    if builder.format != "latex" or not os.environ.get("CSREPORT_COMPILE_PDFS"):
        return

    def prepare() -> None:
        # What Sphinx copies only once every source is written: the images so far, the captions.
        builder.copy_image_files()
        builder.write_message_catalog()

    compiles = app.csreport_compiles = Compiles(str(builder.outdir), executor.jobs(), prepare)

    class CompilingWriter(LaTeXWriter):
        def write(self, document, destination):
            output = super().write(document, destination)
            compiles.add(destination.destination_path)
            return output

    # The builder looks its writer up in its module when it starts writing.
    sphinx.builders.latex.LaTeXWriter = CompilingWriter


def _finished(app, exception) -> None:
    compiles = getattr(app, "csreport_compiles", None)
    if compiles is None:
        return
    if exception is None:
        compiles.finish()
    else:
        compiles.stop()


def setup(app):
    app.connect("builder-inited", _install)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
