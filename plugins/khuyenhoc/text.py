"""HTML to plain text, for titles in attributes, card images, structured data and word counts."""

from __future__ import annotations

import html as _html
import re

from markupsafe import Markup

__all__ = ["has_text", "html_to_text", "slug", "word_count"]


def html_to_text(html, *, keep_nbsp: bool = True) -> str:
    """Tags and comments dropped, entities decoded, white space folded.

    Typogrify's no-break spaces (``&nbsp;`` before the last word of a title, say) are kept as
    U+00A0 unless ``keep_nbsp`` is False: a card image wraps by them, an attribute does not.
    """
    text = str(Markup(str(html)).striptags())
    return text if keep_nbsp else text.replace("\xa0", " ")


# A comment or a tag, as Markup.striptags ends them (at the first "-->", the first ">").
_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


def word_count(html) -> int:
    """The words of ``html_to_text(html)``, for a whole article at a time: one regular expression
    over the body instead of striptags' loop over its tags (half the time)."""
    html = str(html)
    text = _MARKUP.sub("", html)
    if "<" in text or html.count("<!--") > html.count("-->"):
        return len(html_to_text(html).split())  # unclosed: striptags keeps the rest as text
    return len(_html.unescape(text).split())


# A letter outside the tags: found at a body's first paragraph, where turning the whole body into
# text took 0.1 ms an article. Not where a comment could hide a ">" (html_to_text drops comments
# whole).
_TEXT_OUTSIDE_TAGS = re.compile(r"(?:^|>)[^<&]*?[^\s<&]")


def has_text(html) -> bool:
    """Whether ``html_to_text(html)`` holds anything but white space."""
    html = str(html)
    if "<!--" not in html and _TEXT_OUTSIDE_TAGS.search(html):
        return True
    return bool(html_to_text(html).strip())


def slug(text: str, settings=None) -> str:
    """An ASCII slug as Pelican makes them (unidecode: Đ → d), with the site's substitutions."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    settings = settings if settings is not None else DEFAULT_CONFIG
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    return slugify(text, regex_subs=subs)
