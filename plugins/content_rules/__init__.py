"""Editorial rules, checked while content is read, before anything is written.

Adds these checks, each reported as a ``khuyenhoc.errors.EditorError`` with the file, the line and
the fix in Vietnamese:
- every article has a known kind (``Category:``) and lives in that kind's folder;
- every article has ``Title``, ``Date``, ``Author`` and ``Summary`` (the sapo); pages have a title;
- every field written in the front matter is one the site knows (``ARTICLE_FIELDS``,
  ``PAGE_FIELDS``), and is written once: ``Tilte:`` is named, with the closest known field, instead
  of being dropped (and the title then reported missing);
- no two articles or pages share a slug (Hội/Hỏi both become "hoi"): both files are named.

An article's ``Unit:`` is checked by the ``units`` plugin.

Settings read:
- ``ARTICLE_KINDS``: a list of ``{name, folder, ...}``; one entry per kind of article.
- ``REQUIRED_ARTICLE_METADATA``: field names every article must have.
- ``ARTICLE_FIELDS``, ``PAGE_FIELDS``: ``{name: description}`` of the fields an article, or a page,
  may have; empty: any field is accepted.
"""

from __future__ import annotations

import os
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page

from khuyenhoc import errors, frontmatter
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, closest, report
from khuyenhoc.sources import SourceLines

SETTINGS = setting_table(
    ARTICLE_KINDS=[],
    REQUIRED_ARTICLE_METADATA=["title", "date"],
    ARTICLE_FIELDS={},
    PAGE_FIELDS={},
)
GUIDE = "docs/huong-dan-bien-tap.md"

_seen_slugs: dict[tuple[str, str], str] = {}


def _reset(_generator) -> None:
    _seen_slugs.clear()


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
    fields: list[frontmatter.Field], known: dict[str, str], what: str
) -> list[tuple[int, str, str, str]]:
    """``(line, message, fix, meant)`` for each field not in ``known`` or written twice; ``meant``
    is the known field a misspelt one stands for (lower case), or "".

    ``what`` names the kind of file for the message ("bài viết", "trang").
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


def _check_fields(content, known: dict[str, str], what: str) -> set[str]:
    """Report unknown and repeated fields; the known fields that misspelt ones stand for."""
    if not known:
        return set()
    path = content.source_path
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return set()  # the reader has said why
    meant = set()
    for line, message, fix, field in field_problems(frontmatter.read(text).fields, known, what):
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
                f"Trùng đường dẫn '{slug}' với tệp {os.path.relpath(first)}: bỏ dấu đi thì hai tiêu "
                "đề giống nhau, nên một bài sẽ đè lên bài kia.",
                "Thêm dòng 'Slug: ten-khac' (chữ không dấu, nối bằng gạch ngang) vào một trong hai bài.",
            )
        )


def _check_content(content) -> None:
    if not isinstance(content, (Article, Page)):
        return
    options = SETTINGS.read(content.settings)
    article = isinstance(content, Article)
    if article:
        misspelt = _check_fields(content, options.ARTICLE_FIELDS, "bài viết")
    else:
        misspelt = _check_fields(content, options.PAGE_FIELDS, "trang")
    if getattr(content, "status", "published") == "draft":
        return
    if article:
        _check_kind(content, options.ARTICLE_KINDS)
        _check_required(content, options.REQUIRED_ARTICLE_METADATA, misspelt)
    else:
        _check_required(content, ["title"], misspelt)
    _check_slug(content)


def register():
    errors.connect()
    signals.article_generator_init.connect(_reset)
    signals.content_object_init.connect(_check_content)
