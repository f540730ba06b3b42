"""Pagefind's index brought up to date for a few pages changed or added, without indexing every
page again (Pagefind 1.6 has no incremental mode: 2.3 s at 5,000 articles for one edited word).

The bundle, as Pagefind 1.6.0 writes it (pagefind/src/index and src/output in its repository):
``pagefind-entry.json`` names the language's meta file (``pagefind.<hash>.pf_meta``); the meta
lists the pages (their fragment file, word count) and the chunks of the word index (the range
of words each holds, its file in ``index/``); a chunk lists its words, each with the pages that
hold it (page numbers delta-encoded) and their positions. Every file but the entry is gzip of
``pagefind_dcd`` and CBOR (fragments: JSON), read and written with cbor2.

Pagefind indexes the changed pages' old and new copies on their own (a few milliseconds): a page's
fragment, word count and positions do not depend on the other pages, so this gives each page as
the whole index has it. The old fragment's name finds the page's number in the site's index (a
new page is numbered after the others). Each
word whose positions in the page changed (a word added at the start of a body moves them all; a
mended typo, only its own) is taken out of its chunk and put back as it is now, a new word in the
chunk whose range reaches it; the chunk is written again from its other words' bytes as they were
and the changed words encoded (at 5,000 articles, 0.1 to 0.35 s in all instead of 2.3 s for
Pagefind). The changed chunks, the meta and the fragment are written beside the others under new
names, then the entry (atomically): until then the old index is whole. Search results are those
of an index made from nothing (tests/search/test_patch.py: word for word, page for page).

Only Pagefind ``PATCHABLE_VERSION``'s bundles, one language, without filters or sorts, are
patched; otherwise, or when an old fragment is not found or a new one's name is taken, nothing
is written and ``patch_index`` returns False: the caller indexes every page.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cbor2

from khuyenhoc import long_lived
from khuyenhoc.files import write_atomic

PATCHABLE_VERSION = "1.6.0"
# The hexadecimal digits in the name of a file a patch writes: Pagefind's have at most 10.
NAME_DIGITS = 12
_SIGNATURE = b"pagefind_dcd"
# The parts of a meta file (MetaIndex) and of a chunk's word (PackedWord), by position.
_PAGES, _CHUNKS, _FILTERS, _SORTS, _FIELDS = 1, 2, 3, 4, 5


def _unpacked(path: Path) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    return raw[len(_SIGNATURE) :]


def _read(path: Path):
    return cbor2.loads(_unpacked(path))


def _file(language: str, data: bytes) -> tuple[str, bytes]:
    """A name for CBOR ``data`` (by its content, as Pagefind names its files) and its file's
    bytes. Pagefind compresses at level 9: ten times the time of level 6 for a file 7 % smaller;
    a patched index is the preview's (``SEARCH_PATCH``)."""
    name = f"{language}_{hashlib.sha1(data).hexdigest()[:NAME_DIGITS]}"
    return name, gzip.compress(_SIGNATURE + data, compresslevel=6, mtime=0)


def _array_header(length: int) -> bytes:
    """CBOR's head of an array of ``length`` items (major type 4), as cbor2 writes it."""
    if length < 24:
        return bytes([0x80 | length])
    for code, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([0x80 | code]) + length.to_bytes(size, "big")
    raise ValueError(length)


def _words(chunk: bytes) -> dict[str, tuple[list, bytes]]:
    """A chunk's words (CBOR ``[[word, …]]``): each one's entry, decoded, and its bytes as
    stored, so that a chunk is written again encoding only the words that changed."""
    stream = io.BytesIO(chunk)
    decoder = cbor2.CBORDecoder(stream)
    if chunk[:1] != b"\x81" or chunk[1] >> 5 != 4:
        raise ValueError("not a chunk of Pagefind's word index")
    code = chunk[1] & 31
    size = 0 if code < 24 else 1 << (code - 24)
    count = code if code < 24 else int.from_bytes(chunk[2 : 2 + size], "big")
    stream.seek(start := 2 + size)
    words = {}
    for _ in range(count):
        entry = decoder.decode()
        end = stream.tell()
        words[entry[0]] = (entry, chunk[start:end])
        start = end
    if start != len(chunk):
        raise ValueError("a chunk of Pagefind's word index with bytes after its words")
    return words


def _moved(entry: list | None, word: str, replaced: dict[int, _Page]) -> list | None:
    """A word's entry in a chunk (``[word, pages, variants]`` as Pagefind stores it) without
    the pages ``replaced`` as they were and with them as they are now; None if no page holds it."""
    _word, holders, variants = entry or (word, [], [])
    holders = [page for page in _absolute(holders) if page[0] not in replaced]
    forms = {
        form: [page for page in _absolute(form_holders) if page[0] not in replaced]
        for form, form_holders in variants
    }
    for number, page in replaced.items():
        own, own_forms = page.words.get(word, (None, {}))
        if own is not None:
            holders.append([number, *own])
        for form, locs in own_forms.items():
            forms.setdefault(form, []).append([number, *locs])
    variants = [[form, _relative(pages)] for form, pages in forms.items() if pages]
    return [word, _relative(holders), variants] if holders or variants else None


