# The README's commands, used by people and by CI alike.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8080
DIST ?= dist

.PHONY: demo test install install-test browser lint fmt typecheck openapi bench fuzz dist doc-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

## Install salon and serve the demo article on a local SQLite file.
demo: install
	$(BIN)/salon demo --db salon-demo.db --port $(PORT)

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

## Debian's chromium for the browser tests (skipped when already there).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  echo "could not install chromium: browser tests will skip"; }
	@[ -d widget/node_modules ] || (cd widget && npm ci --no-audit --no-fund --silent) || \
	  echo "npm install failed: the widget build and axe checks will skip"
	@[ -d tests/clients/node/node_modules ] || (cd tests/clients/node && npm ci --no-audit --no-fund --silent) || \
	  echo "npm install failed: the npm perspective-api-client test will skip"

## nginx for the check of docs/install.md's nginx site (`nginx -t`; skipped when already there).
## systemd-analyze comes with systemd.
doc-tools:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "installing Debian's nginx for the install-doc test"; \
	  (apt-get update -qq && (apt-get install -y -qq nginx-light || apt-get install -y -qq nginx) >/dev/null) || \
	  echo "could not install nginx: the nginx -t check will skip"; }

## Install everything the tests need and run the whole suite.
test: install-test browser doc-tools
	$(BIN)/ruff check salon tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

lint:
	$(BIN)/ruff check salon tests bench
	$(BIN)/ruff format --check salon tests bench

fmt:
	$(BIN)/ruff format salon tests bench
	$(BIN)/ruff check --fix salon tests bench

typecheck:
	$(BIN)/mypy

## Regenerate the committed OpenAPI document after changing the API.
openapi:
	$(BIN)/python -m salon.openapi_doc openapi.json

bench:
	$(BIN)/python bench/run_all.py

## A longer schemathesis run against openapi.json (CI runs a few examples per operation).
## SALON_FUZZ_SEED=N for another sequence of requests.
fuzz: install-test
	SALON_FUZZ_EXAMPLES=$${SALON_FUZZ_EXAMPLES:-200} $(BIN)/python -m pytest tests/fuzz -n 2 -q -p no:cacheprovider

## A wheel and an sdist in $(DIST)/ for `pip install` without a checkout: the built widget, templates,
## static files, the model's .npz files and the migrations are inside (the wheel is built from the sdist).
dist: $(BIN)/python
	@$(BIN)/python -c "import build" 2>/dev/null || $(BIN)/pip install --quiet "build>=1.2,<2"
	rm -rf $(DIST)
	$(BIN)/python -m build --outdir $(DIST) .

clean:
	rm -rf $(VENV) dist build salon-demo.db* .pytest_cache .mypy_cache .ruff_cache
