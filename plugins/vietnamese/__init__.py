"""Vietnamese text: NFC on read, Babel formatting for templates, ASCII slugs.

Adds:
- A Markdown reader that normalises every file to Unicode NFC before parsing, so the title, the
  body, the summary and every metadata field are NFC. An NFD file builds byte for byte like its NFC
  twin; the editor gets a warning naming the first decomposed line (their file is never rewritten).
  It also checks the front matter (``khuyenhoc.frontmatter``): a header line that is not
  ``Name: value`` is an error with its line number, instead of silently turning into body text;
  ``Date :`` (a space before the colon) is read as ``Date:``.
- Jinja filters, all from ``khuyenhoc.formatting``: ``vi_date`` (styles
  full/long/short/stamp/year/month), ``vi_iso``, ``vi_number``, ``vi_percent``, ``vi_money``,
  ``reading_minutes``, ``plain_text`` (for <title> and attributes).
- Typogrify, when ``TYPOGRIFY`` is on, runs inside this reader instead of after it, so that
  Pelican's reader cache keeps its output (Pelican's own pass would typogrify every unchanged
  article again on every build). The plugin turns Pelican's pass off for that.

Settings read: ``MARKDOWN``, ``TYPOGRIFY``, ``TYPOGRIFY_OMIT_FILTERS``, ``TYPOGRIFY_IGNORE_TAGS``,
``TYPOGRIFY_DASHES``; slugs come from Pelican's own slugify (unidecode, Đ → d) with
``SLUGIFY_SOURCE = "title"``.
"""

from __future__ import annotations

import unicodedata

from pelican import signals
from pelican.readers import MarkdownReader

from khuyenhoc import errors, formatting, frontmatter, textfile
from khuyenhoc.errors import EditorError, report, warn
from khuyenhoc.sources import SourceLines, first_line_not_nfc

from . import dates


def check_front_matter(text: str, path: str) -> bool:
    """Report header lines that are not ``Name: value``. True when the header is sound."""
    front = frontmatter.read(text)
    if not front.fields:
        report(
            EditorError(
                path,
                1,
                "Bài không mở đầu bằng phần thông tin (Title:, Date:, …).",
                "Dòng đầu tiên phải là 'Title: Tên bài'; xem mẫu trong docs/huong-dan-bien-tap.md.",
            )
        )
        return False
    if front.bad_line:
        report(
            EditorError(
                path,
                front.bad_line,
                f"Dòng '{front.bad_text[:60]}' nằm trong phần thông tin đầu bài nhưng không có "
                "dạng 'Tên: giá trị'.",
                "Thêm dấu hai chấm sau tên trường (ví dụ 'Author: Đắc Quang'), hoặc để một dòng "
                "trống giữa phần thông tin và nội dung bài.",
            )
        )
        return False
    return True


class NFCMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, reading NFC text and checking what it reads.

    A mistake is reported (``khuyenhoc.errors``) and the file refused with ``errors.Reported``,
    which Pelican's "Could not process" then does not repeat.
    """

    def read(self, source_path):
        try:
            raw = textfile.read_text(source_path)
        except textfile.EncodingProblem as problem:
            report(EditorError(source_path, problem.line, problem.message, problem.fix))
            raise errors.Reported(source_path) from None
        text = unicodedata.normalize("NFC", raw)
        if not check_front_matter(text, source_path):
            raise errors.Reported(source_path)
        self._source_path = source_path
        self._md = _markdown(self.settings["MARKDOWN"])
        content = self._md.convert(frontmatter.tidy(text))
        self._reading, self._refused = True, False
        try:
            metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        finally:
            self._reading = False
        if self._refused:
            raise errors.Reported(source_path)
        if self.settings.get(TYPOGRIFY_HERE):
            content = typogrify_html(content, self.settings)
            for field in ("title", "summary"):
                if isinstance(metadata.get(field), str):
                    metadata[field] = typogrify_html(metadata[field], self.settings)
        return content, metadata

    def process_metadata(self, name, value):
        if not getattr(self, "_reading", False):
            return super().process_metadata(name, value)
        try:
            if name in DATE_FIELDS:
                return dates.parse(value, DATE_FIELDS[name])
            return super().process_metadata(name, value)
        except dates.DateError as error:
            message, fix = error.message, error.fix
        except Exception:
            message = f"Không hiểu giá trị '{value}' của trường {name.capitalize()}:."
            fix = "Sửa giá trị theo mẫu trong docs/huong-dan-bien-tap.md."
        # Go on with the other fields, so that every mistake of the file is listed at once.
        line = SourceLines.of_file(self._source_path).field(name)
        report(EditorError(self._source_path, line, message, fix))
        self._refused = True
        return value


# The fields Pelican reads as dates, with their names as editors write them.
DATE_FIELDS = {"date": "Date", "modified": "Modified"}


def _warn_if_decomposed(content) -> None:
    """Checked on every build, not in the reader: a cached read must not hide the warning."""
    path = getattr(content, "source_path", None)
    if not path or not path.endswith(tuple(NFCMarkdownReader.file_extensions)):
        return
    with open(path, encoding="utf-8-sig") as source:
        decomposed = first_line_not_nfc(source.read())
    if decomposed:
        warn(
            EditorError(
                path,
                decomposed,
                "Văn bản ở dạng Unicode tổ hợp (NFD), thường do dán từ macOS hoặc Word; "
                "dấu có thể hiển thị sai và tìm kiếm không khớp. Trang web đã tự chuyển sang "
                "NFC, tệp gốc không bị sửa.",
                "Lưu lại tệp ở dạng Unicode dựng sẵn (NFC), ví dụ dùng Unikey: "
                "Công cụ → Chuyển mã, nguồn và đích đều là Unicode dựng sẵn.",
            )
        )


def typogrify_html(html: str, settings) -> str:
    """Typogrify as Pelican would, with ``TYPOGRIFY_OMIT_FILTERS`` and ``TYPOGRIFY_IGNORE_TAGS``.

    Run here, inside the reader, its output lands in Pelican's reader cache: a warm build does not
    typogrify unchanged files again (Pelican's own ``TYPOGRIFY`` pass runs on every build).
    """
    import smartypants
    from typogrify.filters import typogrify

    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    smartypants.Attr.default = {
        "oldschool": smartypants.Attr.set2,
        "oldschool_inverted": smartypants.Attr.set3,
    }.get(dashes, smartypants.Attr.set1) | smartypants.Attr.w
    omitted = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)
    return typogrify(html, settings.get("TYPOGRIFY_IGNORE_TAGS", []), **omitted)


def _markdown(config):
    from markdown import Markdown

    return Markdown(**config)


# Set by the plugin: typogrify runs in the reader, and Pelican's own pass is off.
TYPOGRIFY_HERE = "_TYPOGRIFY_IN_READER"


def _take_over_typogrify(pelican) -> None:
    settings = pelican.settings
    if settings.get("TYPOGRIFY"):
        settings[TYPOGRIFY_HERE] = True
        settings["TYPOGRIFY"] = False


def _use_nfc_reader(readers) -> None:
    for extension in NFCMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NFCMarkdownReader


def _add_filters(generator) -> None:
    generator.env.filters.update(
        vi_date=formatting.format_date,
        vi_iso=formatting.isoformat,
        vi_number=formatting.format_number,
        vi_percent=formatting.format_percent,
        vi_money=formatting.format_money,
        reading_minutes=formatting.reading_minutes,
        plain_text=formatting.plain_text,
    )


def register():
    errors.connect()
    signals.initialized.connect(_take_over_typogrify)
    signals.readers_init.connect(_use_nfc_reader)
    signals.generator_init.connect(_add_filters)
    signals.content_object_init.connect(_warn_if_decomposed)