def _absolute(pages: list) -> list[list]:
    """A word's pages with their numbers, not the differences Pagefind stores."""
    number, found = 0, []
    for delta, locs, meta_locs in pages:
        number += delta
        found.append([number, locs, meta_locs])
    return found


def _relative(pages: list[list]) -> list[list]:
    last, stored = 0, []
    for number, locs, meta_locs in sorted(pages, key=lambda page: page[0]):
        stored.append([number - last, locs, meta_locs])
        last = number
    return stored


def _refield(meta_locs: list[int], fields: list[str], into: dict[str, int]) -> list[int]:
    """Positions in a page's meta fields, numbered by ``fields``, renumbered by ``into``: a
    negative number is a field (-1 the first), the positions after it its own."""
    groups: list[tuple[int, list[int]]] = []
    for value in meta_locs:
        if value < 0:
            groups.append((into[fields[-value - 1]], []))
        else:
            groups[-1][1].append(value)
    return [v for number, positions in sorted(groups) for v in (-number - 1, *positions)]


@dataclass
class _Index:
    """A bundle's one language: its meta, and its chunks when they are read."""

    bundle: Path
    language: str
    meta_name: str
    meta: list

    @classmethod
    def open(cls, bundle: Path) -> _Index | None:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        if entry.get("version") != PATCHABLE_VERSION or len(entry.get("languages", {})) != 1:
            return None
        ((language, about),) = entry["languages"].items()
        meta = _read(bundle / f"pagefind.{about['hash']}.pf_meta")
        if meta[_FILTERS] or meta[_SORTS]:
            return None
        return cls(bundle, language, about["hash"], meta)

    def read_chunks(self) -> dict[str, list]:
        """Each chunk's words, by its name."""
        return {
            name: _read(self.bundle / "index" / f"{name}.pf_index")[0]
            for _first, _last, name in self.meta[_CHUNKS]
        }

    def fragment(self, name: str) -> bytes:
        return (self.bundle / "fragment" / f"{name}.pf_fragment").read_bytes()


@dataclass
class _Page:
    """One page as Pagefind indexed it on its own: its entry in the meta (None: a page not in the
    index before), its fragment, and its words: {word: [locs, meta_locs] or None, {variant:
    [locs, meta_locs]}}."""

    entry: list | None
    fragment: bytes
    words: dict[str, tuple[list | None, dict[str, list]]]


def _pages_alone(
    copies: dict[str, str], folder: Path, index: Callable[[Path, Path], None], fields: dict
) -> dict[str, _Page] | None:
    """Each copy (by its path in the site) indexed by Pagefind on its own, its meta fields
    numbered as in ``fields`` (None if it has another)."""
    site, bundle = folder / "site", folder / "pagefind"
    for relative, text in copies.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    index(site, bundle)
    alone = _Index.open(bundle)
    if alone is None:
        return None
    own_fields = alone.meta[_FIELDS]
    if not set(own_fields) <= fields.keys():
        return None
    pages = {}
    numbers_by_url = {}
    for number, entry in enumerate(alone.meta[_PAGES]):
        fragment = alone.fragment(entry[0])
        numbers_by_url[json.loads(gzip.decompress(fragment)[len(_SIGNATURE) :])["url"]] = number
        pages[number] = _Page(entry, fragment, {})
    for words in alone.read_chunks().values():
        for word, holders, variants in words:
            for number, locs, meta_locs in _absolute(holders):
                forms = pages[number].words.get(word, (None, {}))[1]
                pages[number].words[word] = ([locs, _refield(meta_locs, own_fields, fields)], forms)
            for form, form_holders in variants:
                for number, locs, meta_locs in _absolute(form_holders):
                    forms = pages[number].words.setdefault(word, (None, {}))[1]
                    forms[form] = [locs, _refield(meta_locs, own_fields, fields)]
    found = {}
    for relative in copies:
        number = numbers_by_url.get(_url(relative))
        if number is None:
            return None
        found[relative] = pages[number]
    return found


def _url(relative: str) -> str:
    url = "/" + relative
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def patch_index(
    bundle: Path, changed: dict[str, tuple[str, str]], index: Callable[[Path, Path], None]
) -> bool:
    """Bring the index at ``bundle`` (made from the old copies) up to date for ``changed``
    ({path in the site: (old copy, new copy)}); ``index(site, bundle)`` runs Pagefind. False, and
    nothing written, when it cannot."""
    with long_lived.collector_paused():  # decoding the chunks makes many lists
        return _patch(bundle, changed, index)


