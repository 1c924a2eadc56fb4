# Two commands do all the set-up on a machine with Python 3.11+, pip and make:
#   make run   install, migrate an embedded SQLite database, load demo data, serve on :8000
#   make test  install the test dependencies and run the whole suite (DATABASE_URL picks the engine)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= auto

.PHONY: run test install install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

run: install
	$(BIN)/commonroom serve --demo

test: install-test
	@if command -v npm >/dev/null 2>&1; then cd tests/js && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the ical.js feed checks will be skipped (CI installs Node)"; fi
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q
