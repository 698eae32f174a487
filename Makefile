# The two commands of the README: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest translations screenshots bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,server]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/propono --demo

test: $(STAMP)
	tools/ensure_postgres.sh
	$(BIN)/ruff check app tests main.py tools benchmarks
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests main.py tools benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	tools/ensure_postgres.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# Re-extract interface strings and merge them into the fr/de/it catalogs.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output -o translations/propono.pot app
	$(BIN)/pybabel update -i translations/propono.pot -d translations -D propono --no-fuzzy-matching --ignore-obsolete

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
