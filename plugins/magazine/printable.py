"""The article as the magazine gets it: the site's own HTML, reshaped for print.

It starts from the Article the site builds (``Site.check()``): its HTML already holds the numbered
photo figures (plugin ``photos``, with ``article.photos`` in the same order) and the expanded
statistics boxes (plugin ``stats_boxes``), so nothing of the Markdown rules is done again here.
What changes for print:

- each photo figure becomes ``<figure data-photo="N">`` with its caption as the site shows it,
  "Ảnh N. Chú thích. Ảnh: Nguồn" (the Word file puts the picture in it, the text version only the
  caption); a photo must have a caption and a credit, and stand on its own line;
- each statistics box becomes a real table: "Bảng N. Tiêu đề" as its caption, its header in bold,
  the figures right-aligned exactly as the site formats them, the source line under it; the
  bars (``<meter>``) and the link to the Số liệu page go (sample data, like sample articles and
  placeholder photos, is refused by the site's own publish checks: see ``khuyenhoc.unfinished``);
- a link becomes its text followed by the address in brackets, as print needs;
- list items become paragraphs (Word then gives them the body's line spacing);
- anything a Word file cannot hold (scripts, frames, media) is dropped.

``shape()`` returns the ``Printable`` and the editor errors that stop the package.
"""

from __future__ import annotations

import os
import re
from copy import deepcopy
from dataclasses import dataclass, field
from urllib.parse import unquote

import lxml.html
from lxml import etree

from khuyenhoc.errors import EditorError
from khuyenhoc.formatting import format_date, nfc
from khuyenhoc.sources import SourceLines
from khuyenhoc.text import html_to_text

DROPPED = ("script", "style", "iframe", "object", "embed", "video", "audio", "source", "noscript")
BLOCKS = {"p", "ul", "ol", "div", "blockquote", "table", "figure", "pre", "h2", "h3", "h4"}
PHOTO_EXAMPLE = (
    '![Mô tả ảnh]({static}/images/2024/ten-anh.jpg "Chú thích. Ảnh: Tên người chụp hoặc đơn vị")'
)


@dataclass(frozen=True)
class PhotoEntry:
    number: int  # as in "Ảnh 1."
    source: str  # the editor's original file
    label: str  # the whole caption as the site shows it: "Ảnh 1. Chú thích. Ảnh: Nguồn"
    caption: str  # "Chú thích."
    credit: str  # "Ảnh: Nguồn", or what the site says of a placeholder photo in a demo

    @property
    def file_name(self) -> str:
        return f"anh-{self.number}.jpg"


@dataclass
class Printable:
    slug: str
    title: str
    sapo: str
    author: str
    date: str  # "Thứ Năm, 08/02/2024"
    url: str  # the article's address on the site
    kind: str
    tags: list[str]
    body: etree._Element  # a <div> of the shaped HTML
    photos: list[PhotoEntry] = field(default_factory=list)
    tables: int = 0

    def body_html(self, photo_html=None, table_html=None) -> str:
        """The body as HTML; ``photo_html(entry)`` and ``table_html(table)`` return replacement
        HTML for each photo figure and each statistics table (None: leave it as shaped)."""
        body = deepcopy(self.body)
        if photo_html:
            for figure in body.findall(".//figure[@data-photo]"):
                entry = self.photos[int(figure.get("data-photo")) - 1]
                _replace(figure, photo_html(entry))
        if table_html:
            for table in body.findall(".//table[@data-stats]"):
                _replace(table, table_html(table))
        return "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


def _replace(element, html: str) -> None:
    parent = element.getparent()
    index = parent.index(element)
    tail = element.tail
    parent.remove(element)
    new = lxml.html.fragments_fromstring(html)
    for offset, child in enumerate(new):
        parent.insert(index + offset, child)
    if tail:
        last = new[-1]
        last.tail = (last.tail or "") + tail


