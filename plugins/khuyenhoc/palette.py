"""The site's colours, read from the one place they are written: the theme's stylesheet.

``site.css`` declares them as custom properties on ``:root`` (``--brand: #125446;``). Images
drawn by Python (social cards, charts) take them from here, so a new colour is one edit.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

__all__ = ["Palette", "palette"]

STYLESHEET = "static/css/site.css"
_ROOT = re.compile(r":root\s*\{(?P<body>[^}]*)\}")
_COLOUR = re.compile(r"--(?P<name>[a-z0-9-]+)\s*:\s*#(?P<hex>[0-9a-fA-F]{6})\s*;")


class Palette(dict):
    """``{"brand": "#125446", …}``; ``rgb("brand")`` gives ``(18, 84, 70)`` for Pillow."""

    def rgb(self, name: str) -> tuple[int, int, int]:
        value = self[name].lstrip("#")
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int) -> Palette:
    css = Path(path).read_text(encoding="utf-8")
    root = _ROOT.search(css)
    if not root:
        raise ValueError(f"{path}: no :root {{…}} block with the site's colours")
    return Palette((m["name"], "#" + m["hex"].lower()) for m in _COLOUR.finditer(root["body"]))


def palette(theme: str | Path) -> Palette:
    """The colours of the theme in the folder ``theme`` (Pelican's ``THEME`` setting)."""
    path = Path(theme) / STYLESHEET
    return _read(str(path), path.stat().st_mtime_ns)
