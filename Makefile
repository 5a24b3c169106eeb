# `make run` serves a populated site; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run serve test lint format migrate demo clean messages checkers cluster cluster-stop cluster-status cluster-smoke cluster-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

$(VENV)/.installed-cluster: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[cluster]"
	touch $(VENV)/.installed $@

var/secret_key: | $(BIN)/python
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

var/demo_password: | $(BIN)/python
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(9))" > $@
	chmod 600 $@

LOCAL_ENV = DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$$(cat var/secret_key)"

run: $(VENV)/.installed var/secret_key var/demo_password
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --no-input
	$(LOCAL_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(LOCAL_ENV) $(BIN)/python manage.py load_demo --password "$$(cat var/demo_password)"
	$(LOCAL_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production-style serving on this machine: gunicorn with DEBUG off, static
# files from WhiteNoise. README, "Production", for a real server.
SERVE_ENV = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}"

serve: $(VENV)/.installed var/secret_key
	$(SERVE_ENV) $(BIN)/python manage.py migrate --no-input
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(SERVE_ENV) $(BIN)/gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi

demo: $(VENV)/.installed var/secret_key var/demo_password
	$(LOCAL_ENV) $(BIN)/python manage.py load_demo --password "$$(cat var/demo_password)"

# One pytest-xdist worker per core, a test file per worker at a time: a
# file's module-scoped servers start once. PYTEST_WORKERS=0 runs in-process.
PYTEST_WORKERS ?= auto

test: $(VENV)/.installed-dev
	mkdir -p var
	DJANGO_SECRET_KEY=test-only-secret-key $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=test-only-secret-key $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The W3C Nu validator and axe-core, from the npm registry (package.json);
# the validator needs Java.
VNU := node_modules/vnu-jar/build/dist/vnu.jar

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates planning/templates
	java -jar $(VNU) --css $(wildcard static/css/*.css planning/static/planning/*.css)

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates planning/templates

messages: $(VENV)/.installed-dev
	DJANGO_SECRET_KEY=x $(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore .venv --ignore var
	DJANGO_SECRET_KEY=x $(BIN)/python manage.py makemessages -d djangojs -l zh_Hans --ignore .venv --ignore var
	DJANGO_SECRET_KEY=x $(BIN)/python manage.py compilemessages --ignore .venv --ignore var

# The local cluster of deploy/README.md: PostgreSQL primary and replica,
# Redis, SeaweedFS (S3), two gunicorns, Varnish and nginx, on loopback.
cluster: $(VENV)/.installed-cluster var/secret_key var/demo_password
	deploy/cluster.sh start

cluster-stop:
	deploy/cluster.sh stop

cluster-status:
	deploy/cluster.sh status

cluster-smoke: $(VENV)/.installed-cluster
	deploy/smoke.sh

# Issue 20's scenario on the cluster: purges, the replica, S3, failures under
# load; exits 0 only when every target holds (deploy/cluster_test.py).
cluster-test: $(VENV)/.installed-cluster var/secret_key var/demo_password
	$(BIN)/python deploy/cluster_test.py

checkers: node_modules/.installed

clean:
	rm -rf $(VENV) var node_modules
