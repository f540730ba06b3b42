"""Forwarding articles to the magazine (Tạp chí Công dân và Khuyến học): the site's side.

Adds, for articles:
- Two front-matter fields, checked while content is read (``khuyenhoc.errors``, with the line):
  ``Gui_tap_chi:`` the date the article was sent to the magazine (``09/02/2024``, day first as
  the guide teaches, or ``2024-02-09``; never in the future), and ``Tap_chi_url:`` the address of the piece
  once the magazine has published it (http or https).
- On each article: ``magazine_sent`` (a ``datetime.date`` or None) and ``magazine_url`` (the
  address or ""). The article page shows "Bài đã đăng trên Tạp chí Công dân và Khuyến học" with
  the link when ``magazine_url`` is set (``partials/magazine_credit.html``).

The command side, ``python -m magazine`` (``make tap-chi BAI=…``), lives in the other modules of
this package: it reads the site through ``khuyenhoc.Site.check()`` (the same parsed article, with
its statistics boxes and numbered photos) and writes the package for the magazine into
``MAGAZINE_OUTPUT_PATH``. See ``magazine.package``.

Settings (``SETTINGS`` below holds the defaults; ``pelicanconf.py`` sets the real ones):
- ``MAGAZINE_NAME``, ``MAGAZINE_EMAIL`` (where the draft email goes; empty: the command refuses);
- ``MAGAZINE_SENDER``: ``name``, ``unit``, ``phone``, ``email``, ``address`` of whoever forwards
  for the association, printed at the end of the Word file and the email (empty: refused);
- the Word file: ``MAGAZINE_REFERENCE_DOCX`` (the reference document with the styles; empty: the
  one in this package), ``MAGAZINE_FONT``, ``MAGAZINE_FONT_SIZE`` (pt), ``MAGAZINE_LINE_SPACING``,
  ``MAGAZINE_PAGE_MM`` (width, height), ``MAGAZINE_MARGINS_CM`` (top, bottom, left, right),
  ``MAGAZINE_LANGUAGE``, ``MAGAZINE_PHOTO_WIDTH_CM`` and ``MAGAZINE_PHOTO_HEIGHT_CM`` (the most a
  photo takes on the page), ``MAGAZINE_DOCX_PHOTO_PX`` (the longest side of the copy inside the
  Word file; the full photos travel beside it);
- ``MAGAZINE_OUTPUT_PATH`` (the packages' folder), ``MAGAZINE_MAIL_WARN_MB`` (a draft email
  larger than this gets a warning: most mailboxes refuse 25 MB).
Also read: ``SITENAME``, ``SITEURL``, ``PATH``.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from pelican import signals
from pelican.contents import Article

from khuyenhoc import dates, errors
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, report
from khuyenhoc.formatting import TIMEZONE, format_date
from khuyenhoc.sources import SourceLines

SETTINGS = setting_table(
    MAGAZINE_NAME="Tạp chí Công dân và Khuyến học",
    MAGAZINE_EMAIL="",
    MAGAZINE_SENDER={"name": "", "unit": "", "phone": "", "email": "", "address": ""},
    MAGAZINE_OUTPUT_PATH="output-tap-chi",
    MAGAZINE_REFERENCE_DOCX="",
    MAGAZINE_FONT="Times New Roman",
    MAGAZINE_FONT_SIZE=14,
    MAGAZINE_LINE_SPACING=1.5,
    MAGAZINE_PAGE_MM=(210, 297),
    MAGAZINE_MARGINS_CM={"top": 2, "bottom": 2, "left": 3, "right": 2},
    MAGAZINE_LANGUAGE="vi-VN",
    MAGAZINE_PHOTO_WIDTH_CM=15,
    MAGAZINE_PHOTO_HEIGHT_CM=12,
    MAGAZINE_DOCX_PHOTO_PX=1800,
    MAGAZINE_MAIL_WARN_MB=20,
)

SENT_FIELD = "Gui_tap_chi"
URL_FIELD = "Tap_chi_url"


def is_web_address(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value.strip()


def _check(article: Article) -> None:
    """content_object_init: read and check the two fields of an article."""
    if not isinstance(article, Article):
        return
    article.magazine_sent = None
    article.magazine_url = ""
    sent = article.metadata.get(SENT_FIELD.lower())
    url = article.metadata.get(URL_FIELD.lower())
    if sent is None and url is None:
        return
    path = article.source_path
    lines = SourceLines.of_file(path)
    if sent is not None:
        try:
            day = dates.parse(str(sent), SENT_FIELD).date()
        except dates.DateError as error:
            report(EditorError(path, lines.field(SENT_FIELD), error.message, error.fix))
            day = None
        today = dt.datetime.now(TIMEZONE).date()
        if day is not None and day > today:
            report(
                EditorError(
                    path,
                    lines.field(SENT_FIELD),
                    f"Ngày gửi tạp chí {format_date(day, 'short')} (trường {SENT_FIELD}:) còn "
                    "chưa tới.",
                    "Ghi ngày đã gửi bài, sau khi gửi, theo dạng ngày/tháng/năm: "
                    f"'{SENT_FIELD}: 09/02/2024'.",
                )
            )
        elif day is not None:
            article.magazine_sent = day
    if url is not None:
        if is_web_address(str(url)):
            article.magazine_url = str(url).strip()
        else:
            report(
                EditorError(
                    path,
                    lines.field(URL_FIELD),
                    f"Địa chỉ bài trên tạp chí '{url}' (trường {URL_FIELD}:) không phải địa chỉ "
                    "trang web.",
                    "Chép nguyên địa chỉ bài trên trang của tạp chí, bắt đầu bằng https://, ví dụ "
                    f"'{URL_FIELD}: https://congdankhuyenhoc.vn/ten-bai-179240209.htm'.",
                )
            )


def register():
    errors.connect()
    signals.content_object_init.connect(_check)
