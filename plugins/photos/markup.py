"""The HTML side: find the photos in an article, and write <figure>/<picture> for them.

Markdown puts an image alone on its line into ``<p><img …></p>``; that becomes a numbered
figure. An image inside a sentence becomes a ``<picture>`` where it stands, without a caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

# An image alone in its paragraph, or any other image.
IMAGES = re.compile(r"<p>\s*(?P<alone><img\b[^>]*>)\s*</p>|(?P<inline><img\b[^>]*>)", re.IGNORECASE)
# "Chú thích. Ảnh: Nguồn" : the credit is what follows the last "Ảnh:".
# Said of a placeholder photo in place of its credit, whatever the caption claims.
PLACEHOLDER_CREDIT = "Ảnh giữ chỗ, không phải ảnh thật."
CREDIT = re.compile(r"(?:^|\s)Ảnh\s*:\s*(?P<credit>[^:]+?)\s*$", re.IGNORECASE)


class _TagParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        self.attrs = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one tag, entities decoded."""
    parser = _TagParser()
    parser.feed(tag)
    parser.close()
    return parser.attrs


@dataclass
class Found:
    start: int
    end: int
    attrs: dict[str, str]
    alone: bool  # alone in its paragraph: a figure


def find_images(html: str) -> list[Found]:
    found = []
    for match in IMAGES.finditer(html):
        tag = match["alone"] or match["inline"]
        found.append(Found(match.start(), match.end(), attributes(tag), bool(match["alone"])))
    return found


def split_caption(title: str) -> tuple[str, str]:
    """("Chú thích.", "Nguồn") from "Chú thích. Ảnh: Nguồn"; either part may be empty."""
    title = " ".join(title.split())
    match = CREDIT.search(title)
    if not match:
        return title, ""
    caption = title[: match.start()].strip()
    return caption, match["credit"].rstrip(".").strip()


# The article column (site.css: --measure 42rem, and 1rem of padding on each side of .wrap).
COLUMN_PX = 672
PADDING_PX = 32


def sizes_for(width: int, default: str) -> str:
    """``sizes`` for a photo whose largest file is ``width`` px wide.

    A photo narrower than the column is shown at its own width, never enlarged by the browser
    (which would take ``sizes`` for its width); the others fill the column.
    """
    if width >= COLUMN_PX:
        return default
    return f"(min-width: {width + PADDING_PX}px) {width}px, calc(100vw - {PADDING_PX}px)"


@dataclass(frozen=True)
class Source:
    """One ``<source>`` (or the ``<img>`` fallback): a type and its files."""

    mime: str
    files: tuple[tuple[str, int], ...]  # (url, width)

    @property
    def srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for url, width in self.files)


def picture(
    sources: list[Source],
    fallback: Source,
    src: str,
    width: int,
    height: int,
    alt: str,
    sizes: str,
    first: bool,
) -> str:
    """``<picture>`` with one ``<source>`` per modern format and a JPEG ``<img>``."""
    size = f' width="{width}" height="{height}"'
    parts = ["<picture>"]
    for source in sources:
        parts.append(
            f'<source type="{source.mime}" srcset="{escape(source.srcset)}" '
            f'sizes="{escape(sizes)}"{size}>'
        )
    loading = ' fetchpriority="high"' if first else ' loading="lazy" decoding="async"'
    parts.append(
        f'<img src="{escape(src)}" srcset="{escape(fallback.srcset)}" sizes="{escape(sizes)}"'
        f'{size} alt="{escape(alt)}"{loading}>'
    )
    parts.append("</picture>")
    return "".join(parts)


def figure(
    picture_html: str, number: int, caption: str, credit: str, placeholder: bool = False
) -> str:
    """The magazine's caption: "Ảnh 1. Chú thích. Ảnh: Nguồn", the credit styled apart.

    A placeholder photo is never credited: it says what it is instead.
    """
    text = [f'<span class="photo-number">Ảnh {number}.</span>']
    if caption:
        if caption[-1] not in ".!?…:;)\"”'":
            caption += "."
        text.append(escape(caption, quote=False))
    if placeholder:
        text.append(f'<strong class="photo-placeholder">{PLACEHOLDER_CREDIT}</strong>')
    elif credit:
        text.append(f'<span class="photo-credit">Ảnh: {escape(credit, quote=False)}</span>')
    return f'<figure class="photo">{picture_html}<figcaption>{" ".join(text)}</figcaption></figure>'
