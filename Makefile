# The two README commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck security messages screenshots clean

$(VENV)/.base: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $@

## Set up, migrate the embedded SQLite database, load demo data and serve on http://$(HOST):$(PORT)/
run: $(VENV)/.base
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py build_theme_model
	DJANGO_DEBUG=true SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py seed_demo
	DJANGO_DEBUG=true SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

## Set up and run lint, types and the whole test suite (PostgreSQL) with the coverage gate
test: $(VENV)/.dev lint typecheck security
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py build_theme_model
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(VENV)/.dev
	$(PY) -m mypy .

# bandit must be clean. pip-audit needs a vulnerability service: where none answers (offline CI)
# it says "could not audit" and does not fail; a vulnerability found always fails.
security: $(VENV)/.dev
	$(PY) -m bandit -q -c pyproject.toml -r .
	@$(PY) -m pip_audit --strict --progress-spinner off > .pip-audit.log 2>&1; status=$$?; \
	if [ $$status -eq 0 ]; then echo "pip-audit: no known vulnerabilities"; \
	elif grep -q "known vulnerabilit" .pip-audit.log; then cat .pip-audit.log; exit 1; \
	elif grep -q "could not be audited\|ConnectionError\|Max retries\|Name or service" .pip-audit.log; then \
	  echo "pip-audit: COULD NOT AUDIT (no vulnerability service reachable); this is not a clean result."; \
	else cat .pip-audit.log; exit $$status; fi

## Extract the interface texts into locale/*/LC_MESSAGES/django.po (xgettext, from Debian's
## gettext), then compile the .mo files that are committed beside them (babel: pip alone)
messages: $(VENV)/.dev
	$(PY) manage.py makemessages --all --extension html,txt,py --no-location --no-obsolete
	$(PY) -m babel.messages.frontend compile --directory locale --domain django --statistics

## Refresh the screenshots and the demo video in docs/screenshots/ from the browser tests
# Playwright records video with an ffmpeg it looks for beside its own browsers, and its download
# is not reachable from CI: it is given the system's (apt-get install ffmpeg) in var/playwright/.
screenshots: $(VENV)/.dev
	@command -v ffmpeg >/dev/null || { echo "make screenshots needs ffmpeg: apt-get install ffmpeg"; exit 1; }
	rev=$$($(PY) -c "import json, pathlib, playwright; \
	  spec = pathlib.Path(playwright.__file__).parent / 'driver/package/browsers.json'; \
	  print(next(b['revision'] for b in json.loads(spec.read_text())['browsers'] if b['name'] == 'ffmpeg'))") && \
	mkdir -p var/playwright/ffmpeg-$$rev && ln -sf "$$(command -v ffmpeg)" var/playwright/ffmpeg-$$rev/ffmpeg-linux
	PLAYWRIGHT_BROWSERS_PATH=$(CURDIR)/var/playwright $(PY) -m pytest --no-cov -q -k test_browser --screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache htmlcov .coverage db.sqlite3
