"""make check: every problem at once, with file:line and the fix; scheduled articles; FIX=1."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import unicodedata

from sitebuild import ROOT, article, write_files

from khuyenhoc.formatting import TIMEZONE, format_date


def check(tmp_path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scripts.check", "--content", str(tmp_path / "content")]
    command += ["--cache-path", str(tmp_path / "cache"), "--output", str(tmp_path / "output")]
    command += ["--backups", str(tmp_path / "sao-luu"), *extra]
    env = {**os.environ, "ALLOW_SAMPLES": "1"}  # the sample datasets in content/data/
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=300, env=env
    )


def content(tmp_path, files: dict) -> None:
    shutil.copytree(ROOT / "content" / "data", tmp_path / "content" / "data")
    write_files(tmp_path / "content", files)


def test_check_lists_every_problem_at_once_and_writes_nothing(tmp_path):
    content(
        tmp_path,
        {
            "tin-khen-thuong/a.md": article("Tin A", category="Tin khen thuong"),
            "tin-khen-thuong/b.md": article("Tin B", summary=""),
            "guong-vuot-kho/c.md": article("Tin C", category="Gương vượt khó hiếu học").replace(
                "Author: Người thử", "Author Người thử"
            ),
            "tin-khen-thuong/d.md": article("Tin D"),
        },
    )
    result = check(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "LỖI tin-khen-thuong/a.md:4: Loại bài 'Tin khen thuong' không có trong danh sách." in out
    assert "LỖI tin-khen-thuong/b.md: Thiếu sapo (đoạn mở đầu) (trường Summary:)." in out
    assert "LỖI guong-vuot-kho/c.md:3: Dòng 'Author Người thử'" in out
    assert out.count("Cách sửa:") >= 3
    assert re.search(
        r"Có \d+ lỗi trong nội dung\. Sửa các lỗi trên rồi chạy lại 'make check'\.", out
    )
    assert "Traceback" not in out and "output/ không bị thay đổi" not in out
    assert not (tmp_path / "output").exists()


def test_check_passes_and_lists_scheduled_articles(tmp_path):
    later = dt.datetime.now(TIMEZONE) + dt.timedelta(days=10)
    content(
        tmp_path,
        {
            "tin-khen-thuong/a.md": article("Tin đã đăng"),
            "tin-khen-thuong/hen.md": article(
                "Tin hẹn đăng", date=later.strftime("%Y-%m-%d %H:%M")
            ),
        },
    )
    result = check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    day = format_date(later.replace(second=0, microsecond=0), "words")
    scheduled = f"HẸN ĐĂNG tin-khen-thuong/hen.md:2: Bài hẹn đăng {day}: chưa hiện trên trang"
    assert (result.stdout + result.stderr).count("tin-khen-thuong/hen.md") == 1  # listed once
    assert scheduled in result.stderr
    assert "1 bài hẹn đăng: chỉ lên trang khi dựng vào hoặc sau ngày đăng." in result.stdout
    assert "Không có lỗi: đã kiểm tra 2 bài và 0 trang trong " in result.stdout


def test_fix_rewrites_nfd_files_as_nfc_and_keeps_a_backup(tmp_path):
    nfd = unicodedata.normalize("NFD", article("Tin viết trên máy Mac", body="Học sinh vượt khó."))
    content(tmp_path, {"tin-khen-thuong/mac.md": nfd})
    source = tmp_path / "content" / "tin-khen-thuong" / "mac.md"

    before = check(tmp_path)
    assert before.returncode == 1
    assert "Unicode tổ hợp (NFD)" in before.stdout + before.stderr
    assert "'make check FIX=1' tự chuyển" in before.stdout
    assert source.read_text(encoding="utf-8") == nfd  # never changed without FIX=1

    fixed = check(tmp_path, "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (
        "Đã chuyển sang Unicode dựng sẵn (NFC): tin-khen-thuong/mac.md (bản gốc: " in fixed.stdout
    )
    assert source.read_text(encoding="utf-8") == unicodedata.normalize("NFC", nfd)
    (backup,) = (tmp_path / "sao-luu").rglob("mac.md")
    assert backup.read_text(encoding="utf-8") == nfd
