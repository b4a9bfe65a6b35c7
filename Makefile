# Two commands for a fresh machine with Python >= 3.11 and make:  make run  |  make test
# `make` alone lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?=
OUT    ?=
OUTLET ?=
FILENAME_PATTERN ?=
PERIOD ?=
ENGINE ?=
WORKERS ?=
DASK_SCHEDULER ?=
# read by analysis.run_notebooks and the notebooks from the environment (no shell quoting of a regex)
export OUTLET FILENAME_PATTERN PERIOD ENGINE WORKERS DASK_SCHEDULER
BENCH_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help run test lint bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'
	@echo "  make run CORPUS=<folder> OUT=<folder>   analyse another folder of articles"
	@echo "      [OUTLET=人民日报] [FILENAME_PATTERN='(?P<date>\d{8})-(?P<page>\d+)-(?P<item>\d+)'] [PERIOD=day|week|month]"
	@echo "      [ENGINE=local|dask] [WORKERS=2] [DASK_SCHEDULER=tcp://host:8786]"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed; found " + sys.version.split()[0] + " (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml requirements.lock $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	@touch $@

run: $(VENV)/.installed ## execute every notebook headless, in order (writes tables/ and figures/)
	$(BIN)/python -m analysis.run_notebooks $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(OUT),--out "$(OUT)")

test: $(VENV)/.installed-test ## unit tests plus a headless run of every notebook
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test ## ruff over the package and the tests
	$(BIN)/ruff check analysis tests

bench: $(VENV)/.installed ## throughput and memory at 1x, 10x, 100x the seed text
	$(BIN)/python -m analysis.bench $(BENCH_ARGS)

clean: ## remove the virtualenv and executed notebooks (keeps tables/ and figures/)
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis
