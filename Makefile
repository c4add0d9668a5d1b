# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/zicht.duckdb

.PHONY: install setup data run serve test test-unit lint format bench bench-live loadtest screenshots clean soak

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install setup: $(STAMP)

$(DB): | $(STAMP)
	$(BIN)/zicht build --db $(DB)

data: $(STAMP)
	$(BIN)/zicht build --db $(DB)

run: $(STAMP) $(DB)
	$(BIN)/zicht serve --db $(DB)

serve: run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

# unit tests only: no database build, a few seconds
test-unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench

bench-live: $(STAMP)
	$(BIN)/python -m benchmarks.live_download

loadtest: $(STAMP)
	ZICHT_LOAD_SECONDS=60 $(BIN)/pytest -q tests/integration/test_load.py -s

screenshots: $(STAMP)
	$(BIN)/python -m tests.integration.screenshots

clean:
	rm -rf build data/*.duckdb data/*.tmp

soak: $(STAMP)
	SOAK_SECONDS=$${SOAK_SECONDS:-60} nice $(BIN)/python -m tests.integration.soak
