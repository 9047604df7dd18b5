# Newsroom: `make run` to try it, `make test` to check it. See README.md.
.DEFAULT_GOAL := help
SHELL := /bin/bash

# Django 6 needs Python 3.12+. Take the first that really runs: python3.13 / python3.12 on PATH,
# then pyenv's installed versions. Override with `make run PYTHON=/path/to/python3.12`.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
ifndef PYTHON
PYTHON := $(shell for c in python3.13 python3.12 \
	$$(ls -d $(PYENV_ROOT)/versions/3.13*/bin/python3.13 $(PYENV_ROOT)/versions/3.12*/bin/python3.12 2>/dev/null | sort -rV); do \
	$$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$c; break; }; done)
endif

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
CORPUS ?= ../shared/corpus/bbc

.PHONY: help install run serve test test-fast lint format migrations-check check-deploy bench bench-peers chromium clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "No Python 3.12 or newer found. Install one, or run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12"; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed  ## Create .venv, install Python and npm packages

run: install  ## Install, migrate SQLite, create an admin, load the samples, serve on 127.0.0.1:8000
	$(MANAGE) migrate --no-input
	$(MANAGE) create_admin --username admin
	$(MANAGE) import_articles articles/samples
	@if [ -d "$(CORPUS)" ]; then $(MANAGE) import_articles "$(CORPUS)" --outlet "BBC News"; fi
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install  ## Serve without loading anything
	$(MANAGE) runserver $(HOST):$(PORT)

chromium:  ## Install Debian's Chromium for the browser tests (needs root), if missing
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: install chromium  ## Run the whole suite (SQLite, or the database in DATABASE_URL)
	$(PY) -m pytest

test-fast: install  ## The suite without the browser tests
	$(PY) -m pytest -m "not browser"

lint: install  ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install  ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install  ## Fail when a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

check-deploy: install  ## manage.py check --deploy under production settings
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=newsroom.example.org $(MANAGE) check --deploy --fail-level WARNING

bench: install  ## Benchmarks: print figures on SQLite and PostgreSQL (not part of make test)
	$(PY) bench/run.py

bench-peers: install  ## Import speed against Label Studio and doccano (installs them from PyPI into .peers/, about 1.7 GB)
	$(PY) bench/peers/run.py

clean:  ## Remove the virtualenv, node_modules, the SQLite database and collected static files
	rm -rf $(VENV) node_modules var staticfiles test-artifacts
