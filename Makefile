# China–Serbia security report. `make report` builds HTML + PDF; `make test` runs everything CI checks.
# Both set up what they need: the Python environment (.venv) and the Debian packages.
SHELL := /bin/bash
.DEFAULT_GOAL := report

VENV    := .venv
PY      := $(VENV)/bin/python
# jupyter-book build, with the executor started before jupyter-book and Sphinx load.
JB      := $(PY) -m csreport.sphinx.jupyterbook
STAMP   := $(VENV)/.installed
BUILD   := _build
JBFLAGS := -W -n --keep-going
PDF     := $(BUILD)/latex/china-serbia-security.pdf
BRIEF   := $(BUILD)/latex/china-serbia-security-brief.pdf
DATABOOK := $(BUILD)/latex/china-serbia-security-databook.pdf
# TeX Live for the PDF (xelatex), fonts with Serbian diacritics, poppler for the PDF checks.
DEB_PACKAGES := texlive-xetex texlive-fonts-recommended latexmk fonts-freefont-otf fonts-droid-fallback poppler-utils

# Notebooks executed at once on a clean build (make html JOBS=1 for one at a time).
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
RUNS    ?= 1
export CSREPORT_EXECUTE

.PHONY: report html pdf test check execute clean lock setup system-packages notebooks audit-tools bench changes dist lint nbdime

setup: $(STAMP) system-packages

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null
	@$(PY) -m pip install -q --disable-pip-version-check uv==0.13.9
	$(VENV)/bin/uv pip install -q --compile-bytecode --require-hashes --python $(PY) -r requirements.txt
	$(VENV)/bin/uv pip install -q --compile-bytecode --no-deps --python $(PY) -e .
	@$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

system-packages:
	@missing=$$(for p in $(DEB_PACKAGES) $(EXTRA_DEB); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages: $$missing"; \
	    echo "Install them with: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

# The one execution path (csreport/build/execute.py): drop the cached executions whose recorded
# inputs changed (tables, bibliography entries, shared code, assets, package versions), execute
# what the cache lacks, JOBS at a time, longest first. `make html` and `make pdf` run it from
# the build, started with it (csreport/sphinx/executor.py); `make notebooks` runs it alone. A failing cell
# stops here with a summary naming it. CSREPORT_EXECUTE=off builds the pages from the notebooks'
# committed outputs instead (make test).
export CSREPORT_JOBS := $(JOBS)
notebooks: $(STAMP)
	@if [ "$(CSREPORT_EXECUTE)" != off ]; then $(PY) -m csreport.build -j $(JOBS); fi

# nbdime (notebook diffs and merges in git, see CONTRIBUTING.md) in its own environment: its
# server dependencies would slow every import of nbformat in the build by about a second.
NBDIME := .venv-nbdime/bin/nbdime
nbdime: $(NBDIME)
$(NBDIME):
	python3 -m venv .venv-nbdime
	.venv-nbdime/bin/pip install -q --disable-pip-version-check nbdime==4.0.4

# Lint and format check of the package, the tests and the notebooks' code (ruff, pinned).
lint: $(STAMP)
	$(VENV)/bin/ruff check csreport tests book
	$(VENV)/bin/ruff format --check csreport tests book

check: $(STAMP)
	$(PY) -m csreport.data.check
	@$(PY) -m csreport.data.releases

html: setup
	$(JB) . --builder html $(JBFLAGS)

# LaTeX: latexmk's xelatex mode makes the PDF once, after the last pass (Sphinx's LaTeX Makefile
# otherwise runs xdvipdfmx after every pass). Each PDF compiles as soon as its source is written,
# JOBS at a time, while Sphinx writes the next (csreport/sphinx/pdfs.py).
pdf: setup
	CSREPORT_COMPILE_PDFS=1 LATEXMKOPTS=-xelatex MAKEFLAGS=-j$(JOBS) $(JB) . --builder pdflatex $(JBFLAGS)

report: html pdf
	@echo ""
	@echo "HTML: $(CURDIR)/$(BUILD)/html/index.html"
	@echo "PDF:  $(CURDIR)/$(PDF)"
	@echo "Databook: $(CURDIR)/$(DATABOOK)"
	@echo "Brief: $(CURDIR)/$(BRIEF)"

# After editing: the same executor over every notebook under book/ (the chapter template included),
# executing only what is stale, JOBS at a time, then writing the outputs back into each notebook
# whose committed outputs differ, so that strict nbval passes. NB=book/context.ipynb limits it.
execute: $(STAMP)
	$(PY) -m csreport.build --write -j $(JOBS) $(NB)

# The accessibility audit: Debian's Chromium driven by playwright-core, axe-core from npm (pinned
# in tests/built/a11y/package-lock.json). Node.js and npm come from Debian when missing.
A11Y := tests/built/a11y/node_modules/.installed
audit-tools: $(A11Y)
$(A11Y): tests/built/a11y/package-lock.json
	@$(MAKE) --no-print-directory system-packages EXTRA_DEB=chromium
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-packages EXTRA_DEB="nodejs npm"
	cd tests/built/a11y && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The whole suite, from a clean build: data and citations, unit tests (tests/unit), the prose's
# claims on the real tables (tests/data), strict nbval, the HTML and PDF builds with warnings as
# errors, then checks of what was built and of the build loop itself (tests/built). Each notebook
# executes once: nbval executes it (writing its figures) and proves that its committed outputs
# equal fresh ones; the HTML and PDF are then built from those outputs.
test: setup audit-tools
	rm -rf $(BUILD) book/generated
	$(PY) -m csreport.data.check
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest tests/unit tests/data
	$(PY) -m pytest --nbval book -n 2 --dist loadfile --nbval-sanitize-with tests/sanitize.cfg
	$(MAKE) --no-print-directory html pdf CSREPORT_EXECUTE=off
	$(PY) -m pytest tests/built

# Pins every package with its hashes (installed with --require-hashes); the project itself is
# installed separately (editable, no hash possible). Keeps the pinned versions: no upgrades.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile -q --generate-hashes requirements.in -o requirements.txt --python $(PY) --no-header

clean:
	rm -rf $(BUILD) book/generated dist

# The changelog of facts: rows added and removed and values changed in data/ since a git revision
# (make changes SINCE=edition-0.1, SINCE=HEAD~1, ...).
changes: $(STAMP)
	@test -n "$(SINCE)" || { echo "usage: make changes SINCE=<git revision>"; exit 2; }
	@$(PY) -m csreport.data.changes $(SINCE)

# One zip for readers and archives: the HTML site, the PDF, the data package and CITATION.cff.
dist: report
	@$(PY) -m csreport.build.dist

# Times the build loop (clean, no-change and one-edit rebuilds, PDF, nbval serial and parallel);
# RUNS=3 repeats the loop and reports each step's median.
bench: setup
	RUNS=$(RUNS) $(PY) tests/bench.py
