# Palermo: `make demo` sets everything up and runs the main job; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
EXTRAS ?= linkage,exports,web,pdf,spark,dev
STAMP := $(VENV)/.installed

.PHONY: install demo test test-postgres test-fast lint fmt typecheck check postgres lock clean docs

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/palermo demo

# Starts PostgreSQL if it is down (this machine kind runs it on 127.0.0.1:5432, trust auth).
postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports

fmt: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

typecheck: install
	$(VENV)/bin/mypy

# Every test: lint, types, the import rule, every test of every marker (the database
# tests on SQLite), then the database tests again on PostgreSQL. The second run always
# selects tests (tests/palermo_web/test_database.py), so pytest never exits 5 there.
test: install postgres
	$(MAKE) lint typecheck
	$(VENV)/bin/pytest -m "" -p no:cacheprovider
	$(MAKE) test-postgres

# The database tests (marked django_db, or postgres for PostgreSQL-only ones) on PostgreSQL.
test-postgres: install postgres
	DB=postgres $(VENV)/bin/pytest -m "django_db or postgres" -p no:cacheprovider

test-fast: install
	$(VENV)/bin/pytest

check: lint typecheck test-fast

# docs/cli.md is generated from the commands' own help (a test checks it is current).
docs: install
	$(VENV)/bin/typer palermo.cli utils docs --name palermo --output docs/cli.md

lock:
	$(PIP) freeze --exclude-editable | grep -v '^palermo' > constraints.txt

clean:
	rm -rf $(VENV) palermo-demo .pytest_cache .mypy_cache
