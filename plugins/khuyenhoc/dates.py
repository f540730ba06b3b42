"""Dates as Vietnamese editors write them: day first, always.

Pelican reads ``Date:`` with python-dateutil, which reads ``08/02/2024`` month first (2 August).
Vietnamese writes the day first, so ``parse`` reads the forms an editor uses, day first:

- ``08/02/2024``, ``8/2/2024``, ``08/02/2024 19:13`` (also ``19h13``), and the magazine's
  timestamp ``19:13 - 08/02/2024``;
- year first, which cannot be misread: ``2024-02-08``, ``2024-02-08 19:13``, ISO 8601 with an
  offset (``2024-02-08T19:13:00+07:00``).

Forms that could be read two ways (``08-02-2024``, ``08.02.2024``, a two-digit year) are refused
with the date as it would be understood, spelled out, so that the editor sees which day it is.
Anything else is refused too. A date or a time that does not exist (31/02, 25:00) is named.

Dates without an offset are naive: Pelican gives them the site's ``TIMEZONE``.
"""

from __future__ import annotations

import datetime as dt
import re

from khuyenhoc.formatting import format_date

__all__ = ["DateError", "parse"]

_TIME = r"(?P<hour>\d{1,2})(?:[:hHgG](?P<minute>\d{2})(?::(?P<second>\d{2}))?)"
_OFFSET = r"(?P<offset>Z|[+-]\d{2}:?\d{2})?"
_YEAR_FIRST = re.compile(
    rf"^(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})"
    rf"(?:(?:[ T]+){_TIME}{_OFFSET})?$"
)
_DAY_FIRST = re.compile(
    rf"^(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})/(?P<year>\d{{4}})(?:\s+(?:lúc\s+)?{_TIME})?$"
)
_STAMP = re.compile(
    rf"^{_TIME}\s*[-–,]?\s*(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})/(?P<year>\d{{4}})$"
)
# Read two ways in the world (08-02-2024: 8 February here, 2 August in the US), or a short year.
_AMBIGUOUS = re.compile(
    rf"^(?P<day>\d{{1,2}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{2}}|\d{{4}})"
    rf"(?:\s+{_TIME})?$"
)


class DateError(ValueError):
    """A date an editor wrote that cannot be used: the message and the fix, in Vietnamese."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix


def example(field: str = "Date") -> str:
    return f"'{field}: 08/02/2024 19:13' (ngày/tháng/năm giờ:phút)"


def parse(text: str, field: str = "Date") -> dt.datetime:
    """The moment ``text`` names, day first; ``DateError`` when it is not one of the forms."""
    text = " ".join(text.split())
    for form in (_DAY_FIRST, _STAMP, _YEAR_FIRST):
        match = form.match(text)
        if match:
            return _moment(match, text, field)
    match = _AMBIGUOUS.match(text)
    if match:
        year = int(match["year"])
        if year < 100:
            year += 2000
        understood = _moment(match, text, field, year=year)
        time = f" {understood:%H:%M}" if match["hour"] else ""
        raise DateError(
            f"Ngày '{text}' ở trường {field}: viết theo cách dễ hiểu nhầm; trang web sẽ hiểu là "
            f"{format_date(understood if time else understood.date(), 'words')}.",
            f"Nếu đúng ngày đó, viết '{field}: {understood:%d/%m/%Y}{time}' (ngày/tháng/năm, "
            "năm đủ bốn chữ số, ngăn cách bằng dấu /); nếu không, sửa lại cho đúng.",
        )
    raise DateError(
        f"Không hiểu giá trị '{text}' của trường {field}:.",
        f"Viết ngày giờ theo dạng {example(field)}, ngày trước tháng sau.",
    )


def _moment(match: re.Match, text: str, field: str, year: int | None = None) -> dt.datetime:
    parts = match.groupdict()
    year = year or int(parts["year"])
    month, day = int(parts["month"]), int(parts["day"])
    try:
        date = dt.date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            problem = f"không có tháng {month}"
        else:
            problem = f"tháng {month} năm {year} không có ngày {day}"
        raise DateError(
            f"Ngày '{text}' ở trường {field}: không có thật ({problem}).",
            f"Sửa lại ngày, viết theo dạng {example(field)}.",
        ) from None
    hour, minute, second = (int(parts.get(n) or 0) for n in ("hour", "minute", "second"))
    if not (hour < 24 and minute < 60 and second < 60):
        raise DateError(
            f"Giờ trong '{text}' ở trường {field}: không có thật.",
            f"Viết giờ từ 00:00 đến 23:59, ví dụ {example(field)}.",
        )
    moment = dt.datetime(date.year, date.month, date.day, hour, minute, second)
    offset = parts.get("offset")
    if offset:
        moment = moment.replace(tzinfo=_tzinfo(offset))
    return moment


def _tzinfo(offset: str) -> dt.timezone:
    if offset == "Z":
        return dt.UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
