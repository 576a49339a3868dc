# The two commands a user needs: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_DIST := $(VENV)/.installed-dist

.PHONY: run test lint bench dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(STAMP_RUN)

$(STAMP_DIST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dist]"
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/backchannel

test: $(STAMP_TEST) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Style, complexity, types and the layer contracts of pyproject.toml; quick, so they run first.
lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# A double-clickable one-folder app in dist/backchannel/ (see packaging/README.md).
dist: $(STAMP_DIST)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/backchannel.spec
	dist/backchannel/backchannel --smoke-test

bench: $(STAMP_TEST)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/perf/bench.py --events 1000000 --out bench.json

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
