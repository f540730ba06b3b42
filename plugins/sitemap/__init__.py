"""An XML sitemap and robots.txt, from the pages this build wrote.

Adds, once the site is written (``finalized``):
- ``sitemap.xml`` (sitemaps.org 0.9): every HTML page this build wrote (``content_written``), so a
  page left in output/ by an earlier build is never listed; drafts, hidden pages, the paths in
  ``SITEMAP_EXCLUDE`` and pages written with ``sitemap_exclude`` true in their context (a unit
  without articles) are left out. Articles and pages carry ``<lastmod>`` (their modified date,
  else their date, with the +07:00 offset). URLs are ``SITEURL`` + the page's path, so they are
  absolute in publish mode.
- ``robots.txt`` allowing everything and pointing to the sitemap (unless ``SITEMAP_ROBOTS`` is
  False, or the content provides its own robots.txt).

Settings (``SETTINGS`` below holds the defaults): ``SITEMAP_EXCLUDE`` (URL paths, a trailing
``/`` covering everything below), ``SITEMAP_ROBOTS``. Also read: ``SITEURL``, ``OUTPUT_PATH``,
``EXTRA_PATH_METADATA``, ``PATH``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals

from khuyenhoc.config import setting_table
from khuyenhoc.files import write_atomic
from khuyenhoc.formatting import isoformat

SETTINGS = setting_table(SITEMAP_EXCLUDE=["404.html"], SITEMAP_ROBOTS=True)

__all__ = ["page_url", "write_robots", "write_sitemap"]

_written: dict[str, dt.datetime | None] = {}


def page_url(relative: str) -> str:
    """The URL path of an output file: ``a/b/index.html`` → ``a/b/``."""
    relative = relative.replace(os.sep, "/")
    if relative == "index.html":
        return ""
    return relative[: -len("index.html")] if relative.endswith("/index.html") else relative


def _excluded(url: str, patterns) -> bool:
    return any(url == p or (p.endswith("/") and url.startswith(p)) for p in patterns)


def write_sitemap(output: Path, siteurl: str, pages: dict[str, dt.datetime | None], exclude):
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url in sorted(pages, key=lambda u: (u.count("/"), u)):
        if _excluded(url, exclude):
            continue
        lines.append(f"<url><loc>{escape(f'{siteurl}/{url}')}</loc>")
        if pages[url] is not None:
            lines[-1] += f"<lastmod>{isoformat(pages[url])}</lastmod>"
        lines[-1] += "</url>"
    lines.append("</urlset>")
    write_atomic(output / "sitemap.xml", "\n".join(lines) + "\n")


def write_robots(output: Path, siteurl: str) -> None:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"
    write_atomic(output / "robots.txt", text)


def _remember(path, context=None) -> None:
    if not str(path).endswith(".html"):
        return
    context = context or {}
    if context.get("sitemap_exclude"):
        return
    content = context.get("article") or context.get("page")
    if content is not None and getattr(content, "status", "published") != "published":
        return
    lastmod = None
    if content is not None:
        lastmod = getattr(content, "modified", None) or getattr(content, "date", None)
    _written[str(path)] = lastmod


def _forget(*_args) -> None:
    _written.clear()


def _write(pelican) -> None:
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"]).resolve()
    # Pelican names what it writes inside the output folder as given: no need to resolve each
    # of thousands of paths (0.7 s at 5,000 articles), only those named otherwise.
    given = os.path.join(os.path.abspath(settings["OUTPUT_PATH"]), "")
    pages = {}
    for path, lastmod in _written.items():
        full = os.path.normpath(os.path.abspath(path))
        if full.startswith(given):
            relative = full[len(given) :].replace(os.sep, "/")
        else:
            try:
                relative = Path(path).resolve().relative_to(output).as_posix()
            except ValueError:
                continue
        pages[page_url(relative)] = lastmod
    _written.clear()
    read = SETTINGS.read(settings)
    siteurl = settings.get("SITEURL", "")
    write_sitemap(output, siteurl, pages, read.SITEMAP_EXCLUDE)
    if read.SITEMAP_ROBOTS and not _content_has_robots(settings):
        write_robots(output, siteurl)


def _content_has_robots(settings) -> bool:
    for source, meta in settings.get("EXTRA_PATH_METADATA", {}).items():
        if meta.get("path") == "robots.txt" and Path(settings["PATH"], source).exists():
            return True
    return False


def register():
    signals.all_generators_finalized.connect(_forget)
    signals.content_written.connect(_remember)
    signals.finalized.connect(_write)