def _folded(text: str) -> str:
    """Spaces folded; no-break spaces kept (typogrify's are part of the text the site shows)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def text_of(element) -> str:
    """The text a reader sees in ``element``, in NFC."""
    return nfc(_folded(element.text_content()))


class _Shaper:
    def __init__(self, article, lines: SourceLines):
        self.article = article
        self.lines = lines
        self.errors: list[EditorError] = []
        self.photos: list[PhotoEntry] = []
        self.tables = 0
        self.pictures = list(getattr(article, "photos", []) or [])
        self.picture_index = 0

    def error(self, line, message: str, fix: str) -> None:
        self.errors.append(EditorError(self.article.source_path, line, message, fix))

    def next_photo(self):
        photo = (
            self.pictures[self.picture_index] if self.picture_index < len(self.pictures) else None
        )
        self.picture_index += 1
        return photo

    def photo_line(self, photo) -> int | None:
        name = os.path.basename(photo.source) if photo else ""
        return self.lines.next_containing(name) if name else None

    def shape(self, root) -> None:
        for element in list(root.iter(*DROPPED)):
            element.drop_tree()
        for meter in list(root.iter("meter")):
            meter.drop_tree()
        # In document order: the photos are numbered in the order the site found them.
        for element in list(root.iter("figure", "picture", "img")):
            if root not in element.iterancestors():
                continue  # inside a figure already replaced
            classes = (element.get("class") or "").split()
            if element.tag == "figure" and "photo" in classes:
                self.photo_figure(element)
            elif element.tag == "figure" and "stats-box" in classes:
                self.stats_box(element)
            elif element.tag == "picture" and not _inside(element, "figure"):
                self.inline_picture(element)
            elif element.tag == "img" and not _inside(element, "picture"):
                self.other_image(element)
        self.links(root)
        self.loose_lists(root)
        for span in list(root.iter("span", "abbr")):
            span.drop_tag()

    def photo_figure(self, figure) -> None:
        photo = self.next_photo()
        line = self.photo_line(photo)
        number = len(self.photos) + 1
        caption_element = figure.find(".//figcaption")
        # A placeholder photo (allowed only in a demo build, like ALLOW_SAMPLES=1) says so where
        # the credit would be: the package says it too.
        credit_element = figure.find(".//*[@class='photo-credit']")
        if credit_element is None:
            credit_element = figure.find(".//*[@class='photo-placeholder']")
        credit = text_of(credit_element) if credit_element is not None else ""
        caption = ""
        if caption_element is not None:
            copy = deepcopy(caption_element)
            for part in copy.findall(".//*[@class]"):
                if part.get("class") in ("photo-number", "photo-credit", "photo-placeholder"):
                    part.drop_tree()
            caption = text_of(copy)
        value = _editor_path(photo, self.article) if photo else "?"
        missing = [
            what for what, text in (("chú thích", caption), ("nguồn ảnh", credit)) if not text
        ]
        if missing:
            self.error(
                line,
                f"Ảnh {number} ('{value}') chưa có {' và '.join(missing)}: tạp chí chỉ đăng ảnh "
                "có chú thích (ảnh chụp gì, ở đâu, khi nào) và nguồn (ai chụp, đơn vị nào cung "
                "cấp).",
                "Viết chú thích rồi 'Ảnh: <nguồn>' trong ngoặc kép sau đường dẫn ảnh: "
                f"{PHOTO_EXAMPLE}. Xem docs/huong-dan-anh.md.",
            )
        label = text_of(caption_element) if caption_element is not None else f"Ảnh {number}."
        if photo is not None:
            self.photos.append(PhotoEntry(number, photo.source, label, caption, credit))
        _replace(figure, f'<figure data-photo="{number}"></figure>')

    def inline_picture(self, picture) -> None:
        photo = self.next_photo()
        value = _editor_path(photo, self.article) if photo else "?"
        self.error(
            self.photo_line(photo),
            f"Ảnh '{value}' nằm giữa câu nên không có số và chú thích; tạp chí cần mỗi ảnh có "
            "chú thích và nguồn ảnh.",
            "Đặt ảnh riêng một dòng, có một dòng trống trước và sau, với chú thích và nguồn "
            f"ảnh: {PHOTO_EXAMPLE}.",
        )
        picture.drop_tree()

    def other_image(self, img) -> None:
        src = unquote(img.get("src", ""))
        name = src.rsplit("/", 1)[-1]
        self.error(
            self.lines.next_containing(name) if name else None,
            f"Hình '{name or src}' không phải ảnh chụp (JPEG, PNG, WebP, TIFF) nên không gửi "
            "tạp chí được.",
            "Xuất hình ra tệp JPEG hoặc PNG rồi dùng tệp đó trong bài, với chú thích và nguồn "
            f"ảnh: {PHOTO_EXAMPLE}.",
        )
        img.drop_tree()

    def stats_box(self, figure) -> None:
        title_element = figure.find(".//*[@class='stats-title']")
        title = text_of(title_element) if title_element is not None else ""
        self.tables += 1
        for more in figure.findall(".//a[@class='stats-more']"):
            more.drop_tree()
        meta = figure.find(".//*[@class='stats-meta']")
        note = figure.find(".//p[@class='stats-note']")
        table = figure.find(".//table")
        if table is None:
            figure.drop_tree()
            return
        _shape_table(table, f"Bảng {self.tables}. {title}")
        source = ""
        if meta is not None:
            self.links(meta)
            source = text_of(meta)
        parts = [lxml.html.tostring(table, encoding="unicode")]
        lines = [f"<p>{_escape(source)}</p>"] if source else []
        if note is not None:
            lines.append(f"<p>{_escape(text_of(note))}</p>")
        if lines:
            parts.append('<div data-custom-style="Table Source">' + "".join(lines) + "</div>")
        _replace(figure, "".join(parts))

    def links(self, root) -> None:
        for link in list(root.iter("a")):
            href = (link.get("href") or "").strip()
            classes = (link.get("class") or "").split()
            if "footnote-backref" in classes:
                link.drop_tree()
                continue
            text = _folded(link.text_content())
            shown = href.removeprefix("mailto:")
            if href and not href.startswith("#") and shown not in (text, text.rstrip("/")):
                link.tail = f" ({shown})" + (link.tail or "")
            link.drop_tag()

    @staticmethod
    def loose_lists(root) -> None:
        """Inline content of each list item in a paragraph: a loose list, at body spacing."""
        for item in list(root.iter("li")):
            if len(item) and item[0].tag == "p":
                continue
            paragraph = lxml.html.Element("p")
            paragraph.text, item.text = item.text, None
            for child in list(item):
                if child.tag in BLOCKS:
                    break
                paragraph.append(child)  # moves it, with its tail
            if (paragraph.text or "").strip() or len(paragraph):
                item.insert(0, paragraph)


def _shape_table(table, caption: str) -> None:
    """Header in bold, figures right-aligned, row labels left, widths set; a caption above."""
    for old in table.findall("caption"):
        table.remove(old)
    element = lxml.html.Element("caption")
    element.text = caption
    table.insert(0, element)
    table.set("data-stats", "1")
    columns = max(
        (len(row.findall("th")) + len(row.findall("td")) for row in table.iter("tr")), default=1
    )
    widths = {1: [100], 2: [65, 35], 3: [52, 26, 22]}.get(columns, [100 // columns] * columns)
    colgroup = lxml.html.Element("colgroup")
    for width in widths:
        etree.SubElement(colgroup, "col", width=f"{width}%")
    table.insert(1, colgroup)
    for row in table.iter("tr"):
        for index, cell in enumerate(c for c in row if c.tag in ("th", "td")):
            cell.set("align", "left" if index == 0 else "right")
            for attribute in ("scope", "class"):
                cell.attrib.pop(attribute, None)
            if row.getparent().tag == "thead":
                strong = lxml.html.Element("strong")
                strong.text, cell.text = cell.text, None
                for child in list(cell):
                    strong.append(child)
                cell.append(strong)
            for small in list(cell.iter("small")):
                small.tag = "em"


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def _inside(element, tag: str) -> bool:
    return any(parent.tag == tag for parent in element.iterancestors())


def _editor_path(photo, article) -> str:
    root = article.settings.get("PATH", "")
    return "/" + os.path.relpath(photo.source, root).replace(os.sep, "/")


def shape(article) -> tuple[Printable, list[EditorError]]:
    """The article reshaped for print, and the reasons it cannot be sent as it is."""
    settings = article.settings
    lines = SourceLines.of_file(article.source_path)
    errors: list[EditorError] = []
    if not str(article.metadata.get("summary") or "").strip():
        errors.append(
            EditorError(
                article.source_path,
                None,
                "Bài chưa có sapo (trường Summary:): tạp chí đăng sapo in đậm ngay dưới tiêu đề.",
                "Thêm dòng 'Summary: …' (một hoặc hai câu tóm tắt bài) vào phần thông tin đầu "
                "bài, trước dòng trống đầu tiên.",
            )
        )
    root = lxml.html.fragment_fromstring(article.content or "", create_parent="div")
    shaper = _Shaper(article, lines)
    shaper.shape(root)
    site_url = settings.get("SITEURL", "").rstrip("/")
    printable = Printable(
        slug=article.slug,
        # One-line fields (also the email's subject and the file's properties): typogrify's
        # no-break space before the last word is for web pages only.
        title=nfc(html_to_text(article.title, keep_nbsp=False)),
        sapo=nfc(html_to_text(article.summary, keep_nbsp=False))
        if article.metadata.get("summary")
        else "",
        author=nfc((getattr(article, "author", None) and article.author.name) or ""),
        date=format_date(article.date.date(), "full"),
        url=f"{site_url}/{article.url}",
        kind=nfc(article.category.name if getattr(article, "category", None) else ""),
        tags=[nfc(tag.name) for tag in getattr(article, "tags", []) or []],
        body=root,
        photos=shaper.photos,
        tables=shaper.tables,
    )
    return printable, errors + shaper.errors
