# Parley: `make demo` and `make test` work on a fresh clone (they create .venv themselves).

SHELL  := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# Stamps: reinstall only when pyproject.toml changes.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint format model clean distclean

# Installs print pip's "Collecting ..." lines: a first install takes a minute or two, and shows it.
PIP := $(BIN)/python -m pip install --disable-pip-version-check --no-input --progress-bar off

$(BIN)/python:
	@echo "==> creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "==> installing Parley and its dependencies into $(VENV) (spaCy and its model: a minute or two)"
	set -o pipefail; $(PIP) -e . | { grep -E '^(Collecting|Successfully)' || true; }
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	@echo "==> installing Parley with its test tools into $(VENV) (a minute or two)"
	set -o pipefail; $(PIP) -e '.[test]' | { grep -E '^(Collecting|Successfully)' || true; }
	touch $@ $(STAMP)

## demo: extract the bundled example stories, show them, store them, say how to browse them
demo: $(STAMP)
	@echo "==> extracting the example stories (the spaCy model loads first: a few seconds)"
	$(BIN)/parley extract examples/ --published 2025-03-14 --output out/demo.jsonl --format pretty
	@echo
	@echo "JSONL (one document per story): out/demo.jsonl"
	@echo "==> storing them in out/demo.db"
	$(BIN)/parley ingest examples/ --published 2025-03-14 --db out/demo.db
	@echo
	@echo "Try (each prints rows):"
	@echo "    $(BIN)/parley events --db out/demo.db --type CONSULT --actor JPN"
	@echo "    $(BIN)/parley actors Ishikawa --db out/demo.db"
	@echo "    $(BIN)/parley stats --db out/demo.db"
	@echo "Browse the demo store in the web app (then open http://127.0.0.1:8000):"
	@echo "    $(BIN)/parley serve --db out/demo.db"

## test: lint and the whole test suite (browser tests included: Debian chromium is installed when missing)
test: $(TEST_STAMP)
	@test -x /usr/bin/chromium || bash scripts/ci-browser.sh || \
	  echo "browser tests will skip: install Debian chromium with 'sudo apt-get install chromium'"
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
