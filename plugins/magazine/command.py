"""``python -m magazine [BAI]``: the package of one article for the magazine, or the list of the
articles not sent yet. ``make tap-chi BAI=…`` (and ``make magazine``) run it.

The site is read with its own settings (``publishconf.py`` by default: the addresses in the
package are those of the published site) and its own plugins, by ``khuyenhoc.Site.check()``:
every check of a build runs, and nothing is written to the site's output folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from . import SETTINGS
from .package import Refused, Site, build, find, listing, print_problems
from .word import ConversionError

PLUGIN = "magazine"


def settings_files(settings_file: str) -> list[str]:
    """The file given, then pelicanconf.py beside it (publishconf.py imports it)."""
    first = Path(settings_file)
    files = [str(first)]
    base = first.parent / "pelicanconf.py"
    if base.resolve() != first.resolve() and base.is_file():
        files.append(str(base))
    return files


def read_site(settings_file: str, overrides: dict | None = None) -> Site:
    """The site read as a build reads it; an editor's mistake stops here (SystemExit 1)."""
    from pelican.generators import ArticlesGenerator
    from pelican.settings import read_settings

    from khuyenhoc.site import Site as Pelican

    settings = read_settings(settings_file, override=dict(overrides or {}))
    if PLUGIN not in settings["PLUGINS"]:
        settings["PLUGINS"] = [*settings["PLUGINS"], PLUGIN]
    generators = Pelican(settings).check()
    for generator in generators:  # what run() does next: links in summaries, as on the site
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    published = sorted(
        [*articles.articles, *articles.hidden_articles], key=lambda a: a.date, reverse=True
    )
    return Site(settings, published, list(articles.drafts))


def _overrides(pairs: list[str]) -> dict:
    values = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        try:
            values[name] = json.loads(value)
        except json.JSONDecodeError:
            values[name] = value
    return values


def _shown(path) -> str:
    """A path as the editor would type it: relative to the project when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make tap-chi",
        description="Tạo gói gửi tạp chí cho một bài (tệp Word, ảnh gốc, bản chữ, thư nháp); "
        "không ghi BAI thì liệt kê các bài chưa gửi.",
    )
    parser.add_argument("bai", nargs="?", default="", help="đường dẫn (slug) hoặc tệp của bài")
    parser.add_argument("-s", "--settings", default="publishconf.py", help="tệp cấu hình")
    parser.add_argument(
        "-e", "--extra-settings", nargs="*", default=[], help="NAME=giá trị (JSON), như pelican"
    )
    args = parser.parse_args(argv)
    from pelican.log import init as init_logging

    init_logging(logging.WARNING)
    try:
        site = read_site(args.settings, _overrides(args.extra_settings))
    except SystemExit as stop:  # the site's own checks failed, and said why
        if stop.code:
            print("Không tạo gói gửi tạp chí: sửa các lỗi nội dung ở trên rồi chạy lại.",
                  file=sys.stderr)  # fmt: skip
        return stop.code if isinstance(stop.code, int) else 1
    if not args.bai.strip():
        sys.stdout.write(listing(site))
        return 0
    try:
        article = find(site, args.bai)
        folder, warnings = build(article, site.settings, settings_files(args.settings))
    except Refused as refused:
        print_problems(refused.problems)
        return 1
    except ConversionError as error:
        print(f"LỖI: không tạo được tệp Word (pandoc báo: {error}).", file=sys.stderr)
        return 1
    options = SETTINGS.read(site.settings)
    relative, source = _shown(folder), _shown(article.source_path)
    print(
        f"Đã tạo gói gửi {options.MAGAZINE_NAME}:\n"
        f"  {relative}/\n"
        f"  {relative}.zip\n"
        f"Mở {relative}/gui-tap-chi.eml bằng Outlook hoặc Thunderbird, xem lại rồi bấm Gửi; "
        f"dùng webmail thì theo dòng mailto: ở cuối tệp {relative}/{article.slug}.txt.\n"
        f"Sau khi gửi, thêm dòng 'Gui_tap_chi: <ngày gửi>' vào phần thông tin đầu bài "
        f"({source})."
    )
    for warning in warnings:
        print(warning, file=sys.stderr)
    return 0
