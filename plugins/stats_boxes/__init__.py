"""Statistics boxes: figures kept in YAML, shown in articles and on the Số liệu page.

Adds:
- Datasets: one YAML file per dataset in ``STATS_DATA_PATH`` (``content/data/thong-ke/<id>.yaml``;
  the id is the file name). They are read once per build, when the article generator starts, and
  every mistake is a ``khuyenhoc.errors.EditorError`` with the file, the line and the fix.
- Boxes: a line ``[[thong-ke: <id>]]`` on its own in an article or page becomes a ``<figure>``
  with a ``<table>`` of the dataset's items; ``[[thong-ke: <id> | key, key]]`` shows only those
  items, in that order. The lines are expanded in the HTML after Markdown and typogrify, once
  every article and page has been read (``page_generator_finalized``), so a changed dataset
  shows on the next build even for articles that come from Pelican's reader cache, and the
  address of the Số liệu page is known. Each distinct box is rendered once per build.
- The Số liệu page: a line ``[[so-lieu]]`` on its own becomes the template
  ``partials/stats_overview.html``, given the figures of each unit (``overview.py``): the newest
  year's headline figures, then one table per topic comparing the years, sample data apart.
- Sample datasets (``sample: true``) are refused, file and line, in a build that does not allow
  samples (``ALLOW_SAMPLES``, ``khuyenhoc.unfinished``: the publish build).
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
Every string from the data is HTML-escaped. Numbers are formatted by ``khuyenhoc.formatting``.

Settings (``SETTINGS`` below holds the defaults):
- ``STATS_DATA_PATH``: the datasets' folder, relative to ``PATH``.
- ``STATS_PAGE``: the Số liệu page's source, relative to ``PATH``; when it is published (or
  hidden), every box links to it ("Xem các năm"). Empty: no link.
- ``STATS_DEFAULT_UNIT``: the unit of datasets that name none.
- ``STATS_TOPICS``: the Số liệu page's tables, ``[{"title": …, "keys": [item keys]}, …]``.
- ``STATS_SUMMARY_KEYS``: the items shown large at the top of the Số liệu page (default: the
  first four of the newest dataset).
- ``SITEURL``, ``PATH``, ``THEME`` (the chart's colours), ``SLUG_REGEX_SUBSTITUTIONS``.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import PagesGenerator
from unidecode import unidecode

from khuyenhoc import edit_path, edited_first, errors, unfinished
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, closest, report
from khuyenhoc.sources import SourceLines

from .data import Dataset, load_folder, parse_dataset
from .overview import overview
from .render import render_box, template_helpers

__all__ = [
    "Dataset",
    "expand",
    "expand_content",
    "parse_dataset",
    "parse_marker",
    "register",
    "render_box",
]

SETTINGS = setting_table(
    STATS_DATA_PATH="data/thong-ke",
    STATS_PAGE="pages/so-lieu.md",
    STATS_DEFAULT_UNIT="Toàn tỉnh",
    STATS_TOPICS=[],
    STATS_SUMMARY_KEYS=[],
)
OVERVIEW_TEMPLATE = "partials/stats_overview.html"

_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.S | re.I)
_ANY_MARKER = re.compile(r"\[\[\s*thong-ke\s*:(?P<body>[^\]]*)\]\]", re.I)
_WHOLE_MARKER = re.compile(r"^\s*\[\[\s*thong-ke\s*:(?P<body>[^\]]*)\]\]\s*$", re.I)
_OVERVIEW = re.compile(r"^\s*\[\[\s*so-lieu\s*\]\]\s*$", re.I)
# "[[thống kê: …]]", "[[Thong ke …]]", "[[thong-ke]]": meant as a marker, but not one.
_NEAR_MISS = re.compile(r"\[\[\s*(?P<name>[^\[\]:|]{2,24}?)\s*(?P<end>:|\||\]\])")
_MARKER_NAME = re.compile(r"\s*(thong\W*ke|so\W*lieu)")


class _State:
    def __init__(self, settings=None):
        options = SETTINGS.read(settings or {})
        self.settings = settings or {}
        self.datasets: dict[str, Dataset] = {}
        self.broken: set[str] = set()
        self.boxes: dict[tuple, str] = {}
        self.overview: str | None = None
        self.data_path = options.STATS_DATA_PATH.strip("/")
        self.page = options.STATS_PAGE
        self.page_url: str | None = None  # where boxes link to; None: no link
        self.default_unit = options.STATS_DEFAULT_UNIT
        self.env = None  # the theme's Jinja environment, for the overview
        self.waiting: list = []  # articles and pages with "[[" in them, expanded once all are read


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
    _state = _State(settings)
    root = Path(settings.get("PATH", "content"))
    datasets, broken, problems = load_folder(root / _state.data_path)
    _state.datasets, _state.broken = datasets, broken
    for problem in problems:
        report(problem)
    if not unfinished.samples_allowed(settings):
        for dataset in datasets.values():
            if dataset.sample:
                unfinished.refuse(
                    dataset.path,
                    SourceLines.of_file(dataset.path).field("sample"),
                    f"Bộ số liệu '{dataset.id}' là số liệu mẫu (sample: true).",
                    "Thay bằng số liệu thật rồi xoá dòng 'sample: true', hoặc xoá tệp này.",
                )


def _marker_key(marker: str) -> str:
    return "".join(canonical(marker).split()).lower()


class _Expansion:
    """The markers of one article or page, with the source lines for its errors."""

    def __init__(self, path: str, is_stats_page: bool, page_url: str | None):
        self.path = path
        self.is_stats_page = is_stats_page
        self.page_url = None if is_stats_page else page_url
        self._lines: SourceLines | None = None
        self.errors: list[EditorError] = []
        self.handled = 0  # "[[" found in paragraphs, markers or not

    def line_of(self, snippet: str, transform) -> int | None:
        """The source line of the next occurrence of ``snippet`` (as ``transform`` writes it)."""
        if self._lines is None:
            self._lines = SourceLines.of_file(self.path)
        return self._lines.next_containing(snippet, transform=transform)

    def error(self, marker: str, message: str, fix: str) -> None:
        line = self.line_of(_marker_key(marker), _marker_key)
        self.errors.append(EditorError(self.path, line, message, fix))

    def box(self, body: str) -> str | None:
        """The HTML for one marker's body, or None (and an error) when it names nothing."""
        marker = canonical(f"[[thong-ke:{body}]]")
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
            self.line_of(_marker_key(marker), _marker_key)  # its file is already reported
            return None
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
        self.line_of(_marker_key(marker), _marker_key)  # past it, for the next one's line
        cache_key = (dataset_id, keys, self.page_url, self.is_stats_page)
        if cache_key not in _state.boxes:
            page_link = f"{self.page_url}#{dataset_id}" if self.page_url else ""
            _state.boxes[cache_key] = render_box(
                dataset, keys, page_link=page_link, searchable=self.is_stats_page
            )
        return _state.boxes[cache_key]

    def not_alone(self, body: str) -> None:
        marker = canonical(f"[[thong-ke:{body}]]")
        self.error(
            marker,
            f"Dòng '{marker}' phải nằm riêng một dòng, không chung với chữ khác.",
            "Tách dòng [[thong-ke: …]] ra riêng, có một dòng trống trước và sau. Nếu muốn viết "
            "cú pháp này như chữ thường, đặt nó giữa hai dấu `.",
        )

    def unclosed(self, line: str) -> bool:
        """Report "[[thong-ke: …" or "[[so-lieu" without "]]" on ``line``; True if one was.

        Such a marker would show as it is on the page. Its text ends at the line's end, the next
        "[[" or the next tag.
        """
        found_one = False
        for opening in re.finditer(r"\[\[", line):
            rest = line[opening.end() :]
            ends = [i for i in (rest.find("]]"), rest.find("[["), rest.find("<")) if i >= 0]
            end = min(ends, default=len(rest))
            if rest.startswith("]]", end):
                continue
            body = rest[:end].rstrip()
            name = _MARKER_NAME.match(unidecode(body).lower())
            if not name:
                continue
            snippet = f"[[{body}"
            closed = "[[so-lieu]]" if name[1].startswith("so") else f"{snippet}]]"
            self.errors.append(
                EditorError(
                    self.path,
                    self.line_of(snippet, canonical),
                    f"Dòng '{snippet}' thiếu dấu ']]' đóng, nên sẽ hiện nguyên văn trên trang.",
                    f"Viết đủ hai dấu ngoặc vuông đóng ở cuối: {closed}",
                )
            )
            found_one = True
        return found_one

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
                    self.line_of(snippet, canonical),
                    f"Không hiểu '{shown}': có phải ý bạn là '{meant}'?",
                    "Viết đúng cú pháp, chữ không dấu, có gạch ngang và dấu hai chấm: "
                    "[[thong-ke: soc-trang-2022]] cho một bảng số liệu; [[so-lieu]] cho toàn "
                    "bộ số liệu (trang Số liệu).",
                )
            )

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
                if not strays and not self.unclosed(plain):
                    self.near_misses(plain)
            text.append(line)
        if not changed:
            return match.group(0)
        flush()
        return "\n".join(out)

    def elsewhere(self, html_text: str) -> None:
        """Markers outside any paragraph (a list item, a heading, a table cell) are errors."""
        for line in _PARAGRAPH.sub("", _CODE.sub("", html_text)).split("\n"):
            plain = canonical(line)
            for stray in _ANY_MARKER.finditer(plain):
                self.not_alone(stray["body"])
            if not self.unclosed(plain):
                self.near_misses(_ANY_MARKER.sub("", plain))


