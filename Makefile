# Pelican's conventional targets, run through the portal CLI so content is always validated first.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONTENT ?= content
OUTPUT ?= output
AS_OF ?= $(shell date +%F)
PORT ?= 8000

.PHONY: html regenerate serve devserver publish clean test lint bench docs install

$(BIN)/portal: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(BIN)/portal

install: $(BIN)/portal

html: $(BIN)/portal
	$(BIN)/portal build --content $(CONTENT) --output $(OUTPUT) --as-of $(AS_OF)

regenerate: $(BIN)/portal
	$(BIN)/pelican -r $(CONTENT) -o $(OUTPUT) -s pelicanconf.py

serve: $(BIN)/portal
	$(BIN)/portal serve --site $(OUTPUT) --port $(PORT)

devserver: $(BIN)/portal
	$(BIN)/pelican -lr $(CONTENT) -o $(OUTPUT) -s pelicanconf.py -p $(PORT)

publish: $(BIN)/portal
	$(BIN)/portal build --publish --content $(CONTENT) --output $(OUTPUT) --as-of $(AS_OF)

docs: $(BIN)/portal
	$(BIN)/portal docs

lint: $(BIN)/portal
	$(BIN)/ruff check .

test: $(BIN)/portal
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(BIN)/portal
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUTPUT) .$(OUTPUT).building .$(OUTPUT).old $(OUTPUT).search .$(OUTPUT).search.building .$(OUTPUT).search.old
