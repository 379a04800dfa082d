# Two commands for a student or a CI machine: `make lab` and `make test`.
# Both create .venv with python3.11 on first use and reinstall only when pyproject.toml changes
# (stamp files inside .venv record each install).

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_CORE := $(VENV)/.stamp-core
STAMP_TEST := $(VENV)/.stamp-test

# pytest over the unit/property/browser tests and nbval (full output comparison) over the stored
# notebooks. exercises/ is executed by tests/test_exercises.py, not by nbval. -rfEs prints why a
# test was skipped. PYTHONHASHSEED=0 matches tools/execute_notebooks.py (set order in outputs).
# --dist load: tests go to whichever worker is free, except that each notebook's cells stay
# together, in order, on one worker, as nbval needs (tests/conftest.py). A student copy
# (`course release`) has no solutions/, hence the wildcard.
PYTEST_ARGS ?= -rfEs -n 2 --dist load --nbval --nbval-current-env tests notebooks \
	$(wildcard solutions)

.PHONY: lab test notebooks exercises bench lint install install-test

# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# The course's JupyterLab settings live in .jupyter/ (root = this repository, open the start
# page, no news or update prompts). LAB_ARGS adds options: tests/test_browser.py runs this very
# target with only --no-browser, a port, a token and a temporary copy as root added.
LAB_ARGS ?=

# Serves until stopped: Ctrl-C (twice) in this terminal, or File > Shut Down in JupyterLab.
lab: $(STAMP_CORE)
	JUPYTER_CONFIG_PATH="$(CURDIR)/.jupyter$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))" \
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS)

# pytest exits 5 when it collected no test: make treats that (like any non-zero exit) as failure.
test: $(STAMP_TEST)
	bash tools/ensure_chromium.sh
	PYTHONHASHSEED=0 $(BIN)/python -m pytest $(PYTEST_ARGS)

notebooks: $(STAMP_TEST)
	$(BIN)/python tools/execute_notebooks.py

exercises: $(STAMP_CORE)
	$(BIN)/python -m course_lib.authoring

bench: $(STAMP_TEST)
	@set -e; ls benchmarks/bench_*.py >/dev/null; \
	for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f; done

lint: $(STAMP_TEST)
	$(BIN)/ruff check .

install: $(STAMP_CORE)
install-test: $(STAMP_TEST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP_CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e .
	touch $@

# The test install includes the core install, so it refreshes both stamps.
$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $@ $(STAMP_CORE)
