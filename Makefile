# Two commands do all the set-up on a machine with Python 3.11+, pip and make:
#   make run   install, migrate an embedded SQLite database, load demo data, serve on :8000
#   make test  install the test dependencies and run the whole suite (DATABASE_URL picks the engine)
#   make lint  ruff's lint rules and formatting check; make typecheck: mypy (both install the lint extra)
#   make bench install the bench extra and benchmark one size on one engine (BENCH_SIZE, BENCH_ENGINE, BENCH_ARGS)
#   make messages          extract every marked string into the template catalogue and update each language's .po
#   make compile-messages  compile the .po catalogues to .mo (install, run and test do it)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= auto
BENCH_SIZE ?= village
BENCH_ENGINE ?= sqlite
BENCH_ARGS ?=

I18N := venues/core/i18n

.PHONY: run test install install-test install-lint lint typecheck bench messages compile-messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory compile-messages

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory compile-messages

install-lint: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[lint]'

lint: install-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-lint
	$(BIN)/mypy

run: install
	$(BIN)/commonroom serve --demo

test: install-test
	@if command -v npm >/dev/null 2>&1; then cd tests/js && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the ical.js feed checks will be skipped (CI installs Node)"; fi
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench run --size $(BENCH_SIZE) --engine $(BENCH_ENGINE) $(BENCH_ARGS)

messages: $(BIN)/python
	$(BIN)/pybabel extract -F $(I18N)/babel.cfg -k lazy_gettext --add-comments=Translators: \
		--add-location=file --sort-output --no-wrap --project=Commonroom --copyright-holder=Commonroom \
		-o $(I18N)/locale/messages.pot venues scheduling api
	$(BIN)/pybabel update -i $(I18N)/locale/messages.pot -d $(I18N)/locale -D messages \
		--no-fuzzy-matching --ignore-obsolete --no-wrap

compile-messages: $(BIN)/python
	$(BIN)/pybabel compile --statistics -d $(I18N)/locale -D messages
