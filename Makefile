# Hội Khuyến học tỉnh Sóc Trăng: build, preview, check, publish, deploy and test the site.
# `make serve` and `make test` are all a new user needs; everything else installs itself.
#
# Editors read what make prints: the first line of every target is Vietnamese (recipes are
# silent, each says what it does first), and every failure explains itself in Vietnamese before
# make's own "*** Error" line.
#
# output/   the published site: a link to a complete build in releases/, switched in one rename by
#           `make publish` and `make rollback` (scripts/publish.py); `make deploy` sends it.
# preview/  the editors' preview, rebuilt in place by `make html` and `make serve`; never deployed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP := $(VENV)/.dev-installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
OUTPUT ?= output
RELEASES ?= releases
PUBLISHED := --output "$(OUTPUT)" --releases "$(RELEASES)"
# make test runs the tests on every core (pytest-xdist); TEST_WORKERS=0 runs them in one process
TEST_WORKERS ?= auto
# make deploy DEPLOY_TARGET=user@host:/var/www/khuyenhoc (or a local folder)
DEPLOY_TARGET ?=
# make new LOAI=… TIEU_DE=… DON_VI=… TAC_GIA=… (asked for when missing)
LOAI ?=
TIEU_DE ?=
DON_VI ?=
TAC_GIA ?=
FIX ?=
# make tap-chi BAI=<slug or file of an article>
BAI ?=

.PHONY: help html serve check new publish rollback deploy tap-chi magazine test bench audit lint clean

help:
	@echo "Các lệnh (gõ trong thư mục dự án):"
	@echo "  make serve     xem thử tại http://$(HOST):$(PORT); tự dựng lại và tải lại trang khi bạn lưu tệp"
	@echo "  make new       tạo bài mới đúng mẫu (hỏi loại bài, tiêu đề, đơn vị, tác giả)"
	@echo "  make check     kiểm tra toàn bộ nội dung trong vài giây, liệt kê mọi lỗi (FIX=1: sửa Unicode NFD)"
	@echo "  make html      dựng bản xem thử vào preview/"
	@echo "  make publish   dựng bản chính thức; output/ chỉ đổi khi dựng xong trọn vẹn"
	@echo "  make rollback  quay output/ về bản xuất bản trước"
	@echo "  make deploy    đưa output/ lên máy chủ (DEPLOY_TARGET=user@host:/thu-muc)"
	@echo "  make tap-chi   gói gửi Tạp chí Công dân và Khuyến học (BAI=<đường dẫn bài>; không ghi BAI: các bài chưa gửi)"
	@echo "  make test      chạy toàn bộ kiểm thử"
	@echo "  make bench     đo tốc độ dựng trang (bench/report.md)"
	@echo "  make audit     chấm trang bằng Lighthouse (bench/audit.md)"
	@echo "  make lint      kiểm tra mã nguồn bằng ruff"
	@echo "  make clean     xoá preview/ và bộ nhớ đệm (giữ output/ và releases/)"

# An unknown target: say so in Vietnamese instead of make's "No rule to make target".
.DEFAULT:
	@echo "Không có lệnh 'make $@'. Gõ 'make help' để xem các lệnh." >&2
	@exit 2

$(VENV)/bin/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "LỖI: không tìm thấy Python 3 (python3.11 hoặc python3). Cách sửa: cài Python 3.11 rồi chạy lại." >&2; \
		exit 1; \
	fi
	@echo "Lần đầu: đang tạo môi trường Python trong .venv/…"
	@$(PYTHON) -m venv $(VENV) || { echo "LỖI: không tạo được .venv/ (cần gói python3-venv)." >&2; exit 1; }

# The plugins are installed in editable mode: pip records where they are, and edits need no
# reinstall.
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
PIP_FAILED := { echo "LỖI: không cài được thư viện Python (xem dòng lỗi ở trên; cần mạng tới PyPI)." >&2; exit 1; }

