# Everything starts from nothing but python3: the first target that needs the virtualenv makes it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint install clean messages bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# The production stack against PostgreSQL under wrk (docs/bench.md). Needs wrk, PostgreSQL on
# 127.0.0.1:5432 and, for the cache, Redis on 127.0.0.1:6379. CI: make bench BENCH_ARGS=--short
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale ko --ignore '$(VENV)/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale ko --ignore '$(VENV)/*'

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
