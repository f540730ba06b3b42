"""The one way to report an editor's mistake, and the one place that prints them and stops.

- ``EditorError``: a mistake in the content, with the file, the line, the message and the fix, in
  Vietnamese. Plugins call ``report()`` with one (or ``warn()`` for something the build fixed
  itself), or collect them from a pure parser and report them all. ``note()`` tells the editor
  something that is not a mistake (an article scheduled for later); it never stops a build.
- ``connect()``, called by every plugin's ``register()`` (connecting twice is harmless), wires the
  channel into the build, whichever plugins are enabled and in whatever order:
  - once all content has been read (``all_generators_finalized``, before anything is written), if
    any error was reported, every message is printed, sorted, without a traceback, and the build
    stops with exit status 1; nothing is written to the output folder;
  - a reader that has reported a file's mistakes refuses the file by raising ``Reported``;
    any other exception while Pelican reads a file is reported the same way, with its reason, so
    that a file is never dropped silently; Pelican's own English lines about a file already
    reported are not shown.

Settings read:
- ``EDITOR_WARNINGS_FATAL`` (default False): warnings stop the build too. ``publishconf.py`` sets it.
- ``EDITOR_ERRORS_EXIT`` (default True): stop the process. ``make serve`` sets it to False so that
  the preview server keeps watching and rebuilds once the editor has fixed the file.
- ``EDITOR_CHECK_ONLY`` (default False): ``make check`` reads the content without building; the
  summary says so.
- ``PATH`` and ``THEME``: paths are shown relative to the content folder; preview watches both.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from unidecode import unidecode

from . import preview
from .config import setting_table

__all__ = [
    "EditorError",
    "FileErrors",
    "Reported",
    "closest",
    "connect",
    "content_path",
    "note",
    "report",
    "set_aside",
    "take",
    "warn",
]

SETTINGS = setting_table(
    EDITOR_WARNINGS_FATAL=False,
    EDITOR_ERRORS_EXIT=True,
    EDITOR_CHECK_ONLY=False,
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


class Reported(ValueError):
    """Raised by a reader once it has reported a file's mistakes: Pelican skips the file, and
    its "Could not process" is not reported a second time."""


class ContentErrors(Exception):
    """Raised, in preview mode only, so that Pelican's autoreload loop keeps running."""


_errors: list[EditorError] = []
_warnings: list[EditorError] = []
_notes: list[tuple[str, EditorError]] = []
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


def note(item: EditorError, level: str = "GHI CHÚ") -> None:
    """Something the editor should know that is not a mistake; printed with ``level``."""
    if (level, item) not in _notes:
        _notes.append((level, item))


def take() -> tuple[list[EditorError], list[EditorError]]:
    """The errors and warnings reported so far, sorted, and forgotten."""
    errors = sorted(_errors, key=lambda e: (e.path, e.line or 0))
    warnings = sorted(_warnings, key=lambda e: (e.path, e.line or 0))
    _errors.clear()
    _warnings.clear()
    return errors, warnings


@contextmanager
def set_aside():
    """Collect what is reported inside the block apart from the build's own reports (the
    preview's first look at an edited file, ``khuyenhoc.edited_first``); yields the list that
    receives those errors and warnings once the block ends. The build's own are kept as they
    were."""
    saved = _errors[:], _warnings[:], _notes[:]
    _errors.clear()
    _warnings.clear()
    _notes.clear()
    reported: list[EditorError] = []
    try:
        yield reported
    finally:
        reported += _errors + _warnings
        _errors[:], _warnings[:], _notes[:] = saved


def closest(word: str, choices, n: int = 3) -> list[str]:
    """The known names closest to ``word``, accents ignored, for "did you mean" hints."""
    folded = {unidecode(c).lower(): c for c in choices}
    hits = difflib.get_close_matches(unidecode(word).lower(), list(folded), n=n, cutoff=0.5)
    return [folded[h] for h in hits]


def closest_in_folder(path: str) -> str | None:
    """The name in ``path``'s folder closest to its own (a misspelt file name), or None."""
    folder = os.path.dirname(path)
    names = os.listdir(folder) if os.path.isdir(folder) else []
    hints = closest(os.path.basename(path), names)
    return hints[0] if hints else None


def content_path(path: str, root: str | None = None) -> str:
    """A path as an editor finds it: ``content/data/don-vi.yaml``, from the content folder
    (``root``, default the build's ``PATH``); a path outside it, from the project's folder (the
    current one), or as it is."""
    root = root or _settings.get("PATH")
    if root:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        if not relative.startswith(os.pardir):
            return f"{os.path.basename(os.path.normpath(root))}/{Path(relative).as_posix()}"
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith(os.pardir) else Path(relative).as_posix()


def _relative(path: str, root: str | None) -> str:
    """A path from the content folder (``root``) as messages show it; one outside it (the
    settings file, say) from the project's folder, never as ``../pelicanconf.py``."""
    root = root or os.getcwd()
    relative = os.path.relpath(path, root)
    if not relative.startswith(os.pardir):
        return relative
    outside = os.path.relpath(path)
    return path if outside.startswith(os.pardir) else outside


