# The commands people type. `make run` and `make test` work on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Points DATABASE_URL at a PostgreSQL that answers (an embedded one where none does) and checks Redis.
SERVICES := eval "$$($(PY) deploy/local_services.py)"

# The production app server in the foreground (deploy/serve.py: BIND, WEB_CONCURRENCY, APP_SERVER).
SERVE := $(PY) manage.py collectstatic --noinput --verbosity 0 && exec $(PY) deploy/serve.py

.PHONY: install run serve test lint format bench

$(VENV)/installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/installed

# The app server in the foreground and the notifications worker beside it, sharing its metrics directory (so /metrics
# counts what the worker sends); when the server stops (Ctrl-C), the worker is stopped too.
run: install
	$(SERVICES) && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_sample_data && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	export PROMETHEUS_MULTIPROC_DIR="$${PROMETHEUS_MULTIPROC_DIR:-$$(mktemp -d -t atelier-qa-metrics-XXXXXX)}" && { \
		{ $(PY) manage.py send_notifications & } ; worker=$$! ; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM ; \
		$(PY) deploy/serve.py ; \
	}

serve: install
	$(SERVICES) && $(SERVE)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(SERVICES) && $(VENV)/bin/pytest --create-db

# Load benchmark (benchmarks/load.py) on a seeded database: BENCH_ARGS="--database atelier_qa_10m".
bench: install
	$(PY) -m pip install --quiet -r requirements-bench.txt
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(PY) benchmarks/load.py $(BENCH_ARGS)

# The production topology on this machine, as root (network namespaces): PostgreSQL primary and streaming
# replica, PgBouncer, Redis, three app servers and nginx; a smoke test through nginx; then all torn down.
# CLUSTER_ACTION=bench or drill also measures (docs/scaling.md).
.PHONY: cluster
cluster: install
	flock --close /tmp/atelier-bench.lock deploy/cluster/cluster.sh $(CLUSTER_ACTION)
