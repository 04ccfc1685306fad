# PreventHub: `make run` sets everything up and serves the demo; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export VENV
export DJANGO_SETTINGS_MODULE ?= preventhub.config.settings.local
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_WORKERS ?= 2

.PHONY: run setup install assets db demo test lint typecheck migrations-check pytest pytest-pg browsers clean

run: setup db demo  ## install, migrate SQLite, load the demo and serve http://127.0.0.1:8000
	@echo "Demo sign-in: see README (e.g. dsl / demo-password-dsl, TOTP via the demo secret)."
	$(BIN)/preventhub runserver 127.0.0.1:8000

setup: install assets

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $$(scripts/find-python.sh) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	node scripts/build-assets.mjs

db: install
	$(BIN)/preventhub migrate --no-input -v0
	$(BIN)/preventhub createcachetable

demo: db
	$(BIN)/preventhub seed_demo --size small

test: setup browsers lint typecheck migrations-check pytest pytest-pg  ## everything CI checks

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy src

migrations-check: install
	DJANGO_SETTINGS_MODULE=preventhub.config.settings.test $(BIN)/preventhub makemigrations --check --dry-run

browsers:
	scripts/ensure-chromium.sh

TEST_ENV := DJANGO_SETTINGS_MODULE=preventhub.config.settings.test

pytest: setup
	$(TEST_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

pytest-pg: setup
	@if scripts/pg-reachable.sh "$(PG_TEST_URL)"; then \
	  echo "== PostgreSQL: $(PG_TEST_URL)"; \
	  $(TEST_ENV) DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider; \
	else echo "== PostgreSQL at $(PG_TEST_URL) not reachable: skipped the PostgreSQL run."; fi

clean:
	rm -rf $(VENV) node_modules src/preventhub/static/build var staticfiles
