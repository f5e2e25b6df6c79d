# Everything starts from nothing but python3: the first target that needs the virtualenv makes it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint install clean messages

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

messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale ko --ignore '$(VENV)/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale ko --ignore '$(VENV)/*'

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
