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
  ``reading_minutes``, ``plain_text`` (for <title> and attributes); and ``keep_words``
  (``words.py``): a headline's two-syllable words held together by no-break spaces, so that a line
  never breaks "xuất / sắc".
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
from pelican.contents import Article, Page
from pelican.readers import MarkdownReader

from khuyenhoc import dates, errors, formatting, frontmatter, textfile
from khuyenhoc.errors import EditorError, report, warn
from khuyenhoc.sources import SourceLines, first_line_not_nfc

from . import html_policy
from .words import keep_words


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
        self._md = self._markdown()
        content = self._md.convert(frontmatter.tidy(text))
        self._reading, self._refused = True, False
        try:
            metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        finally:
            self._reading = False
        html = [metadata.get("title"), metadata.get("summary"), content]
        if not check_html([part for part in html if isinstance(part, str)], text, source_path):
            self._refused = True
        if self._refused:
            raise errors.Reported(source_path)
        content = html_policy.without_comments(content)
        if self.settings.get(TYPOGRIFY_HERE):
            content = typogrify_html(content, self.settings)
            for field in ("title", "summary"):
                if isinstance(metadata.get(field), str):
                    metadata[field] = typogrify_html(metadata[field], self.settings)
        # Kept with the read in Pelican's cache, so the warning and the content rules need no
        # second read of the file.
        metadata[NFD_LINE] = first_line_not_nfc(raw)
        metadata[frontmatter.HEADER_FIELDS] = [
            [f.line, f.name] for f in frontmatter.read(text).fields
        ]
        return content, metadata

    def _markdown(self):
        """One Markdown object for every file this reader reads, reset before each: making one
        takes a millisecond, a fifth of reading an article. Pelican's ``_parse_metadata`` takes
        away its "meta" preprocessor (so that a formatted field's text is not read as fields):
        it is put back where it was."""
        md = getattr(self, "_shared_md", None)
        if md is None:  # Pelican's MarkdownReader always configures the meta extension
            md = self._shared_md = _markdown(self.settings["MARKDOWN"])
            (priority,) = [i.priority for i in md.preprocessors._priority if i.name == "meta"]
            self._meta = md.preprocessors["meta"], priority
            return md
        md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta[0], "meta", self._meta[1])
        return md

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


def check_html(parts: list[str], text: str, path: str) -> bool:
    """Report the HTML the site does not allow in ``parts`` (the title, the sapo and the body, as
    Markdown made them), each on its line of ``text``. True when there is none."""
    found = [problem for part in parts for problem in html_policy.problems(part)]
    lines = SourceLines.of_text(text)
    for problem in found:
        line = lines.next_containing(*_needles(problem), transform=str.lower)
        message, fix = _html_message(problem)
        report(EditorError(path, line, message, fix))
    return not found


def _needles(problem: html_policy.Problem) -> tuple[str, ...]:
    """What to look for in the source, lower case, most precise first."""
    value = problem.value.strip().lower()
    if not problem.attribute:
        return (f"<{problem.tag}",)
    if problem.is_url:
        return (value, f"{problem.attribute}=")
    return (f"{problem.attribute}=", f"{problem.attribute} =", value)


_EMBEDS = {"iframe", "embed", "object", "video", "audio", "source", "frame", "frameset", "applet"}
_SCRIPTS = {"script", "noscript", "template"}
HTML_ALLOWED = (
    "Trong bài chỉ dùng được các thẻ HTML trình bày nội dung: bảng (table, tr, th, td…), figure, "
    "sup, sub, abbr, mark, small, br…; xem mục HTML trong docs/huong-dan-bien-tap.md."
)


