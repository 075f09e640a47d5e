# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := fostercare.settings

.PHONY: run test lint check messages translations demo stop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | tee var-translations.log | tail -1; \
		! grep -q "error" var-translations.log || { cat var-translations.log; rm -f var-translations.log; exit 1; }; \
		rm -f var-translations.log

## run: install, migrate, load demo data and start web + Celery worker + beat
run: translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo > /dev/null
	PATH="$(abspath $(BIN)):$$PATH" PORT=$(PORT) $(BIN)/honcho --procfile Procfile.dev start

## test: install what the tests need and run the whole suite: two workers in parallel
## (each with its own test database; the slowest tests first, tests/conftest.py), then
## the chaos test alone (it restarts PostgreSQL).
# Tests get their own embedded PostgreSQL and Redis (var/test), apart from `make run`'s.
test: export VAR_DIR := $(CURDIR)/var/test
test: $(VENV)/.installed-test translations
	@command -v chromium >/dev/null || { echo "Installing Debian's Chromium for the browser tests"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/pytest -n 2 --dist loadgroup -m "not chaos" $(PYTEST_ARGS)
	$(BIN)/pytest -m chaos $(PYTEST_ARGS)

## lint: ruff, the import direction between apps and the migrations check, as CI runs them
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

## messages: refresh locale/da/LC_MESSAGES/django.po from the code (needs GNU gettext)
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages --locale da --no-obsolete --ignore '.venv/*' --ignore 'var/*'

## stop: stop the embedded PostgreSQL and Redis under var/
stop: $(VENV)/.installed
	$(BIN)/python -c "import os; from pathlib import Path; from fostercare.embedded import stop_all; \
		stop_all(Path(os.environ.get('VAR_DIR', 'var')).resolve())"

clean: stop
	rm -rf var $(VENV) staticfiles
