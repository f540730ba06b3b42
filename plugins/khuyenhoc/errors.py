"""The one way to report an editor's mistake, and the one place that prints them and stops.

- ``EditorError``: a mistake in the content, with the file, the line, the message and the fix, in
  Vietnamese. Plugins call ``report()`` with one (or ``warn()`` for something the build fixed
  itself), or collect them from a pure parser and report them all.
- ``connect()``, called by every plugin's ``register()`` (connecting twice is harmless), wires the
  channel into the build, whichever plugins are enabled and in whatever order:
  - once all content has been read (``all_generators_finalized``, before anything is written), if
    any error was reported, every message is printed, sorted, without a traceback, and the build
    stops with exit status 1; nothing is written to the output folder;
  - errors that Pelican itself logs while reading (a date it cannot parse, say) are reported the
    same way, so that a file is never dropped silently.

Settings read:
- ``EDITOR_WARNINGS_FATAL`` (default False): warnings stop the build too. ``publishconf.py`` sets it.
- ``EDITOR_ERRORS_EXIT`` (default True): stop the process. ``make serve`` sets it to False so that
  the preview server keeps watching and rebuilds once the editor has fixed the file.
- ``PATH`` and ``THEME``: paths are shown relative to the content folder; preview watches both.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from unidecode import unidecode

from .config import setting_table

__all__ = ["EditorError", "FileErrors", "closest", "connect", "report", "take", "warn"]

SETTINGS = setting_table(
    EDITOR_WARNINGS_FATAL=False,
    EDITOR_ERRORS_EXIT=True,
)


@dataclass(frozen=True)
class EditorError:
    path: str
    line: int | None
    message: str
    fix: str = ""

    def format(self, root: str | None = None, level: str = "LỖI") -> str:
        where = _relative(self.path, root)
        if self.line:
            where = f"{where}:{self.line}"
        text = f"{level} {where}: {self.message}"
        if self.fix:
            text += f"\n    Cách sửa: {self.fix}"
        return text


class ContentErrors(Exception):
    """Raised, in preview mode only, so that Pelican's autoreload loop keeps running."""


_errors: list[EditorError] = []
_warnings: list[EditorError] = []
_settings: dict = {}


class FileErrors:
    """Collects the errors of one file, for pure parsers that return them instead of reporting."""

    def __init__(self, path: str):
        self.path = path
        self.items: list[EditorError] = []

    def add(self, line: int | None, message: str, fix: str) -> None:
        self.items.append(EditorError(self.path, line, message, fix))


def report(error: EditorError) -> None:
    if error not in _errors:
        _errors.append(error)


def warn(warning: EditorError) -> None:
    if warning not in _warnings:
        _warnings.append(warning)


def take() -> tuple[list[EditorError], list[EditorError]]:
    """The errors and warnings reported so far, sorted, and forgotten."""
    errors = sorted(_errors, key=lambda e: (e.path, e.line or 0))
    warnings = sorted(_warnings, key=lambda e: (e.path, e.line or 0))
    _errors.clear()
    _warnings.clear()
    return errors, warnings


def closest(word: str, choices, n: int = 3) -> list[str]:
    """The known names closest to ``word``, accents ignored, for "did you mean" hints."""
    folded = {unidecode(c).lower(): c for c in choices}
    hits = difflib.get_close_matches(unidecode(word).lower(), list(folded), n=n, cutoff=0.5)
    return [folded[h] for h in hits]


def _relative(path: str, root: str | None) -> str:
    root = root or os.getcwd()
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return path


class _PelicanErrorCatcher(logging.Handler):
    """Turns Pelican's own "Could not process" errors into editor errors."""

    pattern = re.compile(r"Could not process (?P<path>\S+)\s*(?P<reason>.*)", re.DOTALL)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR or not record.name.startswith("pelican"):
            return
        message = record.getMessage()
        match = self.pattern.match(message)
        if not match:
            return
        path = match["path"]
        # Our own readers report their errors with a line and a fix; do not report them twice.
        if any(e.path == path for e in _errors):
            return
        reason = match["reason"].strip().splitlines()[-1] if match["reason"].strip() else ""
        report(
            EditorError(
                path,
                None,
                f"Pelican không đọc được tệp này ({reason}).",
                "Kiểm tra phần thông tin đầu bài (Title:, Date:, Category:…) theo hướng dẫn biên tập.",
            )
        )


class _HideReportedErrors(logging.Filter):
    """Pelican repeats our errors in English with a traceback; the editor needs only ours."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.levelno >= logging.ERROR and record.getMessage().startswith("Could not process")
        )


_catcher = _PelicanErrorCatcher()
_hider = _HideReportedErrors()


def _attach_logging(pelican_obj) -> None:
    _settings.clear()
    _settings.update(pelican_obj.settings)
    _errors.clear()
    _warnings.clear()
    root = logging.getLogger()
    if _catcher not in root.handlers:
        root.addHandler(_catcher)
    for handler in root.handlers:
        if handler is not _catcher and _hider not in handler.filters:
            handler.addFilter(_hider)


def _stop_if_errors(_generators) -> None:
    options = SETTINGS.read(_settings)
    root = _settings.get("PATH")
    errors, warnings = take()
    for warning in warnings:
        print(warning.format(root, "CẢNH BÁO"), file=sys.stderr)
    if options.EDITOR_WARNINGS_FATAL:
        errors += warnings
    if not errors:
        return
    print(file=sys.stderr)
    for error in errors:
        print(error.format(root), file=sys.stderr)
    summary = (
        f"\nKhông xuất bản: có {len(errors)} lỗi trong nội dung. Sửa các lỗi trên rồi chạy lại."
        " Thư mục output/ không bị thay đổi."
    )
    print(summary, file=sys.stderr)
    sys.stderr.flush()
    if options.EDITOR_ERRORS_EXIT:
        # SystemExit passes through Pelican's handler, which would print a traceback.
        raise SystemExit(1)
    # Preview mode: Pelican's autoreload loop retries at once after an exception, so wait here
    # for the editor's next save instead of rebuilding the same mistake in a busy loop.
    print("Đang chờ bạn sửa và lưu tệp…", file=sys.stderr, flush=True)
    _wait_for_a_change()
    raise ContentErrors("Bản dựng dừng vì có lỗi nội dung; đã có thay đổi, đang dựng lại.")


def _wait_for_a_change() -> None:
    """Return once a file under PATH or THEME changes, or has changed since this build began.

    The second test closes a race: a fix saved while the build was still running, before the
    watcher started, would otherwise be missed and the preview would wait for ever.
    """
    import watchfiles

    folders = [_settings[name] for name in ("PATH", "THEME") if _settings.get(name)]
    for changes in watchfiles.watch(
        *folders, yield_on_timeout=True, rust_timeout=1000, raise_interrupt=False
    ):
        if changes or _changed_since(folders, _build_started[0]):
            return


def _changed_since(folders, moment: float) -> bool:
    return any(
        path.stat().st_mtime > moment
        for folder in folders
        for path in Path(folder).rglob("*")
        if path.is_file()
    )


_build_started = [0.0]


def _mark_build_start(_generator) -> None:
    _build_started[0] = time.time()


def connect() -> None:
    """Wire the channel into the build. Every plugin calls this from its ``register()``."""
    signals.initialized.connect(_attach_logging)
    signals.article_generator_init.connect(_mark_build_start)
    signals.all_generators_finalized.connect(_stop_if_errors)