def _source_path(logged: str) -> str:
    """A path as Pelican logs it (relative to PATH, or absolute), made absolute."""
    return os.path.normpath(os.path.join(_settings.get("PATH") or os.getcwd(), logged))


def _reported(path: str) -> bool:
    return any(os.path.normpath(e.path) == path for e in _errors)


class _PelicanErrorCatcher(logging.Handler):
    """Turns Pelican's "Could not process" (a file it skipped) into an editor error, unless a
    reader has reported the file's mistakes already."""

    pattern = re.compile(r"Could not process (?P<path>.+?)\s*$", re.DOTALL)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR or not record.name.startswith("pelican"):
            return
        match = self.pattern.match(record.getMessage())
        if not match:
            return
        # Pelican logs from inside its "except" block: the exception is the one it caught.
        exception = sys.exc_info()[1]
        path = _source_path(match["path"])
        if isinstance(exception, Reported) or _reported(path):
            return
        reason = f"{type(exception).__name__}: {exception}" if exception else "không rõ lý do"
        report(
            EditorError(
                path,
                None,
                f"Trang web không đọc được tệp này ({reason}).",
                "Kiểm tra tệp theo mẫu trong docs/huong-dan-bien-tap.md; nếu tệp đúng mẫu mà vẫn "
                "lỗi, gửi dòng này cho người quản trị trang.",
            )
        )


class _HideReportedErrors(logging.Filter):
    """Pelican repeats our errors in English ("Could not process", "Skipping …: could not find
    information about 'title'", "Unknown status"); the editor needs only ours. Its cache's
    "Cannot get modification stamp" for a file that does not exist is a missing photo or file an
    article links to, which the photos plugin and the content rules name with its line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "pelican.cache" and str(record.msg).startswith("Cannot get modification"):
            args = record.args if isinstance(record.args, tuple) else ()
            return not (args and not os.path.exists(str(args[0])))
        if record.levelno < logging.ERROR or not record.name.startswith("pelican"):
            return True
        message = record.getMessage()
        if message.startswith("Could not process"):
            return False
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(str(arg) and _reported(_source_path(str(arg))) for arg in args)


_catcher = _PelicanErrorCatcher()
_hider = _HideReportedErrors()


def _attach_logging(pelican_obj) -> None:
    _settings.clear()
    _settings.update(pelican_obj.settings)
    _errors.clear()
    _warnings.clear()
    _notes.clear()
    root = logging.getLogger()
    if _catcher not in root.handlers:
        root.addHandler(_catcher)
    for handler in root.handlers:
        if handler is not _catcher and _hider not in handler.filters:
            handler.addFilter(_hider)
    # ``pelican -q`` sets its loggers to CRITICAL, which dropped "Could not process" before the
    # catcher saw it: a file left out without a word. The loggers let errors through; the
    # terminal's handlers keep the level that was asked for.
    for logger in (root, logging.getLogger("pelican")):
        if logger.level > logging.ERROR:
            for handler in root.handlers:
                if handler is not _catcher:
                    handler.setLevel(max(handler.level, logger.level))
            logger.setLevel(logging.ERROR)


def _stop_if_errors(_generators) -> None:
    options = SETTINGS.read(_settings)
    root = _settings.get("PATH")
    errors, warnings = take()
    for level, item in sorted(_notes, key=lambda n: (n[1].path, n[1].line or 0)):
        print(item.format(root, level), file=sys.stderr)
    _notes.clear()
    if options.EDITOR_WARNINGS_FATAL:  # each is printed once, as an error
        errors = sorted(errors + warnings, key=lambda e: (e.path, e.line or 0))
        warnings = []
    preview.report(errors, warnings, root)  # to the browser, in make serve
    for warning in warnings:
        print(warning.format(root, "CẢNH BÁO"), file=sys.stderr)
    if not errors:
        return
    print(file=sys.stderr)
    for error in errors:
        print(error.format(root), file=sys.stderr)
    if options.EDITOR_CHECK_ONLY:
        summary = (
            f"\nCó {len(errors)} lỗi trong nội dung. Sửa các lỗi trên rồi chạy lại 'make check'."
        )
    elif options.EDITOR_ERRORS_EXIT:
        summary = (
            f"\nKhông xuất bản: có {len(errors)} lỗi trong nội dung. Sửa các lỗi trên rồi chạy "
            "lại. Thư mục output/ không bị thay đổi."
        )
    else:
        summary = (
            f"\nBản xem thử chưa được dựng lại: có {len(errors)} lỗi trong nội dung (trình duyệt "
            "cũng hiện các lỗi này)."
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
    """Return once a file under PATH or THEME changes, or has changed since this build began."""
    folders = [_settings[name] for name in ("PATH", "THEME") if _settings.get(name)]
    preview.wait_for_a_change(folders, _build_started[0])


_build_started = [0.0]


def _mark_build_start(_generator) -> None:
    _build_started[0] = time.time()


def connect() -> None:
    """Wire the channel into the build. Every plugin calls this from its ``register()``."""
    signals.initialized.connect(_attach_logging)
    signals.article_generator_init.connect(_mark_build_start)
    signals.all_generators_finalized.connect(_stop_if_errors)
