"""Editorial rules, checked while content is read, before anything is written.

Adds these checks, each reported as a ``khuyenhoc.errors.EditorError`` with the file, the line and
the fix in Vietnamese:
- every article has a known kind (``Category:``) and lives in that kind's folder;
- every article has ``Title``, ``Date``, ``Author`` and ``Summary`` (the sapo); pages have a title;
- every field written in the front matter is one the site knows (``ARTICLE_FIELDS``,
  ``PAGE_FIELDS``), and is written once: ``Tilte:`` is named, with the closest known field, instead
  of being dropped (and the title then reported missing);
- ``Status:`` in Vietnamese or English (``nháp``/draft, ``ẩn``/hidden, ``đăng``/published, accents
  optional); an unknown word is an error with the list, never a file dropped with an English line;
- ``Slug:`` is made ASCII like every slug made from a title ("Hội nghị" → ``hoi-nghi``): an
  editor who writes the words of an address expects that address, not a refusal; one with no
  letter or digit left is an error;
- no two articles or pages share a slug (Hội/Hỏi both become "hoi"): both files are named;
- an article or a page has a body: front matter alone is refused;
- nothing comes from outside ``content/``: an intrasite link (``{static}``, ``{attach}``,
  ``{filename}``) that leads out of it (``{static}/../../..``, or through a symbolic link) is an
  error naming the line; so is one to a file that is not there (a misspelt PDF);
- every file in ``content/`` is where the site reads it (``tree.py``): an article saved one folder
  too high, as ``.txt`` or ``.docx``, a spreadsheet among the YAML data, a symbolic link leading
  out of ``content/`` are named, with where they belong;
- dates ahead: an article dated more than a day ahead is *scheduled* (hẹn đăng): written as a draft
  until a build on or after its date, but checked like a published one, and named on every build
  (``HẸN ĐĂNG …``); more than a year ahead is an error (a mistyped year).

An article's ``Unit:`` is checked by the ``units`` plugin (a scheduled article's too).

For other tools (``make check`` prints the scheduled articles as "hẹn đăng"):
- ``scheduled()``: the articles of the last build that wait for their date, soonest first, as
  ``Scheduled(path, title, date)``;
- each such article has ``scheduled = True`` (and ``status`` "draft").

Settings read:
- ``ARTICLE_KINDS``: a list of ``{name, folder, ...}``; one entry per kind of article.
- ``REQUIRED_ARTICLE_METADATA``: field names every article must have.
- ``ARTICLE_FIELDS``, ``PAGE_FIELDS``: ``{name: description}`` of the fields an article, or a page,
  may have; empty: any field is accepted.
- ``PAGE_PATHS``, ``STATIC_PATHS``, ``CONTENT_DATA_PATHS`` (the folders of YAML data),
  ``IGNORE_FILES``, ``PATH``, ``TIMEZONE``, ``INTRASITE_LINK_REGEX``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.contents import Article, Page
from unidecode import unidecode

from khuyenhoc import edit_path, errors, frontmatter
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, closest, closest_in_folder, content_path, note, report
from khuyenhoc.files import outside, outside_error
from khuyenhoc.formatting import format_date
from khuyenhoc.sources import SourceLines
from khuyenhoc.text import has_text, html_to_text
from khuyenhoc.text import slug as make_slug

from . import tree

SETTINGS = setting_table(
    ARTICLE_KINDS=[],
    REQUIRED_ARTICLE_METADATA=["title", "date"],
    ARTICLE_FIELDS={},
    PAGE_FIELDS={},
    PAGE_PATHS=["pages"],
    STATIC_PATHS=["images"],
    CONTENT_DATA_PATHS=["data"],
    IGNORE_FILES=[],
)
GUIDE = "docs/huong-dan-bien-tap.md"

# The words an editor may write after "Status:", for each status Pelican knows; compared without
# accents or case ("Nháp", "nhap"). The first word of each is the one the guide teaches.
STATUS_WORDS = {
    "draft": ("nháp", "bản nháp", "draft"),
    "hidden": ("ẩn", "hidden"),
    "published": ("đăng", "xuất bản", "đã đăng", "công khai", "published"),
}
STATUS_CHOICES = (
    "nháp (không đăng), ẩn (có trang nhưng không hiện trong danh sách), đăng (mặc định)"
)
# An article dated further ahead than this waits for its date; further than the limit is a typo.
SCHEDULE_AFTER = dt.timedelta(days=1)
SCHEDULE_LIMIT = dt.timedelta(days=366)


@dataclass(frozen=True)
class Scheduled:
    path: str  # the source file, absolute
    title: str  # plain text
    date: dt.datetime


_seen_slugs: dict[tuple[str, str], str] = {}
_scheduled: list[Scheduled] = []


def _reset(generator) -> None:
    _seen_slugs.clear()
    _scheduled.clear()
    if edit_path.restoring():
        # One file's text changed since the last complete build checked the folder (0.3 s of an
        # edit at 5,000 articles to walk it again).
        return
    options = SETTINGS.read(generator.settings)
    folders = tree.Folders(
        kinds={
            kind["folder"]: kind["name"] for kind in options.ARTICLE_KINDS if kind.get("folder")
        },
        pages=tuple(options.PAGE_PATHS),
        static=tuple(options.STATIC_PATHS),
        data=tuple(options.CONTENT_DATA_PATHS),
        ignore=tuple(options.IGNORE_FILES),
    )
    found = tree.problems(generator.settings["PATH"], folders)
    for problem in found:
        report(problem)
    # Pelican follows linked folders: keep it out of those that lead out of content/ (it would
    # read /etc, say) or round in circles. The errors stop the build before anything is written.
    for folder in tree.skipped_folders(generator.settings["PATH"], found):
        for setting in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
            excluded = generator.settings.setdefault(setting, [])
            if folder not in excluded:
                excluded.append(folder)


def scheduled() -> list[Scheduled]:
    """The articles of the last build that wait for their date (hẹn đăng), soonest first."""
    return sorted(_scheduled, key=lambda item: (item.date, item.path))


def _fold(word: str) -> str:
    return " ".join(unidecode(word).lower().split())


_STATUS_OF_WORD = {_fold(word): status for status, words in STATUS_WORDS.items() for word in words}


def status_of(word: str) -> str | None:
    """The Pelican status an editor's word stands for ("Nháp" → "draft"), or None."""
    return _STATUS_OF_WORD.get(_fold(word))