def _overview() -> str:
    if _state.overview is None:
        if _state.env is None:
            raise RuntimeError("stats_boxes: no Jinja environment for the Số liệu page")
        options = SETTINGS.read(_state.settings)
        data = overview(
            list(_state.datasets.values()),
            _state.default_unit,
            _state.settings,
            topics=options.STATS_TOPICS,
            summary_keys=options.STATS_SUMMARY_KEYS,
        )
        helpers = template_helpers(_state.settings.get("THEME"))
        template = _state.env.get_template(OVERVIEW_TEMPLATE)
        _state.overview = template.render(overview=data, **helpers)
    return _state.overview


def expand(
    html_text: str,
    source_path: str,
    *,
    is_stats_page: bool = False,
    page_url: str | None = None,
) -> tuple[str, list]:
    """``html_text`` with its markers expanded, and the errors of markers that name nothing.

    Boxes link to ``page_url`` (the Số liệu page), unless it is None or this is that page.
    """
    if "[[" not in html_text:
        return html_text, []
    expansion = _Expansion(source_path, is_stats_page, page_url)
    result = _PARAGRAPH.sub(expansion.paragraph, html_text)
    if html_text.count("[[") > expansion.handled:  # some "[[" outside the paragraphs seen
        expansion.elsewhere(html_text)
    return result, expansion.errors


