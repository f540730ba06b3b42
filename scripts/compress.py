"""Precompressed copies of a built site: ``page.html.gz`` and ``page.html.br`` beside each text file.

Hosts that serve them (nginx ``gzip_static`` and ``brotli_static``, Caddy ``precompressed``,
Apache with rewrite rules) send the smaller file without compressing on every request. Copies
are cached by the bytes of the source in ``.cache/compressed/``: a publish compresses only the
pages that changed. A cached copy is used only if it decompresses to the source exactly, so a
damaged cache file is a miss.

Brotli quality 8 for pages: measured on the built site, quality 11 makes pages 8% smaller but is
twenty times slower (a cold publish of 1,000 articles would spend over a minute on it). The
stylesheet and scripts change rarely and every page loads them: quality 11.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

from khuyenhoc import failpoints
from khuyenhoc.files import write_atomic

SUFFIXES = {".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".webmanifest"}
ASSETS = {".css", ".js"}
MIN_BYTES = 256  # below this, headers cost more than compression saves
VERSION = 1  # change when the qualities change, so cached copies are made again


def _gzip(data: bytes, _suffix: str) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _brotli(data: bytes, suffix: str) -> bytes:
    return brotli.compress(data, quality=11 if suffix in ASSETS else 8)


_CODECS = {".gz": (_gzip, gzip.decompress), ".br": (_brotli, brotli.decompress)}


def _compressed(data: bytes, suffix: str, ext: str, cache: Path | None) -> bytes:
    compress, decompress = _CODECS[ext]
    cached = None
    if cache:
        key = hashlib.sha256(data + f"{VERSION}{suffix}".encode()).hexdigest()
        cached = cache / key[:2] / (key + ext)
        try:
            packed = cached.read_bytes()
            if decompress(packed) == data:
                return packed
        except Exception:  # missing or damaged: made again
            pass
    packed = compress(data, suffix)
    if cached:
        write_atomic(cached, packed)
    return packed


def precompress(folder: Path, cache: Path | None) -> int:
    """Write ``.gz`` and ``.br`` copies of the text files in ``folder``; returns how many files."""
    count = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        for ext in _CODECS:
            packed = _compressed(data, path.suffix, ext, cache)
            if len(packed) < len(data):
                path.with_name(path.name + ext).write_bytes(packed)
        count += 1
        if count == 1:
            failpoints.reach("compress")
    return count