def publication(date: dt.datetime, now: dt.datetime) -> str:
    """ "published", "scheduled" (more than a day ahead) or "too far" (more than a year ahead)."""
    if date - now > SCHEDULE_LIMIT:
        return "too far"
    if date - now > SCHEDULE_AFTER:
        return "scheduled"
    return "published"


def _field_line(path: str, field: str) -> int | None:
    return SourceLines.of_file(path).field(field)


def _check_kind(article: Article, kinds: list[dict]) -> None:
    path = article.source_path
    names = [kind["name"] for kind in kinds]
    category = article.metadata.get("category")
    name = category.name if category else ""
    if not name:
        report(
            EditorError(
                path,
                None,
                "Bài chưa có loại bài (trường Category:).",
                "Thêm dòng 'Category: ' với một trong các loại: " + "; ".join(names) + ".",
            )
        )
        return
    if name not in names:
        hints = closest(name, names)
        hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
        report(
            EditorError(
                path,
                _field_line(path, "category"),
                f"Loại bài '{name}' không có trong danh sách.{hint}",
                "Dùng đúng một trong các loại: " + "; ".join(names) + ".",
            )
        )
        return
    kind = kinds[names.index(name)]
    folder = kind.get("folder")
    parts = os.path.normpath(article.relative_source_path).split(os.sep)
    if folder and folder not in parts[:-1]:
        report(
            EditorError(
                path,
                _field_line(path, "category"),
                f"Bài loại '{name}' phải nằm trong thư mục content/{folder}/.",
                f"Chuyển tệp vào content/{folder}/, hoặc sửa dòng Category: cho đúng loại bài.",
            )
        )


_FIELD_NAMES_VI = {
    "title": "tiêu đề",
    "date": "ngày đăng",
    "author": "tác giả",
    "summary": "sapo (đoạn mở đầu)",
}


def field_problems(
    fields: list[frontmatter.Field],
    known: dict[str, str],
    what: str,
    articles_only: dict[str, str] | None = None,
) -> list[tuple[int, str, str, str]]:
    """``(line, message, fix, meant)`` for each field not in ``known`` or written twice; ``meant``
    is the known field a misspelt one stands for (lower case), or "".

    ``what`` names the kind of file for the message ("bài viết", "trang"); ``articles_only``, for
    a page, the fields of articles (a page with "Date:" was probably meant as an article).
    """
    names = {name.lower(): name for name in known}
    listed = ", ".join(known)
    problems = []
    seen: dict[str, frontmatter.Field] = {}
    for field in fields:
        if field.key in names:
            first = seen.setdefault(field.key, field)
            if first is not field:
                problems.append(
                    (
                        field.line,
                        f"Trường {names[field.key]}: được viết hai lần (dòng {first.line} và "
                        f"dòng {field.line}).",
                        "Xoá một trong hai dòng, giữ lại giá trị đúng.",
                        "",
                    )
                )
            continue
        if articles_only and field.key in {name.lower() for name in articles_only}:
            problems.append(
                (
                    field.line,
                    f"Trường '{field.name}:' chỉ dùng cho bài viết; trang (content/pages/) không "
                    "có trường này.",
                    "Xoá dòng này. Nếu tệp là một bài viết, chuyển nó vào thư mục của loại bài "
                    f"(xem {GUIDE}).",
                    "",
                )
            )
            continue
        hints = closest(field.name, list(known), n=1)
        if hints:
            meant = hints[0]
            problems.append(
                (
                    field.line,
                    f"Trường '{field.name}:' không có trong mẫu {what}. Có phải ý bạn là "
                    f"'{meant}:'?",
                    f"Sửa tên trường thành '{meant}:'. Các trường dùng được: {listed} "
                    f"(xem {GUIDE}).",
                    meant.lower(),
                )
            )
        else:
            problems.append(
                (
                    field.line,
                    f"Trường '{field.name}:' không có trong mẫu {what}: trang web không dùng trường này.",
                    f"Xoá dòng này, hoặc dùng một trong các trường: {listed} (xem {GUIDE}).",
                    "",
                )
            )
    return problems