def _relative(content) -> str:
    return (getattr(content, "relative_source_path", "") or "").replace(os.sep, "/")


def _remember(content) -> None:
    """content_object_init: note the articles and pages with markers, expanded later."""
    if not isinstance(content, (Article, Page)):
        return
    text = getattr(content, "_content", None)
    if isinstance(text, str) and "[[" in text:
        _state.waiting.append(content)


def _expand_all(generator) -> None:
    """page_generator_finalized: every article and page is read; the Số liệu page has its
    address (a draft has none to link to). Expand every marker."""
    _note_page_url(generator)
    for content in _state.waiting:
        expand_content(content)
    _state.waiting.clear()


def _note_page_url(generator) -> None:
    site_url = generator.settings.get("SITEURL", "")
    for page in [*generator.pages, *getattr(generator, "hidden_pages", [])]:
        if _state.page and _relative(page) == _state.page:
            _state.page_url = f"{site_url.rstrip('/')}/{page.url}"


def _restored(generators) -> None:
    """``khuyenhoc.edit_path.restored``: the last build's pages, the Số liệu page's among them."""
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            _note_page_url(generator)


def expand_content(content) -> None:
    """The markers of one article or page, expanded in place (problems reported), with the
    datasets and the Số liệu page's address of the build that loaded them."""
    is_stats_page = bool(_state.page) and _relative(content) == _state.page
    result, problems = expand(
        content._content,
        content.source_path,
        is_stats_page=is_stats_page,
        page_url=_state.page_url,
    )
    for problem in problems:
        report(problem)
    content._content = result


def _expand_read_again(content) -> None:
    """``khuyenhoc.edited_first.reread``: an article the preview read again outside a build,
    expanded as the build expands every one."""
    text = getattr(content, "_content", None)
    if isinstance(content, (Article, Page)) and isinstance(text, str) and "[[" in text:
        expand_content(content)


def _load_for_build(generator) -> None:
    load(generator.settings)
    _state.env = generator.env


def register():
    errors.connect()
    signals.article_generator_init.connect(_load_for_build)
    signals.content_object_init.connect(_remember)
    signals.page_generator_finalized.connect(_expand_all)
    edited_first.reread.connect(_expand_read_again)
    edit_path.restored.connect(_restored)
