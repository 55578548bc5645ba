# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/borgerrejse

.DEFAULT_GOAL := help
.PHONY: help install assets setup run test test-browser check lock format benchmark

help:
	@echo "make run           set up everything and serve the demo on http://127.0.0.1:$(PORT)/"
	@echo "make test          run the test suite"
	@echo "make test-browser  run the browser tests (headless Chromium)"
	@echo "make check         lint, format check, types, import contracts, migrations"

# The stamp files make a second run quick: nothing is reinstalled unless a lock file changed.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

assets: install
	mkdir -p data
	$(BIN)/pybabel -q compile --domain django --directory src/borgerrejse/locale
	$(MANAGE) collectstatic --no-input -v 0

setup: assets
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) services load
	$(MANAGE) demo
	$(MANAGE) demo_staff
	$(MANAGE) demo_appointments

# The outbox worker and the local SMTP sink run beside the web server, and stop with it
# (Ctrl-C): the traps end the background jobs whichever way the server goes.
run: setup
	@echo
	@echo "  Borgerrejse is running. Open http://127.0.0.1:$(PORT)/ (English: http://127.0.0.1:$(PORT)/en/)"
	@echo "  The outbox worker delivers messages; e-mail goes to the local SMTP sink (data/mail)."
	@echo
	@trap 'kill $$sink $$worker 2>/dev/null; wait' EXIT; trap 'exit 130' INT TERM; \
	$(MANAGE) smtp_sink & sink=$$!; \
	$(MANAGE) worker & worker=$$!; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pybabel -q compile --domain django --directory src/borgerrejse/locale
	$(BIN)/pytest -n auto -p no:cacheprovider

test-browser: install
	$(BIN)/pybabel -q compile --domain django --directory src/borgerrejse/locale
	$(BIN)/pytest -m browser -p no:cacheprovider

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate requirements.lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --no-emit-index-url \
		--python-version 3.11 --no-header -q -o requirements.lock

benchmark: install
	$(BIN)/python benchmarks/rules.py
	$(BIN)/python benchmarks/outbox.py
	$(BIN)/python benchmarks/wait_time.py
