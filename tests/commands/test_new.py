"""make new: a correctly named file, in the right folder, with its front matter; never overwrites."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

from sitebuild import ROOT, build

from khuyenhoc.formatting import TIMEZONE

TITLE = "Chi hội ấp Hòa Thuận trao 20 suất học bổng"
NAME = "chi-hoi-ap-hoa-thuan-trao-20-suat-hoc-bong.md"


def new(tmp_path, *args: str, answers: str = "") -> subprocess.CompletedProcess:
    if not (tmp_path / "content").exists():
        shutil.copytree(ROOT / "content", tmp_path / "content")
    command = [sys.executable, "-m", "scripts.new_article", "--content", str(tmp_path / "content")]
    return subprocess.run(
        command + list(args), cwd=ROOT, input=answers, capture_output=True, encoding="utf-8"
    )


def test_new_asks_each_answer_in_vietnamese_and_asks_again_after_a_wrong_one(tmp_path):
    result = new(tmp_path, answers=f"3\n{TITLE}\nKhông có\nphường sóc trăng\nThanh Hà\n")
    assert result.returncode == 0, result.stderr
    for prompt in (
        "Chọn loại bài (gõ số): ",
        "Tiêu đề bài: ",
        "Chọn đơn vị",
        "Tác giả (họ tên hoặc bút danh): ",
    ):
        assert prompt in result.stdout
    assert "Không có đơn vị 'Không có' trong content/data/don-vi.yaml." in result.stdout
    year = dt.datetime.now(TIMEZONE).year
    created = tmp_path / "content" / "hoat-dong-chi-hoi" / str(year) / NAME
    assert f"Đã tạo content/hoat-dong-chi-hoi/{year}/{NAME}" in result.stdout
    lines = created.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"Title: {TITLE}"
    assert lines[2:] == [
        "Author: Thanh Hà",
        "Category: Hoạt động chi hội",
        "Unit: Sóc Trăng",
        "Summary: ",
        "",
    ]
    date = dt.datetime.strptime(lines[1], "Date: %d/%m/%Y %H:%M").replace(tzinfo=TIMEZONE)
    assert abs(dt.datetime.now(TIMEZONE) - date) < dt.timedelta(minutes=5)


def test_new_from_arguments_then_the_build_asks_for_the_summary_and_body(tmp_path):
    result = new(
        tmp_path, "--loai", "tin khen thuong", "--tieu-de", TITLE, "--tac-gia", "Đắc Quang"
    )
    assert result.returncode == 0, result.stderr
    (created,) = (tmp_path / "content" / "tin-khen-thuong").rglob(NAME)
    assert "Unit:" not in created.read_text(encoding="utf-8")  # not asked: optional for this kind
    built = build(tmp_path / "content", tmp_path / "out", plugins=["vietnamese", "content_rules"])
    assert built.returncode == 1
    assert f"{created.relative_to(tmp_path / 'content')}: Thiếu sapo (đoạn mở đầu)" in built.stderr
    text = created.read_text(encoding="utf-8").replace("Summary: ", "Summary: Sapo của bài.")
    created.write_text(text + "Nội dung bài.\n", encoding="utf-8")
    built = build(tmp_path / "content", tmp_path / "out", plugins=["vietnamese", "content_rules"])
    assert built.returncode == 0, built.stderr


def test_new_never_overwrites_and_refuses_an_address_already_taken(tmp_path):
    args = ("--loai", "1", "--tieu-de", TITLE, "--tac-gia", "A")
    assert new(tmp_path, *args).returncode == 0
    (created,) = (tmp_path / "content").rglob(NAME)
    created.write_text(created.read_text(encoding="utf-8") + "Bài đã viết.\n", encoding="utf-8")
    before = created.read_bytes()
    again = new(tmp_path, *args)
    assert again.returncode == 1
    assert again.stderr.startswith(
        "LỖI: Đã có bài cùng địa chỉ 'chi-hoi-ap-hoa-thuan-trao-20-suat-hoc-bong': content/"
    )
    assert "Không ghi đè." in again.stderr
    assert created.read_bytes() == before
    # The same address from another kind's folder, by a title that differs only in its accents.
    other = new(tmp_path, "--loai", "2", "--tieu-de", TITLE.replace("Hòa", "Hoà"), "--tac-gia", "B")
    assert other.returncode == 1 and "Đã có bài cùng địa chỉ" in other.stderr


def test_new_without_a_keyboard_says_what_to_write_on_the_command_line(tmp_path):
    result = new(tmp_path, "--loai", "3")
    assert result.returncode == 1
    assert "make new LOAI=1 TIEU_DE=" in result.stderr
    wrong = new(tmp_path, "--loai", "Tin khen", "--tieu-de", "A", "--tac-gia", "B")
    assert wrong.stderr.startswith(
        "LỖI: Không có loại bài 'Tin khen'. Có phải ý bạn là 'Tin khen thưởng'?"
    )


def test_new_takes_a_unit_typed_without_accents_and_writes_its_name(tmp_path):
    result = new(
        tmp_path, "--loai", "3", "--tieu-de", TITLE, "--don-vi", "dai hai", "--tac-gia", "A"
    )
    assert result.returncode == 0, result.stderr
    (created,) = (tmp_path / "content").rglob(NAME)
    assert "Unit: Đại Hải\n" in created.read_text(encoding="utf-8")
