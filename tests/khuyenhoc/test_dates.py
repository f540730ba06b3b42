"""Dates as Vietnamese editors write them: day first, always; other ambiguous forms refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sitebuild import article

from khuyenhoc import dates


@pytest.fixture
def site_plugins():
    return ["vietnamese", "content_rules"]


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("08/02/2024", dt.datetime(2024, 2, 8)),
        ("8/2/2024", dt.datetime(2024, 2, 8)),
        ("08/02/2024 19:13", dt.datetime(2024, 2, 8, 19, 13)),
        ("08/02/2024 19h13", dt.datetime(2024, 2, 8, 19, 13)),
        ("19:13 - 08/02/2024", dt.datetime(2024, 2, 8, 19, 13)),  # the magazine's stamp
        ("13/12/2024", dt.datetime(2024, 12, 13)),
        ("2024-02-08", dt.datetime(2024, 2, 8)),
        ("2024-02-08 19:13", dt.datetime(2024, 2, 8, 19, 13)),
        ("2024-02-08 19:13:05", dt.datetime(2024, 2, 8, 19, 13, 5)),
    ],
)
def test_day_first_and_year_first_forms(text, moment):
    assert dates.parse(text) == moment


def test_an_offset_is_kept():
    moment = dates.parse("2024-02-08T19:13:00+07:00")
    assert moment.utcoffset() == dt.timedelta(hours=7)
    assert moment.replace(tzinfo=None) == dt.datetime(2024, 2, 8, 19, 13)


@pytest.mark.parametrize(
    ("text", "message", "fix"),
    [
        (
            "08-02-2024",
            "Ngày '08-02-2024' ở trường Date: viết theo cách dễ hiểu nhầm; trang web sẽ hiểu là "
            "Thứ Năm, ngày 8 tháng 2 năm 2024.",
            "Nếu đúng ngày đó, viết 'Date: 08/02/2024' (ngày/tháng/năm, năm đủ bốn chữ số, "
            "ngăn cách bằng dấu /); nếu không, sửa lại cho đúng.",
        ),
        (
            "08/02/24 19:13",
            "Ngày '08/02/24 19:13' ở trường Date: viết theo cách dễ hiểu nhầm; trang web sẽ hiểu "
            "là Thứ Năm, ngày 8 tháng 2 năm 2024, 19:13.",
            "Nếu đúng ngày đó, viết 'Date: 08/02/2024 19:13' (ngày/tháng/năm, năm đủ bốn chữ số, "
            "ngăn cách bằng dấu /); nếu không, sửa lại cho đúng.",
        ),
        (
            "31/02/2024",
            "Ngày '31/02/2024' ở trường Date: không có thật (tháng 2 năm 2024 không có ngày 31).",
            "Sửa lại ngày, viết theo dạng 'Date: 08/02/2024 19:13' (ngày/tháng/năm giờ:phút).",
        ),
        (
            "08/13/2024",
            "Ngày '08/13/2024' ở trường Date: không có thật (không có tháng 13).",
            "Sửa lại ngày, viết theo dạng 'Date: 08/02/2024 19:13' (ngày/tháng/năm giờ:phút).",
        ),
        (
            "08/02/2024 25:00",
            "Giờ trong '08/02/2024 25:00' ở trường Date: không có thật.",
            "Viết giờ từ 00:00 đến 23:59, ví dụ 'Date: 08/02/2024 19:13' (ngày/tháng/năm "
            "giờ:phút).",
        ),
        (
            "Feb 8, 2024",
            "Không hiểu giá trị 'Feb 8, 2024' của trường Date:.",
            "Viết ngày giờ theo dạng 'Date: 08/02/2024 19:13' (ngày/tháng/năm giờ:phút), ngày "
            "trước tháng sau.",
        ),
    ],
)
def test_refused_forms(text, message, fix):
    with pytest.raises(dates.DateError) as refused:
        dates.parse(text)
    assert (refused.value.message, refused.value.fix) == (message, fix)


def test_day_first_in_a_build(small_site):
    """08/02/2024 is 8 February (python-dateutil, Pelican's reader, made it 2 August)."""
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử", date="08/02/2024 19:13")})
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/tin-thu/index.html").read_text("utf-8")
    assert 'datetime="2024-02-08T19:13:00+07:00"' in html


def test_every_date_mistake_of_a_file_is_listed(small_site):
    text = article("Tin thử", date="31/02/2024", extra="Modified: 08-02-2024")
    result, _out = small_site({"tin-khen-thuong/a.md": text})
    assert result.returncode == 1
    assert "LỖI tin-khen-thuong/a.md:2: Ngày '31/02/2024'" in result.stderr
    assert "LỖI tin-khen-thuong/a.md:6: Ngày '08-02-2024' ở trường Modified:" in result.stderr
    assert "có 2 lỗi" in result.stderr
    assert "Traceback" not in result.stderr
