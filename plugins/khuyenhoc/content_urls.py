"""Pelican's content URLs, worked out from the fields their pattern names, and nothing else.

Pelican computes ``url`` and ``save_as`` afresh on every use: each time it copies the whole
metadata, and works out the source path relative to ``PATH`` (two ``abspath`` and a ``relpath``)
even where a pattern does not name ``{path}``. The templates use ``url`` about twenty times per
page (the side column, related articles, listings): at 5,000 articles that was 17 of the 90 s a
new article cost (profiled). Installed once by ``khuyenhoc.Site``:

- ``url``, ``save_as`` and the other ``*_URL``/``*_SAVE_AS`` patterns are formatted with
  ``str.format_map`` over fields worked out only when the pattern names them, each exactly as
  Pelican's ``url_format`` gives it (``tests/khuyenhoc/test_content_urls.py`` compares them);
- a content object's path relative to ``PATH`` is remembered per source path: it depends on
  nothing else (``PATH`` and the working folder are part of the key);
- while the pages are written, each object's URLs are remembered (``remember``, once every
  generator has made its context; ``forget`` when the build ends): nothing they are made of
  changes then, and the pages of 5,000 articles asked for them 190,000 times (2.7 s).
"""

from __future__ import annotations

import datetime
import os

from pelican.contents import Content
from pelican.utils import path_to_url

__all__ = ["forget", "install", "original_expand_settings", "remember"]

# Pelican's own (the test compares them).
original_expand_settings = Content._expand_settings
_original_relative_source_path = Content.get_relative_source_path
_original_url_setting = Content.get_url_setting
_relative_paths: dict[tuple[str, str, str], str] = {}
# (object, setting) → its value, while the pages are written; else None. Content objects compare
# and hash by identity.
_remembered: dict[tuple[Content, str], str] | None = None


class _UrlFields(dict):
    """The fields of ``Content.url_format``, each looked up when a pattern names it."""

    __slots__ = ("content",)

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def __missing__(self, key: str):
        content = self.content
        if key == "path":
            metadata = content.metadata
            return path_to_url(
                metadata["path"] if "path" in metadata else content.get_relative_source_path()
            )
        if key == "slug":
            return getattr(content, "slug", "")
        if key == "lang":
            return getattr(content, "lang", "en")
        if key == "date":
            return content.date if hasattr(content, "date") else datetime.datetime.now()
        if key == "author":
            return content.author.slug if hasattr(content, "author") else ""
        if key == "category":
            return content.category.slug if hasattr(content, "category") else ""
        return content.metadata[key]  # a KeyError names the field, as in Pelican


def _expand_settings(self: Content, key: str, klass: str | None = None) -> str:
    if not klass:
        klass = self.__class__.__name__
    return str(self.settings[f"{klass}_{key}".upper()]).format_map(_UrlFields(self))


def _relative_source_path(self: Content, source_path: str | None = None) -> str | None:
    if not source_path:
        source_path = self.source_path
    if source_path is None:
        return None
    key = (source_path, self.settings["PATH"], os.getcwd())
    known = _relative_paths.get(key)
    if known is None:
        known = _relative_paths[key] = _original_relative_source_path(self, source_path)
    return known


def _url_setting(self: Content, key: str) -> str:
    remembered = _remembered
    if remembered is None:
        return _original_url_setting(self, key)
    value = remembered.get((self, key))
    if value is None:
        value = remembered[(self, key)] = _original_url_setting(self, key)
    return value


def remember(*_args) -> None:
    """From now on until ``forget``, each object's URLs are worked out once
    (``all_generators_finalized``: the slugs, categories, dates and statuses are final)."""
    global _remembered
    _remembered = {}


def forget(*_args) -> None:
    global _remembered
    _remembered = None


def install() -> None:
    Content._expand_settings = _expand_settings
    Content.get_relative_source_path = _relative_source_path
    Content.get_url_setting = _url_setting
