"""A file not saved as UTF-8: one message naming the encoding, the line and how to save it."""

from __future__ import annotations

import pytest
from sitebuild import article, windows_1258

from khuyenhoc.textfile import guess_encoding

SAVE_AS = (
    "    Cách sửa: Mở tệp bằng Notepad, chọn File → Save As (Lưu thành), ở ô Encoding (Mã hoá) "
    "chọn UTF-8 rồi lưu đè tệp cũ."
)


@pytest.fixture
def site_plugins():
    return ["vietnamese", "content_rules"]


def assert_one_error(result):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "có 1 lỗi" in result.stderr
    assert "Pelican" not in result.stderr and "Could not process" not in result.stderr


def test_windows_1258(small_site):
    text = article("Tin thử", body="Hội Khuyến học tỉnh Sóc Trăng trao học bổng.")
    result, _out = small_site({"tin-khen-thuong/a.md": windows_1258(text)})
    assert_one_error(result)
    assert (
        "LỖI tin-khen-thuong/a.md:1: Tệp được lưu bằng bảng mã Windows-1258 (tiếng Việt của "
        "Windows), không phải UTF-8: chữ có dấu từ dòng này sẽ thành ký tự lạ.\n"
        "    Cách sửa: Mở tệp bằng Notepad++, chọn Encoding → Character sets → Vietnamese → "
        "Windows-1258 (chữ hiện đúng dấu), rồi Encoding → Convert to UTF-8 và lưu lại."
    ) in result.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16(small_site, codec):
    result, _out = small_site({"tin-khen-thuong/a.md": article("Tin thử").encode(codec)})
    assert_one_error(result)
    assert (
        "LỖI tin-khen-thuong/a.md: Tệp được lưu ở dạng Unicode UTF-16 (Notepad gọi là 'Unicode' "
        "hoặc 'UTF-16 LE'); trang web chỉ đọc tệp UTF-8.\n" + SAVE_AS
    ) in result.stderr


def test_an_older_encoding_names_the_line(small_site):
    # TCVN3 ("ABC") writes "Hội" as H, 0xE9, i and "ử" as 0xF7 (÷ in Windows-1258).
    data = b"Title: Tin th\xf7\n" + article("Tin thử").encode().split(b"\n", 1)[1]
    result, _out = small_site({"tin-khen-thuong/a.md": data})
    assert_one_error(result)
    assert (
        "LỖI tin-khen-thuong/a.md:1: Tệp không ở dạng UTF-8: có lẽ được lưu bằng một bảng mã cũ "
        "(TCVN3, VNI hoặc Windows-1252); chữ có dấu từ dòng này sẽ thành ký tự lạ.\n" + SAVE_AS
    ) in result.stderr


def test_guess_encoding():
    text = "Title: Hội nghị tổng kết năm học\n\nĐắc Quang viết: “học tập suốt đời”.\n"
    assert guess_encoding(windows_1258(text)) == "Windows-1258"
    assert guess_encoding(text.encode("utf-16")) == "UTF-16"
    assert guess_encoding(text.encode("utf-16-be")) == "UTF-16"
    assert guess_encoding(text.encode("utf-32")) == "UTF-32"
    assert guess_encoding(b"Title: H\xe9i ngh\xd6 \xb5\xb8\n") == ""  # TCVN3 bytes
