# A fresh machine needs only python3 and make: every target builds .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench report-png clean

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(RUN_STAMP) $@

run: $(RUN_STAMP)
	$(BIN)/walkcoach $(ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(DEV_STAMP) lint
	TERM=unknown COLUMNS=80 $(BIN)/python -m pytest -q

bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

# docs/report.png: the demo's report as a browser shows it. Needs Chromium, which
# this target does not install (as root: apt-get update && apt-get install -y chromium);
# the clock and zone are pinned so the picture changes only when the report does.
CHROMIUM ?= chromium
REPORT_ENV := WALKCOACH_NOW=2026-11-25T10:00 TZ=Europe/Amsterdam NO_COLOR=1
report-png: $(RUN_STAMP)
	@command -v $(CHROMIUM) >/dev/null || { echo "make report-png needs Chromium:" \
		"apt-get update && apt-get install -y chromium"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(REPORT_ENV) $(BIN)/walkcoach demo --db "$$tmp/demo.db" >/dev/null && \
	$(REPORT_ENV) $(BIN)/walkcoach --db "$$tmp/demo.db" report \
		-o "$$tmp/report.html" --name "Demo walker" >/dev/null && \
	$(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=900,1250 --screenshot="$$tmp/report.png" \
		"file://$$tmp/report.html" 2>/dev/null && \
	cp "$$tmp/report.png" docs/report.png && echo "wrote docs/report.png"

clean:
	rm -rf $(VENV) build src/*.egg-info
