"""Vietnamese formatting (Babel, never the OS locale), NFC and slugs."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata

import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT, article

from vietnamese import check_front_matter, first_decomposed_line
from vietnamese.formatting import (
    TIMEZONE,
    format_date,
    format_fraction,
    format_money,
    format_number,
    format_percent,
    isoformat,
    plain_text,
    reading_minutes,
)

SEED_TIME = dt.datetime(2024, 2, 8, 19, 13, tzinfo=TIMEZONE)


@pytest.mark.parametrize(
    "value, expected",
    [(491612, "491.612"), (286354, "286.354"), (40.9, "40,9"), (2318, "2.318"), (0, "0")],
)
def test_numbers(value, expected):
    assert format_number(value) == expected


def test_percent_money_fraction():
    assert format_percent(37.65) == "37,65%"
    assert format_percent(69) == "69%"
    assert format_percent(50.5) == "50,5%"
    assert format_money(61_600_000_000) == "61,6 tỉ đồng"
    assert format_money(850_000_000) == "850 triệu đồng"
    assert format_money(500_000) == "500 nghìn đồng"
    assert format_fraction(109, 109) == "109/109"


@pytest.mark.parametrize(
    "style, expected",
    [
        ("full", "Thứ Năm, 08/02/2024 - 19:13"),
        ("long", "8 tháng 2, 2024"),
        ("short", "08/02/2024"),
        ("stamp", "19:13 - 08/02/2024"),
        ("month", "tháng 2 năm 2024"),
    ],
)
def test_dates(style, expected):
    assert format_date(SEED_TIME, style) == expected


def test_dates_convert_to_vietnam_time():
    utc = dt.datetime(2024, 2, 8, 12, 13, tzinfo=dt.UTC)
    assert format_date(utc, "full") == "Thứ Năm, 08/02/2024 - 19:13"
    assert isoformat(utc) == "2024-02-08T19:13:00+07:00"


def test_dates_do_not_depend_on_the_os_locale():
    """The same output under a locale the machine lacks and under C."""
    code = (
        "import datetime as dt, sys; sys.path.insert(0, 'plugins');"
        "from vietnamese.formatting import format_date, TIMEZONE;"
        "print(format_date(dt.datetime(2024, 2, 8, 19, 13, tzinfo=TIMEZONE), 'full'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"LC_ALL": lang, "LANG": lang, "PATH": "/usr/bin:/bin"},
            check=True,
        ).stdout.strip()
        for lang in ("C", "vi_VN.UTF-8", "en_US.UTF-8")
    }
    assert outputs == {"Thứ Năm, 08/02/2024 - 19:13"}


def test_plain_text_drops_markup_and_escapes():
    assert plain_text("Chính&nbsp;phủ") == "Chính phủ"
    assert plain_text("<em>a</em> &lt;script&gt;") == "a &lt;script&gt;"
    assert plain_text("một hai ba bốn", limit=8) == "một hai…"


def test_reading_minutes():
    assert reading_minutes("<p>một</p>") == 1
    assert reading_minutes("từ " * 401) == 3


def test_first_decomposed_line():
    nfc = "Dòng một\nHội Khuyến học\n"
    assert first_decomposed_line(nfc) is None
    lines = nfc.splitlines()
    nfd = lines[0] + "\n" + unicodedata.normalize("NFD", lines[1])
    assert first_decomposed_line(nfd) == 2


def test_front_matter_stops_at_first_blank_line():
    assert check_front_matter("Title: a\nDate: 2024-01-01\n\nbody without colon\n", "x.md")


def test_slugs_drop_tones_and_map_d(small_site):
    title = "Đại hội Hội Khuyến học tỉnh Sóc Trăng"
    for form in ("NFC", "NFD"):
        result, out = small_site(
            {"tin-khen-thuong/a.md": unicodedata.normalize(form, article(title))},
        )
        assert result.returncode == 0, result.stderr
        page = out / "tin-khen-thuong" / "dai-hoi-hoi-khuyen-hoc-tinh-soc-trang" / "index.html"
        assert page.exists(), sorted(p.name for p in (out / "tin-khen-thuong").iterdir())


def test_listings_are_paginated(small_site):
    files = {
        f"guong-vuot-kho/bai-{n}.md": article(
            f"Gương số {n}", category="Gương vượt khó hiếu học", date=f"2024-03-{n + 1:02d} 08:00"
        )
        for n in range(12)
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    first = BeautifulSoup((out / "guong-vuot-kho-hieu-hoc/index.html").read_text("utf-8"), "lxml")
    second = out / "guong-vuot-kho-hieu-hoc/trang/2/index.html"
    assert len(first.select(".article-list .card")) == 10
    assert (
        first.select_one(".pagination a[rel=next]")["href"] == "/guong-vuot-kho-hieu-hoc/trang/2/"
    )
    page2 = BeautifulSoup(second.read_text("utf-8"), "lxml")
    assert len(page2.select(".article-list .card")) == 2
    assert "Trang 2/2" in page2.select_one(".pagination").get_text()


def test_typogrify_is_on_without_caps(small_site):
    body = 'Ông nói: "HỘI KHUYẾN HỌC VIỆT NAM và NASA" -- thế thôi.'
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin VIỆT NAM", body=body)})
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/tin-viet-nam/index.html").read_text("utf-8")
    assert "&#8220;HỘI KHUYẾN HỌC VIỆT NAM và NASA&#8221;" in html
    assert "&#8212;" in html  # the double hyphen became a dash
    assert 'class="caps"' not in html
    assert "<h1>Tin VIỆT&nbsp;NAM</h1>" in html
    assert "<title>Tin VIỆT NAM · " in html
