# Hội Khuyến học tỉnh Sóc Trăng: build, preview, publish and test the site.
# `make serve` and `make test` are all a new user needs; everything else installs itself.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP := $(VENV)/.dev-installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help html serve publish test bench lint clean

help:
	@echo "make serve    dựng trang và xem thử tại http://$(HOST):$(PORT) (tự dựng lại khi sửa tệp)"
	@echo "make html     dựng trang vào output/"
	@echo "make publish  dựng bản xuất bản (địa chỉ tuyệt đối) vào output/"
	@echo "make test     chạy toàn bộ kiểm thử"
	@echo "make bench    đo tốc độ dựng trang và dung lượng trang"
	@echo "make lint     kiểm tra mã nguồn bằng ruff"
	@echo "make clean    xoá output/ và bộ nhớ đệm"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The plugins are installed in editable mode: pip records where they are, and edits need no
# reinstall.
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

$(SITE_STAMP): requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) -r requirements-dev.txt
	$(PIP) --no-deps -e .
	touch $(SITE_STAMP) $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

html: $(SITE_STAMP)
	$(PELICAN) content -s pelicanconf.py -o output

serve: $(SITE_STAMP)
	$(PELICAN) content -s pelicanconf.py -o output --autoreload --listen \
		--bind $(HOST) --port $(PORT) -e EDITOR_ERRORS_EXIT=false

# Built beside output/ and swapped in only when the whole build succeeded: a failed publish
# leaves the previous site untouched.
publish: $(SITE_STAMP)
	rm -rf output.new output.old
	$(PELICAN) content -s publishconf.py -o output.new
	if [ -d output ]; then mv output output.old; fi
	mv output.new output
	rm -rf output.old

test: $(DEV_STAMP) $(NODE_STAMP)
	./scripts/ensure-chromium.sh
	$(BIN)/pytest

bench: $(DEV_STAMP) $(NODE_STAMP)
	$(BIN)/python scripts/bench.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf output output.new output.old .cache test-artifacts
