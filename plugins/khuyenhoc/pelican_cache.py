"""Pelican's content cache, written atomically and read forgivingly.

Pelican writes its cache (a gzip pickle per generator, in ``CACHE_PATH``) in place: a build killed
while writing it leaves a truncated file, and every later build stopped with an English
``EOFError`` until someone deleted ``.cache/``. Here (installed once by ``khuyenhoc.Site``):

- the cache is pickled in memory, then written to a temporary file and renamed over the old one,
  so the file on disk is always a whole cache, the old or the new;
- a cache that cannot be read, for whatever reason, is a miss: the build reads every file again
  and says so in a warning.
"""

from __future__ import annotations

import gzip
import io
import logging
import pickle

from pelican import cache as pelican_cache

from .files import write_atomic

__all__ = ["install"]

logger = logging.getLogger(__name__)

_original_init = pelican_cache.FileDataCacher.__init__


def _load(self) -> dict:
    try:
        with self._cache_open(self._cache_path, "rb") as source:
            data = pickle.load(source)
        if not isinstance(data, dict):
            raise TypeError(f"{type(data).__name__}, not a dict")
        return data
    except FileNotFoundError:
        return {}  # the first build
    except Exception as error:  # truncated, corrupt, from another Python: all a miss
        logger.warning(
            "Bộ nhớ đệm %s bị hỏng, có lẽ do lần dựng trước bị dừng giữa chừng. Bỏ qua nó: lần "
            "này đọc lại toàn bộ nội dung, chậm hơn một chút.",
            self._cache_path,
        )
        logger.debug("Unreadable cache %s: %r", self._cache_path, error)
        return {}


def _init(self, settings, cache_name, caching_policy, load_policy):
    _original_init(self, settings, cache_name, caching_policy, False)
    self._cache = _load(self) if load_policy else {}


def _save_cache(self) -> None:
    if not self._cache_data_policy:
        return
    try:
        buffer = io.BytesIO()
        if self.settings["GZIP_CACHE"]:
            # Level 1: a tenth of level 9's time (a second per 1,000 articles), barely larger.
            with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=1, mtime=0) as packed:
                pickle.dump(self._cache, packed)
        else:
            pickle.dump(self._cache, buffer)
        write_atomic(self._cache_path, buffer.getvalue())
    except (OSError, pickle.PicklingError, TypeError) as error:
        logger.warning("Không ghi được bộ nhớ đệm %s: %s", self._cache_path, error)


def install() -> None:
    """Replace Pelican's cache loading and saving (idempotent)."""
    pelican_cache.FileDataCacher.__init__ = _init
    pelican_cache.FileDataCacher.save_cache = _save_cache
