# Two commands on a fresh machine: `make run` (the app on the sample case) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed

.PHONY: run test test-unit test-browser chromium servers venv bench mutation deploy-local deploy-down clean

# The app's runtime dependencies (requirements.txt); the tests add requirements-dev.txt.
$(RUNTIME): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(RUNTIME)

$(STAMP): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

run: $(RUNTIME)
	$(PY) -m streamlit run app.py

# Unit and page tests in parallel, then the end-to-end tests in headless Chromium (one server, serial).
test: test-unit test-browser

test-unit: $(STAMP) chromium servers
	$(PY) -m pytest -n 2 --dist loadfile --ignore=tests/browser -rs

CHROMIUM ?= /usr/bin/chromium
# Debian's chromium for the browser tests: installed with apt-get when missing and running as root
# (CI); otherwise the browser tests are skipped with the reason printed (-rs).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
	  echo "Chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Chromium not found: apt-get install -y chromium"; \
	  ( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null ) \
	    || echo "WARNING: apt-get could not install chromium; the browser tests will be skipped"; \
	else \
	  echo "NOTE: Chromium not found and not root: the browser tests will be skipped (sudo apt-get install -y chromium)"; \
	fi

# Debian's PostgreSQL (the store tests run on SQLite and on a throwaway PostgreSQL cluster under
# test-output/) and nginx (the two-server deployment test): installed with apt-get when missing and
# running as root (CI); otherwise those tests are skipped with the reason printed (-rs).
servers:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	if [ -z "$$missing" ]; then \
	  echo "PostgreSQL and nginx: installed"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "apt-get install -y$$missing"; \
	  ( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null ) \
	    || echo "WARNING: apt-get could not install$$missing; the tests that need it will be skipped"; \
	else \
	  echo "NOTE:$$missing not found and not root: the tests that need it will be skipped (sudo apt-get install -y$$missing)"; \
	fi

test-browser: $(STAMP) chromium servers
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser -p no:xdist -rs

# Every benchmark (about an hour on 2 cores), or some: `make bench BENCH="interaction cdr"`.
BENCH ?= $(basename $(notdir $(wildcard benchmarks/*.py)))
bench: $(STAMP)
	$(PY) -m pip install --quiet --no-deps -r requirements-bench.txt
	for b in $(BENCH); do echo "== benchmarks/$$b.py"; $(PY) benchmarks/$$b.py || exit 1; done

# Mutation testing of the formula modules (docs/MUTATION.md), on demand only (never part of `make test`):
# `make mutation` checks every mutant of every module (hours on 2 cores); `make mutation MODULES="traffic export"`
# a few; `make mutation SAMPLE=120 SEED=20` a fixed random sample of 120 mutants per module (rate and 95 % interval).
mutation: $(STAMP)
	$(PY) scripts/mutation.py $(if $(SAMPLE),--sample $(SAMPLE)) $(if $(SEED),--seed $(SEED)) $(MODULES)

# The team deployment on this machine (docs/DEPLOY.md): PostgreSQL, two app servers, nginx in front.
deploy-local: $(RUNTIME) servers
	$(PY) scripts/deploy_local.py up

deploy-down:
	$(PY) scripts/deploy_local.py down

clean:
	rm -rf $(VENV) .pytest_cache test-output
