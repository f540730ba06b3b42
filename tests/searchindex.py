"""What a Pagefind index tells a search, whatever its files are named or how its words are chunked:
each page by its address (its fragment and word count) and each word's positions by page address.
Two bundles that give the same ``contents`` answer every query alike. (The meta's list of field
names is left out: each position names its field, and a name no page uses any more is harmless.)"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"


def _unpacked(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def _meta_positions(meta_locs: list[int], fields: list[str]) -> list[tuple[str, list[int]]]:
    groups: list[tuple[str, list[int]]] = []
    for value in meta_locs:
        if value < 0:
            groups.append((fields[-value - 1], []))
        else:
            groups[-1][1].append(value)
    return sorted(groups)


def contents(bundle: Path) -> dict:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    ((language, about),) = entry["languages"].items()
    meta = cbor2.loads(_unpacked(bundle / f"pagefind.{about['hash']}.pf_meta"))
    _version, pages, chunks, filters, sorts, fields = meta
    urls, described = [], {}
    for fragment, word_count, *rest in pages:
        data = json.loads(_unpacked(bundle / "fragment" / f"{fragment}.pf_fragment"))
        urls.append(data["url"])
        described[data["url"]] = (word_count, rest, data)
    assert about["page_count"] == len(pages)
    words: dict[str, dict] = {}

    def holders(stored) -> dict:
        number, found = 0, {}
        for delta, locs, meta_locs in stored:
            number += delta
            found[urls[number]] = (locs, _meta_positions(meta_locs, fields))
        return found

    previous_last = None
    for first, last, name in chunks:
        chunk = cbor2.loads(_unpacked(bundle / "index" / f"{name}.pf_index"))[0]
        for word, stored, variants in chunk:
            # Pagefind finds a word in the chunk whose range holds it (or starts it).
            assert first <= word and (word <= last or word.startswith(last)), (word, first, last)
            assert word not in words, word
            words[word] = (holders(stored), {form: holders(pages) for form, pages in variants})
        assert previous_last is None or previous_last < first
        previous_last = max(last, chunk[-1][0])
    return {
        "language": language,
        "version": entry["version"],
        "filters": filters,
        "sorts": sorts,
        "pages": described,
        "words": words,
    }
