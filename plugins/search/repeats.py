"""Keep the index small: each word of a page is indexed once (or ``limit`` times), twice written.

Pagefind stores every position of every word. On this site "học", "hội" or "khuyến" appear dozens
of times in every article, so their entries, and the index chunks a query downloads, grow with
the number of articles times the number of occurrences. Ranking needs only the first ones.

``cap_repeats`` rewrites the copy of a page handed to Pagefind, inside its ``data-pagefind-body``
element:
- the occurrences of a word after the first ``limit`` are written in Private Use Area characters
  (U+E000 + the code point, for Latin letters and digits). Pagefind sees no letters in them, so it
  does not index them, but keeps them in the page text, so excerpts stay whole and in place;
- with ``ascii_copies``, the first occurrence of an accented word is followed by a copy of its
  folded form and "_" ("học" becomes "học \ue3ffhoc_"). Pagefind 1.5.2 sizes its index chunks by
  the positions of words written without accents only, so without these copies the chunks of a
  Vietnamese site hold dozens of common words and a query downloads hundreds of kilobytes; the
  copy "hoc_" sorts right after "hoc" and closes its chunk. It is another word than "hoc" ("_"
  is one of Pagefind's word characters), so it leaves the ranking of "học" alone: Pagefind gives
  the bonus for matching accents from the first form of a word it finds in a page, and a folded
  "hoc" there would take that bonus away from "học". A query "hoc" still finds "hoc_" (Pagefind
  matches the last query word as a prefix, and every word of a query through its extensions).

``theme/static/js/search-worker.js`` undoes both on display (``decode`` here undoes the first).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["COPY_MARK", "PUA_BASE", "cap_repeats", "decode", "encode", "fold"]

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


COPY_MARK = "\ue3ff"


def fold(word: str) -> str:
    """The word as Pagefind's index keys it: no accents, đ as d, lower case, letters and digits."""
    word = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in word if c.isalnum() and not unicodedata.combining(c)).lower()


def cap_repeats(html: str, limit: int, exclude_selectors=(), ascii_copies: bool = False) -> str:
    """The page with every word after its ``limit``-th occurrence in the indexed part encoded
    (none when ``limit`` is 0), and with ``ascii_copies`` the folded copies of accented words.

    Parts Pagefind leaves out (``data-pagefind-ignore``, scripts, and the ``.class`` selectors of
    ``exclude_selectors``) do not count.
    """
    if (limit <= 0 and not ascii_copies) or "data-pagefind-body" not in html:
        return html
    limit = limit if limit > 0 else len(html)
    skip_classes = {s[1:] for s in exclude_selectors if re.fullmatch(r"\.[\w-]+", s)}
    seen: Counter = Counter()
    folded_seen: Counter = Counter()

    def cap(match: re.Match) -> str:
        token = match.group(2)
        if token is None:  # a no-break space
            return match.group()
        key = "".join(char for char in token if char.isalnum()).lower()
        if not key:
            return token
        seen[key] += 1
        if seen[key] > limit:
            return encode(token)
        if ascii_copies:
            folded = fold(key)
            if folded != key and folded and not folded_seen[folded]:
                folded_seen[folded] += 1
                return f"{token} {COPY_MARK}{folded}_"
        return token

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
