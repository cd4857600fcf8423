# Lärlabb: `make run` serves the demo, `make test` runs every check. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] && echo "" || echo "sudo")

.PHONY: run test checks install install-test system-packages browser stack-packages frontend build bench \
	bench-live bench-morning stack

## run: install, migrate, load the demo and serve Lärlabb (with a task worker) on $(HOST):$(PORT)
# Links in emails, calendar files and the projector's QR code point where this serves (set
# SITE_URL to override, for example behind a proxy).
SITE_URL ?= http://$(HOST):$(PORT)
RUN_ENV = DEBUG=1 SITE_URL=$(SITE_URL)
run: install
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py send_reminders --schedule
	@echo "Lärlabb: $(SITE_URL)/  (Ctrl-C stops the server and the worker)"
	$(RUN_ENV) $(PY) manage.py run_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(VENV)/bin/daphne -b $(HOST) -p $(PORT) larlabb.asgi:application

## test: install what the tests need, then the checks and the whole suite (browser tests too)
CHECKS ?= checks
test: install-test browser stack-packages $(CHECKS)
	$(PY) -m pytest

## checks: lint (ruff, eslint), types (mypy), and no model change without its migration
checks:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	npm run --silent lint
	DEBUG=1 $(VENV)/bin/mypy
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==0.13.9

install: $(UV) system-packages
	$(UV) pip install --quiet --python $(PY) -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	$(MAKE) --no-print-directory build

install-test: install
	$(UV) pip install --quiet --python $(PY) -r requirements-test.lock

## build: front-end packages, static files and compiled translations
build:
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	DEBUG=1 $(PY) manage.py collectstatic --no-input -v0

# Debian packages: gettext (translations), Pango, HarfBuzz-Subset and fonts (WeasyPrint PDFs).
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Debian's Chromium for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# Debian's Caddy for the production stack (deploy/stack.py: tests/deploy, bench-morning). The
# stack runs its own Caddy on a high port; the package's service (which would serve port 80 with
# Debian's default page) is stopped and disabled where systemd runs.
stack-packages:
	@command -v caddy >/dev/null || { \
	  echo "Installing Debian's caddy"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq caddy; \
	  if [ -d /run/systemd/system ]; then $(SUDO) systemctl disable --now caddy.service; fi; }

## stack: the production stack of deploy/ on loopback (Caddy, 2 ASGI processes, worker; needs
## PostgreSQL and Redis on 127.0.0.1) until Ctrl-C
stack: install-test stack-packages
	$(PY) deploy/stack.py

## bench: the benchmarks in bench/, each printing its figures
bench: install-test
	$(PY) bench/pages.py
	$(PY) bench/synergies.py
	$(PY) bench/groups.py
	$(PY) bench/themes.py
	$(PY) bench/report.py

## bench-live: the live room under 150 WebSocket clients (needs PostgreSQL and Redis on loopback)
bench-live: install-test
	$(PY) bench/live_load.py

## bench-morning: 150 people arriving within 2 minutes (invitation, login by code, lab, live room)
## while organisers export, through the production stack with 2 and then 3 ASGI processes
bench-morning: install-test stack-packages
	$(PY) bench/morning.py
