"""The front matter of an editor's Markdown file: its ``Name: value`` lines, read once.

Python-Markdown's meta extension reads ``Name: value`` lines up to the first blank line, but it
stops without a word at the first line it does not understand (``Date : …``, a space before the
colon) and the rest of the header becomes body text. This module reads the header the way an
editor means it, so that the reader can hand Markdown a tidy header, and the content rules can
name each field with its line:

- ``read(text)`` → ``FrontMatter``: the fields with their lines, and the first line that is not
  a field (if any);
- ``tidy(text)``: the same text with ``Name  :`` written ``Name:`` in the header, for Markdown.

A header line is ``Name: value``: the name starts with a letter and holds letters, digits, ``_``
and ``-`` (as Markdown's meta extension reads names); a line indented by four spaces or a tab
continues the value above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["HEADER_FIELDS", "Field", "FrontMatter", "noted_fields", "read", "tidy"]

# The metadata key under which the reader notes the header's fields ([line, name] pairs): kept
# with the read in Pelican's cache, so the content rules do not read every file again each build.
HEADER_FIELDS = "header_fields"

_FIELD = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9_-]*)(?P<space>[ \t]*):[ \t]*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^( {4}|\t)")


@dataclass(frozen=True)
class Field:
    line: int  # 1-based
    name: str  # as written: "Source_url", "tilte"
    value: str

    @property
    def key(self) -> str:
        """The name as Pelican stores it (lower case)."""
        return self.name.lower()


@dataclass
class FrontMatter:
    fields: list[Field] = field(default_factory=list)
    # The first header line that is not "Name: value" (1-based), and its text; None if sound.
    bad_line: int | None = None
    bad_text: str = ""

    def named(self, key: str) -> list[Field]:
        return [f for f in self.fields if f.key == key.lower()]


def read(text: str) -> FrontMatter:
    """The header of ``text``: its fields, up to the first blank line."""
    front = FrontMatter()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            return front
        match = _FIELD.match(line)
        if match:
            front.fields.append(Field(number, match["name"], match["value"].strip()))
        elif front.fields and _CONTINUATION.match(line):
            continue
        else:
            front.bad_line, front.bad_text = number, line.strip()
            return front
    return front


def tidy(text: str) -> str:
    """``text`` with spaces before the colons of its header removed (``Date : x`` → ``Date: x``),
    so that Markdown's meta extension reads every field. The body is left as it is."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _FIELD.match(line)
        if match and match["space"]:
            lines[index] = line[: match.start("space")] + line[match.end("space") :]
    return "\n".join(lines)


def noted_fields(metadata: dict) -> list[Field] | None:
    """The header's fields as the reader noted them (``HEADER_FIELDS``); None if it did not."""
    noted = metadata.get(HEADER_FIELDS)
    if noted is None:
        return None
    return [Field(line, name, "") for line, name in noted]
