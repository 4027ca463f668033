# 政务公开门户: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrate seed ci clean bench e2e

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  门户首页:   http://$(HOST):$(PORT)/"
	@echo "  管理后台:   http://$(HOST):$(PORT)/admin/  （演示账号见 README.md，例如 admin / demo-pass-2025）"
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Browser tests (tests/e2e, marker `browser`): Debian's Chromium, never a downloaded browser;
# axe-core from package-lock.json; screenshots land in test-artifacts/.
APT_INSTALL = apt-get install -y $(1) || (apt-get update && apt-get install -y $(1))
e2e: $(BIN)/.installed node_modules/.package-lock.json
	@test -x /usr/bin/chromium || { $(call APT_INSTALL,chromium); }
	@fc-list :lang=zh family | grep -q . || { $(call APT_INSTALL,fonts-wqy-microhei); }
	$(BIN)/python -m pytest -m browser tests/e2e $(PYTEST_ARGS)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

ci:
	.ci/run

# The benchmark's servers run with DEBUG off, which needs a SECRET_KEY; its databases are
# throwaway, so a fixed key (the generated query codes are hashed with it) is good enough.
BENCH_SECRET_KEY := bench-only-not-secret-7Rq2Wm9Lx4Vp8Tz3Nb6Hd1Jf5Ks0Gc
# Performance benchmark on PostgreSQL (docs/performance.md): databases bench_small and bench_large
# on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432). BENCH_ARGS e.g. --scales=small.
bench: $(BIN)/.installed
	@command -v wrk >/dev/null || echo "wrk not found (apt-get install wrk): using the slower Python load generator"
	BENCH=1 SECRET_KEY="$${SECRET_KEY:-$(BENCH_SECRET_KEY)}" $(BIN)/python manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
