"""Keeping the syllables of a Vietnamese word on one line.

Vietnamese writes a space between the syllables of one word ("xuất sắc", "khuyến học"), so a
browser may break a headline between them ("xuất / sắc"), which reads like two words. ``keep_words``
joins the syllables of common two-syllable words, and of names written with capitals ("Sóc
Trăng"), with no-break spaces. The words come from pyvi's dictionary (``words.txt``, MIT; see
``words-LICENSE.txt``); the text is read left to right, each syllable joined at most once, so a
line can still break every second syllable at worst.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from markupsafe import Markup

__all__ = ["keep_words"]

NBSP = "\u00a0"
_TAG = re.compile(r"(<[^>]*>)")
_EDGES = re.compile(r"^\W+|\W+$")
_ENDS_IN_PUNCTUATION = re.compile(r"\W$")


@functools.cache
def two_syllable_words() -> frozenset[str]:
    text = (Path(__file__).parent / "words.txt").read_text(encoding="utf-8")
    return frozenset(text.splitlines())


def _syllable(token: str) -> str:
    return _EDGES.sub("", html.unescape(token))


def _together(first: str, second: str, at_start: bool) -> bool:
    a, b = _syllable(first), _syllable(second)
    if not a or not b or _ENDS_IN_PUNCTUATION.search(html.unescape(first)):
        return False  # punctuation between them: "học, sinh"
    if f"{a} {b}".lower() in two_syllable_words():
        return True
    # A name: two capitalised syllables, not the first word of the headline ("Hội Khuyến").
    return not at_start and a[:1].isupper() and b[:1].isupper() and a.isalpha() and b.isalpha()


def _join(text: str, at_start: bool) -> str:
    tokens = text.split(" ")
    out, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if index + 1 < len(tokens) and _together(token, tokens[index + 1], at_start and index == 0):
            out.append(token + NBSP + tokens[index + 1])
            index += 2
        else:
            out.append(token)
            index += 1
    return " ".join(out)


def keep_words(value) -> Markup:
    """The Jinja filter ``keep_words``: ``value`` (HTML) with each word's syllables kept together."""
    return Markup(_keep_words(str(value)))


# A headline is shown on its page and in every listing, related list and side column it is in:
# about twenty times per build at 5,000 articles, each time the same.
@functools.lru_cache(maxsize=1 << 16)
def _keep_words(text: str) -> str:
    parts = _TAG.split(text)
    first_text = True
    for index in range(0, len(parts), 2):
        if parts[index].strip():
            parts[index] = _join(parts[index], first_text)
            first_text = False
    return "".join(parts)
