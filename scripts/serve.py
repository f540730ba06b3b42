"""``make serve``: build the preview, serve it, rebuild on every save, and show errors in the page.

    python -m scripts.serve [--bind 127.0.0.1] [--port 8000]

Like Hugo's server: while a build waits for the editor to fix a mistake, every open page shows the
errors (Vietnamese, file:line, the fix) over the old page, and reloads itself once the fix is saved
and the site rebuilt. The script that does it is added to each page as it is served, never to a
file on disk: ``make html`` and ``make publish`` write none of it.

The build runs in this process (the main thread), the HTTP server in a thread; they meet in
``khuyenhoc.preview.state``. The search index is made after the pages reload
(``SEARCH_DEFERRED``): the editor waits for the page, not for Pagefind. A save that changes an
article's text shows at once: its page is written first (``khuyenhoc.edited_first``), then the
whole site is built. A page reloads after a build only if its file changed (each page served
carries a digest of its bytes, which the script compares with the file's).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import threading
import time
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from pathlib import Path

from pelican import get_instance, parse_arguments
from pelican.log import init as init_logging
from pelican.server import ComplexHTTPRequestHandler

import search
from khuyenhoc import edited_first, preview, uptodate
from khuyenhoc.errors import ContentErrors

ROOT = Path(__file__).resolve().parent.parent
EVENTS = "/__xem-thu/su-kien"
DIGEST_HEADER = "X-Xem-Thu-Ban"  # the digest of the page's file as it was served
KEEPALIVE = 15.0  # seconds between comments on an idle event stream

# Added before </body> of every HTML page served, with the build the page comes from and the
# digest of its file.
SCRIPT = (Path(__file__).with_name("preview-overlay.js")).read_text(encoding="utf-8")


# Served where the preview has no page yet (not even 404.html: no build has finished).
MISSING = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Chưa có trang này</title>'
    "</head><body><main><h1>Chưa có trang này</h1><p>Bản xem thử chưa có trang ở địa chỉ này: "
    "bài chưa dựng được vì có lỗi, hoặc địa chỉ gõ chưa đúng.</p></main></body></html>"
)


def digest(html: bytes) -> str:
    return hashlib.blake2b(html, digest_size=12).hexdigest()


def inject(html: bytes, build: int) -> bytes:
    tag = f'<script data-xem-thu="{build}" data-xem-thu-ban="{digest(html)}">{SCRIPT}</script>'
    tag = tag.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class PreviewHandler(ComplexHTTPRequestHandler):
    """Pelican's handler (``/a`` finds ``/a.html`` or ``/a/index.html``), plus the event stream,
    the script in HTML pages, the site's 404 page, and no caching."""

    def do_GET(self):
        if self.path.split("?", 1)[0] == EVENTS:
            self._stream()
            return
        found = self.get_path_that_exists(self.path.split("?", 1)[0])
        if found is None:
            self._send_html(Path(self.base_path) / "404.html", HTTPStatus.NOT_FOUND)
            return
        path = Path(self.translate_path(found))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html":
            # Never Python's English directory listing: a folder without its page is a 404.
            self._send_html(path, HTTPStatus.OK if path.is_file() else HTTPStatus.NOT_FOUND)
            return
        self.path = found
        super(ComplexHTTPRequestHandler, self).do_GET()

    def get_path_that_exists(self, original_path):
        trailing_slash = original_path.endswith("/")
        original_path = original_path.rstrip("/")
        for suffix in self.SUFFIXES:
            if not trailing_slash and suffix == "/":
                continue
            if os.path.exists(self.translate_path(original_path + suffix)):
                return original_path + suffix
        return None

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send_html(self, path: Path, status: HTTPStatus) -> None:
        try:
            body = path.read_bytes()
        except OSError:
            body = MISSING.encode()
        version = digest(body)
        body = inject(body, preview.state.as_json()["build"])
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header(DIGEST_HEADER, version)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        """Server-sent events: the state now, then again each time it changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        version = -1
        try:
            while True:
                seen = preview.state.wait(version, KEEPALIVE)
                if seen == version:
                    self.wfile.write(b": ping\n\n")
                else:
                    version = seen
                    data = json.dumps(preview.state.as_json(), ensure_ascii=False)
                    self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()
        except OSError:  # the page was closed or reloaded
            return

    def log_message(self, format, *args):  # editors need no line per request
        pass


class PreviewServer(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that leaves a page mid-answer (a reload, a link followed) is no news; any
        other failure is one line, never Python's traceback in the editor's terminal."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        print(
            f"Máy chủ xem thử không trả lời được một yêu cầu ({type(error).__name__}: {error}); "
            "tải lại trang trong trình duyệt.",
            file=sys.stderr,
        )


def serve(bind: str, port: int, folder: str) -> ThreadingHTTPServer:
    PreviewHandler.base_path = folder
    try:
        server = PreviewServer((bind, port), PreviewHandler)
    except OSError as error:
        print(
            f"LỖI: không mở được địa chỉ http://{bind}:{port} ({error.strerror}).\n"
            "    Cách sửa: có lẽ một 'make serve' khác đang chạy; dừng nó (Ctrl+C), hoặc chọn "
            "cổng khác: make serve PORT=8001",
            file=sys.stderr,
        )
        raise SystemExit(1) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build_unless_unchanged(pelican, build: uptodate.Build | None) -> bool:
    """Build, unless nothing changed since the last complete build into the preview (``make html``
    or an earlier ``make serve``), and record it. True if built. ``build`` None: just build."""
    known = build.fingerprint() if build else None
    if known and build.unchanged(*known):
        print(
            "Không có gì thay đổi kể từ lần dựng trước: bản xem thử đã là bản mới nhất.",
            flush=True,
        )
        return False
    if known:
        build.forget(known[1])
    pelican.run()
    preview.built()
    print("Đã dựng xong; trang trong trình duyệt tự tải lại.", flush=True)
    # The search index, while the editor reads the page (SEARCH_DEFERRED): the build is recorded
    # only once it is made.
    if search.index_deferred():
        print("Đã cập nhật chỉ mục tìm kiếm.", flush=True)
    done, valid_until = uptodate.completed()
    if done and known:
        build.save(*known, valid_until)
    return True


def show_edited_first(pelican, changed) -> bool:
    """The page of an article whose text alone changed, written and reloaded before the whole
    site is built (``khuyenhoc.edited_first``). True if it was."""
    if not changed or edited_first.render_edited(pelican, changed) is None:
        return False
    preview.built()
    print("Trang vừa sửa đã hiện trong trình duyệt; đang dựng lại cả trang web…", flush=True)
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--output", default=str(ROOT / "preview"))
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], help="như pelican -e")
    options = parser.parse_args(argv)
    pelican_args = [options.content, "-s", options.settings, "-o", options.output]
    pelican_args += [
        "-e",
        "EDITOR_ERRORS_EXIT=false",
        "SEARCH_DEFERRED=true",
        *options.extra_settings,
    ]
    args = parse_arguments(pelican_args)
    init_logging(level=args.verbosity, name="pelican")
    pelican, settings = get_instance(args)
    Path(settings["OUTPUT_PATH"]).mkdir(parents=True, exist_ok=True)
    serve(options.bind, options.port, settings["OUTPUT_PATH"])
    print(f"Xem thử tại http://{options.bind}:{options.port}/ (dừng bằng Ctrl+C).", flush=True)
    settings_file = str(Path(options.settings).resolve())
    build = uptodate.Build.from_arguments(pelican_args)
    try:
        while True:
            started = time.time()
            try:
                if not build_unless_unchanged(pelican, build):
                    preview.built()
            except ContentErrors:
                continue  # the editor saved a fix while the errors were shown: build again
            except Exception as error:  # a bug, not an editor's mistake: show it and wait
                logging.getLogger(__name__).debug("build failed", exc_info=True)
                message = f"Bản dựng gặp lỗi chương trình: {type(error).__name__}: {error}"
                fix = "Sửa tệp vừa lưu rồi lưu lại; nếu vẫn lỗi, gửi dòng này cho người quản trị kỹ thuật."
                print(f"\nLỖI: {message}\n    Cách sửa: {fix}", file=sys.stderr, flush=True)
                preview.failed(message, fix)
            watched = [settings["PATH"], settings["THEME"], settings_file]
            changed = preview.wait_for_a_change(watched, started)
            print("\nĐã có thay đổi, đang dựng lại…", flush=True)
            # Only the first build can find nothing changed; recording the later ones would walk
            # the output after every save.
            build = None
            if Path(settings_file).stat().st_mtime > started:
                pelican, settings = get_instance(args)
            else:
                show_edited_first(pelican, changed)
    except KeyboardInterrupt:
        print("\nĐã dừng xem thử.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
