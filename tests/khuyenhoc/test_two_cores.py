"""Builds on two cores: a cold build reads half of the articles in a second process
(khuyenhoc.read_ahead), and a build that renders many pages without cards to draw renders half of
them in a second process (khuyenhoc.incremental). The same site as one process builds, every
editor's message once, from the build, and a record of the pages that holds the second
process's."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from sitebuild import ROOT, article, articles, pelican_command, write_files

ARTICLES = articles(30, body="Đoạn văn của bài, với “ngoặc kép” -- và gạch ngang.")


def build(content, out, *, read_ahead: bool, split: bool = False) -> subprocess.CompletedProcess:
    cache = out.with_name(out.name + "-cache")  # one cache per output
    command = pelican_command(
        content,
        out,
        cache=cache,
        READ_AHEAD_MIN=4 if read_ahead else 10_000,
        RENDER_SPLIT_MIN=4 if split else 10_000,
        SEARCH_INDEX=False,
    )
    return subprocess.run(
        [*command, "-v"], cwd=ROOT, capture_output=True, encoding="utf-8", timeout=600
    )


def read_by_the_second_process(result) -> int:
    found = re.search(r"Đọc song song: (\d+) bài", result.stdout + result.stderr)
    return int(found[1]) if found else 0


def tree(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_site_is_the_one_a_single_process_builds(tmp_path):
    content = write_files(tmp_path / "content", ARTICLES)
    alone = build(content, tmp_path / "alone", read_ahead=False)
    assert alone.returncode == 0, alone.stderr[-3000:]
    assert read_by_the_second_process(alone) == 0
    shared = build(content, tmp_path / "shared", read_ahead=True)
    assert shared.returncode == 0, shared.stderr[-3000:]
    assert read_by_the_second_process(shared) > 0
    assert tree(tmp_path / "alone") == tree(tmp_path / "shared")


def test_a_mistake_read_by_the_second_process_is_reported_once_by_the_build(tmp_path):
    # The second process reads from the last file backwards: the mistake is in the last one.
    broken = {"tin-khen-thuong/bai-99.md": article("Bài hỏng", date="32/13/2024 08:00")}
    content = write_files(tmp_path / "content", {**ARTICLES, **broken})
    result = build(content, tmp_path / "out", read_ahead=True)
    assert result.returncode == 1
    assert read_by_the_second_process(result) > 0
    assert result.stderr.count("tin-khen-thuong/bai-99.md:2") == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr


def pages_rendered(result) -> tuple[int, int]:
    found = re.search(r"Trang: dựng (\d+), giữ nguyên (\d+)", result.stdout + result.stderr)
    return int(found[1]), int(found[2])


def test_pages_rendered_by_two_processes_are_the_site_one_process_renders(tmp_path):
    """Cold (cards are drawn then: one renderer), after a new article (two renderers), and after
    an edit, which renders one page: the other process's pages are in the record."""
    content = write_files(tmp_path / "content", ARTICLES)
    for name, split in (("alone", False), ("shared", True)):
        assert build(content, tmp_path / name, read_ahead=False, split=split).returncode == 0
    write_files(content, {"tin-khen-thuong/moi.md": article("Bài mới", date="2024-05-01 08:00")})
    results = {}
    for name, split in (("alone", False), ("shared", True)):
        results[name] = build(content, tmp_path / name, read_ahead=False, split=split)
        assert results[name].returncode == 0, results[name].stderr[-3000:]
    assert tree(tmp_path / "alone") == tree(tmp_path / "shared")
    rendered, _kept = pages_rendered(results["shared"])
    assert rendered > 30
    by_the_second = re.search(r"Trang: (\d+) do tiến trình thứ hai dựng", results["shared"].stdout)
    # Every other page of the articles generator (31 articles, their lists): the other pages
    # (units, Số liệu…) are rendered by the build after it.
    assert by_the_second and 15 <= int(by_the_second[1]) < rendered // 2
    assert "thứ hai dựng" not in results["alone"].stdout
    edited = content / "tin-khen-thuong" / "bai-03.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    result = build(content, tmp_path / "shared", read_ahead=False, split=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert pages_rendered(result)[0] == 1  # every page the second process wrote was kept
    page = tmp_path / "shared" / "tin-khen-thuong" / "bai-so-3" / "index.html"
    assert "Thêm một" in page.read_text(encoding="utf-8")


def test_a_failure_in_the_second_renderer_stops_the_build_with_its_reason():
    from khuyenhoc.incremental import _Partner

    partner = _Partner()
    if partner.is_helper:
        partner.fail(ValueError("mẫu trang hỏng"))  # ends the helper
    with pytest.raises(RuntimeError, match="ValueError: mẫu trang hỏng"):
        partner.end()


def test_a_build_that_stops_stops_the_second_renderer():
    import threading

    from khuyenhoc.incremental import _Partner

    partner = _Partner()
    if partner.is_helper:
        threading.Event().wait()  # rendering, as far as the build knows: until it is stopped
    pid = partner.pid
    partner.stop()
    with pytest.raises(ChildProcessError):  # killed and reaped: nothing left running
        os.waitpid(pid, os.WNOHANG)
