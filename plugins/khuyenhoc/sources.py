"""Finding the line of the source file a value came from, for editors' error messages.

Pelican hands plugins the parsed content, not where each part was written. ``SourceLines`` reads
the file once, in NFC like the reader, and answers "which line": a front-matter field, a piece of
text (in order, for things that appear several times, like photos), or a regular expression.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

__all__ = ["SourceLines", "first_line_not_nfc"]


class SourceLines:
    """The lines of one source file (NFC), and a cursor for finding things in order."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.cursor = 0

    @classmethod
    def of_file(cls, path: str | os.PathLike) -> SourceLines:
        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            text = ""
        return cls.of_text(text)

    @classmethod
    def of_text(cls, text: str) -> SourceLines:
        return cls(unicodedata.normalize("NFC", text).splitlines())

    def matching(self, pattern: str | re.Pattern, flags: int = re.IGNORECASE) -> int | None:
        """The first line (1-based) that matches ``pattern``, or None."""
        regex = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        for number, line in enumerate(self.lines, start=1):
            if regex.search(line):
                return number
        return None

    def field(self, name: str) -> int | None:
        """The line of the front-matter field ``name`` (``Title:``, ``Date :``…), or None."""
        return self.matching(rf"^\s*{re.escape(name)}\s*:")

    def next_containing(self, *needles: str, transform=None) -> int | None:
        """The next line, from the cursor on and then from the top, that holds one of ``needles``
        (tried in order); the cursor moves past it. ``transform`` is applied to each line first.
        """
        order = [*range(self.cursor, len(self.lines)), *range(self.cursor)]
        for needle in needles:
            if not needle:
                continue
            for index in order:
                line = self.lines[index]
                if needle in (transform(line) if transform else line):
                    self.cursor = index + 1
                    return index + 1
        return None


def first_line_not_nfc(text: str) -> int | None:
    """The first line that NFC would change (1-based), or None if the text is NFC."""
    if unicodedata.is_normalized("NFC", text):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if not unicodedata.is_normalized("NFC", line):
            return number
    return 1
