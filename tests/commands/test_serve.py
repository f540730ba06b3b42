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

from khuyenhoc.preview import saved_files
from scripts.serve import DIGEST_HEADER, serve


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


def test_each_page_carries_the_digest_of_its_file(tmp_path):
    """The page's script compares it with the file's after a build: reloaded only if changed."""
    write_files(tmp_path, {"a/index.html": "<html><body>A</body></html>", "b.html": "<p>B</p>"})
    server = serve("127.0.0.1", 0, str(tmp_path))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        digests = {}
        for path in ("/a/", "/b.html", "/a/"):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                digests.setdefault(path, set()).add(response.headers[DIGEST_HEADER])
                body = response.read().decode()
            (digest,) = digests[path]
            assert f'data-xem-thu-ban="{digest}"' in body
        assert len(digests["/a/"]) == 1 and digests["/a/"] != digests["/b.html"]
        write_files(tmp_path, {"a/index.html": "<html><body>A đã sửa</body></html>"})
        with urllib.request.urlopen(base + "/a/", timeout=30) as response:
            assert response.headers[DIGEST_HEADER] not in digests["/a/"]
    finally:
        server.shutdown()
        server.server_close()


def test_a_save_is_the_files_it_changed_not_an_editors_temporary_files(tmp_path):
    from watchfiles import Change

    kept = tmp_path / "bai.md"
    kept.write_text("x", encoding="utf-8")
    gone = str(tmp_path / "4913")  # vim checks it may write the folder: added, then removed
    changes = {
        (Change.added, gone),
        (Change.deleted, gone),
        # vim without backupcopy: the file is renamed away and written again
        (Change.deleted, str(kept)),
        (Change.added, str(kept)),
        (Change.added, str(tmp_path / "bai.md~")),
        (Change.deleted, str(tmp_path / "bai.md~")),
        (Change.modified, str(tmp_path / ".bai.md.swp")),
        (Change.deleted, str(tmp_path / "cu.md")),  # an article deleted is a change
    }
    assert saved_files(changes) == {str(kept), str(tmp_path / "cu.md")}


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
