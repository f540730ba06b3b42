"""The HTML an article may hold, and what the sanitizer would take out of it.

Markdown passes raw HTML through, and articles arrive from branches by copy and paste: a
``<script>``, an ``<iframe>``, an ``onclick=`` or a ``javascript:`` link would reach the page.
The allowlist below is what an article legitimately needs (tables, figures, sup/sub, abbr… and
what Markdown itself writes). ``nh3`` (Rust's ammonia, the maintained sanitizer) decides what
breaks it: ``problems`` cleans the HTML with the allowlist and compares, element by element,
what went in with what came out, so that the editor is told which tag or attribute to remove.
The article's HTML is not rewritten: a file with a problem is refused, one without is published
as Markdown made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "URL_SCHEMES", "Problem", "problems"]

ALLOWED_TAGS = {
    # text
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "div", "span",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr",
    "cite", "q", "dfn", "kbd", "samp", "var", "time", "wbr",
    # lists
    "ul", "ol", "li", "dl", "dt", "dd",
    # tables
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    # links, pictures, figures, details
    "a", "img", "figure", "figcaption", "details", "summary",
    # h1 is the page's title; Markdown's "# " is still accepted, and shown as a heading
    "h1",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "headers", "style"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
}
# Markdown's tables align their columns with style="text-align: …"; nothing else is styled.
STYLE_PROPERTIES = {"text-align"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "cite"}


@dataclass(frozen=True)
class Problem:
    tag: str
    attribute: str = ""  # "": the tag itself is not allowed
    value: str = ""

    @property
    def is_url(self) -> bool:
        allowed = ALLOWED_ATTRIBUTES.get(self.tag, set()) | ALLOWED_ATTRIBUTES["*"]
        return self.attribute in URL_ATTRIBUTES and self.attribute in allowed


class _Elements(HTMLParser):
    """The start tags of a fragment, in order, with their attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,
        strip_comments=False,
    )


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


def without_comments(html: str) -> str:
    """``html`` without its comments: an editor's ``<!-- ghi chú -->`` is a note to colleagues,
    not something to publish in the page's source. (Markdown escapes a comment written inside a
    code block, so only real comments match.)"""
    return _COMMENT.sub("", html) if "<!--" in html else html


def _style_properties(value: str) -> set[str]:
    return {part.split(":")[0].strip().lower() for part in value.split(";") if part.strip()}


def problems(html: str) -> list[Problem]:
    """What the sanitizer would remove from ``html``, in the order it appears; [] if nothing.

    nh3 drops a tag by its name (all of them or none) and keeps the others in order, so each
    element that went in is matched with the next element of the same name that came out (the
    HTML parser may add some, such as ``<tbody>``).
    """
    if "<" not in html:
        return []
    cleaned = clean(html)
    if cleaned == html:  # nothing removed: what Markdown makes of an editor's text, as a rule
        return []
    before = _Elements(html).elements
    after = _Elements(cleaned).elements
    found: list[Problem] = []
    position = 0
    for tag, attributes in before:
        match = next((i for i in range(position, len(after)) if after[i][0] == tag), None)
        if match is None:
            found.append(Problem(tag))
            continue
        position = match + 1
        kept = dict(after[match][1])
        for name, value in attributes:
            removed = name not in kept
            if name == "style" and not removed:  # kept, but some of its properties may not be
                removed = bool(_style_properties(value) - _style_properties(kept[name]))
            if removed:
                found.append(Problem(tag, name, value))
    return list(dict.fromkeys(found))
