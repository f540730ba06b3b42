"""Editors' mistakes: a Vietnamese message naming the file, the line and the fix; exit 1; no
traceback; nothing written to the output folder."""

from __future__ import annotations

import runpy
import unicodedata

from sitebuild import ROOT, article, build, write_files


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
        "    Cách sửa: Viết ngày giờ theo dạng 'Date: 08/02/2024 19:13' (ngày/tháng/năm "
        "giờ:phút), ngày trước tháng sau." in result.stderr
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


SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
# Other plugins add fields: the messages list them all.
FIELDS_LISTED = (
    "Các trường dùng được: "
    + ", ".join(SETTINGS["ARTICLE_FIELDS"])
    + " (xem docs/huong-dan-bien-tap.md)."
)


def test_misspelt_field_is_named_with_the_closest_one(small_site):
    text = article("Tin thử", extra="Tag: học bổng").replace("Title:", "Tilte:")
    result, out = small_site({"tin-khen-thuong/a.md": text})
    assert_refused(result, out)
    assert (
        "LỖI tin-khen-thuong/a.md:1: Trường 'Tilte:' không có trong mẫu bài viết. "
        "Có phải ý bạn là 'Title:'?\n"
        f"    Cách sửa: Sửa tên trường thành 'Title:'. {FIELDS_LISTED}"
    ) in result.stderr
    assert (
        "LỖI tin-khen-thuong/a.md:6: Trường 'Tag:' không có trong mẫu bài viết. " in result.stderr
    )
    # One message for the misspelt title, not a second one saying the title is missing.
    assert "Thiếu tiêu đề" not in result.stderr
    assert "có 2 lỗi" in result.stderr


def test_unknown_fields_are_named_from_a_warm_cache(small_site):
    """The reader notes the header's fields with the read, which Pelican's cache keeps: the rules
    name them on every build without reading the file again."""
    import content_rules

    text = article("Tin thử", extra="Tag: học bổng")
    first, out = small_site({"tin-khen-thuong/a.md": text})
    reads = []
    real = content_rules.frontmatter.read
    content_rules.frontmatter.read = lambda text: reads.append(text) or real(text)
    try:
        second, _ = small_site({})
    finally:
        content_rules.frontmatter.read = real
    for result in (first, second):
        assert_refused(result, out)
        assert "LỖI tin-khen-thuong/a.md:6: Trường 'Tag:' không có trong mẫu bài viết." in (
            result.stderr
        )
    assert reads == []


def test_unknown_field_without_a_close_one(small_site):
    result, out = small_site({"pages/a.md": "Title: Trang\nNgay: 2024\n\nNội dung.\n"})
    assert_refused(result, out)
    assert (
        "LỖI pages/a.md:2: Trường 'Ngay:' không có trong mẫu trang: trang web không dùng "
        "trường này.\n"
        "    Cách sửa: Xoá dòng này, hoặc dùng một trong các trường: "
        + ", ".join(SETTINGS["PAGE_FIELDS"])
        + " (xem docs/huong-dan-bien-tap.md)."
    ) in result.stderr


def test_field_written_twice(small_site):
    text = article("Tin thử", extra="Author: Người khác")
    result, out = small_site({"tin-khen-thuong/a.md": text})
    assert_refused(result, out)
    assert (
        "LỖI tin-khen-thuong/a.md:6: Trường Author: được viết hai lần (dòng 3 và dòng 6).\n"
        "    Cách sửa: Xoá một trong hai dòng, giữ lại giá trị đúng."
    ) in result.stderr


def test_fields_match_regardless_of_case(small_site):
    text = article("Tin thử").replace("Author:", "author:").replace("Summary:", "SUMMARY:")
    result, _out = small_site({"tin-khen-thuong/a.md": text})
    assert result.returncode == 0, result.stderr


def test_a_space_before_the_colon_is_read(small_site):
    """'Date :' used to end the header: four fields were then reported missing."""
    text = article("Tin thử").replace("Date:", "Date :").replace("Author:", "Author\t:")
    result, out = small_site({"tin-khen-thuong/a.md": text})
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/tin-thu/index.html").read_text("utf-8")
    assert "2024-02-08T19:13:00+07:00" in html
    assert "Người thử" in html
