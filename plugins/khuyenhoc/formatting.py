"""Vietnamese numbers and dates, by Babel (CLDR "vi"), never by the OS locale.

This is the only place that formats Vietnamese: templates (through the Jinja filters the
``vietnamese`` plugin registers), the statistics boxes, structured data, the sitemap and the
units all call these functions.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal as _babel_decimal

from .text import html_to_text, word_count

LOCALE = "vi"
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

# Newsroom style, not CLDR's compact forms ("61,6 T ₫"): the word and the currency spelled out.
_MONEY_SCALES = ((Decimal(10) ** 9, "tỉ"), (Decimal(10) ** 6, "triệu"), (Decimal(10) ** 3, "nghìn"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def format_number(value, decimals: int | None = None) -> str:
    """491612 → "491.612"; 40.9 → "40,9". ``decimals`` fixes the digits after the comma."""
    if decimals is None:
        return _babel_decimal(Decimal(str(value)), format="#,##0.###", locale=LOCALE)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _babel_decimal(Decimal(str(value)), format=pattern, locale=LOCALE)


def format_percent(value, decimals: int | None = None) -> str:
    """A percentage given as a number of percent: 37.65 → "37,65%"; 69 → "69%"."""
    number = format_number(value, decimals)
    return f"{number}%"


def format_money(amount, currency: str = "đồng") -> str:
    """61_600_000_000 → "61,6 tỉ đồng"; 850_000_000 → "850 triệu đồng"; 500_000 → "500 nghìn đồng"."""
    amount = Decimal(str(amount))
    for scale, word in _MONEY_SCALES:
        if abs(amount) >= scale:
            scaled = (amount / scale).quantize(Decimal("0.1"))
            return f"{format_number(scaled.normalize())} {word} {currency}"
    return f"{format_number(amount)} {currency}"


def format_fraction(value, total) -> str:
    """109 of 109 → "109/109"."""
    return f"{format_number(value)}/{format_number(total)}"


def format_change(previous, current, *, money: bool = False, currency: str = "đồng") -> str:
    """The change from ``previous`` to ``current``: 100 → 112 gives "+12 (+12%)".

    The relative change has at most one decimal: "+12.345 (+4,3%)", "-500 (-0,2%)". No change
    reads "không đổi"; from 0 there is no percentage. ``money`` formats the amount like
    ``format_money``: "+5 tỉ đồng (+8,8%)".
    """
    previous, current = Decimal(str(previous)), Decimal(str(current))
    diff = current - previous
    if diff == 0:
        return "không đổi"
    sign = "+" if diff > 0 else "-"
    amount = format_money(abs(diff), currency) if money else format_number(abs(diff))
    text = f"{sign}{amount}"
    if previous:
        relative = (abs(diff) / abs(previous) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        text += f" ({sign}{format_percent(relative)})"
    return text


def _local(moment: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=TIMEZONE)
        return moment.astimezone(TIMEZONE)
    return moment


# Every listing formats the same dates again; Babel is the slowest part of rendering a card.
@functools.lru_cache(maxsize=8192)
def format_date(moment, style: str = "long") -> str:
    """Dates for readers.

    - ``full``: "Thứ Năm, 08/02/2024 - 19:13" (the article's dateline)
    - ``long``: "8 tháng 2, 2024"
    - ``short``: "08/02/2024"
    - ``stamp``: "19:13 - 08/02/2024" (the magazine's style)
    - ``year``: "2024"; ``month``: "tháng 2 năm 2024"
    - ``words``: "Thứ Năm, ngày 8 tháng 2 năm 2024, 19:13" (a date spelled out, for editors who
      must see which day was understood)
    """
    moment = _local(moment)
    has_time = isinstance(moment, dt.datetime)
    if style == "full":
        weekday = _babel_date(moment, "EEEE", locale=LOCALE)
        text = f"{weekday}, {_babel_date(moment, 'dd/MM/yyyy', locale=LOCALE)}"
        if has_time:
            text += " - " + _babel_datetime(moment, "HH:mm", tzinfo=TIMEZONE, locale=LOCALE)
        return text
    if style == "stamp" and has_time:
        return _babel_datetime(moment, "HH:mm - dd/MM/yyyy", tzinfo=TIMEZONE, locale=LOCALE)
    if style in ("short", "stamp"):
        return _babel_date(moment, "dd/MM/yyyy", locale=LOCALE)
    if style == "year":
        return _babel_date(moment, "yyyy", locale=LOCALE)
    if style == "month":
        return f"tháng {moment.month} năm {moment.year}"
    if style == "words":
        weekday = _babel_date(moment, "EEEE", locale=LOCALE)
        text = f"{weekday}, ngày {moment.day} tháng {moment.month} năm {moment.year}"
        if has_time:
            text += ", " + _babel_datetime(moment, "HH:mm", tzinfo=TIMEZONE, locale=LOCALE)
        return text
    return _babel_date(moment, "d 'tháng' M, yyyy", locale=LOCALE)


@functools.lru_cache(maxsize=8192)
def isoformat(moment) -> str:
    """ISO 8601 with the +07:00 offset, for <time datetime>, JSON-LD and feeds."""
    moment = _local(moment)
    if isinstance(moment, dt.datetime):
        return moment.replace(microsecond=0).isoformat()
    return moment.isoformat()


def plain_text(html, limit: int | None = None):
    """Text for <title>, attributes and teasers: no tags, no typogrify &nbsp;, escaped again.

    Pelican's templates do not autoescape, so the decoded text is escaped here; ``limit`` cuts at
    a word boundary (with "…") before escaping, so no entity is ever cut in half.
    """
    return _plain_text(str(html), limit)


# Every page shows the same titles and teasers of the newest articles (the side column): at
# 5,000 articles a build asked for 143,000 of them, 5.8 s of a new article's build (profiled).
@functools.lru_cache(maxsize=16384)
def _plain_text(html: str, limit: int | None):
    from markupsafe import escape

    text = html_to_text(html, keep_nbsp=False)
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return escape(text)


WORDS_PER_MINUTE = 200


def reading_minutes(text: str) -> int:
    """Minutes to read ``text`` (HTML tags ignored) at an adult's pace; at least one."""
    return max(1, math.ceil(word_count(text) / WORDS_PER_MINUTE))