def _patch(bundle: Path, changed: dict[str, tuple[str, str]], index) -> bool:
    site_index = _Index.open(bundle)
    if site_index is None:
        return False
    fields = {name: number for number, name in enumerate(site_index.meta[_FIELDS])}
    olds = {relative: texts[0] for relative, texts in changed.items() if texts[0]}
    with tempfile.TemporaryDirectory(prefix="khuyenhoc-pagefind-patch-") as tmp:
        old = _pages_alone(olds, Path(tmp, "old"), index, fields) if olds else {}
        new = _pages_alone(
            {relative: texts[1] for relative, texts in changed.items()},
            Path(tmp, "new"),
            index,
            fields,
        )
    if old is None or new is None:
        return False
    pages = site_index.meta[_PAGES]
    numbers: dict[str, int] = {}
    for number, entry in enumerate(pages):
        numbers.setdefault(entry[0], number)
    taken = set(numbers)
    replaced: dict[int, tuple[_Page, _Page]] = {}  # by page number: (as it was, as it is)
    added = len(pages)
    for relative, now in new.items():
        was = old.get(relative)
        if was is None:  # a new page: numbered after the others
            was, number, added = _Page(None, b"", {}), added, added + 1
        else:
            number = numbers.get(was.entry[0])
            if number is None or number in replaced:
                return False
            taken.discard(was.entry[0])
        replaced[number] = (was, now)
    if any(now.entry[0] in taken for _was, now in replaced.values()):
        return False
    return _write(site_index, replaced)


def _write(site_index: _Index, replaced: dict[int, tuple[_Page, _Page]]) -> bool:
    meta, language, bundle = site_index.meta, site_index.language, site_index.bundle
    chunks = [list(chunk) for chunk in meta[_CHUNKS]]
    starts = [first for first, _last, _name in chunks]
    # The words the replaced pages held or hold, by chunk: each word is in the last chunk whose
    # range starts at or before it (Pagefind's ranges: a chunk's start comes after every word of
    # the chunk before), a new word too (or in the first).
    # A word whose positions in every replaced page are the same as before (most of them, when a
    # typo is mended) is left as it is.
    touched: dict[int, set[str]] = {}
    for word in {word for pair in replaced.values() for page in pair for word in page.words}:
        if all(was.words.get(word) == now.words.get(word) for was, now in replaced.values()):
            continue
        touched.setdefault(max(0, bisect.bisect_right(starts, word) - 1), set()).add(word)
    new_pages = {number: now for number, (_was, now) in replaced.items()}
    new_files: dict[Path, bytes] = {}
    old_files: list[Path] = []
    for position, words in touched.items():
        name = chunks[position][2]
        old_files.append(bundle / "index" / f"{name}.pf_index")
        stored = _words(_unpacked(bundle / "index" / f"{name}.pf_index"))
        for word in words:
            entry = _moved(stored.get(word, (None, b""))[0], word, new_pages)
            stored[word] = (entry, cbor2.dumps(entry)) if entry else (None, b"")
        kept = sorted((word, data) for word, (_entry, data) in stored.items() if data)
        if not kept:  # every word it held is gone: so is the chunk
            chunks[position] = None
            continue
        chunk = chunks[position]
        chunk[0], chunk[1] = min(chunk[0], kept[0][0]), max(chunk[1], kept[-1][0])
        packed = b"\x81" + _array_header(len(kept)) + b"".join(data for _word, data in kept)
        chunk[2], data = _file(language, packed)
        new_files[bundle / "index" / f"{chunk[2]}.pf_index"] = data
    index_chunks = [chunk for chunk in chunks if chunk is not None]
    pages = list(meta[_PAGES])
    for number, (was, now) in sorted(replaced.items()):
        if number < len(pages):
            pages[number] = now.entry
        else:  # new, in the order of their numbers
            pages.append(now.entry)
        new_files[bundle / "fragment" / f"{now.entry[0]}.pf_fragment"] = now.fragment
        if was.entry:
            old_files.append(bundle / "fragment" / f"{was.entry[0]}.pf_fragment")
    new_meta = list(meta)
    new_meta[_PAGES], new_meta[_CHUNKS] = pages, index_chunks
    meta_name, data = _file(language, cbor2.dumps(new_meta))
    new_files[bundle / f"pagefind.{meta_name}.pf_meta"] = data
    old_files.append(bundle / f"pagefind.{site_index.meta_name}.pf_meta")
    # A file named as one it replaces has its bytes (names are hashes): it stays.
    same = set(new_files) & set(old_files)
    for path in same:
        del new_files[path]
    old_files = [path for path in old_files if path not in same]
    if any(path.exists() for path in new_files):  # a name taken by other bytes
        return False
    for path, data in new_files.items():
        write_atomic(path, data)
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry["languages"][language]["hash"] = meta_name
    entry["languages"][language]["page_count"] = len(pages)
    write_atomic(entry_file, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    for path in old_files:
        path.unlink(missing_ok=True)
    return True
