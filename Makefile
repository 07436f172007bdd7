# Frontline: every target creates or refreshes .venv first, so a fresh clone needs
# only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
# Python packages come from PyPI at the versions in this lock (`make lock` refreshes it).
LOCK := requirements.lock
# System packages (sandbox, browser, fonts for it) through the one script .ci/run uses
# too: installed as root, asked for with sudo, otherwise named and their tests skipped.
SYSTEM := bash tools/system-packages.sh
# The fast lane: everything but kernels/nbgrader, the browser, PostgreSQL and slow tests.
FAST := not (nbgrader or browser or postgres or slow or hub)
# JupyterHub's proxy, from npm into the venv (no global install); without npm the hub
# tests are skipped with that reason and `make hub` says what to install.
PROXY := $(VENV)/node/node_modules/.bin/configurable-http-proxy

.PHONY: demo test test-fast lab hub bench lint lock clean

# The stamp files make re-running cheap: pip runs again only when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Byte-compiled once here: grading kernels see tools/ read-only in their sandbox,
# so they could never cache it themselves and would compile it for every notebook.
$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP) install --quiet -c $(LOCK) -e .
	$(BIN)/python -m compileall -q tools
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP) install --quiet -c $(LOCK) -e ".[dev]"
	$(BIN)/python -m compileall -q tools
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	@$(SYSTEM) demo
	$(BIN)/frontline demo

test: $(VENV)/.installed-dev
	@$(SYSTEM) test
	@$(MAKE) --no-print-directory proxy-if-npm
	$(BIN)/python -m pytest

$(PROXY): | $(BIN)/python
	npm install --prefix $(VENV)/node --no-audit --no-fund --loglevel=error \
	    configurable-http-proxy@4

.PHONY: proxy-if-npm
proxy-if-npm:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(PROXY); \
	 else echo "npm not installed: the hub tests will be skipped"; fi

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "$(FAST)" -q -n auto

# Re-resolve every Python dependency to the newest release pyproject.toml allows.
lock: | $(BIN)/python
	$(PIP) install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	    --upgrade --quiet -o $(LOCK)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check tools tests bench
	$(BIN)/mypy

# The trainer's JupyterLab (formgrader, source notebooks, course modules). It must start
# inside exams/ so nbgrader's extensions find nbgrader_config.py; its root is the
# repository, so it shows exam sources and keys: trainees get a server of their own
# (JupyterHub) that shows only their home folder.
# The venv's bin/ goes on PATH because nbgrader's gradebook runs the `alembic` command.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(VENV)/.installed
	cd exams && PATH="$(CURDIR)/$(BIN):$$PATH" ../$(BIN)/jupyter lab \
	    --ServerApp.root_dir="$(CURDIR)" $(LAB_FLAGS)

# JupyterHub for a whole centre on this machine (as root: each server runs as its owner's
# Unix account). Accounts come from gradebook/roster.csv and gradebook/staff.csv; see the
# README, "Running for a whole centre".
hub: $(VENV)/.installed
	@$(SYSTEM) hub
	@$(MAKE) --no-print-directory $(PROXY)
	$(BIN)/frontline hub users sync
	$(BIN)/frontline hub

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf exams/release exams/submitted exams/autograded exams/feedback exams/exchange \
	       exams/trainees gradebook/gradebook.db gradebook/reports
