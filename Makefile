# bladiscrape: `make demo` to see the archive, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8001

.PHONY: install test lint demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip "setuptools>=77"
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check bladiscrape tests tools bench
	$(PY) -m mypy

demo: install
	$(PY) -m bladiscrape demo --db demo.db --port $(PORT)

bench: install
	$(PY) bench/extract.py

clean:
	rm -rf $(VENV) build *.egg-info tests/artifacts
