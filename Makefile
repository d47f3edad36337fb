# China–Serbia security report. `make report` builds HTML + PDF; `make test` runs everything CI checks.
# Both set up what they need: the Python environment (.venv) and the Debian packages.
SHELL := /bin/bash
.DEFAULT_GOAL := report

VENV    := .venv
PY      := $(VENV)/bin/python
JB      := $(VENV)/bin/jupyter-book
STAMP   := $(VENV)/.installed
BUILD   := _build
JBFLAGS := -W -n --keep-going
PDF     := $(BUILD)/latex/china-serbia-security.pdf
BRIEF   := $(BUILD)/latex/china-serbia-security-brief.pdf
# TeX Live for the PDF (xelatex), fonts with Serbian diacritics, poppler for the PDF checks.
DEB_PACKAGES := texlive-xetex texlive-fonts-recommended latexmk fonts-freefont-otf fonts-droid-fallback poppler-utils

.PHONY: report html pdf test check execute clean lock setup system-packages data-cache audit-tools bench changes dist

setup: $(STAMP) system-packages

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null
	@$(PY) -m pip install -q --disable-pip-version-check uv==0.13.9
	$(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) -r requirements.txt
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

# Jupyter Book's execution cache keys on code only: drop the cache records of the notebooks whose
# tables, bibliography or shared code changed (csreport/cache.py), so that they re-execute.
data-cache: $(STAMP)
	@$(PY) -m csreport.cache

check: $(STAMP)
	$(PY) -m csreport.check
	@$(PY) -m csreport.releases

html: setup data-cache
	$(JB) build . --builder html $(JBFLAGS)

pdf: setup data-cache
	$(JB) build . --builder pdflatex $(JBFLAGS)

report: html pdf
	@echo ""
	@echo "HTML: $(CURDIR)/$(BUILD)/html/index.html"
	@echo "PDF:  $(CURDIR)/$(PDF)"
	@echo "Brief: $(CURDIR)/$(BRIEF)"

# Re-execute notebooks in place after editing them (all, or one: make execute NB=book/01_context.ipynb).
execute: $(STAMP)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace $(or $(NB),book/*.ipynb)

# The accessibility audit: Debian's Chromium driven by playwright-core, axe-core from npm (pinned
# in tests/a11y/package-lock.json). Node.js and npm come from Debian when missing.
A11Y := tests/a11y/node_modules/.installed
audit-tools: $(A11Y)
$(A11Y): tests/a11y/package-lock.json
	@$(MAKE) --no-print-directory system-packages EXTRA_DEB=chromium
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-packages EXTRA_DEB="nodejs npm"
	cd tests/a11y && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The whole suite, from a clean build: data and citations, unit tests, strict nbval, the HTML and
# PDF builds with warnings as errors, then checks of what was built.
test: setup audit-tools
	rm -rf $(BUILD)
	$(PY) -m csreport.check
	$(PY) -m pytest tests -m "not built"
	$(PY) -m pytest --nbval book -n 2 --dist loadfile --nbval-sanitize-with tests/sanitize.cfg
	$(MAKE) --no-print-directory html pdf
	$(PY) -m pytest tests -m built

lock: $(STAMP)
	$(VENV)/bin/uv pip compile -q requirements.in -o requirements.txt --python $(PY) --no-header

clean:
	rm -rf $(BUILD) book/generated dist

# The changelog of facts: rows added and removed and values changed in data/ since a git revision
# (make changes SINCE=edition-0.1, SINCE=HEAD~1, ...).
changes: $(STAMP)
	@test -n "$(SINCE)" || { echo "usage: make changes SINCE=<git revision>"; exit 2; }
	@$(PY) -m csreport.changes $(SINCE)

# One zip for readers and archives: the HTML site, the PDF, the data package and CITATION.cff.
dist: report
	@$(PY) -m csreport.dist

# Times the build loop (clean, no-change and one-edit rebuilds, PDF, nbval serial and parallel).
bench: setup
	$(PY) tests/bench.py
