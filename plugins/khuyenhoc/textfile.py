"""Editors' text files, read as UTF-8, or refused with the encoding they were saved in.

Windows editors still meet files saved as UTF-16 (Notepad's "Unicode"), as Windows-1258 (the
Vietnamese code page) or in the old Vietnamese font encodings (TCVN3, VNI). Read as UTF-8, such a
file fails with an exception that names a byte offset; ``read_text`` says instead which encoding
the file seems to be in, on which line, and how to save it as UTF-8.

The guess is deliberately narrow (general detectors such as charset-normalizer call a short
Windows-1258 article Big5): a byte-order mark or NUL bytes mean UTF-16 or UTF-32; text that reads
as Vietnamese in Windows-1258 (every tone mark, which that code page stores as a combining
character, follows a vowel) is Windows-1258; anything else is "an older encoding".
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

__all__ = ["EncodingProblem", "guess_encoding", "read_text"]

_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_TONES = set("\u0300\u0301\u0303\u0309\u0323")
_VIETNAMESE = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ") | set(
    "‘’“”–—…•₫«»°·×"
)  # Word's punctuation, which Windows-1258 has too

SAVE_AS_UTF8 = (
    "Mở tệp bằng Notepad, chọn File → Save As (Lưu thành), ở ô Encoding (Mã hoá) chọn UTF-8 rồi "
    "lưu đè tệp cũ."
)


class EncodingProblem(ValueError):
    """A file not in UTF-8: the line of the first bad byte (or None), the message and the fix."""

    def __init__(self, line: int | None, message: str, fix: str):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


def guess_encoding(data: bytes) -> str:
    """ "UTF-16", "UTF-32", "Windows-1258", or "" when it is none of those (TCVN3, VNI…)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    head = data[:4096]
    if head.count(b"\x00") * 4 >= len(head):  # ASCII letters with a NUL beside each
        return "UTF-16"
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return ""
    tones_after_vowels = all(
        i > 0 and text[i - 1] in _VOWELS for i, char in enumerate(text) if char in _TONES
    )
    letters = [c for c in unicodedata.normalize("NFC", text) if ord(c) > 127]
    vietnamese = bool(letters) and all(c.lower() in _VIETNAMESE for c in letters)
    return "Windows-1258" if tones_after_vowels and vietnamese else ""


def read_text(path: str | os.PathLike) -> str:
    """The text of an editor's file (UTF-8, with or without a BOM); ``EncodingProblem`` if not."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        encoding = guess_encoding(data)
    if encoding in ("UTF-16", "UTF-32"):
        raise EncodingProblem(
            None,
            f"Tệp được lưu ở dạng Unicode {encoding} (Notepad gọi là 'Unicode' hoặc "
            f"'{encoding} LE'); trang web chỉ đọc tệp UTF-8.",
            SAVE_AS_UTF8,
        )
    if encoding == "Windows-1258":
        raise EncodingProblem(
            line,
            "Tệp được lưu bằng bảng mã Windows-1258 (tiếng Việt của Windows), không phải UTF-8: "
            "chữ có dấu từ dòng này sẽ thành ký tự lạ.",
            "Mở tệp bằng Notepad++, chọn Encoding → Character sets → Vietnamese → Windows-1258 "
            "(chữ hiện đúng dấu), rồi Encoding → Convert to UTF-8 và lưu lại.",
        )
    raise EncodingProblem(
        line,
        "Tệp không ở dạng UTF-8: có lẽ được lưu bằng một bảng mã cũ (TCVN3, VNI hoặc "
        "Windows-1252); chữ có dấu từ dòng này sẽ thành ký tự lạ.",
        SAVE_AS_UTF8 + " Nếu khi mở, chữ có dấu đã hiện sai (bảng mã TCVN3, VNI): chép hết văn "
        "bản, chuyển sang Unicode bằng Unikey (Công cụ → Chuyển mã), dán lại rồi lưu UTF-8.",
    )
