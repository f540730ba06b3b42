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


# Every letter and digit that has a Private Use Area form: ``str.translate`` does a word at once.
_PUA_FORMS = {
    point: _code(chr(point))
    for point in [*range(_LOW_END), *range(_VIET_START, _VIET_END)]
    if chr(point).isalnum()
}
_ENTITY = re.compile(r"(&#?\w+;)")
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_NOT_ALNUM = re.compile(r"[\W_]+")


def encode(word: str) -> str:
    """``word`` with its letters and digits in Private Use Area characters, or unchanged (when
    one of them has no such form).

    Character references (``&amp;``) are kept as they are.
    """
    if "&" not in word:
        encoded = word.translate(_PUA_FORMS)
        return word if _ALNUM.search(encoded) else encoded
    parts = _ENTITY.split(word)
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # a character reference (split keeps them at odd places)
            out.append(part)
            continue
        encoded = part.translate(_PUA_FORMS)
        if _ALNUM.search(encoded):  # a letter without a PUA form: the word stays as it is
            return word
        out.append(encoded)
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


# What each word is counted as, and its encoded form: the same few thousand syllables make up
# every page of the site, so each is worked out once per process. Cleared past a bound.
_KEYS: dict[str, str] = {}
_ENCODED: dict[str, str] = {}
_MEMO_LIMIT = 200_000


def _cap_text(text: str, seen: dict[str, int], limit: int) -> str:
    """``text`` with each word past its ``limit``-th occurrence (counted in ``seen``) encoded.
    A loop over the words, not a callback per word: this runs on every word of every page."""
    parts = _TOKEN.split(text)  # [between, no-break space, word, between, …]
    keys, encoded = _KEYS, _ENCODED
    if len(keys) > _MEMO_LIMIT or len(encoded) > _MEMO_LIMIT:
        keys.clear()
        encoded.clear()
    for index in range(2, len(parts), 3):
        token = parts[index]
        if token is None:  # a no-break space
            continue
        key = keys.get(token)
        if key is None:
            lower = token.lower()
            key = keys[token] = lower if token.isalnum() else _NOT_ALNUM.sub("", lower)
        if not key:
            continue
        count = seen[key] = seen.get(key, 0) + 1
        if count > limit:
            form = encoded.get(token)
            if form is None:
                form = encoded[token] = encode(token)
            parts[index] = form
    return "".join(filter(None, parts))


def cap_repeats(html: str, limit: int, exclude_selectors=()) -> str:
    """The page with every word after its ``limit``-th occurrence in the indexed part encoded
    (none when ``limit`` is 0).

    Parts Pagefind leaves out (``data-pagefind-ignore``, scripts, and the ``.class`` selectors of
    ``exclude_selectors``) do not count.
    """
    if limit <= 0 or "data-pagefind-body" not in html:
        return html
    skip_classes = {s[1:] for s in exclude_selectors if re.fullmatch(r"\.[\w-]+", s)}
    seen: dict[str, int] = {}
    out: list[str] = []
    stack: list[tuple[str, bool, bool]] = []  # (tag, is the indexed body, is left out)
    position = 0
    bodies = skips = 0  # how many elements of the stack are indexed bodies, are left out
    for markup in _MARKUP.finditer(html):
        text = html[position : markup.start()]
        if text:
            out.append(_cap_text(text, seen, limit) if bodies and not skips else text)
        out.append(markup.group())
        position = markup.end()
        closing, tag, attributes = markup.groups()
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == tag:
                    for _tag, body, skip in stack[index:]:
                        bodies -= body
                        skips -= skip
                    del stack[index:]
                    break
        elif tag not in _VOID and not attributes.rstrip().endswith("/"):
            body = "data-pagefind-body" in attributes
            skip = _skipped(tag, attributes, skip_classes)
            stack.append((tag, body, skip))
            bodies += body
            skips += skip
    out.append(html[position:])
    return "".join(out)