def _check_fields(content, known: dict[str, str], what: str, articles_only=None) -> set[str]:
    """Report unknown and repeated fields; the known fields that misspelt ones stand for."""
    if not known:
        return set()
    path = content.source_path
    fields = frontmatter.noted_fields(content.metadata)
    if fields is None:  # read by another reader, or by an older version of it (from the cache)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return set()  # the reader has said why
        fields = frontmatter.read(text).fields
    meant = set()
    for line, message, fix, field in field_problems(fields, known, what, articles_only):
        report(EditorError(path, line, message, fix))
        meant.add(field)
    return meant


def _check_required(content, required: list[str], misspelt: set[str] = frozenset()) -> None:
    for field in required:
        if field in misspelt:
            continue  # the misspelt line is named already: one message, not two
        value = content.metadata.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            label = _FIELD_NAMES_VI.get(field, field)
            report(
                EditorError(
                    content.source_path,
                    None,
                    f"Thiếu {label} (trường {field.capitalize()}:).",
                    f"Thêm dòng '{field.capitalize()}: …' vào phần thông tin đầu bài, trước dòng trống đầu tiên.",
                )
            )


def _check_slug(content) -> None:
    slug = getattr(content, "slug", None)
    if not slug:
        return
    key = (slug, getattr(content, "lang", ""))
    other = _seen_slugs.setdefault(key, content.source_path)
    if other != content.source_path:
        first, second = sorted([other, content.source_path])
        report(
            EditorError(
                second,
                _field_line(second, "title"),
                f"Trùng đường dẫn '{slug}' với tệp {content_path(first)}: bỏ dấu đi thì hai tiêu "
                "đề giống nhau, nên một bài sẽ đè lên bài kia.",
                "Thêm dòng 'Slug: ten-khac' (chữ không dấu, nối bằng gạch ngang) vào một trong hai bài.",
            )
        )


def _check_status(content) -> None:
    """Read the editor's word for the status; an unknown one is an error (and the content is
    checked as published meanwhile, so that all its mistakes are listed at once)."""
    written = content.metadata.get("status")
    if written is None:
        return
    status = status_of(str(written))
    if status is None:
        hints = closest(str(written), list(_STATUS_OF_WORD), n=1)
        hint = f" Có phải ý bạn là '{status_word(_STATUS_OF_WORD[hints[0]])}'?" if hints else ""
        report(
            EditorError(
                content.source_path,
                _field_line(content.source_path, "status"),
                f"Không hiểu trạng thái '{written}' (trường Status:).{hint}",
                f"Ghi một trong các trạng thái: {STATUS_CHOICES}; hoặc xoá dòng Status: để "
                "đăng bài.",
            )
        )
        status = "published"
    content.status = status


def status_word(status: str) -> str:
    return STATUS_WORDS[status][0]


def _check_slug_text(content) -> None:
    """An editor's ``Slug:`` made ASCII, as slugs made from titles are."""
    written = content.metadata.get("slug")
    if written is None:
        return
    ascii_slug = make_slug(str(written), content.settings)
    if ascii_slug:
        content.slug = ascii_slug
        return
    report(
        EditorError(
            content.source_path,
            _field_line(content.source_path, "slug"),
            f"Đường dẫn '{written}' (trường Slug:) không có chữ hay số nào dùng được.",
            "Viết vài chữ nói về bài, ví dụ 'Slug: hoi-nghi-tong-ket-2024'; hoặc xoá dòng Slug: "
            "để đường dẫn tạo từ tiêu đề.",
        )
    )


