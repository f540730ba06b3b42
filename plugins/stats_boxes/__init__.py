"""Statistics boxes: figures kept in YAML, shown in articles and on the Số liệu page.

Adds:
- Datasets: one YAML file per dataset in ``STATS_DATA_PATH`` (``content/data/thong-ke/<id>.yaml``;
  the id is the file name). They are read once per build, when the article generator starts, and
  every mistake is an ``editor_errors.EditorError`` with the file, the line and the fix.
- Boxes: a line ``[[thong-ke: <id>]]`` on its own in an article or page becomes a ``<figure>``
  with a ``<table>`` of the dataset's items; ``[[thong-ke: <id> | key, key]]`` shows only those
  items, in that order. The lines are expanded in the HTML after Markdown and typogrify
  (``content_object_init``), so a changed dataset shows on the next build even for articles
  that come from Pelican's reader cache. Each distinct box is rendered once per build.
- The Số liệu page: a line ``[[so-lieu]]`` on its own becomes every dataset grouped by year and
  unit, then, for each series (the same item key in several datasets of a unit), a column chart
  drawn as inline SVG and a table with the change from year to year.
- Search: boxes in articles carry ``data-pagefind-ignore="all"`` (their figures belong to the
  Số liệu page, which is indexed); this keeps the index, and the build, lean.

Schema of a dataset file (field names in English, text in Vietnamese)::

    title: Kết quả công tác khuyến học năm 2022    # required
    source: Tạp chí Công dân và Khuyến học         # required
    source_url: https://congdankhuyenhoc.vn         # optional, http(s) only
    year: 2022                                       # year or period required (both allowed:
    period: Năm 2022                                 #   year orders, period is shown)
    unit: Tỉnh Sóc Trăng                             # optional: the đơn vị (province, branch)
    sample: true                                     # optional: shown as "Số liệu mẫu"
    note: …                                          # optional, shown under the table
    items:                                           # required, at least one
      - key: tong-hoi-vien       # required: lowercase ASCII slug, unique in the file
        label: Tổng số hội viên  # required
        value: 491612            # required: a number, written without thousands separators
        percent: 37.65           # optional: 0 to 100, read as 37,65%, drawn as a bar
        of: 109                  # optional: value 109 with of 109 reads "109/109"
        unit: đồng               # optional: "đồng" reads 61,6 tỉ đồng; other units follow
        note: so với dân số      #   the number ("101.235 suất"); note shows under the label

Numbers are read from the text as written: ``491.612`` (a thousands dot) and ``37,65`` (a decimal
comma) are errors with the fix, never silently 491,612 or text. Unknown or repeated fields,
duplicate item keys, a percent outside 0–100 and a value above its ``of`` are errors too.
Every string from the data is HTML-escaped. Numbers are formatted by ``vietnamese.formatting``.

Settings read:
- ``STATS_DATA_PATH`` (default ``"data/thong-ke"``): the datasets' folder, relative to ``PATH``.
- ``STATS_PAGE`` (default ``"pages/so-lieu.md"``): the Số liệu page's source, relative to
  ``PATH``; when it exists, every box links to it ("Xem các năm"), at ``SITEURL`` + the page's
  URL (resolved once the pages are read; a draft page gets no link). Empty: no link.
- ``SITEURL``.
- ``STATS_DEFAULT_UNIT`` (default ``"Toàn tỉnh"``): the unit of datasets that name none.
- ``PATH``.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from unidecode import unidecode

from editor_errors import EditorError, closest, report

from .data import Dataset, load_folder, parse_dataset
from .render import render_box, render_overview

__all__ = ["Dataset", "expand", "parse_dataset", "parse_marker", "register", "render_box"]

_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.S | re.I)
_ANY_MARKER = re.compile(r"\[\[\s*thong-ke\s*:(?P<body>[^\]]*)\]\]", re.I)
_WHOLE_MARKER = re.compile(r"^\s*\[\[\s*thong-ke\s*:(?P<body>[^\]]*)\]\]\s*$", re.I)
_OVERVIEW = re.compile(r"^\s*\[\[\s*so-lieu\s*\]\]\s*$", re.I)
# "[[thống kê: …]]", "[[Thong ke …]]", "[[thong-ke]]": meant as a marker, but not one.
_NEAR_MISS = re.compile(r"\[\[\s*(?P<name>[^\[\]:|]{2,24}?)\s*(?P<end>:|\||\]\])")


# Boxes link to the Số liệu page through this token, replaced by the page's address once Pelican
# has read the pages (``page_generator_finalized``). Pelican's own "{filename}" links would do the
# same, but cost a lookup in every article on every build.
PAGE_URL_TOKEN = "__so_lieu_url__"
_LINK = re.compile(r' <a class="stats-more" href="' + PAGE_URL_TOKEN + r'[^"]*">[^<]*</a>')


class _State:
    def __init__(self):
        self.datasets: dict[str, Dataset] = {}
        self.broken: set[str] = set()
        self.boxes: dict[tuple, str] = {}
        self.overview: str | None = None
        self.data_path = "data/thong-ke"
        self.page = ""
        self.page_exists = False
        self.default_unit = "Toàn tỉnh"
        self.site_url = ""
        self.linked: list = []  # articles and pages whose boxes link to the Số liệu page


_state = _State()


def canonical(text: str) -> str:
    """Marker text as the editor typed it, whatever typogrify did to it (&nbsp;, dashes)."""
    text = html.unescape(text).replace("\xa0", " ").replace("\u2014", "--").replace("\u2013", "-")
    return " ".join(text.split())


def parse_marker(body: str) -> tuple[str, tuple[str, ...], bool]:
    """``"soc-trang-2022 | a, b"`` → ``("soc-trang-2022", ("a", "b"), True)`` (True: has a '|')."""
    dataset_id, bar, rest = body.partition("|")
    keys = tuple(dict.fromkeys(k.strip() for k in rest.split(",") if k.strip()))
    return dataset_id.strip(), keys, bool(bar)


def load(settings) -> None:
    """Read every dataset once for this build; report the broken ones."""
    global _state
    _state = _State()
    root = Path(settings.get("PATH", "content"))
    _state.data_path = settings.get("STATS_DATA_PATH", "data/thong-ke").strip("/")
    _state.page = settings.get("STATS_PAGE", "pages/so-lieu.md") or ""
    _state.page_exists = bool(_state.page) and (root / _state.page).is_file()
    _state.default_unit = settings.get("STATS_DEFAULT_UNIT", "Toàn tỉnh")
    _state.site_url = settings.get("SITEURL", "")
    datasets, broken, errors = load_folder(root / _state.data_path)
    _state.datasets, _state.broken = datasets, broken
    for error in errors:
        report(error)


def _marker_key(marker: str) -> str:
    return "".join(canonical(marker).split()).lower()


def _source_markers(path: str) -> list[tuple[int, str]]:
    """The markers of the source file, in order: ``(line number, marker key)``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return [
        (number, _marker_key(found.group(0)))
        for number, line in enumerate(text.splitlines(), start=1)
        if "[[" in line
        for found in _ANY_MARKER.finditer(canonical(line))
    ]


