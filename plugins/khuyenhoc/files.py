"""Writing files so that a build killed at any moment leaves each one whole, or not there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["copy_if_changed", "write_atomic"]


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def copy_if_changed(cached: Path, target: Path) -> bool:
    """Copy ``cached`` to ``target`` unless the same file is there already. True if copied.

    "The same" is the size and modification time, which ``copy2`` carries over: files that come
    from a cache by content hash never change in place.
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
    shutil.copy2(cached, tmp)
    os.replace(tmp, target)
    return True
