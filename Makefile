# Waymark. `make help` lists the targets.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3.11
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := .venv/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: help run test install install-dev assets chromium pdf-libs services db worker beat lint format bench loadtest plotly-css

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

install: $(UV) assets chromium pdf-libs ## Install the app's Python and front-end dependencies (locked), Chromium for charts and WeasyPrint's libraries and fonts for documents
	@# --inexact: installing the app never removes the test tools from a shared .venv
	$(UV) sync --frozen --no-dev --inexact --quiet

install-dev: $(UV) assets chromium pdf-libs ## Install everything the tests need too
	$(UV) sync --frozen --quiet

assets: node_modules/.package-lock.json ## Install the NHS.UK frontend, htmx and axe-core from npm

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

chromium: ## Install Debian's Chromium (browser tests, and charts drawn for documents), if missing
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# WeasyPrint's system libraries (Pango, HarfBuzz), the documents' open-licence fonts (Liberation
# Sans 2: Arial's metrics, the NHS's fallback for Frutiger; SIL Open Font Licence) and poppler's
# pdftoppm (to look at a document's pages as images). Installed only if something is missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils
pdf-libs: ## Install WeasyPrint's Debian libraries and the documents' fonts, if missing
	@dpkg-query -W -f='$${Status}\n' $(PDF_PACKAGES) 2>/dev/null | grep -c '^install ok installed' \
		| grep -qx $(words $(PDF_PACKAGES)) \
		|| (apt-get update -qq && apt-get install -y -qq --no-install-recommends $(PDF_PACKAGES) >/dev/null)

# The fault tests start PostgreSQL and Redis servers of their own (tests/services.py): the
# binaries must be there. Installed only if missing.
services: ## Install PostgreSQL's and Redis's server programs (the fault tests start their own), if missing
	@(command -v redis-server >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1) \
		|| (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql redis-server >/dev/null)

db: install ## Create and migrate the database, then load the reference and demo data
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py waymark_setup

run: db ## Set everything up and serve the app on http://127.0.0.1:8000
	$(PY) manage.py waymark_setup --logins
	$(PY) manage.py runserver 127.0.0.1:8000

# The suite runs in two pytest-xdist processes (TEST_WORKERS, 0: one process), each with its own
# test database (test_<name>_gw0, ...) and, with REDIS_URL, its own Redis database
# (config/settings/test.py); module by module, the tests that share costly services of their
# own (faults, SeaweedFS) together in one process (tests/conftest.py).
TEST_WORKERS ?= 2
test: install-dev services ## Install what the tests need and run the whole suite (in TEST_WORKERS=2 processes)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope --durations=25

bench: install ## Measure the questionnaire, the documents (and, on PostgreSQL, the national view) against their budgets
	$(PY) -m tests.bench
	DJANGO_SETTINGS_MODULE=config.settings.test LOG_LEVEL=WARNING $(PY) -m tests.bench.bench_reports
	DJANGO_SETTINGS_MODULE=config.settings.test LOG_LEVEL=WARNING $(PY) -m tests.bench.bench_documents

loadtest: install-dev services ## Locust against gunicorn and PostgreSQL (database waymark_load, LOAD_DATABASE_URL): 200 respondents for 3 minutes, then the check that nothing was lost
	LOG_LEVEL=WARNING $(PY) -m tests.load

worker: install ## Start a Celery worker on Redis (CELERY_BROKER_URL, default redis://127.0.0.1:6379/0)
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} .venv/bin/celery -A config worker --loglevel=INFO

beat: install ## Start Celery beat (exactly one): the daily closing-date reminders (the same as `manage.py send_reminders`), and documents kept waiting while Redis was away
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} .venv/bin/celery -A config beat --loglevel=INFO --schedule=$${CELERY_BEAT_SCHEDULE_FILE:-/tmp/waymark-celerybeat-schedule}

lint: install-dev ## Check style with ruff
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install-dev ## Format the code with ruff
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

plotly-css: assets ## After a plotly.js upgrade: rewrite our copy of its base styles (CSP)
	node reports/assets/plotly-css.mjs > reports/static/reports/plotly.css
