# Parley: `make demo` and `make test` work on a fresh clone (they create .venv themselves).

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# Stamps: reinstall only when pyproject.toml changes.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint format model clean distclean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

## demo: extract the bundled example stories, show them, store them, say how to browse them
demo: $(STAMP)
	$(BIN)/parley extract examples/ --published 2025-03-14 --output out/demo.jsonl --format pretty
	@echo
	@echo "JSONL (one document per story): out/demo.jsonl"
	$(BIN)/parley ingest examples/ --published 2025-03-14 --db out/demo.db
	@echo
	@echo "Browse the demo store in the web app (then open http://127.0.0.1:8000):"
	@echo "    $(BIN)/parley serve --db out/demo.db"

## test: lint and the whole test suite
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

## model: retrain the event-type model from training/events (seeded, reproducible)
model: $(TEST_STAMP)
	$(BIN)/python scripts/train_type_model.py --check

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## clean: outputs and caches (keeps .venv); distclean also removes .venv
clean:
	rm -rf out build dist .pytest_cache .ruff_cache src/*.egg-info
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