def _check_date_ahead(article: Article) -> None:
    """Schedule an article dated ahead; refuse one dated over a year ahead."""
    date = getattr(article, "date", None)
    if not isinstance(date, dt.datetime) or article.status != "published":
        return
    now = dt.datetime.now(ZoneInfo(article.settings.get("TIMEZONE", "UTC")))
    when = publication(date, now)
    if when == "published":
        return
    path, line = article.source_path, _field_line(article.source_path, "date")
    if when == "too far":
        report(
            EditorError(
                path,
                line,
                f"Ngày đăng {format_date(date, 'short')} còn hơn một năm nữa mới tới: có lẽ gõ "
                "nhầm năm.",
                "Sửa lại ngày đăng. Muốn hẹn đăng bài, ghi ngày trong vòng một năm tới.",
            )
        )
        return
    article.status, article.scheduled = "draft", True
    article.publish_from = date - SCHEDULE_AFTER  # when a build stops holding (khuyenhoc.uptodate)
    _scheduled.append(Scheduled(path, html_to_text(article.title, keep_nbsp=False), date))
    note(
        EditorError(
            path,
            line,
            f"Bài hẹn đăng {format_date(date, 'words')}: chưa hiện trên trang; lần dựng trang "
            "đầu tiên từ lúc đó trở đi sẽ đăng bài.",
        ),
        "HẸN ĐĂNG",
    )


def _check_body(content) -> None:
    """Front matter and nothing else: the page would be published empty (unless a template of
    its own lays it out)."""
    html = content._content or ""
    if has_text(html) or "<img" in html or "[[" in html:
        return
    if "template" in content.metadata:
        return
    fields = frontmatter.read("\n".join(SourceLines.of_file(content.source_path).lines)).fields
    report(
        EditorError(
            content.source_path,
            fields[-1].line + 1 if fields else None,
            "Bài chỉ có phần thông tin đầu bài, chưa có nội dung: trang đăng lên sẽ trống.",
            "Viết nội dung sau phần thông tin, cách một dòng trống; bài chưa xong thì thêm dòng "
            "'Status: nháp'.",
        )
    )


def _check_links(content) -> None:
    """No link of the content leads out of ``content/`` (Pelican would copy what it names), nor
    to a file that is not there (Pelican would publish a broken link, with an English warning).
    Images are the photos plugin's: it reports theirs."""
    html = content._content or ""
    if "{" not in html:
        return
    root = content.settings["PATH"]
    lines = SourceLines.of_file(content.source_path)
    for match in content._get_intrasite_link_regex().finditer(html):
        if match["what"] not in ("static", "attach", "filename"):
            continue
        if match["markup"].lower().startswith("<img"):
            continue
        value = unquote(urlsplit(match["value"]).path)
        base = root if value.startswith("/") else os.path.join(root, content.relative_dir)
        target = os.path.join(base, value.lstrip("/"))
        leaves = outside(target, root)
        if not leaves and os.path.isfile(target):
            continue
        written = match["path"]
        line = lines.next_containing(written, unquote(written), value)
        if leaves:
            report(outside_error(content.source_path, line, written))
        else:
            report(_missing_file(content.source_path, line, value, target))


def _missing_file(source_path: str, line, value: str, target: str) -> EditorError:
    near = closest_in_folder(target)
    hint = f" Trong thư mục có: '{near}', có phải tệp này không?" if near else ""
    return EditorError(
        source_path,
        line,
        f"Không tìm thấy tệp '{value}' mà bài liên kết tới: liên kết sẽ hỏng trên trang.{hint}",
        "Kiểm tra tên tệp (chữ hoa, chữ thường, dấu, đuôi như .pdf) và thư mục. Tệp không phải "
        "ảnh đặt trong content/extra/ và viết [Tải về]({static}/extra/ten-tep.pdf).",
    )


def _check_content(content) -> None:
    if not isinstance(content, (Article, Page)):
        return
    options = SETTINGS.read(content.settings)
    article = isinstance(content, Article)
    if article:
        misspelt = _check_fields(content, options.ARTICLE_FIELDS, "bài viết")
    else:
        misspelt = _check_fields(content, options.PAGE_FIELDS, "trang", options.ARTICLE_FIELDS)
    _check_status(content)
    _check_slug_text(content)
    _check_links(content)
    if getattr(content, "status", "published") == "draft":
        return
    _check_body(content)
    if article:
        _check_kind(content, options.ARTICLE_KINDS)
        _check_required(content, options.REQUIRED_ARTICLE_METADATA, misspelt)
        _check_date_ahead(content)
    else:
        _check_required(content, ["title"], misspelt)
    _check_slug(content)


def register():
    errors.connect()
    signals.article_generator_init.connect(_reset)
    signals.content_object_init.connect(_check_content)
