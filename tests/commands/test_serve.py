"""The preview server: Vietnamese pages before any build has finished, never a directory
listing; the search index made after the page reloads."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request

from sitebuild import ROOT, article, write_files

from scripts.serve import serve


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_an_empty_preview_answers_in_vietnamese_with_the_preview_script(tmp_path):
    (tmp_path / "anh").mkdir()
    server = serve("127.0.0.1", 0, str(tmp_path))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for path in ("/", "/anh/", "/khong-co/"):
            status, body = get(base + path)
            assert status == 404, path
            assert "<h1>Chưa có trang này</h1>" in body and "Directory listing" not in body
            assert 'data-xem-thu="' in body  # errors show here too, and the page reloads
    finally:
        server.shutdown()
        server.server_close()


def test_a_browser_leaving_mid_answer_prints_no_traceback(tmp_path, capsys):
    server = serve("127.0.0.1", 0, str(tmp_path))
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ValueError("hỏng")):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 5000))
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Broken pipe" not in err
    assert err == (
        "Máy chủ xem thử không trả lời được một yêu cầu (ValueError: hỏng); tải lại trang trong "
        "trình duyệt.\n"
    )


def test_the_search_index_is_made_after_the_page_reloads(tmp_path):
    content = write_files(tmp_path / "content", {"tin-khen-thuong/a.md": article("Tin thử")})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "scripts.serve", "--port", str(port)]
    command += ["--content", str(content), "--output", str(tmp_path / "preview")]
    command += ["-e", f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8"
    )
    seen = []
    # The server never exits by itself: stopped after two minutes if the line never comes.
    guard = threading.Timer(120, process.kill)
    guard.start()
    try:
        for line in process.stdout:
            seen.append(line.strip())
            if line.startswith("Đã cập nhật chỉ mục tìm kiếm."):
                break
    finally:
        guard.cancel()
        process.terminate()
        process.wait(timeout=30)
    assert "Đã dựng xong; trang trong trình duyệt tự tải lại." in seen, seen
    assert seen.index("Đã dựng xong; trang trong trình duyệt tự tải lại.") < len(seen) - 1
    assert seen[-1] == "Đã cập nhật chỉ mục tìm kiếm.", seen
    entry = tmp_path / "preview" / "pagefind" / "pagefind-entry.json"
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"]["vi"]["page_count"] == 1
