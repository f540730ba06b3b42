"""Vietnamese formatting (Babel, never the OS locale), HTML to text, finding source lines."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata

import pytest
from sitebuild import ROOT

from khuyenhoc.formatting import (
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
from khuyenhoc.sources import first_line_not_nfc

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
        "import datetime as dt;"
        "from khuyenhoc.formatting import format_date, TIMEZONE;"
        "print(format_date(dt.datetime(2024, 2, 8, 19, 13, tzinfo=TIMEZONE), 'full'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            encoding="utf-8",
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


def test_first_line_not_nfc_names_the_first_decomposed_line():
    nfc = "Dòng một\nHội Khuyến học\n"
    assert first_line_not_nfc(nfc) is None
    lines = nfc.splitlines()
    nfd = lines[0] + "\n" + unicodedata.normalize("NFD", lines[1])
    assert first_line_not_nfc(nfd) == 2
