# The entry points: a fresh machine needs only Python 3.11, git and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-unit lint bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "triagedesk needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/triagedesk demo

test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

test-unit: $(STAMP)
	$(BIN)/pytest -n 2 tests/unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/triagedesk bench --markdown benchmarks/results/bench.md
	$(BIN)/python benchmarks/eval_real_data.py
	$(BIN)/python benchmarks/eval_sentiment.py
	$(BIN)/python benchmarks/language_accuracy.py
	$(BIN)/python benchmarks/helpdesk_api.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

docs: $(STAMP)
	$(BIN)/python tools/cli_docs.py
