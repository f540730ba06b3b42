"""Editors' mistakes: a Vietnamese message naming the file, the line and the fix; exit 1; no
traceback; nothing written to the output folder."""

from __future__ import annotations

import unicodedata

from sitebuild import article, build, write_files


def assert_refused(result, out):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Không xuất bản: có" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_valid_site_builds(small_site):
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử")})
    assert result.returncode == 0, result.stderr
    assert (out / "tin-khen-thuong" / "tin-thu" / "index.html").exists()


def test_unknown_kind(small_site):
    text = article("Tin thử", category="Tin khen thuong")
    result, out = small_site({"tin-khen-thuong/a.md": text})
    assert_refused(result, out)
    assert (
        "LỖI tin-khen-thuong/a.md:4: Loại bài 'Tin khen thuong' không có trong danh sách. "
        "Có phải ý bạn là 'Tin khen thưởng'?\n"
        "    Cách sửa: Dùng đúng một trong các loại: Tin khen thưởng; Gương vượt khó hiếu học; "
        "Hoạt động chi hội."
    ) in result.stderr


def test_missing_kind(small_site):
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử", category="")})
    assert_refused(result, out)
    assert "LỖI tin-khen-thuong/a.md: Bài chưa có loại bài (trường Category:)." in result.stderr


def test_kind_in_the_wrong_folder(small_site):
    text = article("Tin thử", category="Hoạt động chi hội")
    result, out = small_site({"tin-khen-thuong/a.md": text})
    assert_refused(result, out)
    assert (
        "LỖI tin-khen-thuong/a.md:4: Bài loại 'Hoạt động chi hội' phải nằm trong thư mục "
        "content/hoat-dong-chi-hoi/." in result.stderr
    )


def test_duplicate_slug_names_both_files(small_site):
    result, out = small_site(
        {
            "tin-khen-thuong/hoi.md": article("Hội nghị tổng kết"),
            "tin-khen-thuong/hoi-2.md": article("Hỏi nghị tổng kết"),
        }
    )
    assert_refused(result, out)
    assert (
        "LỖI tin-khen-thuong/hoi.md:1: Trùng đường dẫn 'hoi-nghi-tong-ket' với tệp "
        in result.stderr
    )
    assert "tin-khen-thuong/hoi-2.md: bỏ dấu đi thì hai tiêu đề giống nhau" in result.stderr
    assert "Cách sửa: Thêm dòng 'Slug: ten-khac'" in result.stderr


def test_missing_required_metadata(small_site):
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử", summary="")})
    assert_refused(result, out)
    assert "LỖI tin-khen-thuong/a.md: Thiếu sapo (đoạn mở đầu) (trường Summary:)." in result.stderr


def test_broken_front_matter_line(small_site):
    text = article("Tin thử").replace("Author: Người thử", "Author Người thử")
    result, out = small_site({"tin-khen-thuong/a.md": text})
    assert_refused(result, out)
    assert (
        "LỖI tin-khen-thuong/a.md:3: Dòng 'Author Người thử' nằm trong phần thông tin đầu bài "
        "nhưng không có dạng 'Tên: giá trị'." in result.stderr
    )


def test_unreadable_date(small_site):
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử", date="8 tháng 2")})
    assert_refused(result, out)
    assert (
        "LỖI tin-khen-thuong/a.md:2: Không hiểu giá trị '8 tháng 2' của trường Date:.\n"
        "    Cách sửa: Viết ngày giờ theo dạng 'Date: 2024-02-08 19:13'" in result.stderr
    )


def test_errors_leave_the_previous_output_untouched(small_site, tmp_path):
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử")})
    assert result.returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = article("Tin thử", category="Không có")
    result, out = small_site({"tin-khen-thuong/a.md": bad})
    assert result.returncode == 1
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_nfd_file_builds_byte_identical_to_nfc_twin(tmp_path, site_plugins):

    text = article("Hội Khuyến học tỉnh Sóc Trăng", body="Đắc Quang viết: học tập suốt đời.")
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    outputs = {}
    for name, variant in (("nfc", text), ("nfd", nfd)):
        content = write_files(tmp_path / name / "content", {"tin-khen-thuong/a.md": variant})
        out = tmp_path / name / "output"
        result = build(content, out, plugins=site_plugins)
        assert result.returncode == 0, result.stderr
        outputs[name] = (
            result,
            {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()},
        )
    assert outputs["nfc"][1] == outputs["nfd"][1]
    assert "CẢNH BÁO" not in outputs["nfc"][0].stderr
    assert (
        "CẢNH BÁO tin-khen-thuong/a.md:1: Văn bản ở dạng Unicode tổ hợp (NFD), thường do dán từ "
        "macOS hoặc Word; dấu có thể hiển thị sai và tìm kiếm không khớp. Trang web đã tự chuyển "
        "sang NFC, tệp gốc không bị sửa." in outputs["nfd"][0].stderr
    )
    # The editor's file is never rewritten behind their back.
    assert (tmp_path / "nfd" / "content" / "tin-khen-thuong" / "a.md").read_text("utf-8") == nfd


def test_nfd_stops_a_publish_build(small_site):
    text = unicodedata.normalize("NFD", article("Hội nghị"))
    result, out = small_site({"tin-khen-thuong/a.md": text}, EDITOR_WARNINGS_FATAL=True)
    assert_refused(result, out)


def test_nfd_warning_survives_a_warm_cache(small_site):
    """The reader cache skips reading unchanged files; the warning must not vanish with it."""
    text = unicodedata.normalize("NFD", article("Hội nghị"))
    first, _ = small_site({"tin-khen-thuong/a.md": text})
    second, _ = small_site({})
    assert first.returncode == second.returncode == 0
    assert "CẢNH BÁO tin-khen-thuong/a.md:1" in first.stderr
    assert "CẢNH BÁO tin-khen-thuong/a.md:1" in second.stderr
