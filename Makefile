# Two commands from a fresh clone (only Python 3.11 and make needed):
#   make run    create .venv, install, serve the dashboard on http://localhost:8501
#   make test   create .venv, install the dev requirements, run ruff, the layer contracts
#               (import-linter) and the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# pytest-xdist workers for `make test` (TEST_WORKERS=0: one process, as plain pytest runs)
TEST_WORKERS ?= 2

.PHONY: run test lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.run-installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-installed
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address localhost

test: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

# make bench                                  every bench/bench_*.py, one after the other
# make bench BENCH=bench/bench_apptest.py      only some (prints the same tables)
BENCH ?= $(wildcard bench/bench_*.py)
bench: $(VENV)/.dev-installed
	@for f in $(BENCH); do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
