"""The Word file and the plain text, both made by pandoc from the article shaped for print.

pandoc (the binary that ``pypandoc-binary`` ships) converts HTML to .docx: headings, lists that
number themselves and restart, bold and italic, tables with a header row, pictures with their
captions, and the styles of a reference document. With ``SOURCE_DATE_EPOCH`` set, the same input
gives the same bytes. The same HTML, with photos as captions and tables as lists, gives the text
version (``-t plain``).
"""

from __future__ import annotations

import functools
import io
import os
import subprocess
from html import escape
from pathlib import Path

import docx

from .printable import Printable
from .reference import ARTICLE_ADDRESS, REFERENCE, SENDER, apply_settings
from .zips import deterministic_zip_copy

SENDER_LINES = (
    ("name", "Người gửi"),
    ("unit", "Đơn vị"),
    ("address", "Địa chỉ"),
    ("phone", "Điện thoại"),
    ("email", "Email"),
)


class ConversionError(Exception):
    """pandoc could not convert: not the editor's mistake; the message says what pandoc said."""


@functools.cache
def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(arguments: list[str], html: str, epoch: int, folder: Path | None = None) -> bytes:
    """pandoc's output for ``html``; pictures are found in ``folder``, by their file name (which
    pandoc writes into the file, so it must not be a temporary folder's path)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [pandoc_path(), "--from=html", "--fail-if-warnings", *arguments],
        input=html.encode("utf-8"),
        capture_output=True,
        env=env,
        cwd=folder,
        check=False,
    )
    if result.returncode:
        raise ConversionError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def reference_document(options, target: Path, epoch: int) -> Path:
    """The reference document with the settings applied, written to ``target``. pandoc copies
    some of its entries as they are, their times included: they are fixed here."""
    path = options.MAGAZINE_REFERENCE_DOCX or REFERENCE
    document = docx.Document(str(path))
    apply_settings(document, options)
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(deterministic_zip_copy(buffer.getvalue(), epoch))
    return target


def sender_html(sender: dict) -> str:
    """One paragraph, its lines broken: the style keeps it whole on one page."""
    lines = ["Thông tin người gửi bài:", f"<strong>{escape(sender['name'])}</strong>"]
    lines += [f"{label}: {escape(sender[key])}" for key, label in SENDER_LINES[1:]]
    return f'<div data-custom-style="{SENDER}"><p>{"<br>".join(lines)}</p></div>'


def address_line(printable: Printable, site_name: str) -> str:
    return f"Bài đã đăng trên trang {site_name} ngày {printable.date}: {printable.url}"


def docx_bytes(
    printable: Printable,
    options,
    *,
    pictures: dict[int, float],
    folder: Path,
    site_name: str,
    epoch: int,
) -> bytes:
    """The .docx. ``pictures``: photo number → its width in cm; the copies to embed are in
    ``folder``, named as in the package (anh-1.jpg…)."""

    def photo(entry):
        label = escape(entry.label)
        return (
            f'<figure><img src="{entry.file_name}" width="{pictures[entry.number]:.2f}cm" '
            f'alt="{label}"><figcaption>{label}</figcaption></figure>'
        )

    html = "".join(
        [
            f"<p><strong>{escape(printable.sapo)}</strong></p>" if printable.sapo else "",
            printable.body_html(photo_html=photo),
            f'<div data-custom-style="{ARTICLE_ADDRESS}"><p>'
            f"{escape(address_line(printable, site_name))}</p></div>",
            sender_html(options.MAGAZINE_SENDER),
        ]
    )
    metadata = {
        "title": printable.title,
        "author": printable.author,
        "date": printable.date,
        "lang": options.MAGAZINE_LANGUAGE,
        "subject": printable.kind,
        "description": printable.sapo,
    }
    reference = reference_document(options, folder / "mau.docx", epoch)
    # pandoc runs in ``folder``: a path relative to this process's folder would not be found.
    arguments = ["--to=docx", f"--reference-doc={reference.resolve()}"]
    for key, value in metadata.items():
        if value:
            arguments += ["-M", f"{key}={value}"]
    for tag in printable.tags:
        arguments += ["-M", f"keywords={tag}"]
    return _pandoc([*arguments, "--output=-"], html, epoch, folder)


def stats_as_list(table) -> str:
    """A statistics table as lines of text: "Tổng số hội viên (tỉ lệ so với dân số): 491.612;
    37,65%", for the plain text, where columns do not line up in a proportional font."""
    from .printable import text_of

    caption = table.find("caption")
    head = f"<p>{escape(text_of(caption))}</p>" if caption is not None else ""
    items = []
    for row in table.iterfind(".//tbody/tr"):
        cells = [c for c in row if c.tag in ("th", "td")]
        if not cells:
            continue
        label = cells[0]
        notes = [text_of(e) for e in label.findall(".//em")]
        for note in label.findall(".//em"):
            note.drop_tree()
        name = text_of(label) + "".join(f" ({n})" for n in notes if n)
        values = "; ".join(v for v in (text_of(c) for c in cells[1:]) if v)
        items.append(f"<li><p>{escape(name)}: {escape(values)}</p></li>")
    return head + "<ul>" + "".join(items) + "</ul>"


def text_version(printable: Printable, options, *, site_name: str, mailto: str) -> str:
    """The article as plain text, for an email or Zalo: no line breaks inside a paragraph."""
    sender = options.MAGAZINE_SENDER
    header = "".join(
        [
            f"<p>{escape(printable.title)}</p>",
            f"<p>{escape(printable.author)} - {escape(printable.date)}</p>",
            f"<p>{escape(printable.sapo)}</p>" if printable.sapo else "",
        ]
    )
    body = printable.body_html(
        photo_html=lambda entry: f"<p>[{escape(entry.label)}]</p>",
        table_html=stats_as_list,
    )
    footer = "".join(
        [
            f"<p>{escape(address_line(printable, site_name))}</p>",
            "<p>Thông tin người gửi bài:<br>",
            f"{escape(sender['name'])}<br>",
            "<br>".join(f"{label}: {escape(sender[key])}" for key, label in SENDER_LINES[1:]),
            "</p>",
            f"<p>Gửi bằng hộp thư trên trình duyệt (webmail): {escape(mailto)}</p>",
        ]
    )
    text = _pandoc(["--to=plain", "--wrap=none"], header + body + footer, 0)
    return io.TextIOWrapper(io.BytesIO(text), encoding="utf-8", newline=None).read()
