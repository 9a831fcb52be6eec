# Pelican's conventional targets, run through the portal CLI so content is always validated first.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONTENT ?= content
OUTPUT ?= output
AS_OF ?= $(shell date +%F)
PORT ?= 8000

.PHONY: html regenerate serve devserver publish clean test test-fast lint bench docs install

$(BIN)/portal: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(BIN)/portal

install: $(BIN)/portal

html: $(BIN)/portal
	$(BIN)/portal build --content $(CONTENT) --output $(OUTPUT) --as-of $(AS_OF)

# Plain Pelican for editing: its own folder (releases are never written into), derived afresh
# on every rebuild, as of today unless PORTAL_AS_OF is set in pelicanconf.py.
regenerate: $(BIN)/portal
	$(BIN)/pelican -r $(CONTENT) -o $(OUTPUT).dev -s pelicanconf.py

serve: $(BIN)/portal
	$(BIN)/portal serve --site $(OUTPUT) --port $(PORT)

devserver: $(BIN)/portal
	$(BIN)/pelican -lr $(CONTENT) -o $(OUTPUT).dev -s pelicanconf.py -p $(PORT)

# A release recorded in the publish ledger ($(OUTPUT).ledger.sqlite), then checked against its manifest.
publish: $(BIN)/portal
	$(BIN)/portal publish --content $(CONTENT) --output $(OUTPUT) --as-of $(AS_OF)
	$(BIN)/portal verify $(OUTPUT)

docs: $(BIN)/portal
	$(BIN)/portal docs

lint: $(BIN)/portal
	$(BIN)/ruff check .

# Everything: lint, then every test (browser tests are skipped with a notice when Chromium is
# missing; .ci/run sets PORTAL_REQUIRE_BROWSER=1 so that CI fails instead).
test: $(BIN)/portal
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The inner loop (under 30 s): lint, then the tests marked neither browser nor slow.
test-fast: $(BIN)/portal
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not browser and not slow"

# Issue 10's targets at 20k / 50k / 100k / 200k records in one run (about 10 minutes), written into
# bench/RESULTS.md; BENCH_QUICK=1 make bench runs 2k / 20k (a few minutes) for development.
bench: $(BIN)/portal
	$(BIN)/python bench/run.py

# The releases go; the publish ledger ($(OUTPUT).ledger.sqlite) is history and stays.
clean:
	rm -rf $(OUTPUT) $(OUTPUT).releases $(OUTPUT).dev
