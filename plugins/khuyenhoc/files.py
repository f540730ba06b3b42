"""Files: written so that a build killed at any moment leaves each one whole, or not there; and
whether a path, links resolved, stays inside the content folder."""

from __future__ import annotations

import collections
import contextlib
import ctypes
import errno
import io
import itertools
import os
import shutil
import stat
import threading
import time
from pathlib import Path

import psutil

from .errors import EditorError

__all__ = [
    "ReplacedOnClose",
    "SpareFiles",
    "copy_if_changed",
    "exchange",
    "outside",
    "outside_error",
    "write_atomic",
]


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


def _load_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+
    except (OSError, AttributeError):  # another system or C library
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()
_NAMES_START = time.time_ns()
_names = itertools.count()
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 says when the swap cannot be made here: not this kernel, not this file system,
# not across file systems.
_CANNOT_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.EOPNOTSUPP, errno.ENOTSUP}


def exchange(first: str | os.PathLike, second: str | os.PathLike) -> bool:
    """Swap two existing paths in one step (Linux's ``renameat2`` with ``RENAME_EXCHANGE``): each
    name then holds the other's file. False where the system or the file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE):
        error = ctypes.get_errno()
        if error in _CANNOT_EXCHANGE:
            return False
        raise OSError(error, os.strerror(error), os.fspath(second))
    return True


class SpareFiles:
    """Files replaced whole, written over the old versions of other files instead of new ones.

    Replacing a file by renaming a new one over it frees the old file's blocks, and the new file
    takes new ones: on this machine's ext4 (mounted with ``discard``) that costs 0.7 to 0.9 ms of
    the kernel's time per file; writing the 7,250 pages of 5,000 articles again (a new article
    changes each page's "Tin mới" column) took 6.5 s, 3.3 s with spares. Here the new text is
    written over a spare, an old version of a page kept in ``folder``, and the spare is swapped
    with the page in one step (``exchange``): readers still see the old page or the new one,
    whole, and the old version becomes a spare. No block is freed or taken when the sizes are
    close.

    A spare is written over only ``REST_SECONDS`` after it was a page (oldest first): a reader
    that opened the old page (the preview server, a slow download of a feed) reads it whole. A
    file with other hard links is never written over: it leaves the pool. The pool holds the
    pages replaced within ``REST_SECONDS``, then what ``trim`` leaves (the number of pages).
    Where the swap cannot be made (another system, the pool on another file system), files are
    written as ``write_atomic`` does.
    """

    REST_SECONDS = 10.0

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        # (name, when it stopped being a page), oldest first; listed on first use
        self._free: collections.deque[tuple[str, float]] | None = None
        self._lock = threading.Lock()
        self._device: int | None = None
        self.usable = _renameat2 is not None

    def _listed(self) -> collections.deque[tuple[str, float]]:
        if self._free is None:
            free = []
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._device = self.folder.stat().st_dev
                for entry in os.scandir(self.folder):
                    # A spare being written by a live build is not free; a killed build's is.
                    if not _taken_by_live(entry.name):
                        free.append((entry.name, entry.stat().st_ctime))
            except OSError:
                self.usable = False
            self._free = collections.deque(sorted(free, key=lambda spare: spare[1]))
        return self._free

    @staticmethod
    def _spare_name(claimed: bool) -> str:
        """A name no other spare has: the process, when it started naming, a number."""
        name = f"{os.getpid()}-{_NAMES_START}-{next(_names)}"
        return f".taken-{name}" if claimed else name

    def _claim(self) -> str:
        """A spare of the pool, renamed as this process's (another build may share the pool), or
        a new empty file."""
        while True:
            with self._lock:
                free = self._listed()
                rested = free and free[0][1] <= time.time() - self.REST_SECONDS
                name = free.popleft()[0] if rested else None
                taken = os.path.join(self.folder, self._spare_name(claimed=True))
            if name is None:
                open(taken, "xb").close()
                return taken
            try:
                os.rename(os.path.join(self.folder, name), taken)
            except FileNotFoundError:  # taken by another build first
                continue
            if os.stat(taken).st_nlink == 1:
                return taken
            os.unlink(taken)  # an old version with other links: never written over

    def _usable_for(self, device: int) -> bool:
        """Whether a file on ``device`` can be swapped with a spare."""
        with self._lock:
            if self.usable:
                self._listed()
            return self.usable and device == self._device

    def replace(self, path: str | os.PathLike, data: bytes | str) -> None:
        """Put ``data`` at ``path`` whole, in one step."""
        path = os.fspath(path)
        try:
            current = os.lstat(path)
        except FileNotFoundError:
            current = None
        if (
            current is None
            or not stat.S_ISREG(current.st_mode)
            or not self._usable_for(current.st_dev)
        ):
            write_atomic(path, data)  # a new file: nothing to free
            return
        spare = self._claim()
        try:
            with open(spare, "r+b") as file:
                file.write(data.encode("utf-8") if isinstance(data, str) else data)
                file.truncate()
            swapped = exchange(spare, path)
        except FileNotFoundError:  # the file, or the spare, was removed meanwhile
            with contextlib.suppress(OSError):
                os.unlink(spare)
            write_atomic(path, data)
            return
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(spare)
            raise
        if not swapped:
            self.usable = False
            os.unlink(spare)
            write_atomic(path, data)
            return
        # The spare now holds the old version: back to the pool, last in line (one with other
        # links is dropped when it is taken).
        name = self._spare_name(claimed=False)
        os.rename(spare, os.path.join(self.folder, name))
        with self._lock:
            self._listed().append((name, time.time()))

    def trim(self, limit: int) -> None:
        """Keep at most ``limit`` spares."""
        with self._lock:
            free = self._listed()
            while len(free) > limit:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.folder, free.popleft()[0]))


def _taken_by_live(name: str) -> bool:
    """True for a spare another live process is writing (``.taken-<pid>-<n>``)."""
    pid = name.removeprefix(".taken-").partition("-")[0]
    if not name.startswith(".taken-") or not pid.isdigit() or int(pid) == os.getpid():
        return False
    return psutil.pid_exists(int(pid))


class ReplacedOnClose(io.StringIO):
    """A text file as Pelican's writer writes it (``with … as f: f.write(text)``), written to
    ``path`` in one step when the ``with`` block ends (``write_atomic``, or over a spare of
    ``spares``); nothing if it fails."""

    def __init__(self, path: str | os.PathLike, spares: SpareFiles | None = None) -> None:
        super().__init__()
        self.path = path
        self.spares = spares

    def __exit__(self, kind, value, traceback):
        if kind is None:
            if self.spares is not None:
                self.spares.replace(self.path, self.getvalue())
            else:
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
