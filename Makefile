# The academy tracker. `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export DJANGO_SETTINGS_MODULE := config.settings
PORT ?= 8000

.PHONY: run install assets migrate seed test test-services lint format worker beat check-deploy bench clean

## run: set everything up and start the app at http://127.0.0.1:8000 (SQLite, tasks in-process);
## `make run PORT=8001` when 8000 is taken
run: install assets
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py serve 127.0.0.1:$(PORT)

## install: a virtualenv with the locked dependencies (uv.lock)
install: $(VENV)/.installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock $(VENV)/bin/python
	$(UV) sync --frozen --inexact --python $(PY)
	touch $@

## assets: GOV.UK Frontend from the npm registry, compiled with the service's styles
assets: web/static/build/.built

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

web/static/build/.built: node_modules/.installed $(wildcard web/assets/*)
	npm run --silent build
	touch $@

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

## test: the test suite. Tests that need PostgreSQL, Redis, a worker or Chromium run when
## DATABASE_URL / CELERY_BROKER_URL point at them and Chromium is installed; else they skip.
test: install assets
	$(PY) -m pytest $(PYTEST_ARGS)

## test-services: the suite against the local PostgreSQL and Redis (as CI runs it)
test-services: install assets
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/academy} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	$(PY) -m pytest $(PYTEST_ARGS)

## lint: ruff and mypy (with the Django and DRF plugins)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## worker: a Celery worker for both queues (needs CELERY_BROKER_URL)
worker: install
	$(VENV)/bin/celery -A config worker --queues notifications,reports --loglevel INFO

## beat: the one scheduler (run exactly one)
beat: install
	mkdir -p var
	$(VENV)/bin/celery -A config beat --loglevel INFO --schedule var/celerybeat-schedule

## bench: every report compiled from a generated 2,000-member cohort, with times and query
## counts, on a database of its own (a temporary SQLite file; BENCH_DATABASE_URL=postgres://…
## makes <that name>_bench on that server and drops it after)
bench: install
	$(PY) -m bench.reports $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules web/static/build var/staticfiles
