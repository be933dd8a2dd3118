# The two commands of README.md:  make demo  (install, then analyze the bundled example)
#                                 make test  (install, then lint and run the test suite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint

$(BIN)/byline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(BIN)/byline

install: $(BIN)/byline

demo: install
	$(BIN)/byline analyze examples/wire_story.txt --published 2026-03-12

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

test: lint
	$(BIN)/pytest -q
