"""The package an editor forwards to the magazine, and the list of articles not yet sent.

``make tap-chi BAI=<slug or path>`` (``python -m magazine``) reads the site as a build does
(``khuyenhoc.Site.check()``: the same NFC text, statistics boxes and numbered photos) and writes
``<MAGAZINE_OUTPUT_PATH>/<slug>/`` and ``<slug>.zip`` holding:

- ``<slug>.docx``: the article for print (``word.docx_bytes``);
- ``anh-1.jpg``…: the photos at full resolution, upright, without metadata (``pictures``), in
  caption order, and ``chu-thich-anh.txt`` with each file's caption and credit;
- ``<slug>.txt``: the text for an email or Zalo, ending with a ``mailto:`` line;
- ``gui-tap-chi.eml``: the draft email (``mail.draft``).

Everything is checked before anything is written; each problem is a Vietnamese message with the
file and the line, and the command exits 1. The package is made in a temporary folder beside the
old one and swapped in whole. Its bytes depend only on the article and the settings: fixed
timestamps (the article's date, or its Modified date), fixed order.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from khuyenhoc.errors import EditorError, closest
from khuyenhoc.formatting import TIMEZONE, format_date, format_number, nfc
from khuyenhoc.sources import SourceLines

from . import SENT_FIELD, SETTINGS, URL_FIELD, mail, pictures, word
from .printable import Printable, shape
from .zips import ZIP_EPOCH, write_zip

CAPTIONS_FILE = "chu-thich-anh.txt"
WORD_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMAIL_FILE = "gui-tap-chi.eml"
SENDER_LABELS = {
    "name": "họ và tên",
    "unit": "đơn vị",
    "address": "địa chỉ liên lạc",
    "phone": "số điện thoại",
    "email": "email",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Refused(Exception):
    """The package cannot be made; ``problems`` are (message, its root folder) for the editor."""

    def __init__(self, problems: list[tuple[EditorError, str | None]]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def print_problems(problems: list[tuple[EditorError, str | None]]) -> None:
    ordered = sorted(problems, key=lambda p: (p[0].path, p[0].line or 0))
    for problem, root in ordered:
        if problem.path:
            print(problem.format(root), file=sys.stderr)
        else:
            text = f"LỖI: {problem.message}"
            if problem.fix:
                text += f"\n    Cách sửa: {problem.fix}"
            print(text, file=sys.stderr)
    print(
        f"\nKhông tạo gói gửi tạp chí: có {len(problems)} lỗi. Sửa các lỗi trên rồi chạy lại."
        " Thư mục gói cũ (nếu có) không bị thay đổi.",
        file=sys.stderr,
    )


# -- the settings -----------------------------------------------------------------------------


def setting_line(settings_files: list[str], name: str, key: str | None = None):
    """(file, line) where ``name`` (and ``key`` in its dict) is set, for the messages."""
    for path in settings_files:
        lines = SourceLines.of_file(path)
        start = lines.matching(rf"^{name}\s*=")
        if start is None:
            continue
        if key:
            for number in range(start, len(lines.lines) + 1):
                if re.search(rf"""["']{key}["']\s*:""", lines.lines[number - 1]):
                    return path, number
        return path, start
    return (settings_files[-1] if settings_files else "pelicanconf.py"), None


def check_settings(options, settings_files: list[str]) -> list[EditorError]:
    problems = []
    path, line = setting_line(settings_files, "MAGAZINE_EMAIL")
    address = str(options.MAGAZINE_EMAIL or "").strip()
    if not address:
        problems.append(
            EditorError(
                path,
                line,
                f"Chưa có địa chỉ email nhận bài của {options.MAGAZINE_NAME} (MAGAZINE_EMAIL): "
                "thư gửi bài chưa biết gửi tới đâu.",
                "Ghi địa chỉ email nhận bài mà tạp chí đã cho Hội, ví dụ "
                'MAGAZINE_EMAIL = "bientap@vi-du.vn".',
            )
        )
    elif not _EMAIL.match(address):
        problems.append(
            EditorError(
                path,
                line,
                f"'{address}' (MAGAZINE_EMAIL) không phải địa chỉ email.",
                'Ghi đúng một địa chỉ email, ví dụ MAGAZINE_EMAIL = "bientap@vi-du.vn".',
            )
        )
    sender = options.MAGAZINE_SENDER or {}
    if not isinstance(sender, dict):
        path, line = setting_line(settings_files, "MAGAZINE_SENDER")
        problems.append(
            EditorError(
                path,
                line,
                f"MAGAZINE_SENDER phải là một bảng thông tin người gửi bài, không phải {sender!r}.",
                'Viết MAGAZINE_SENDER như trong pelicanconf.py: {"name": "Họ và tên", '
                '"unit": …, "address": …, "phone": …, "email": …}.',
            )
        )
        return problems
    missing = [key for key in SENDER_LABELS if not str(sender.get(key) or "").strip()]
    path, line = setting_line(settings_files, "MAGAZINE_SENDER", missing[0] if missing else None)
    if missing:
        names = ", ".join(f"{SENDER_LABELS[key]} ('{key}')" for key in missing)
        problems.append(
            EditorError(
                path,
                line,
                f"Thiếu thông tin người gửi bài trong MAGAZINE_SENDER: {names}. Tạp chí cần biết "
                "ai gửi bài và liên lạc bằng cách nào.",
                "Điền đủ họ và tên, đơn vị, địa chỉ liên lạc, số điện thoại và email của người "
                "gửi bài thay mặt Hội vào MAGAZINE_SENDER trong pelicanconf.py (địa chỉ, điện "
                "thoại và email mặc định là của Hội: CONTACT_ADDRESS, CONTACT_PHONE, "
                "CONTACT_EMAIL).",
            )
        )
    elif not _EMAIL.match(str(sender["email"]).strip()):
        path, line = setting_line(settings_files, "MAGAZINE_SENDER", "email")
        problems.append(
            EditorError(
                path,
                line,
                f"'{sender['email']}' (email người gửi trong MAGAZINE_SENDER) không phải địa chỉ "
                "email.",
                'Ghi đúng một địa chỉ email, ví dụ "email": "ten@vi-du.vn".',
            )
        )
    return problems


# -- the article ------------------------------------------------------------------------------


@dataclass
class Site:
    """What the command needs of a site read by ``khuyenhoc.Site.check()``."""

    settings: dict
    articles: list  # published and hidden articles, newest first
    drafts: list


def find(site: Site, wanted: str):
    """The article named by ``wanted``: its slug, its file (relative to the project or to the
    content folder), or its address on the site. Raises ``Refused``."""
    wanted = nfc(wanted.strip())
    content = Path(site.settings["PATH"]).resolve()
    candidates = [Path(wanted)]
    if not Path(wanted).is_absolute():
        # content/tin-khen-thuong/a.md, or tin-khen-thuong/a.md
        candidates += [content / wanted, content.parent / wanted]
    paths = {p.resolve() for p in candidates if p.suffix}
    slug = wanted.rstrip("/").rsplit("/", 1)[-1] if "://" in wanted else wanted.strip("/")
    for article in site.articles + site.drafts:
        if article.slug == slug or Path(article.source_path).resolve() in paths:
            if article in site.drafts:
                raise Refused([(_draft(article), site.settings["PATH"])])
            return article
    slugs = [a.slug for a in site.articles]
    hints = closest(Path(slug).stem, slugs)
    hint = f" Bài gần giống nhất: {', '.join(hints)}." if hints else ""
    raise Refused(
        [
            (
                EditorError(
                    "",
                    None,
                    f"Không có bài nào có đường dẫn hay tên tệp '{wanted}'.{hint}",
                    "Chạy 'make tap-chi' (không có BAI=) để xem danh sách bài, rồi chép đúng "
                    "đường dẫn của bài: make tap-chi BAI=<đường dẫn>.",
                ),
                None,
            )
        ]
    )


def _draft(article) -> EditorError:
    lines = SourceLines.of_file(article.source_path)
    line = lines.field("status")
    status = lines.lines[line - 1].strip() if line else "Status: draft"
    return EditorError(
        article.source_path,
        line,
        f"Bài '{nfc(_plain(article.title))}' còn là bản nháp ({status}): bài chưa đăng trên "
        "trang thì chưa gửi tạp chí được.",
        f"Xuất bản bài trước (xoá dòng '{status}'), rồi chạy lại lệnh.",
    )


def _plain(html) -> str:
    from khuyenhoc.text import html_to_text

    return html_to_text(html, keep_nbsp=False)


# -- writing ----------------------------------------------------------------------------------


def epoch_of(article) -> int:
    """The package's timestamp: the article's last change, so the same article gives the same
    bytes and an edited one a newer date."""
    moment = getattr(article, "modified", None) or article.date
    return int(max(moment.timestamp(), ZIP_EPOCH.timestamp()))


def picture_width_cm(size: tuple[int, int], options) -> float:
    """As wide as the setting allows, unless that makes the photo taller than its limit."""
    width, height = size
    return min(
        float(options.MAGAZINE_PHOTO_WIDTH_CM),
        float(options.MAGAZINE_PHOTO_HEIGHT_CM) * width / height,
    )


def captions_text(printable: Printable) -> str:
    lines = [f"Ảnh kèm bài “{printable.title}”", ""]
    for entry in printable.photos:
        lines += [entry.file_name, f"  Chú thích: {entry.caption}", f"  {entry.credit}", ""]
    return "\n".join(lines)


def build(article, settings, settings_files: list[str]) -> tuple[Path, list[str]]:
    """Check, make and write the package of ``article``. Returns its folder and the warnings.

    ``settings_files``: where the settings were read from, for the line in a message about one.
    Raises ``Refused`` before anything is written.
    """
    options = SETTINGS.read(settings)
    root = settings["PATH"]
    problems = [(p, os.getcwd()) for p in check_settings(options, settings_files)]
    printable, errors = shape(article)
    problems += [(e, root) for e in errors]
    if problems:
        raise Refused(problems)
    output = Path(options.MAGAZINE_OUTPUT_PATH)
    output.mkdir(parents=True, exist_ok=True)
    for stale in output.glob(f".{printable.slug}.*"):  # left by a run that was killed
        shutil.rmtree(stale, ignore_errors=True)
    site_name = settings.get("SITENAME", "")
    epoch = epoch_of(article)
    slug = printable.slug
    with tempfile.TemporaryDirectory(prefix=f".{slug}.", dir=output) as temporary:
        work = Path(temporary)
        folder = work / slug
        small = work / "trong-word"
        folder.mkdir()
        small.mkdir()
        sizes, unreadable = {}, []
        lines = SourceLines.of_file(article.source_path)
        for entry in printable.photos:
            try:
                sizes[entry.number] = pictures.clean_copies(
                    entry.source,
                    folder / entry.file_name,
                    small / entry.file_name,
                    int(options.MAGAZINE_DOCX_PHOTO_PX),
                )
            except pictures.PictureError as error:
                value = "/" + Path(os.path.relpath(entry.source, root)).as_posix()
                line = lines.next_containing(os.path.basename(entry.source))
                unreadable.append(
                    (pictures.unreadable(article.source_path, line, value, str(error)), root)
                )
        if unreadable:
            raise Refused(unreadable)
        widths = {number: picture_width_cm(size, options) for number, size in sizes.items()}
        docx_name = f"{slug}.docx"
        documents = {
            docx_name: word.docx_bytes(
                printable, options, pictures=widths, folder=small, site_name=site_name, epoch=epoch
            )
        }
        mailto = mail.mailto(printable, options, site_name)
        documents[f"{slug}.txt"] = word.text_version(
            printable, options, site_name=site_name, mailto=mailto
        ).encode("utf-8")
        if printable.photos:
            documents[CAPTIONS_FILE] = captions_text(printable).encode("utf-8")
        for name, data in documents.items():
            (folder / name).write_bytes(data)
        listed = [f"{docx_name}: toàn văn bài (tiêu đề, sapo, nội dung"]
        if printable.tables:
            listed[0] += f", {printable.tables} bảng số liệu"
        listed[0] += ", chú thích ảnh)" if printable.photos else ")"
        attachments = [mail.Attachment(docx_name, documents[docx_name], WORD_MIME)]
        for entry in printable.photos:
            listed.append(f"{entry.file_name}: ảnh gốc; {entry.label}")
            data = (folder / entry.file_name).read_bytes()
            attachments.append(mail.Attachment(entry.file_name, data, "image/jpeg"))
        note = mail.covering_note(printable, options, listed, site_name)
        email = mail.draft(printable, options, note, attachments)
        (folder / EMAIL_FILE).write_bytes(email)
        archive = write_zip({f"{slug}/{p.name}": p.read_bytes() for p in folder.iterdir()}, epoch)
        (work / f"{slug}.zip").write_bytes(archive)
        _swap_in(work, output, slug)
    warnings = []
    limit = float(options.MAGAZINE_MAIL_WARN_MB)
    if len(email) > limit * 1_000_000:
        warnings.append(
            f"CẢNH BÁO: thư {EMAIL_FILE} nặng {format_number(len(email) / 1_000_000, 1)} MB, quá "
            f"{format_number(limit)} MB: "
            "nhiều hộp thư không nhận thư lớn như vậy. Nên gửi tệp Word qua thư và gửi ảnh qua "
            "Zalo hoặc một thư mục chia sẻ (Google Drive, OneDrive)."
        )
    return output / slug, warnings


def _swap_in(work: Path, output: Path, slug: str) -> None:
    """The new folder replaces the old one whole (renames, so never a mix of the two), then the
    zip replaces the old zip. The old folder goes with the temporary one."""
    target = output / slug
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        os.replace(target, work / "cu")
    os.replace(work / slug, target)
    os.replace(work / f"{slug}.zip", output / f"{slug}.zip")


# -- the list of articles not yet sent --------------------------------------------------------


def not_sent(site: Site) -> list:
    return [
        a
        for a in site.articles
        if SENT_FIELD.lower() not in a.metadata and URL_FIELD.lower() not in a.metadata
    ]


def listing(site: Site) -> str:
    waiting = sorted(not_sent(site), key=lambda a: a.date, reverse=True)
    name = SETTINGS.read(site.settings).MAGAZINE_NAME
    if not waiting:
        return f"Mọi bài đã đăng đều đã gửi {name}.\n"
    lines = [f"{len(waiting)} bài chưa gửi {name} (mới nhất trước):", ""]
    for article in waiting:
        lines.append(f"  {format_date(article.date, 'short')}  {article.slug}")
        lines.append(f"              {nfc(_plain(article.title))}")
    lines += [
        "",
        "Tạo gói gửi tạp chí cho một bài:  make tap-chi BAI=<đường dẫn của bài>",
        f"Sau khi gửi, thêm dòng '{SENT_FIELD}: {dt.datetime.now(TIMEZONE):%d/%m/%Y}' (ngày gửi) vào phần "
        "thông tin đầu bài.",
    ]
    return "\n".join(lines) + "\n"
