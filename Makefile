# Verksted — the two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two do, step by step.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app engine
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test e2e stress lint check bench deps test-deps system-deps deploy-deps translations constraints clean

## make run: install, load the example programme on a fresh instance, serve on http://127.0.0.1:5000
## (gunicorn: one worker process per core, the scheduler in one of them)
run: deps
	$(FLASK) demo setup
	$(FLASK) serve

## make test: install everything the tests need (Python packages, chromium, nginx), then run them all
test: test-deps system-deps deploy-deps
	$(BIN)/ruff check engine tests bench tools
	$(BIN)/ruff format --check engine tests bench tools
	$(BIN)/lint-imports
	$(FLASK) check
	$(BIN)/pytest -q -n 2 -m "not e2e"
	$(BIN)/pytest -q -m e2e

## make e2e: only the browser, accessibility and HTML tests
e2e: test-deps system-deps
	$(BIN)/pytest -q -m e2e

## make stress: the hostile-input suite at length (twenty times the examples of make test); it
## prints how many hostile requests it sent and how many answered 5xx (there must be none)
stress: test-deps
	VERKSTED_STRESS=1 $(BIN)/pytest -q tests/hostile

lint: test-deps
	$(BIN)/ruff check engine tests bench tools
	$(BIN)/ruff format --check engine tests bench tools
	$(BIN)/lint-imports

check: deps
	$(FLASK) check

## make bench: the budget benchmarks of DESIGN §5; prints the figures the README quotes
bench: deps
	$(BIN)/python -m bench

# Compiled once here: the service user cannot write the code's folder, and a `flask tick` from cron
# would otherwise compile every module of engine/ again each minute (a third of its start-up).
deps: $(VENV)/.installed
	$(BIN)/python -m compileall -q engine

test-deps: $(VENV)/.test-installed

# Every indirect dependency is pinned too: constraints.txt is compiled from both requirement
# files (`make constraints`), so a fresh machine installs exactly what CI tested.
$(VENV)/.installed: requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt constraints.txt $(VENV)/.installed
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-test.txt -c constraints.txt
	touch $@

## make constraints: lock every indirect dependency anew after changing a requirements file
constraints:
	test -x build/pip-tools/bin/pip-compile || \
	  { $(PYTHON) -m venv build/pip-tools && build/pip-tools/bin/pip install -q pip-tools==7.6.2; }
	build/pip-tools/bin/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  --output-file constraints.txt requirements.txt requirements-test.txt

# Debian's chromium for the Playwright tests (never a downloaded browser) and Java for vnu.
system-deps:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; }

# nginx and openssl for the deployment check (tools/check_behind_nginx.py, run by the tests). Where
# they cannot be installed the check is skipped with the reason, and `make test` goes on.
deploy-deps:
	-@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || \
	  { { $(SUDO) apt-get update -qq && \
	      $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light openssl; } >/dev/null 2>&1 || \
	    echo "nginx could not be installed: the check behind nginx will be skipped"; }

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

## make translations: collect new user-visible strings into every catalogue (nb, nn, en; then translate the nb and nn entries)
translations: deps
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location --sort-output -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d engine/translations --no-fuzzy-matching --ignore-obsolete
