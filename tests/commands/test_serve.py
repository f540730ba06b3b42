"""The preview server before any build has finished: Vietnamese pages, never a directory listing."""

from __future__ import annotations

import urllib.error
import urllib.request

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