class _Expansion:
    """The markers of one article or page, with the source lines for its errors."""

    def __init__(self, path: str, is_stats_page: bool):
        self.path = path
        self.is_stats_page = is_stats_page
        self.seen: dict[str, int] = {}
        self._lines: list[tuple[int, str]] | None = None
        self.errors: list[EditorError] = []
        self.handled = 0  # "[[" found in paragraphs, markers or not

    def line_of(self, marker: str) -> int | None:
        """The source line of the n-th occurrence of ``marker`` (canonical), n counted so far."""
        if self._lines is None:
            self._lines = _source_markers(self.path)
        key = _marker_key(marker)
        matches = [number for number, found in self._lines if found == key]
        if not matches:
            return None
        index = self.seen.get(key, 1) - 1
        return matches[min(index, len(matches) - 1)]

    def _count(self, marker: str) -> None:
        key = _marker_key(marker)
        self.seen[key] = self.seen.get(key, 0) + 1

    def error(self, marker: str, message: str, fix: str) -> None:
        self.errors.append(EditorError(self.path, self.line_of(marker), message, fix))

    def box(self, body: str) -> str | None:
        """The HTML for one marker's body, or None (and an error) when it names nothing."""
        marker = canonical(f"[[thong-ke:{body}]]")
        self._count(marker)
        dataset_id, keys, has_bar = parse_marker(canonical(body))
        example = "[[thong-ke: soc-trang-2022 | hoi-vien-moi, hoc-bong]]"
        if not dataset_id:
            self.error(
                marker,
                f"Dòng '{marker}' chưa ghi mã bộ số liệu.",
                "Viết tên tệp số liệu (bỏ đuôi .yaml) sau dấu hai chấm, ví dụ "
                "[[thong-ke: soc-trang-2022]].",
            )
            return None
        if dataset_id in _state.broken:
            return None  # its file is already reported
        dataset = _state.datasets.get(dataset_id)
        if dataset is None:
            known = sorted(_state.datasets) + sorted(_state.broken)
            hints = closest(dataset_id, known)
            hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
            choices = "; ".join(hints) if hints else "; ".join(known[:5]) or "chưa có tệp nào"
            self.error(
                marker,
                f"Không có bộ số liệu '{dataset_id}' (tệp content/{_state.data_path}/"
                f"{dataset_id}.yaml).{hint}",
                f"Dùng đúng tên một tệp trong content/{_state.data_path}/, bỏ đuôi .yaml: "
                f"{choices}.",
            )
            return None
        if has_bar and not keys:
            self.error(
                marker,
                f"Sau dấu '|' trong dòng '{marker}' chưa có mã chỉ tiêu nào.",
                f"Liệt kê mã chỉ tiêu, cách nhau bằng dấu phẩy, ví dụ {example}; hoặc bỏ dấu "
                "'|' để hiện cả bảng.",
            )
            return None
        unknown = [key for key in keys if dataset.item(key) is None]
        for key in unknown:
            hints = closest(key, dataset.keys)
            hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
            self.error(
                marker,
                f"Bộ số liệu '{dataset_id}' không có chỉ tiêu '{key}'.{hint}",
                f"Dùng mã chỉ tiêu (key) có trong tệp content/{_state.data_path}/"
                f"{dataset_id}.yaml: {', '.join(dataset.keys)}.",
            )
        if unknown:
            return None
        link = _state.page_exists and not self.is_stats_page
        cache_key = (dataset_id, keys, link)
        if cache_key not in _state.boxes:
            page_link = f"{PAGE_URL_TOKEN}#{dataset_id}" if link else ""
            _state.boxes[cache_key] = render_box(
                dataset, keys, page_link=page_link, searchable=self.is_stats_page
            )
        return _state.boxes[cache_key]

    def not_alone(self, body: str) -> None:
        marker = canonical(f"[[thong-ke:{body}]]")
        self._count(marker)
        self.error(
            marker,
            f"Dòng '{marker}' phải nằm riêng một dòng, không chung với chữ khác.",
            "Tách dòng [[thong-ke: …]] ra riêng, có một dòng trống trước và sau. Nếu muốn viết "
            "cú pháp này như chữ thường, đặt nó giữa hai dấu `.",
        )

    def near_misses(self, text: str) -> None:
        for found in _NEAR_MISS.finditer(text):
            name, end = found["name"].strip(), found["end"]
            folded = re.sub(r"[^a-z]", "", unidecode(name).lower())
            if folded.startswith("thongke") and (name.lower() != "thong-ke" or end != ":"):
                meant = "[[thong-ke: soc-trang-2022]]"
            elif folded == "solieu" and (name.lower() != "so-lieu" or end != "]]"):
                meant = "[[so-lieu]]"
            else:
                continue
            snippet = found.group(0)
            shown = snippet if end == "]]" else snippet + "…"
            self.errors.append(
                EditorError(
                    self.path,
                    self.line_containing(snippet),
                    f"Không hiểu '{shown}': có phải ý bạn là '{meant}'?",
                    "Viết đúng cú pháp, chữ không dấu, có gạch ngang và dấu hai chấm: "
                    "[[thong-ke: soc-trang-2022]] cho một bảng số liệu; [[so-lieu]] cho toàn "
                    "bộ số liệu (trang Số liệu).",
                )
            )

    def line_containing(self, snippet: str) -> int | None:
        try:
            text = Path(self.path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        for number, line in enumerate(text.splitlines(), start=1):
            if snippet in canonical(line):
                return number
        return None

    def paragraph(self, match: re.Match) -> str:
        inner = match.group(1)
        if "[[" not in inner:
            return match.group(0)
        self.handled += inner.count("[[")
        out: list[str] = []
        text: list[str] = []

        def flush():
            if any(line.strip() for line in text):
                out.append("<p>" + "\n".join(text).strip() + "</p>")
            text.clear()

        changed = False
        for line in inner.split("\n"):
            plain = canonical(_CODE.sub("", line))
            whole = _WHOLE_MARKER.match(plain)
            if whole:
                box = self.box(whole["body"])
                if box is not None:
                    flush()
                    out.append(box)
                    changed = True
                    continue
            elif _OVERVIEW.match(plain):
                flush()
                out.append(_overview())
                changed = True
                continue
            else:
                strays = list(_ANY_MARKER.finditer(plain))
                for stray in strays:
                    self.not_alone(stray["body"])
                if not strays:
                    self.near_misses(plain)
            text.append(line)
        if not changed:
            return match.group(0)
        flush()
        return "\n".join(out)

    def elsewhere(self, html_text: str) -> None:
        """Markers outside any paragraph (a list item, a heading, a table cell) are errors."""
        rest = canonical(_PARAGRAPH.sub("", _CODE.sub("", html_text)))
        for stray in _ANY_MARKER.finditer(rest):
            self.not_alone(stray["body"])
        self.near_misses(_ANY_MARKER.sub("", rest))


def _overview() -> str:
    if _state.overview is None:
        _state.overview = render_overview(list(_state.datasets.values()), _state.default_unit)
    return _state.overview


def expand(html_text: str, source_path: str, *, is_stats_page: bool = False) -> tuple[str, list]:
    """``html_text`` with its markers expanded, and the errors of markers that name nothing."""
    if "[[" not in html_text:
        return html_text, []
    expansion = _Expansion(source_path, is_stats_page)
    result = _PARAGRAPH.sub(expansion.paragraph, html_text)
    if html_text.count("[[") > expansion.handled:  # some "[[" outside the paragraphs seen
        expansion.elsewhere(html_text)
    return result, expansion.errors


def _expand_content(content) -> None:
    text = getattr(content, "_content", None)
    if not isinstance(text, str) or "[[" not in text:
        return
    relative = (getattr(content, "relative_source_path", "") or "").replace(os.sep, "/")
    is_stats_page = bool(_state.page) and relative == _state.page
    result, errors = expand(text, content.source_path, is_stats_page=is_stats_page)
    for error in errors:
        report(error)
    content._content = result
    if PAGE_URL_TOKEN in result:
        _state.linked.append(content)


def link_to_page(html_text: str, url: str | None) -> str:
    """The boxes' links pointed at ``url``, or removed when the page has none (a draft)."""
    if url is None:
        return _LINK.sub("", html_text)
    return html_text.replace(f'href="{PAGE_URL_TOKEN}', f'href="{url}')


def _resolve_links(generator) -> None:
    """page_generator_finalized: the Số liệu page has its address now; give it to the boxes."""
    url = None
    for page in [*generator.pages, *getattr(generator, "hidden_pages", [])]:
        if Path(page.relative_source_path).as_posix() == _state.page:
            url = f"{_state.site_url.rstrip('/')}/{page.url}"
    for content in _state.linked:
        content._content = link_to_page(content._content, url)
    # Nothing should have rendered them yet, but never serve a stale copy.
    linked = {id(content) for content in _state.linked}
    cache = Content.get_content.cache
    for key in [k for k in cache if k and id(k[0]) in linked]:
        del cache[key]
    _state.linked.clear()


def _load_for_build(generator) -> None:
    load(generator.settings)


def register():
    signals.article_generator_init.connect(_load_for_build)
    signals.content_object_init.connect(_expand_content)
    signals.page_generator_finalized.connect(_resolve_links)