def _html_message(problem: html_policy.Problem) -> tuple[str, str]:
    tag, attribute = problem.tag, problem.attribute
    shown = " ".join(problem.value.split())[:60]
    if not attribute:
        if tag in html_policy.ALLOWED_TAGS:  # allowed, but dropped by the HTML parser
            return (
                f"Thẻ <{tag}> nằm sai chỗ, nên trình duyệt sẽ bỏ nó đi.",
                "Sửa lại cấu trúc HTML: <tr>, <th>, <td> nằm trong <table>; <li> trong <ul> hoặc "
                "<ol>; <dt>, <dd> trong <dl>; <figcaption> trong <figure>.",
            )
        if tag in _EMBEDS:
            return (
                f"Thẻ <{tag}> nhúng nội dung của trang web khác (video, bản đồ, bài Facebook…): "
                "trang của Hội không tải gì từ nơi khác (quyền riêng tư của bạn đọc, tốc độ), "
                "và phần nhúng có thể mang mã độc.",
                f"Xoá thẻ <{tag}>…</{tag}>, thay bằng một liên kết, ví dụ "
                "[Xem video trên YouTube](https://www.youtube.com/watch?v=…).",
            )
        if tag in _SCRIPTS:
            return (
                f"Thẻ <{tag}> chứa mã chạy trong trình duyệt: bài viết không được có mã (bài dán "
                "từ nơi khác có thể mang theo mã độc).",
                f"Xoá cả đoạn <{tag}>…</{tag}>.",
            )
        return (
            f"Thẻ HTML <{tag}> không được dùng trong bài.",
            f"Xoá thẻ <{tag}> (giữ lại chữ bên trong nếu cần). {HTML_ALLOWED}",
        )
    if attribute.startswith("on"):
        return (
            f"Thuộc tính {attribute} của thẻ <{tag}> chạy mã JavaScript: bài viết không được có "
            "mã (bài dán từ nơi khác có thể mang theo mã độc).",
            f'Xoá {attribute}="…" khỏi thẻ <{tag}>.',
        )
    if problem.is_url:
        if shown.lower().startswith("data:"):
            return (
                f'Ảnh hay tệp dán thẳng vào bài ({attribute}="{shown[:30]}…" của thẻ <{tag}>) '
                "không được dùng.",
                "Lưu ảnh thành tệp trong content/images/ rồi chèn bằng "
                '![Mô tả ảnh]({static}/images/2024/ten-anh.jpg "Chú thích. Ảnh: Nguồn").',
            )
        return (
            f"Địa chỉ '{shown}' ({attribute} của thẻ <{tag}>) không được dùng: chỉ nhận liên kết "
            "http://, https://, mailto:, tel: hoặc đường dẫn trong trang.",
            "Thay bằng địa chỉ đầy đủ của trang (https://…), hoặc bỏ liên kết.",
        )
    if attribute == "style":
        return (
            f"Thuộc tính style của thẻ <{tag}> không được dùng: màu, cỡ chữ, khoảng cách… do giao "
            "diện chung của trang quyết định.",
            f'Xoá style="…" khỏi thẻ <{tag}>.',
        )
    return (
        f"Thuộc tính {attribute} của thẻ <{tag}> không được dùng trong bài.",
        f'Xoá {attribute}="…" khỏi thẻ <{tag}>.',
    )


# The fields Pelican reads as dates, with their names as editors write them.
DATE_FIELDS = {"date": "Date", "modified": "Modified"}


NFD_LINE = "nfd_line"  # the reader's note: the first line not in NFC, or None
_UNKNOWN = object()


def _warn_if_decomposed(content) -> None:
    """Warned on every build, not in the reader: a cached read must not hide the warning (the
    reader notes the line in the metadata, which Pelican's cache keeps)."""
    path = getattr(content, "source_path", None)
    if not isinstance(content, (Article, Page)) or not path:
        return
    if not path.endswith(tuple(NFCMarkdownReader.file_extensions)):
        return
    decomposed = content.metadata.get(NFD_LINE, _UNKNOWN)
    if decomposed is _UNKNOWN:  # read by an older version of this plugin, from the cache
        try:
            decomposed = first_line_not_nfc(textfile.read_text(path))
        except (OSError, textfile.EncodingProblem):
            return  # the reader has said why
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
        keep_words=keep_words,
    )


def register():
    errors.connect()
    signals.initialized.connect(_take_over_typogrify)
    signals.readers_init.connect(_use_nfc_reader)
    signals.generator_init.connect(_add_filters)
    signals.content_object_init.connect(_warn_if_decomposed)