# Pagefind, which builds the search index, comes from npm (package-lock.json): every build needs it.
$(SITE_STAMP): requirements.txt pyproject.toml | $(VENV)/bin/python $(NODE_STAMP)
	@echo "Đang cài các thư viện dựng trang vào .venv/ (lần đầu mất vài phút)…"
	@$(PIP) -r requirements.txt || $(PIP_FAILED)
	@$(PIP) --no-deps -e . || $(PIP_FAILED)
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(VENV)/bin/python $(NODE_STAMP)
	@echo "Đang cài các thư viện kiểm thử vào .venv/ (lần đầu mất vài phút)…"
	@$(PIP) -r requirements-dev.txt || $(PIP_FAILED)
	@$(PIP) --no-deps -e . || $(PIP_FAILED)
	@touch $(SITE_STAMP) $@

$(NODE_STAMP): package.json package-lock.json
	@echo "Đang cài Pagefind (chỉ mục tìm kiếm) và công cụ kiểm tra trang (npm)…"
	@npm ci --no-audit --no-fund --ignore-scripts --loglevel=error \
		|| { echo "LỖI: không cài được gói npm (cần Node 20 và mạng tới npm)." >&2; exit 1; }
	@touch $@

html: $(SITE_STAMP)
	@echo "Đang dựng bản xem thử vào preview/…"
	@$(BIN)/python -m scripts.build content -s pelicanconf.py -o preview

serve: $(SITE_STAMP)
	@echo "Đang dựng bản xem thử; mở http://$(HOST):$(PORT) (dừng bằng Ctrl+C)…"
	@$(BIN)/python -m scripts.serve --bind $(HOST) --port $(PORT)

check: $(SITE_STAMP)
	@echo "Đang kiểm tra nội dung (không dựng trang)…"
	@$(BIN)/python -m scripts.check $(if $(FIX),--fix)

new: $(SITE_STAMP)
	@echo "Tạo bài mới trong content/…"
	@$(BIN)/python -m scripts.new_article --loai "$(LOAI)" --tieu-de "$(TIEU_DE)" \
		--don-vi "$(DON_VI)" --tac-gia "$(TAC_GIA)"

publish: $(SITE_STAMP)
	@$(BIN)/python -m scripts.publish $(PUBLISHED)

rollback: $(SITE_STAMP)
	@$(BIN)/python -m scripts.publish --rollback $(PUBLISHED)

deploy: $(SITE_STAMP)
	@$(BIN)/python -m scripts.deploy --target "$(DEPLOY_TARGET)" $(PUBLISHED)

# The package for the magazine: Word file, clean photos, text, draft email (plugins/magazine).
# Without BAI=, the articles not sent yet. `make magazine` is the same.
tap-chi magazine: $(SITE_STAMP)
	@echo "Đang đọc các bài để tạo gói gửi tạp chí…"
	@$(BIN)/python -m magazine "$(BAI)"

test: $(DEV_STAMP) $(NODE_STAMP)
	@echo "Đang chạy toàn bộ kiểm thử…"
	@./scripts/ensure-chromium.sh
	@./scripts/ensure-rsync.sh
	@./scripts/ensure-libreoffice.sh
	@$(BIN)/pytest -n $(TEST_WORKERS)

# Lighthouse (mobile) on the publish build served locally: bench/audit.md and bench/audit.json.
audit: $(DEV_STAMP) $(NODE_STAMP)
	@echo "Đang chấm trang bằng Lighthouse (trang chủ, bài, danh sách, Số liệu, tìm kiếm)…"
	@./scripts/ensure-chromium.sh
	@$(BIN)/python scripts/audit.py

# Build speed on 500, 2,000 and 5,000 generated articles: bench/report.md and bench/report.json.
# (Search in the browser: scripts/bench_search.py; page weight: scripts/page_weight.py.)
bench: $(DEV_STAMP)
	@echo "Đang đo tốc độ dựng trang (500, 2.000 và 5.000 bài; báo cáo trong bench/report.md)…"
	@$(BIN)/python scripts/bench.py

lint: $(DEV_STAMP)
	@echo "Đang kiểm tra mã nguồn bằng ruff…"
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

clean:
	@echo "Đang xoá preview/, bộ nhớ đệm .cache/ và test-artifacts/ (giữ output/ và releases/)…"
	@rm -rf preview output.new output.old .cache test-artifacts
