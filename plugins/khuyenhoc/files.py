"""Files: written so that a build killed at any moment leaves each one whole, or not there; and
whether a path, links resolved, stays inside the content folder."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

from .errors import EditorError

__all__ = ["ReplacedOnClose", "copy_if_changed", "outside", "outside_error", "write_atomic"]


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    The folder is made only when it is missing, and the temporary file removed only when the
    write failed: a build writes 25,000 files, most into folders that exist."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    mode, encoding = ("w", "utf-8") if isinstance(data, str) else ("wb", None)
    try:
        try:
            with open(tmp, mode, encoding=encoding) as file:
                file.write(data)
        except FileNotFoundError:  # its folder is missing
            os.makedirs(folder or ".", exist_ok=True)
            with open(tmp, mode, encoding=encoding) as file:
                file.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class ReplacedOnClose(io.StringIO):
    """A text file as Pelican's writer writes it (``with … as f: f.write(text)``), written to
    ``path`` in one rename when the ``with`` block ends (``write_atomic``); nothing if it fails."""

    def __init__(self, path: str | os.PathLike) -> None:
        super().__init__()
        self.path = path

    def __exit__(self, kind, value, traceback):
        if kind is None:
            write_atomic(self.path, self.getvalue())
        return super().__exit__(kind, value, traceback)


def copy_if_changed(cached: Path, target: Path) -> bool:
    """Put ``cached`` at ``target`` unless the same file is there already. True if put.

    A hard link where the file system allows it (no bytes copied: 11,000 photo files at 5,000
    articles), else a copy. Either is safe because files that come from a cache by content hash
    never change in place: a cache entry is replaced whole. "The same" is the size and
    modification time, which a link shares and ``copy2`` carries over.
    """
    source = cached.stat()
    try:
        existing = target.stat()
        if existing.st_size == source.st_size and existing.st_mtime_ns == source.st_mtime_ns:
            return False
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # left by a build killed here
    try:
        os.link(cached, tmp)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(cached, tmp)
    os.replace(tmp, target)
    return True


def outside(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """True when ``path``, with ``..`` and every symbolic link resolved, is not inside ``root``:
    the site publishes nothing from outside its content folder."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([real, base]) != base


def outside_error(source_path: str, line: int | None, written: str) -> EditorError:
    """The error for a link (``written`` as the editor wrote it) that leads out of content/."""
    return EditorError(
        source_path,
        line,
        f"Liên kết '{written}' trỏ ra ngoài thư mục content/: trang không đăng tệp nằm ngoài "
        "content/.",
        "Chép tệp vào content/images/ (ảnh) hoặc content/extra/ (tệp khác), rồi viết "
        "{static}/images/ten-tep.jpg; không dùng '../' để ra khỏi content/.",
    )
