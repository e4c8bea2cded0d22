# The README's two quick-start commands: `make demo` and `make test`.
# Each creates .venv/ on first use and installs the project from the lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check bench eval load clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/talkbot ask playwright

test: $(STAMP)
	$(BIN)/ruff check bot tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check bot tests scripts
	$(BIN)/ruff format --check bot tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/talkbot check data

bench: $(STAMP)
	$(BIN)/python scripts/bench_start.py --record BENCHMARKS.md

eval: $(STAMP)
	$(BIN)/python scripts/eval_search.py --record BENCHMARKS.md

load: $(STAMP)
	$(BIN)/python scripts/load_test.py --record BENCHMARKS.md

clean:
	rm -rf $(VENV)
