"""What belongs in each folder of ``content/``, and the files that would be silently ignored.

Pelican reads articles from the kind folders, pages from ``pages/`` and copies ``images/`` and
``extra/``; any other file is skipped without a word. An editor who saves ``bai.md`` one folder
too high, or as ``bai.txt`` (Notepad's default) or ``bai.docx``, would wait for an article that
never appears. ``problems`` walks the folder once and names each such file, and where it
belongs:

| folder                      | belongs there                                               |
|-----------------------------|-------------------------------------------------------------|
| a kind's folder, ``pages/`` | articles, pages: ``.md`` (photos referenced beside them too) |
| ``images/``, ``extra/``     | photos and files published as they are (not ``.md``)         |
| ``data/``                   | YAML data: statistics, units (``.yaml``, ``.yml``)           |
| anything else               | nothing: the content root, unknown folders                   |

Symbolic links that lead out of ``content/`` are refused wherever they are: Pelican follows them
and would publish what they point to. So are links to a folder that holds them (Pelican would walk
them round and round). ``skipped_folders`` names such linked folders, for Pelican not to walk.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from khuyenhoc import frontmatter
from khuyenhoc.errors import EditorError
from khuyenhoc.files import outside

__all__ = ["Folders", "problems", "skipped_folders"]

ARTICLE_SUFFIX = ".md"
# Read as Markdown too (Pelican's Markdown reader), though the guide teaches ".md".
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_SUFFIXES = {".txt", ".text"}
WORD_SUFFIXES = {".docx", ".doc", ".odt", ".rtf", ".pages", ".wps"}
DATA_SUFFIXES = {".yaml", ".yml"}
GUIDE = "docs/huong-dan-bien-tap.md"


@dataclass(frozen=True)
class Folders:
    """The roles of the top folders of ``content/``, from the settings."""

    kinds: dict[str, str]  # folder → kind name
    pages: tuple[str, ...]
    static: tuple[str, ...]
    data: tuple[str, ...]
    ignore: tuple[str, ...] = ()

    def ignored(self, name: str) -> bool:
        return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in self.ignore)

    def kinds_listed(self) -> str:
        return "; ".join(f"content/{folder}/ ({name})" for folder, name in self.kinds.items())


def problems(root: str | os.PathLike, folders: Folders) -> list[EditorError]:
    """Every file under ``root`` that the site would ignore, or take from outside ``root``."""
    root = os.path.abspath(root)
    found: list[EditorError] = []
    strays: dict[str, int] = {}  # unknown top folder → files in it
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not folders.ignored(d))
        for name in [*subdirs, *sorted(files)]:
            path = os.path.join(directory, name)
            if os.path.islink(path) and outside(path, root):
                found.append(_link_out(path))
            elif os.path.islink(path) and _loops(path):
                found.append(_link_loop(path))
        subdirs[:] = [d for d in subdirs if not os.path.islink(os.path.join(directory, d))]
        for name in sorted(files):
            path = os.path.join(directory, name)
            if folders.ignored(name) or os.path.islink(path):
                continue
            parts = Path(os.path.relpath(path, root)).parts
            top = parts[0] if len(parts) > 1 else ""
            problem = _problem(path, top, folders)
            if problem == "stray":
                strays[top] = strays.get(top, 0) + 1
            elif problem:
                found.append(problem)
    for top, count in sorted(strays.items()):
        found.append(_unknown_folder(root, top, count, folders))
    return found


def skipped_folders(root: str | os.PathLike, found: list[EditorError]) -> list[str]:
    """The linked folders among ``found`` (relative to ``root``), which Pelican must not walk."""
    return [
        os.path.relpath(p.path, root)
        for p in found
        if os.path.islink(p.path) and os.path.isdir(p.path)
    ]


def _loops(path: str) -> bool:
    """A link to a folder that holds it: walking it would never end."""
    target = os.path.realpath(path)
    here = os.path.realpath(os.path.dirname(path))
    return os.path.isdir(path) and os.path.commonpath([target, here]) == target


def _problem(path: str, top: str, folders: Folders) -> EditorError | str | None:
    suffix = Path(path).suffix.lower()
    document = suffix in MARKDOWN_SUFFIXES or suffix in TEXT_SUFFIXES or suffix in WORD_SUFFIXES
    if top in folders.kinds or top in folders.pages:
        if suffix in TEXT_SUFFIXES or suffix in WORD_SUFFIXES:
            return _not_markdown(path, suffix, f"content/{top}/")
        return None
    if top in folders.static:
        if suffix in MARKDOWN_SUFFIXES or suffix in TEXT_SUFFIXES - {".txt"}:
            return _misplaced_article(path, folders, f"content/{top}/")
        return None
    if top in folders.data:
        if suffix in DATA_SUFFIXES:
            return None
        return EditorError(
            path,
            None,
            f"Thư mục content/{top}/ chỉ chứa số liệu dạng YAML (.yaml): tệp này không được "
            "trang web đọc.",
            "Chép số liệu sang một tệp .yaml theo mẫu trong docs/huong-dan-thong-ke.md, rồi đưa "
            "tệp này ra khỏi thư mục content/.",
        )
    if document:
        return _misplaced_article(path, folders, f"content/{top}/" if top else "content/")
    return "stray" if top else _stray_file(path)


def _belongs(path: str, folders: Folders) -> str:
    """Where an article or a page belongs, read from its front matter when it can be."""
    try:
        front = frontmatter.read(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        front = frontmatter.FrontMatter()
    category = next((f.value for f in front.named("category")), "")
    for folder, kind in folders.kinds.items():
        if category.strip().lower() == kind.lower():
            return f"content/{folder}/ (thư mục của loại '{kind}' ghi ở dòng Category:)"
    if front.fields and not front.named("date") and folders.pages:
        return f"content/{folders.pages[0]}/ (trang không có ngày đăng, như Giới thiệu, Liên hệ)"
    return "thư mục đúng loại bài: " + folders.kinds_listed()


def _misplaced_article(path: str, folders: Folders, where: str) -> EditorError:
    suffix = Path(path).suffix.lower()
    if suffix in WORD_SUFFIXES:
        return _word(path, _belongs(path, folders))
    move = f"chuyển tệp vào {_belongs(path, folders)}."
    if suffix in MARKDOWN_SUFFIXES:
        fix = move[:1].upper() + move[1:]
    else:
        fix = f"Đổi tên tệp thành '{_markdown_name(path)}' rồi {move}"
    return EditorError(
        path,
        None,
        f"Bài viết nằm ở {where} nên không được đăng: trang chỉ đọc bài trong thư mục của loại "
        "bài (hoặc content/pages/).",
        fix,
    )


def _markdown_name(path: str) -> str:
    name = Path(path).name
    stem = name[: -len(Path(name).suffix)]
    if stem.lower().endswith(ARTICLE_SUFFIX):  # Notepad's "bai.md.txt"
        return stem
    return stem + ARTICLE_SUFFIX


def _not_markdown(path: str, suffix: str, folder: str) -> EditorError:
    if suffix in WORD_SUFFIXES:
        return _word(path, folder)
    return EditorError(
        path,
        None,
        f"Tệp có đuôi {suffix} nên không được đọc: trang web chỉ đọc bài có đuôi .md.",
        f"Đổi tên tệp thành '{_markdown_name(path)}' (trên Windows, bật View → File name "
        "extensions trong File Explorer để thấy đuôi tệp).",
    )


def _word(path: str, folder: str) -> EditorError:
    return EditorError(
        path,
        None,
        "Tệp Word (hay văn bản định dạng) không được trang web đọc: trang chỉ đọc bài viết dạng "
        "Markdown (.md).",
        f"Chép nội dung sang một tệp .md theo mẫu trong {GUIDE}, đặt tệp đó vào {folder}, rồi "
        "đưa tệp Word ra khỏi thư mục content/.",
    )


def _stray_file(path: str) -> EditorError:
    return EditorError(
        path,
        None,
        "Tệp nằm ngay trong thư mục content/ nên không được đăng.",
        "Ảnh đặt trong content/images/ (ví dụ content/images/2024/), tệp cho bạn đọc tải về đặt "
        "trong content/extra/.",
    )


def _unknown_folder(root: str, top: str, count: int, folders: Folders) -> EditorError:
    known = [*folders.kinds, *folders.pages, *folders.static, *folders.data]
    return EditorError(
        os.path.join(root, top),
        None,
        f"Thư mục content/{top}/ không phải thư mục nào của trang web: {count} tệp trong đó "
        "không được đăng.",
        "Ảnh chuyển vào content/images/, tệp cho bạn đọc tải về vào content/extra/. Các thư mục "
        f"của trang: {', '.join(f'content/{k}/' for k in known)}.",
    )


def _link_out(path: str) -> EditorError:
    return EditorError(
        path,
        None,
        f"Đây là lối tắt (symbolic link) trỏ ra ngoài thư mục content/, tới "
        f"{os.path.realpath(path)}: trang không đăng tệp nằm ngoài content/.",
        "Xoá lối tắt, rồi chép chính tệp (hay thư mục) cần đăng vào content/.",
    )


def _link_loop(path: str) -> EditorError:
    return EditorError(
        path,
        None,
        "Đây là lối tắt (symbolic link) trỏ về chính thư mục chứa nó: đi theo nó thì không bao "
        "giờ hết.",
        "Xoá lối tắt này.",
    )
