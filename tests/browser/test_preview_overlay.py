"""make serve in a browser: an error shows over the page, and the page reloads once it is fixed."""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading

import pytest
from sitebuild import ARTIFACTS, ROOT, article, write_files

pytestmark = pytest.mark.browser

BROKEN = article("Tin thử xem trước", category="Tin khen thuong", body="Đoạn cũ của bài.")
FIXED = article("Tin thử xem trước", body="Đoạn mới đã sửa của bài.")
ADDRESS = "/tin-khen-thuong/tin-thu-xem-truoc/"


class Preview:
    """``python -m scripts.serve`` on a small site, its output read line by line."""

    def __init__(self, base):
        self.content = write_files(
            base / "content",
            {"tin-khen-thuong/a.md": article("Tin thử xem trước", body="Đoạn cũ của bài.")},
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "scripts.serve", "--port", str(self.port)]
        command += ["--content", str(self.content), "--output", str(base / "preview")]
        command += ["-e", f'CACHE_PATH="{base / "cache"}"', "SEARCH_INDEX=false"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8"
        )
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, needle: str, count: int = 1) -> None:
        while sum(needle in line for line in self.seen) < count:
            line = self.lines.get(timeout=120)
            assert line is not None, "".join(self.seen)
            self.seen.append(line)

    def save(self, text: str) -> None:
        (self.content / "tin-khen-thuong" / "a.md").write_text(text, encoding="utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _text(page) -> str:
    return page.inner_text("main").replace("\xa0", " ")  # typogrify's no-break spaces


@pytest.fixture
def preview(tmp_path):
    server = Preview(tmp_path)
    yield server
    server.stop()


def test_the_error_shows_in_the_browser_and_the_fix_reloads_the_page(browser, preview, tmp_path):
    preview.wait_for("Đã dựng xong")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{preview.port}{ADDRESS}")
        assert "Đoạn cũ của bài." in _text(page)
        assert page.locator("#xem-thu-loi").count() == 0

        preview.save(BROKEN)
        preview.wait_for("Đang chờ bạn sửa và lưu tệp")
        overlay = page.locator("#xem-thu-loi")
        overlay.wait_for(state="visible", timeout=30_000)
        text = overlay.inner_text()
        assert "Trang chưa được dựng lại: có 1 lỗi" in text
        assert "tin-khen-thuong/a.md:4" in text
        assert "Loại bài 'Tin khen thuong' không có trong danh sách." in text
        assert "Cách sửa: Dùng đúng một trong các loại" in text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "xem-thu-loi-1280.png"))

        with page.expect_navigation(timeout=60_000):  # the page reloads itself
            preview.save(FIXED)
        page.wait_for_load_state()
        assert "Đoạn mới đã sửa của bài." in _text(page)
        assert page.locator("#xem-thu-loi").count() == 0
        page.screenshot(path=str(ARTIFACTS / "xem-thu-da-sua-1280.png"))
    finally:
        context.close()
    # The script is added as pages are served: no file written by the build holds it.
    for html in (tmp_path / "preview").rglob("*.html"):
        assert "__xem-thu" not in html.read_text(encoding="utf-8"), html


def test_a_text_edit_shows_first_and_the_full_build_does_not_reload_it_again(browser, preview):
    """The edited page is written before the whole site (khuyenhoc.edited_first): one reload;
    the full build writes the same page, which then stays as the editor reads it."""
    preview.wait_for("Đã dựng xong")
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="vi-VN")
    page = context.new_page()
    loads = []
    page.on("load", lambda _page: loads.append(1))
    try:
        page.goto(f"http://127.0.0.1:{preview.port}{ADDRESS}")
        with page.expect_navigation(timeout=60_000):
            preview.save(article("Tin thử xem trước", body="Đoạn cũ của bài. Thêm một câu mới."))
        page.wait_for_load_state()
        assert "Thêm một câu mới." in _text(page)
        preview.wait_for("Trang vừa sửa đã hiện trong trình duyệt")
        preview.wait_for("Đã dựng xong", count=2)
        # Builds: 1 the first, 2 the edited page, 3 the whole site. The page heard of build 3
        # and, its file unchanged, stayed: two loads in all (the first visit, one reload).
        page.wait_for_selector('script[data-xem-thu="3"]', state="attached", timeout=30_000)
        assert len(loads) == 2
    finally:
        context.close()
