"""Keep the index small: each word of a page is indexed once (or ``limit`` times).

Pagefind stores every position of every word. On this site "học", "hội" or "khuyến" appear dozens
of times in every article, so their entries, and the index chunks a query downloads, grow with
the number of articles times the number of occurrences. Ranking needs only the first ones.

``cap_repeats`` rewrites the copy of a page handed to Pagefind, inside its ``data-pagefind-body``
element: the occurrences of a word after the first ``limit`` are written in Private Use Area
characters (U+E000 + the code point, for Latin letters and digits). Pagefind sees no letters in
them, so it does not index them, but keeps them in the page text, so excerpts stay whole and in
place. ``theme/static/js/search-worker.js`` undoes it on display, as ``decode`` here does.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["PUA_BASE", "cap_repeats", "decode", "encode"]

PUA_BASE = 0xE000
# Basic Latin to Latin Extended-B, then Latin Extended Additional (Vietnamese ạ…ỹ).
_LOW_END = 0x250
_VIET_START, _VIET_END = 0x1E00, 0x1F00
# A word, as Pagefind splits the text: at white space, no-break spaces (&nbsp;) included.
_NBSP = r"&nbsp;|&#160;|&#[xX][aA]0;"
_TOKEN = re.compile(rf"({_NBSP})|((?:&(?!nbsp;|#160;|#[xX][aA]0;)|[^\s&])+)")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
_RAW = {"script", "style", "noscript", "template", "svg", "textarea"}


def _code(char: str) -> str | None:
    point = ord(char)
    if point < _LOW_END:
        return chr(PUA_BASE + point)
    if _VIET_START <= point < _VIET_END:
        return chr(PUA_BASE + _LOW_END + point - _VIET_START)
    return None


_ENTITY = re.compile(r"(&#?\w+;)")


def encode(word: str) -> str:
    """``word`` with its letters and digits in Private Use Area characters, or unchanged.

    Character references (``&amp;``) are kept as they are.
    """
    out = []
    for part in _ENTITY.split(word):
        if _ENTITY.fullmatch(part):
            out.append(part)
            continue
        for char in part:
            if char.isalnum():
                code = _code(char)
                if code is None:
                    return word
                out.append(code)
            else:
                out.append(char)
    return "".join(out)


def decode(text: str) -> str:
    """The inverse of ``encode`` (the same mapping as search-worker.js)."""

    def back(match: re.Match) -> str:
        offset = ord(match.group()) - PUA_BASE
        return chr(offset if offset < _LOW_END else offset - _LOW_END + _VIET_START)

    top = PUA_BASE + _LOW_END + (_VIET_END - _VIET_START) - 1
    return re.sub(f"[{chr(PUA_BASE)}-{chr(top)}]", back, text)


_MARKUP = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _skipped(tag: str, attributes: str, skip_classes: set[str]) -> bool:
    if tag in _RAW or "data-pagefind-ignore" in attributes:
        return True
    found = _CLASS.search(attributes)
    classes = set(next(filter(None, found.groups()), "").split()) if found else set()
    return bool(classes & skip_classes)


def cap_repeats(html: str, limit: int, exclude_selectors=()) -> str:
    """The page with every word after its ``limit``-th occurrence in the indexed part encoded
    (none when ``limit`` is 0).

    Parts Pagefind leaves out (``data-pagefind-ignore``, scripts, and the ``.class`` selectors of
    ``exclude_selectors``) do not count.
    """
    if limit <= 0 or "data-pagefind-body" not in html:
        return html
    skip_classes = {s[1:] for s in exclude_selectors if re.fullmatch(r"\.[\w-]+", s)}
    seen: Counter = Counter()

    def cap(match: re.Match) -> str:
        token = match.group(2)
        if token is None:  # a no-break space
            return match.group()
        key = "".join(char for char in token if char.isalnum()).lower()
        if not key:
            return token
        seen[key] += 1
        return encode(token) if seen[key] > limit else token

    out: list[str] = []
    stack: list[tuple[str, bool, bool]] = []  # (tag, is the indexed body, is left out)
    position = 0
    for markup in _MARKUP.finditer(html):
        text = html[position : markup.start()]
        if text:
            inside = any(body for _, body, _ in stack)
            if inside and not any(skip for _, _, skip in stack):
                text = _TOKEN.sub(cap, text)
            out.append(text)
        out.append(markup.group())
        position = markup.end()
        closing, tag, attributes = markup.groups()
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == tag:
                    del stack[index:]
                    break
        elif tag not in _VOID and not attributes.rstrip().endswith("/"):
            body = "data-pagefind-body" in attributes
            stack.append((tag, body, _skipped(tag, attributes, skip_classes)))
    out.append(html[position:])
    return "".join(out)
