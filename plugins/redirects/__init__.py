"""Old addresses keep working: ``Aliases:`` redirect pages, and a word when an address changes.

An article's address comes from its title (or ``Slug:``): editing the title of a published
article moves it, and every link shared on Zalo or Facebook, every search result, would end on
the 404 page.

Adds:
- For each address listed in an article's or page's ``Aliases:`` (comma-separated paths such as
  ``/tin-khen-thuong/ten-cu/``), a small page at that address that sends the reader to the new
  one: ``<meta http-equiv="refresh">``, ``<link rel="canonical">`` and a plain link, no script,
  ``noindex``. Not in the sitemap, not in the search index. Checked once articles and pages are
  read (``RedirectsGenerator.generate_context``), written with the site. An alias that is not a path on this
  site, or that is the address of other content or another alias, is an editor's error.
- A warning when an article's address is not the one it was last published at (``make
  publish`` records them, ``REDIRECTS_PUBLISHED``), or the one it had in the previous complete
  build of the same ``make serve``, and no ``Aliases:`` keeps the old address: it names both
  addresses and the line to add. In the preview, the old address then sends the editor's browser
  (which reloads the page it shows) to the new one, instead of showing the stale page. ``make publish`` treats warnings as errors, so a published address is never lost
  without a word.

Why ``Aliases:`` in the article, and not a file the build keeps: the article's own text is the
only record that survives a fresh clone and a CI deploy (the build's files in ``.cache/`` may be
gone), travels with the article when it is moved or deleted, and shows the editor, in the file
they are editing, which old addresses the article answers to. The build's record of published
addresses only serves to notice the change and say which line to add.

The addresses of the published site (source path relative to the content folder → URL path) are
in ``dia-chi-da-xuat-ban.json`` beside ``CACHE_PATH`` (``.cache/``, which the GitHub workflow
keeps between runs): ``make publish`` and ``make rollback`` write it (``published_record``).

Settings (``SETTINGS`` below holds the defaults):
- ``REDIRECTS_RECORD``: where this build writes its own addresses (``make publish`` passes a file
  beside the new build, and makes it the published record once the build is published).
Also read: ``SITEURL``, ``PATH``, ``OUTPUT_PATH``, ``CACHE_PATH``.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from khuyenhoc import errors
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, report, warn
from khuyenhoc.files import write_atomic
from khuyenhoc.sources import SourceLines
from khuyenhoc.text import html_to_text

SETTINGS = setting_table(REDIRECTS_RECORD=None, CACHE_PATH=".cache/pelican")

__all__ = ["PUBLISHED_RECORD", "published_record", "redirect_page"]

PUBLISHED_RECORD = "dia-chi-da-xuat-ban.json"

_ALIAS = re.compile(r"^/[A-Za-z0-9._~/-]*$")
_pages: dict[str, tuple[str, str]] = {}  # alias save_as → (target URL, title)
# (content folder, output folder) → {source: URL}: the previous complete build of one make
# serve, and this build's, kept only once it completes (a build stopped by an editor's mistake
# has lost the article in error: it must not become "previous").
_previous_builds: dict[tuple[str, str], dict[str, str]] = {}
_this_build: dict[tuple[str, str], dict[str, str]] = {}


def published_record(cache_path) -> Path:
    """The published site's addresses, beside Pelican's cache."""
    return Path(cache_path).resolve().parent / PUBLISHED_RECORD


def redirect_page(target: str, title: str) -> str:
    """The page left at an old address: a refresh, the canonical address and a link."""
    url = html.escape(target, quote=True)
    name = html.escape(title)
    return (
        '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Đã chuyển: {name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n<body>\n<main>\n<h1>Bài đã chuyển sang địa chỉ mới</h1>\n"
        f'<p><a href="{url}">{name}</a></p>\n</main>\n</body>\n</html>\n'
    )


def _relative(content) -> str:
    return Path(os.path.relpath(content.source_path, content.settings["PATH"])).as_posix()


def _path_of(url: str) -> str:
    return "/" + url.lstrip("/")


def _aliases(content) -> list[tuple[str, str]]:
    """``(alias path, its save_as)`` for each entry of ``Aliases:``; errors reported."""
    value = content.metadata.get("aliases")
    if not value:
        return []
    line = SourceLines.of_file(content.source_path).field("aliases")
    entries = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    found = []
    siteurl = content.settings.get("SITEURL", "")
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        path = entry.removeprefix(siteurl) if siteurl and entry.startswith(siteurl) else entry
        if not _ALIAS.match(path) or "/../" in path + "/" or "//" in path:
            report(
                EditorError(
                    content.source_path,
                    line,
                    f"Địa chỉ cũ '{entry}' trong Aliases: không phải đường dẫn trên trang này.",
                    "Ghi đường dẫn bắt đầu bằng '/', chữ không dấu, ví dụ "
                    "'Aliases: /tin-khen-thuong/ten-bai-cu/'; nhiều địa chỉ cách nhau bằng dấu "
                    "phẩy.",
                )
            )
            continue
        if not path.endswith(("/", ".html")):
            path += "/"
        found.append((path, _save_as(path)))
    return found


def _save_as(path: str) -> str:
    """Where the page of an address path (``/a/b/`` or ``/a/b.html``) is written."""
    return path.lstrip("/") + ("index.html" if path.endswith("/") else "")


def _check(context: dict, settings) -> None:
    """Plan the redirect pages and notice moved addresses, once articles and pages are read."""
    _pages.clear()
    contents = [
        item
        for name in ("articles", "pages", "hidden_articles", "hidden_pages")
        for item in context.get(name, [])
    ]
    options = SETTINGS.read(settings)
    taken = {item.save_as: item for item in contents}
    addresses = {_relative(item): _path_of(item.url) for item in contents}
    aliased: dict[str, set[str]] = {}
    for item in contents:
        for path, save_as in _aliases(item):
            other = taken.get(save_as)
            if other is not None and other is not item:
                report(
                    EditorError(
                        item.source_path,
                        SourceLines.of_file(item.source_path).field("aliases"),
                        f"Địa chỉ cũ '{path}' trong Aliases: đang là địa chỉ của "
                        f"{_relative(other)}.",
                        "Xoá địa chỉ này khỏi Aliases:, hoặc đổi tiêu đề (hay Slug:) của bài kia.",
                    )
                )
                continue
            taken[save_as] = item
            _pages[save_as] = (item.url, item.title)
            aliased.setdefault(_relative(item), set()).add(path)
    current = {_path_of(item.url) for item in contents}
    by_source = {_relative(item): item for item in contents}
    build_key = (str(settings["PATH"]), str(settings["OUTPUT_PATH"]))
    previous = _previous_builds.get(build_key, {})
    for known, kind in ((_published(settings), "đã xuất bản"), (previous, "xem thử")):
        for source, old in known.items():
            item, new = by_source.get(source), addresses.get(source)
            if item is None or new == old or old in aliased.get(source, set()) or old in current:
                continue  # unchanged, kept by Aliases:, or the address of other content now
            _warn_moved(item, old, new, kind)
            if kind == "xem thử":  # the editor's browser reloads the old address: send it on
                _pages[_save_as(old)] = (item.url, item.title)
            aliased.setdefault(source, set()).add(old)  # once, even if both records know it
    _this_build.clear()
    _this_build[build_key] = addresses
    if options.REDIRECTS_RECORD:
        write_atomic(options.REDIRECTS_RECORD, json.dumps(addresses, ensure_ascii=False, indent=0))


def _published(settings) -> dict[str, str]:
    try:
        record = published_record(SETTINGS.read(settings).CACHE_PATH)
        known = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # nothing published from this machine yet, or a damaged record: a miss
    return known if isinstance(known, dict) else {}


def _warn_moved(item, old: str, new: str, kind: str) -> None:
    line = SourceLines.of_file(item.source_path).field("title")
    if kind == "đã xuất bản":
        what = (
            f"Địa chỉ của bài đã đổi từ {old} (địa chỉ đã xuất bản) thành {new}, vì tiêu đề hoặc "
            "Slug: đã sửa. Các liên kết đã chia sẻ tới địa chỉ cũ sẽ hỏng."
        )
    else:
        what = (
            f"Địa chỉ của bài đã đổi từ {old} thành {new}, vì tiêu đề hoặc Slug: đã sửa. Trong "
            f"bản xem thử, địa chỉ cũ chuyển tới trang mới."
        )
    warn(
        EditorError(
            item.source_path,
            line,
            what,
            f"Nếu bài đã đăng ở địa chỉ cũ, thêm dòng 'Aliases: {old}' vào phần thông tin đầu "
            "bài: địa chỉ cũ sẽ chuyển về bài. Nếu không, đặt lại tiêu đề cũ hoặc bỏ qua cảnh "
            "báo này.",
        )
    )


class RedirectsGenerator(Generator):
    """Writes the redirect pages, outside Pelican's writer: not in the sitemap, not indexed."""

    def generate_context(self) -> None:
        # Pelican runs the article and page generators first: their content is in the context.
        _check(self.context, self.settings)

    def generate_output(self, writer) -> None:
        siteurl = self.settings.get("SITEURL", "")
        for save_as, (url, title) in sorted(_pages.items()):
            target = f"{siteurl}/{url}" if siteurl else f"/{url}"
            page = redirect_page(target, html_to_text(title, keep_nbsp=False))
            write_atomic(Path(self.output_path) / save_as, page)


def _get_generators(_pelican):
    return RedirectsGenerator


def _keep_addresses(_pelican) -> None:
    """The build completed: its addresses are the ones the next build compares with."""
    _previous_builds.update(_this_build)
    _this_build.clear()


def register():
    errors.connect()
    signals.get_generators.connect(_get_generators)
    signals.finalized.connect(_keep_addresses)
