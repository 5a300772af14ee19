# The two commands of autoclerk (see README):
#   make demo   set up from nothing and run the main job on the embedded defaults
#   make test   set up from nothing and run every test, lint and type check
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test test-fast lint setup venv chromium engine erp bench clean-data

demo: setup
	$(BIN)/autoclerk demo --approve

test: setup lint
	$(BIN)/pytest

test-fast: venv
	$(BIN)/pytest -m "not integration"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

setup: venv chromium engine erp

venv: $(VENV)/.installed

# Reinstall only when the dependencies change. Editable in compat mode, so new modules
# need no reinstall.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,erp]' --config-settings editable_mode=compat
	touch $@

chromium: venv
	scripts/ensure-chromium.sh $(VENV)

engine: venv
	$(BIN)/autoclerk engine build

# The local Tryton: web client from npm, seeded database (about 40 s once, then 1 s).
erp: venv
	$(BIN)/autoclerk erp setup

bench: setup
	for f in bench/*.py; do $(BIN)/python $$f || exit 1; done

clean-data:
	-$(BIN)/autoclerk engine stop
	rm -rf data
