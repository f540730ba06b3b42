"""What may be published: sample articles, placeholders, and the association's contact details.

Adds:
- ``Sample:`` in an article or page, read as a flag: ``Sample: true`` (or ``có``) marks a sample
  written to show editors the layout; ``content.sample`` is then True (else False). Any other
  value is an error: a sample must be recognisable without guessing.
- In a build that does not allow samples (``ALLOW_SAMPLES``, see ``khuyenhoc.unfinished``: the
  publish build), every piece of unfinished content is an error with its file and line, and
  nothing is written:
  - a sample article or page;
  - a placeholder photo (``Photo.placeholder``, from the photos plugin), wherever it is used;
  - placeholder text, "(điền …)", in an article, a page or a data file;
  - an empty contact detail (``CONTACT_ADDRESS``, ``CONTACT_PHONE``, ``CONTACT_EMAIL``).
  Drafts are not published, so they are not checked.
- ``contact`` in the template context: the contact details as rows (``label``, ``html``: the
  value escaped, phone and e-mail as links; "chưa điền" in a demo build where one is empty), for
  the footer and the Liên hệ page.

Settings (``SETTINGS`` below holds the defaults): ``CONTACT_ADDRESS``, ``CONTACT_PHONE``,
``CONTACT_EMAIL``; ``ALLOW_SAMPLES`` (``khuyenhoc.unfinished``); ``PUBLISHING_DATA_PATH``, the
data folder (relative to ``PATH``) whose YAML files are checked for placeholder text. Also read:
``PATH``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page

from khuyenhoc import errors, unfinished
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, report
from khuyenhoc.sources import SourceLines

SETTINGS = setting_table(
    CONTACT_ADDRESS="",
    CONTACT_PHONE="",
    CONTACT_EMAIL="",
    PUBLISHING_DATA_PATH="data",
    PATH="content",
)
SETTINGS_FILE = "pelicanconf.py"
CONTACT_LABELS = {
    "CONTACT_ADDRESS": "Địa chỉ",
    "CONTACT_PHONE": "Điện thoại",
    "CONTACT_EMAIL": "Thư điện tử",
}
_DATA_SUFFIXES = (".yaml", ".yml")

_published: list = []  # articles and pages of this build that are not drafts


@dataclass(frozen=True)
class ContactRow:
    label: str
    html: Markup
    missing: bool


def contact_rows(settings) -> list[ContactRow]:
    """The contact details for the templates, each value escaped and linked where it can be."""
    options = SETTINGS.read(settings)
    rows = []
    for name, label in CONTACT_LABELS.items():
        value = " ".join(str(getattr(options, name) or "").split())
        if not value or unfinished.PLACEHOLDER_TEXT.search(value):
            rows.append(ContactRow(label, Markup('<em class="missing">chưa điền</em>'), True))
            continue
        shown = escape(value)
        if name == "CONTACT_PHONE":
            digits = re.sub(r"[^\d+]", "", value)
            shown = f'<a href="tel:{escape(digits)}">{shown}</a>'
        elif name == "CONTACT_EMAIL":
            shown = f'<a href="mailto:{escape(value)}">{shown}</a>'
        rows.append(ContactRow(label, Markup(shown), False))
    return rows


def _reset(generator) -> None:
    _published.clear()
    generator.context["contact"] = contact_rows(generator.settings)


def _read_flag(content) -> None:
    """content_object_init: ``content.sample`` as a bool; a value that is not a flag is an error."""
    if not isinstance(content, (Article, Page)):
        return
    raw = content.metadata.get("sample")
    content.sample = False
    if raw is not None:
        flag = unfinished.parse_flag(raw)
        if flag is None:
            report(
                EditorError(
                    content.source_path,
                    SourceLines.of_file(content.source_path).field("sample"),
                    f"Không hiểu 'Sample: {raw}'.",
                    "Viết 'Sample: true' cho bài mẫu (bài minh hoạ cách trình bày), hoặc xoá "
                    "dòng này với bài thật.",
                )
            )
        content.sample = bool(flag)
    if getattr(content, "status", "published") != "draft":
        _published.append(content)


def _check_content(content) -> None:
    path = content.source_path
    lines = SourceLines.of_file(path)
    if content.sample:
        unfinished.refuse(
            path,
            lines.field("sample"),
            "Đây là bài mẫu (Sample: true).",
            "Thay nội dung bằng bài thật rồi xoá dòng 'Sample: true', hoặc xoá tệp này.",
        )
    for photo in getattr(content, "photos", []):
        if not getattr(photo, "placeholder", False):
            continue
        name = os.path.basename(photo.source)
        unfinished.refuse(
            path,
            lines.next_containing(name),
            f"Ảnh '{name}' là ảnh giữ chỗ, không phải ảnh thật.",
            "Thay bằng ảnh thật (chép vào content/images/ và sửa đường dẫn trong bài), hoặc "
            "xoá dòng ảnh này.",
        )
    _check_text(path, lines)


def _check_text(path: str, lines: SourceLines) -> None:
    for number, line in enumerate(lines.lines, start=1):
        for blank in unfinished.PLACEHOLDER_TEXT.finditer(line):
            unfinished.refuse(
                path,
                number,
                f"Còn chỗ trống chưa điền: '{blank.group(0)}'.",
                "Thay chỗ này bằng thông tin thật, hoặc xoá nó.",
            )


def _check_contact(settings) -> None:
    options = SETTINGS.read(settings)
    lines = SourceLines.of_file(SETTINGS_FILE)
    for name, label in CONTACT_LABELS.items():
        value = str(getattr(options, name) or "").strip()
        if value and not unfinished.PLACEHOLDER_TEXT.search(value):
            continue
        unfinished.refuse(
            SETTINGS_FILE,
            lines.matching(rf"^\s*{name}\s*="),
            f"Chưa có {label.lower()} của Hội ({name}): thông tin liên hệ hiện ở chân mọi "
            "trang và trên trang Liên hệ.",
            f'Điền vào {SETTINGS_FILE}, ví dụ {name} = "…" với {label.lower()} thật của Hội.',
        )


def _check_data(settings) -> None:
    options = SETTINGS.read(settings)
    folder = Path(options.PATH) / options.PUBLISHING_DATA_PATH
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in _DATA_SUFFIXES and path.is_file():
            _check_text(str(path), SourceLines.of_file(path))


def _check_build(generator) -> None:
    """page_generator_finalized: every article and page is read, and nothing is written yet."""
    settings = generator.settings
    contents, seen = list(_published), set()
    _published.clear()
    if unfinished.samples_allowed(settings):
        return
    for content in contents:
        if content.source_path not in seen:
            seen.add(content.source_path)
            _check_content(content)
    _check_data(settings)
    _check_contact(settings)


def register():
    errors.connect()
    signals.article_generator_init.connect(_reset)
    signals.content_object_init.connect(_read_flag)
    signals.page_generator_finalized.connect(_check_build)
