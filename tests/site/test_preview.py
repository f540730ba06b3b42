"""make serve's preview: a mistake is shown once, the server waits for the fix, then rebuilds."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading

from sitebuild import ROOT, article, write_files


def _lines(stream, sink: queue.Queue) -> None:
    for line in stream:
        sink.put(line)
    sink.put(None)


def wait_for(lines: queue.Queue, seen: list[str], needle: str, timeout: float = 60) -> None:
    while not any(needle in line for line in seen):
        line = lines.get(timeout=timeout)
        assert line is not None, "".join(seen)
        seen.append(line)


def preview(tmp_path, fix_after: str) -> str:
    """Run the preview on a broken article; save the fix once ``fix_after`` is printed."""
    content = write_files(
        tmp_path / "content",
        {"tin-khen-thuong/a.md": article("Tin thử", category="Tin khen thuong")},
    )
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(tmp_path / "out"), "--autoreload"]
    command += ["-e", "EDITOR_ERRORS_EXIT=false", f'CACHE_PATH="{tmp_path / "cache"}"']
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8"
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        wait_for(lines, seen, fix_after)
        assert process.poll() is None, "the preview server stopped"
        (content / "tin-khen-thuong" / "a.md").write_text(article("Tin thử"), encoding="utf-8")
        wait_for(lines, seen, "Done: Processed 1 article")
    finally:
        process.terminate()
        process.wait(timeout=30)
    return "".join(seen)


def test_preview_waits_for_the_fix_then_rebuilds(tmp_path):
    output = preview(tmp_path, fix_after="Đang chờ bạn sửa và lưu tệp")
    # Shown once, not rebuilt again and again while the editor is still typing the fix.
    assert output.count("LỖI tin-khen-thuong/a.md:4") == 1, output
    assert "Traceback" not in output
    assert (tmp_path / "out" / "tin-khen-thuong" / "tin-thu" / "index.html").exists()


def test_preview_sees_a_fix_saved_before_it_started_waiting(tmp_path):
    """The editor may save while the error is still being printed, before the watcher starts."""
    output = preview(tmp_path, fix_after="LỖI tin-khen-thuong/a.md:4")
    assert output.count("LỖI tin-khen-thuong/a.md:4") == 1, output
