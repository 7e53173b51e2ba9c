# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
# The NegMAS peer tier (tests/peer): negmas (AGPL) lives only in its own venv, never in .venv.
NEGMAS_VENV := .venv-negmas
NEGMAS_VERSION := 0.16.0

.PHONY: run test install install-test install-negmas install-postgres install-chromium lint \
	typecheck unit bench bench-negmas bench-web clean

# $(call make-venv,DIR): a venv, installing Debian's python3-venv first if Python lacks it.
define make-venv
	@$(PYTHON) -m venv $(1) 2>/dev/null || { rm -rf $(1); \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(1); }
endef

$(BIN)/python:
	$(call make-venv,$(VENV))

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.installed

$(NEGMAS_VENV)/.installed:
	@rm -rf $(NEGMAS_VENV)
	$(call make-venv,$(NEGMAS_VENV))
	$(NEGMAS_VENV)/bin/python -m pip --disable-pip-version-check -q install negmas==$(NEGMAS_VERSION)
	@touch $@

# The tracker's tests run against a real PostgreSQL server they start themselves.
install-postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# The dashboard's browser tests drive Debian's chromium with Playwright (no browser download).
install-chromium:
	@test -x /usr/bin/chromium || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

.PHONY: install-report-deps
# Reports: WeasyPrint's Pango and a font (PDF), poppler-utils (pdftoppm, pdfinfo) for their tests.
install-report-deps:
	@{ ldconfig -p | grep -q libpangoft2-1.0.so.0 && test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	  && command -v pdftoppm >/dev/null && command -v pdfinfo >/dev/null; } || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 \
	    libpangoft2-1.0-0 fonts-dejavu-core poppler-utils >/dev/null; }

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-negmas: $(NEGMAS_VENV)/.installed

# The analysis of the bundled 2018 scenario, then the dashboard (SQLite default, demo loaded).
run: install install-report-deps
	$(BIN)/burdenshare compare sma-2018
	$(BIN)/burdenshare simulate sma-2018
	$(BIN)/burdenshare db upgrade
	$(BIN)/burdenshare demo load
	@echo "Dashboard: http://127.0.0.1:8000/ (Ctrl+C to stop)"
	$(BIN)/burdenshare serve

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install-test
	$(BIN)/mypy

unit: install-test $(NEGMAS_VENV)/.installed install-postgres install-chromium install-report-deps
	BURDENSHARE_REQUIRE_NEGMAS=1 BURDENSHARE_REQUIRE_BROWSER=1 $(BIN)/pytest -q

test: lint typecheck unit

# The fast inner loop: no browser, no live-server reliability suites, no NegMAS peer tier.
.PHONY: quick
quick: install-test install-postgres install-report-deps
	$(BIN)/pytest -q -x -m "not browser and not reliability and not peer"

bench: install
	$(BIN)/python benchmarks/schedules.py

bench-web: install-test
	$(BIN)/python benchmarks/web.py

.PHONY: bench-report
bench-report: install-test install-report-deps
	$(BIN)/python benchmarks/report.py

bench-negmas: install $(NEGMAS_VENV)/.installed
	$(BIN)/python benchmarks/analysis_vs_negmas.py

clean:
	rm -rf $(VENV) $(NEGMAS_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

.PHONY: bench-scale
bench-scale: install
	$(BIN)/python benchmarks/scale.py
