"""Unfinished content: what a public build refuses, and the one setting that lets a demo show it.

Sample articles (``Sample: true``), sample statistics (``sample: true``), placeholder photos and
placeholder text ("(điền địa chỉ …)") make a good demo (``make serve``) and a bad public site.
``ALLOW_SAMPLES`` is True in pelicanconf.py (the demo) and False in publishconf.py, unless the
environment says ``ALLOW_SAMPLES=1`` (``make publish ALLOW_SAMPLES=1``: a public-like build of the
demo, for audits). Each plugin that knows a kind of unfinished content refuses it through
``refuse()``, so the editor reads one kind of message for all of them.
"""

from __future__ import annotations

import re

from .config import setting_table
from .errors import EditorError, report

__all__ = ["PLACEHOLDER_TEXT", "SETTINGS", "parse_flag", "refuse", "samples_allowed"]

SETTINGS = setting_table(ALLOW_SAMPLES=False)

# "(điền địa chỉ trụ sở Hội)", "[điền số điện thoại]": a blank an editor meant to fill in.
PLACEHOLDER_TEXT = re.compile(r"[(\[]\s*(?:điền|dien)\b[^()\[\]\n]*[)\]]", re.IGNORECASE)

_TRUE = {"true", "yes", "có", "co", "1"}
_FALSE = {"false", "no", "không", "khong", "0"}


def samples_allowed(settings) -> bool:
    return bool(SETTINGS.read(settings).ALLOW_SAMPLES)


def parse_flag(value) -> bool | None:
    """``true``/``có``/``1`` → True, ``false``/``không``/``0`` → False, anything else → None."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def refuse(path: str, line: int | None, what: str, fix: str) -> None:
    """Report unfinished content in a build that is to be published."""
    report(
        EditorError(path, line, f"{what} Bản xuất bản không đăng nội dung chưa hoàn chỉnh.", fix)
    )
