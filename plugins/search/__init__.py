"""Site search with Pagefind, rebuilt at the end of every build; accent-free Vietnamese, đ included.

Adds:
- Once Pelican has written the site (``finalized``), a Pagefind index in
  ``OUTPUT_PATH/<SEARCH_BUNDLE_DIR>/``, built by the Pagefind binary of the npm package ``pagefind``
  (pinned in package.json, installed by ``npm ci`` in node_modules/; ``pagefind_binary``); nothing
  is downloaded. Only the HTML files written by this build that carry ``data-pagefind-body``
  (articles and pages: their content, title and byline, not the navigation or the footer) are
  indexed, so stale files in output/ never reach the index. The new
  index replaces the old one only once it is complete. Pagefind is handed a copy of each page
  holding only that element (``indexed_part``): a third of the bytes to read.
- "đ" without accents. Pagefind folds accents by Unicode decomposition and drops the marks, and
  keeps each word's exact form for ranking; but đ/Đ (U+0111/U+0110) have no decomposition, so
  "dai hoc" would not find "đại học". The copy of each page handed to Pagefind (never the page
  itself) writes đ as "d" + U+0335 COMBINING SHORT STROKE OVERLAY (``fold_d``). Pagefind's folding
  drops the mark, so "đại" is found by "dai"; U+0335 is declared an include character, so the
  exact form "d̵ại" is kept and a query typed with accents ranks exact matches first.
  ``theme/static/js/search-worker.js`` writes the query the same way and turns "d" + U+0335 back into "đ"
  in titles and excerpts, so readers never see the marker.
- A small index. Pagefind stores every position of every word, and "học", "hội" or "khuyến" occur
  dozens of times in every article: only the first ``SEARCH_WORD_LIMIT`` occurrences of a word in
  a page are indexed; the others stay in the page text, in Private Use Area characters that
  Pagefind does not index and search-worker.js maps back (``repeats.py``). At 5,000 articles a
  first query downloads 131 KB of the index with one occurrence per word, 239 KB with all of them
  (scripts/bench_search.py, Pagefind 1.6.0): a common word's positions alone make a 50 KB chunk.
  ``SEARCH_CHUNK_SIZE`` sets the chunk size (``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE``, default 20000
  positions).
- Pagefind's own UI bundles and page worker are removed from the output: the search page has its
  own small UI and worker.
- An index brought in by what changed. Pagefind writes its index (5,000 files at 5,000 articles)
  in a folder in memory (``SEARCH_SCRATCH_PATH``); the new bundle links each file that has the
  same name and bytes in the current one, and copies the others (``_bring_in``). On ext4, creating
  files soon after thousands were deleted is slow (the allocator skips recently freed inodes), and
  each build used to write the whole bundle and delete the old one: 9 s for Pagefind, 1.2 s to
  delete. One edited article changes a few of these files.

Settings (``SETTINGS`` below holds the defaults):
- ``SEARCH_INDEX``: build the index.
- ``SEARCH_BUNDLE_DIR``: the folder of the index in the output.
- ``SEARCH_LANGUAGE``: the language every page is indexed as.
- ``SEARCH_EXCLUDE_SELECTORS``: parts of the indexed content to leave out.
- ``SEARCH_WORD_LIMIT`` (0 indexes every occurrence): occurrences of a word indexed per page.
- ``SEARCH_CHUNK_SIZE`` (None: Pagefind's own): word positions per index chunk.
- ``SEARCH_WORKERS``: processes that make the copies of the pages when there are many.
- ``SEARCH_SCRATCH_PATH`` (``/dev/shm``, memory on Linux): where Pagefind writes the index before
  it is brought into the output; missing, not writable, without room or empty: beside the bundle
  in the output. If Pagefind fails there, it is run again beside the bundle. A killed build's
  folder is removed by the next index made on the machine by the same user.
- ``SEARCH_PATCH``: when no more than a few pages' copies changed or are new (an edited or a new
  article) and none left the index, the index in the output is patched for them (``patch.py``:
  0.1 to 0.4 s at 5,000 articles instead of 2.3 s for Pagefind over every page), if it was made
  from the copies as they were. Search finds what an index made from nothing finds; the files
  are named and compressed otherwise, so ``make publish`` turns it off and publishes Pagefind's
  own index.
- ``SEARCH_DEFERRED`` (``make serve`` sets it): the build ends without the index, and
  ``index_deferred()`` makes it once the preview has reloaded the page: an editor waits for the
  page, not for Pagefind (6 to 10 s at 5,000 articles).
- ``OUTPUT_PATH``, ``CACHE_PATH``, ``SITEURL`` (a cache of copies for each address);
  ``EDITOR_ERRORS_EXIT``: a failed index stops the build with exit status 1, except in
  ``make serve``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import psutil
from pelican import signals

from khuyenhoc import edit_path, errors, failpoints, workers
from khuyenhoc.config import setting_table
from khuyenhoc.files import write_atomic

from .patch import patch_index
from .repeats import cap_repeats

SETTINGS = setting_table(
    SEARCH_INDEX=True,
    SEARCH_BUNDLE_DIR="pagefind",
    SEARCH_LANGUAGE="vi",
    SEARCH_EXCLUDE_SELECTORS=[],
    SEARCH_WORD_LIMIT=1,
    SEARCH_CHUNK_SIZE=None,
    SEARCH_DEFERRED=False,
    SEARCH_WORKERS=2,
    SEARCH_SCRATCH_PATH="/dev/shm",
    SEARCH_PATCH=True,
    CACHE_PATH=None,
    SITEURL="",
)

__all__ = ["STROKE", "build_index", "fold_d", "index_deferred", "indexed_part", "scratch_root"]

log = logging.getLogger(__name__)

STROKE = "\u0335"
_D_FORMS = {
    "đ": "d" + STROKE,
    "Đ": "D" + STROKE,
    "&#273;": "d" + STROKE,
    "&#x111;": "d" + STROKE,
    "&dstrok;": "d" + STROKE,
    "&#272;": "D" + STROKE,
    "&#x110;": "D" + STROKE,
    "&Dstrok;": "D" + STROKE,
}
# Pagefind's own UIs, and the worker its pagefind.js starts on a page: the site's search page has
# its own UI, and runs pagefind.js in its own worker (theme/static/js/search-worker.js).
_UNUSED_BUNDLE_FILES = (
    "pagefind-worker.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)

_written: list[str] = []
# The index a build with SEARCH_DEFERRED left to make: (settings, files).
_deferred: list[tuple[dict, list[str]]] = []


def fold_d(html: str) -> str:
    """The page as Pagefind should index it: đ/Đ written as d/D + U+0335."""
    for form, replacement in _D_FORMS.items():
        if form in html:
            html = html.replace(form, replacement)
    return html


_BODY_ATTRIBUTE = "data-pagefind-body"
_BODY_START = re.compile(
    r"""<([a-zA-Z][\w:-]*)(?:[^>"']|"[^"]*"|'[^']*')*?\sdata-pagefind-body[\s=/>]"""
)
_LANG = re.compile(r"""<html\b[^>]*?\slang\s*=\s*["']?([\w-]+)""", re.I)


def indexed_part(html: str) -> str:
    """The part of a page Pagefind reads: its ``data-pagefind-body`` elements (where the site puts
    the meta attributes too), in a page of their own with the page's language.

    Pagefind parses every byte of a page handed to it: the navigation, the footer and the related
    articles around an article are two thirds of it, and with them it would also take the first
    photo of the page, a related article's, as the result's image.
    """
    parts = []
    position = 0
    while (at := html.find(_BODY_ATTRIBUTE, position)) != -1:
        # The tag that carries the attribute starts at the last "<" before it (a "<" in an
        # attribute's value is escaped in the site's pages); a text that names it is no tag.
        start = html.rfind("<", position, at)
        found = _BODY_START.match(html, start) if start != -1 else None
        if found is None or found.end() != at + len(_BODY_ATTRIBUTE) + 1:
            position = at + len(_BODY_ATTRIBUTE)
            continue
        closing = re.compile(
            rf"""<(/?){re.escape(found.group(1))}(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I
        )
        depth = 0
        end = len(html)
        for match in closing.finditer(html, found.start()):
            depth += -1 if match.group(1) else 1
            if depth == 0:
                end = match.end()
                break
        parts.append(html[found.start() : end])
        position = end
    lang = _LANG.search(html)
    head = (
        f'<!DOCTYPE html><html lang="{lang.group(1) if lang else ""}"><head><meta charset="utf-8">'
    )
    return head + "</head><body>" + "\n".join(parts) + "</body></html>\n"


# Pagefind's binary, from its npm package (package.json pins the version; npm installs the package of
# this platform and runs no install script): the project's node_modules/.
_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
_PLATFORMS = {"linux": "linux", "darwin": "darwin", "win32": "windows", "freebsd": "freebsd"}
_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def pagefind_binary() -> Path:
    """The Pagefind binary of this platform in node_modules/ (``npm ci`` installs it)."""
    platform = _PLATFORMS.get(sys.platform.rstrip("0123456789"), sys.platform)
    cpu = _CPUS.get(os.uname().machine.lower() if hasattr(os, "uname") else "", "x64")
    folder = _NODE_MODULES / "@pagefind" / f"{platform}-{cpu}" / "bin"
    suffix = ".exe" if platform == "windows" else ""
    for name in ("pagefind_extended", "pagefind"):
        if (folder / (name + suffix)).is_file():
            return folder / (name + suffix)
    raise PagefindMissing(f"chưa cài Pagefind (không có {folder})")


class PagefindMissing(FileNotFoundError):
    """Pagefind's npm package is not installed."""

    fix = "chạy «npm ci --ignore-scripts» trong thư mục của trang (cần Node 20) rồi dựng lại trang."


def _run_pagefind(site: Path, bundle: Path, settings: dict) -> None:
    binary = pagefind_binary()
    read = SETTINGS.read(settings)
    config = {
        "site": str(site),
        "output_path": str(bundle),
        "force_language": read.SEARCH_LANGUAGE,
        "include_characters": STROKE,
        "exclude_selectors": list(read.SEARCH_EXCLUDE_SELECTORS),
    }
    (site.parent / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    env = dict(os.environ)
    chunk = read.SEARCH_CHUNK_SIZE
    if chunk:
        # Pagefind closes an index chunk once it holds this many word positions (default 20000).
        env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(chunk)
    # Pagefind runs in this build's process group: stopping the build stops it too
    # (khuyenhoc.processes); the failpoint lets a test kill the build while it runs.
    with subprocess.Popen(
        [str(binary), "--silent"],
        cwd=site.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        failpoints.reach("search-index")
        stdout, stderr = process.communicate(timeout=900)
    if process.returncode != 0:
        raise RuntimeError((stderr or stdout).strip()[-2000:])


def _cache_dir(settings: dict) -> Path | None:
    """Beside Pelican's own cache (outside output/), like the photos' cache: one for each address
    the site is built for (``SITEURL``). make html and make publish write other pages (relative
    and absolute links): sharing the copies, each made the other's index again from every page."""
    read = SETTINGS.read(settings)
    if not read.CACHE_PATH:
        return None
    root = Path(read.CACHE_PATH).parent / "search"
    for legacy in ("site", "site.json", "index.json", "pagefind.json"):  # before one per address
        path = root / legacy
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return root / hashlib.sha256(read.SITEURL.encode()).hexdigest()[:12]


def _indexed_copy(part: str, word_limit: int, exclude_selectors) -> str:
    """The copy of a page handed to Pagefind: its indexed part (``indexed_part``), repeated words
    capped, đ folded."""
    return fold_d(cap_repeats(part, word_limit, exclude_selectors))


# Change when indexed_part, cap_repeats or fold_d change what they write, so kept copies are not
# reused.
_COPY_VERSION = 4
# Pages per job of the workers that make the copies, and the fewest pages worth starting them.
_PAGES_PER_JOB = 250
_MIN_PAGES_FOR_WORKERS = 500


def copy_pages(pages: list[tuple[str, str, str | None]], word_limit: int, exclude) -> list:
    """For each page (its file, its copy in site/, the hash of the indexed part that copy holds
    or None): the copy brought up to date; whether the page is indexed, and the hash of its
    indexed part. Run by worker processes, a job of ``_PAGES_PER_JOB`` pages each."""
    found = []
    for page, target, known_digest in pages:
        html = Path(page).read_text(encoding="utf-8")
        indexed = "data-pagefind-body" in html
        part = indexed_part(html) if indexed else ""
        digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()
        if known_digest == digest:
            pass  # written again with the same indexed part: its copy is the one in site/
        elif indexed:
            write_atomic(target, _indexed_copy(part, word_limit, exclude))
        else:
            Path(target).unlink(missing_ok=True)
        found.append((indexed, digest))
    return found


def _pages_inside(output, files) -> dict[str, str]:
    """This build's HTML files inside ``output``, by their path relative to it.

    Pelican names each file it writes by the output folder's absolute path and the file's own
    (``sanitised_join``): the relative path is what follows the folder, as given or resolved.
    Resolving each of 7,000 files instead (a system call per folder in its path) took most of a
    second."""
    folders = {os.path.abspath(output), os.path.realpath(output)}
    given = [os.path.join(folder, "") for folder in folders]
    pages = {}
    for name in files:
        name = os.path.abspath(name)
        if not name.endswith(".html"):
            continue
        prefix = next((prefix for prefix in given if name.startswith(prefix)), None)
        if prefix:
            pages[name[len(prefix) :].replace(os.sep, "/")] = name
        else:  # reached through a link: resolved
            path = Path(name).resolve()
            pages[path.relative_to(os.path.realpath(output)).as_posix()] = str(path)
    return pages


class _Staged(NamedTuple):
    """What ``_staged_pages`` brought ``site`` to."""

    count: int  # pages indexed
    size: int  # the bytes of the pages the copies were made from
    record: str  # the record of what ``site`` holds
    # The copies whose indexed part changed or that are new, {path: (old copy or "", new copy)},
    # when the index in the output can be patched for them (``patch_index``): it was made from
    # the copies as they were, no more than _PATCH_LIMIT changed (_KEEP_OLD_LIMIT written again,
    # for the old copies to be read), none left the index, ``SEARCH_PATCH``; else None.
    changed: dict[str, tuple[str, str]] | None


# The most changed pages for which the index is patched rather than made again, and the most
# pages written again for which the copies are read before they are replaced, for a patch.
_PATCH_LIMIT = 20
_KEEP_OLD_LIMIT = 500


def _staged_pages(
    output, files, settings: dict, cache: Path | None, site: Path, bundle: Path, written=None
) -> _Staged:
    """Bring ``site`` to the indexed copies of this build's pages, those of the index at
    ``bundle`` (``written``: see ``build_index``).

    With a cache, ``site`` is kept between builds with a record of each page's size,
    modification time and the hash of its indexed part: a page that was not written again is not
    read again, and a page written again with the same indexed part is not copied again. A new
    article changes every page's side column ("Tin mới"), outside the indexed part: every page is
    read again, and only the new article's copy is prepared (preparing them all took 40 s at
    5,000 articles). No cache of copies by hash beside it: it would grow at every edit. The pages
    to read are shared among ``SEARCH_WORKERS`` processes when there are many (a cold build).
    """
    record_file = site.with_name("site.json")
    read = SETTINGS.read(settings)
    options = repr((_COPY_VERSION, read.SEARCH_WORD_LIMIT, read.SEARCH_EXCLUDE_SELECTORS))
    known: dict = {}
    previous = ""
    if cache:
        try:
            previous = record_file.read_text(encoding="utf-8")
            saved = json.loads(previous)
            if saved.get("options") == options:
                known = saved["pages"]
        except (OSError, ValueError, AttributeError, KeyError):
            known = {}
        record_file.unlink(missing_ok=True)  # saved again once the site matches it
    if not known:  # no record of what site/ holds: start it again
        shutil.rmtree(site, ignore_errors=True)
    # The cache is shared by the builds into other folders (make publish's): the record is this
    # output's only if the index in it was made from the copies it describes.
    from_previous = bool(known) and _IndexMark(cache, bundle, previous, settings).holds()
    if not from_previous:
        written = None
    patchable = from_previous and read.SEARCH_PATCH
    record: dict[str, list] = {}
    todo: list[tuple[str, list, tuple]] = []
    fresh = None if written is None else set(_pages_inside(output, written))
    for relative, path in sorted(_pages_inside(output, files).items()):
        if fresh is not None and relative not in fresh and relative in known:
            record[relative] = known[relative]  # not written since: neither looked at nor read
            continue
        stat = os.stat(path)
        state = [stat.st_size, stat.st_mtime_ns]
        entry = known.get(relative)
        target = site / relative
        kept = entry and (not entry[2] or target.exists())
        if kept and entry[:2] == state:
            record[relative] = entry
            continue
        todo.append((relative, state, (path, str(target), entry[3] if kept else None)))
    pages = [page for _relative, _state, page in todo]
    # The copies as the index was made from them, for a patch: read before they are replaced.
    before = {}
    if patchable and len(todo) <= _KEEP_OLD_LIMIT:
        for relative, _state, (_page, target, digest) in todo:
            if digest and os.path.isfile(target):  # not a page left out of the index
                before[relative] = Path(target).read_text(encoding="utf-8")
    limit, exclude = read.SEARCH_WORD_LIMIT, list(read.SEARCH_EXCLUDE_SELECTORS)
    jobs = [
        (pages[start : start + _PAGES_PER_JOB], limit, exclude)
        for start in range(0, len(pages), _PAGES_PER_JOB)
    ]
    copies = []
    for result in workers.parallel(
        copy_pages, jobs, read.SEARCH_WORKERS, _MIN_PAGES_FOR_WORKERS // _PAGES_PER_JOB
    ):
        if isinstance(result, Exception):
            raise result
        copies += result
    changed: dict[str, tuple[str, str]] | None = {} if patchable else None
    for (relative, state, _page), (indexed, digest) in zip(todo, copies, strict=True):
        record[relative] = [*state, indexed, digest]
        entry = known.get(relative)
        if changed is None or digest == (entry[3] if entry else None):
            continue
        was_indexed = bool(entry and entry[2])
        if indexed and (relative in before or not was_indexed):  # changed, or new ("": none)
            now = (site / relative).read_text(encoding="utf-8")
            changed[relative] = (before.get(relative, ""), now)
        elif indexed or was_indexed:  # its old copy not read, or a page no longer indexed
            changed = None
    for relative, entry in known.items():  # pages this build did not write
        if relative not in record and entry[2]:
            (site / relative).unlink(missing_ok=True)
            changed = None
    if changed is not None and len(changed) > _PATCH_LIMIT:
        changed = None
    saved = json.dumps({"options": options, "pages": record})
    if cache:
        write_atomic(record_file, saved)
    indexed = [entry for entry in record.values() if entry[2]]
    return _Staged(len(indexed), sum(entry[0] for entry in indexed), saved, changed)


def build_index(output: str | Path, files, settings: dict | None = None, written=None) -> int:
    """Index ``files`` (HTML files inside ``output``); returns the number of pages indexed.

    Pagefind's CLI indexes a copy of the pages that carry ``data-pagefind-body``, each with đ
    written as d + U+0335 (its Python API answers one message per 0.1 s: too slow here). The
    copies are kept in the cache (``site/``) and brought up to date, or made in a temporary
    folder without a cache. ``written``, when the caller knows (``khuyenhoc.edit_path``): the
    only ones of ``files`` written since the last index; the others are as its record has them.
    """
    settings = settings or {}
    given, output = output, Path(output).resolve()
    bundle = output / SETTINGS.read(settings).SEARCH_BUNDLE_DIR
    staging = bundle.with_name(bundle.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    cache = _cache_dir(settings)
    # The copies are kept in the cache; without one, in a folder of their own for this index.
    scratch = contextlib.nullcontext() if cache else tempfile.TemporaryDirectory(prefix="pagefind-")
    with scratch as tmp:
        site = (cache / "site") if cache else Path(tmp) / "site"
        staged = _staged_pages(given, files, settings, cache, site, bundle, written)
        count = staged.count
        unchanged = _IndexMark(cache, bundle, staged.record, settings) if cache else None
        if count and unchanged and unchanged.holds():
            return count  # the same pages as the index in the output was made from
        if count and unchanged and staged.changed and _patched(bundle, staged.changed, settings):
            unchanged.save()
            return count
        if count:
            _make_bundle(site, staging, bundle, settings, staged.size)
    if not count:
        shutil.rmtree(bundle, ignore_errors=True)
        return 0
    for name in _UNUSED_BUNDLE_FILES:
        (staging / name).unlink(missing_ok=True)
    old = bundle.with_name(bundle.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    staging.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
    if unchanged:
        unchanged.save()
    return count


def _patched(bundle: Path, changed: dict[str, tuple[str, str]], settings: dict) -> bool:
    """The index in the output brought up to date for the few pages whose copies ``changed``
    (``patch_index``)."""
    try:
        done = patch_index(bundle, changed, lambda site, made: _run_pagefind(site, made, settings))
    except (OSError, RuntimeError, ValueError, KeyError, IndexError, TypeError) as error:
        log.warning(
            "Tìm kiếm: không cập nhật được chỉ mục cho bài vừa sửa (%s); tạo lại toàn bộ.", error
        )
        return False
    if done:
        log.info("Search: the index brought up to date for %d changed pages", len(changed))
    return done


_SCRATCH_PREFIX = "khuyenhoc-pagefind-"


def scratch_root(settings: dict, pages_size: int = 0) -> Path | None:
    """The folder in which Pagefind writes an index first (``SEARCH_SCRATCH_PATH``), or None:
    also when it has less free space than half the bytes of the pages indexed (the index takes
    a quarter: 21 MB for 82 MB of pages at 5,000 articles)."""
    root = SETTINGS.read(settings).SEARCH_SCRATCH_PATH
    if not root or not os.path.isdir(root) or not os.access(root, os.W_OK):
        return None
    space = os.statvfs(root)
    if space.f_bavail * space.f_frsize < pages_size // 2:
        return None
    return Path(root)


def _remove_abandoned(root: Path) -> None:
    """This user's scratch folders of builds whose process is gone: a build killed while
    Pagefind runs leaves one, in memory until the machine restarts. Each is named by its
    process (``khuyenhoc-pagefind-<pid>-<random>``)."""
    for entry in os.scandir(root):
        pid = entry.name.removeprefix(_SCRATCH_PREFIX).partition("-")[0]
        if pid == entry.name or not pid.isdigit():
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:  # gone meanwhile
            continue
        if not psutil.pid_exists(int(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _new_scratch(settings: dict, pages_size: int) -> Path | None:
    """A new scratch folder, this user's alone (in a folder every user can write to, a
    predictable name could be taken first), or None."""
    root = scratch_root(settings, pages_size)
    if root is None:
        return None
    _remove_abandoned(root)
    try:
        return Path(tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=root))
    except OSError:
        return None


def _make_bundle(site: Path, staging: Path, bundle: Path, settings: dict, pages_size: int) -> None:
    """Pagefind's index of ``site`` at ``staging``: made in a scratch folder and brought in,
    or, without one or if Pagefind fails there, made at ``staging`` itself."""
    scratch = _new_scratch(settings, pages_size)
    if scratch:
        try:
            _run_pagefind(site, scratch / "pagefind", settings)
            _bring_in(scratch / "pagefind", staging, bundle)
            return
        except RuntimeError as error:  # Pagefind failed: the scratch folder full, say
            log.warning(
                "Tìm kiếm: Pagefind không ghi được chỉ mục vào %s (%s); làm lại trong %s.",
                scratch.parent,
                error,
                staging.parent,
            )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    _run_pagefind(site, staging, settings)


def _same_bytes(first: str, second: Path) -> bool:
    try:
        if os.stat(first).st_size != second.stat().st_size:
            return False
        with open(first, "rb") as one, second.open("rb") as other:
            return one.read() == other.read()
    except OSError:
        return False


def _bring_in(made: Path, staging: Path, current: Path) -> None:
    """Put Pagefind's index ``made`` at ``staging`` (beside ``current``, the bundle in the
    output): each file with the same name and bytes as one of ``current`` is a hard link to it
    (it never changes in place: bundles are replaced whole, and a patch writes new files), the
    others are copied."""
    for folder, _dirs, names in os.walk(made):
        relative = os.path.relpath(folder, made)
        (staging / relative).mkdir(parents=True, exist_ok=True)
        for name in names:  # Pagefind's unused files too: build_index removes them either way
            source = os.path.join(folder, name)
            existing = current / relative / name
            if _same_bytes(source, existing):
                try:
                    os.link(existing, staging / relative / name)
                    continue
                except OSError:  # a file system without hard links
                    pass
            shutil.copyfile(source, staging / relative / name)


class _IndexMark:
    """What the index in the output was made from: the copies Pagefind read (their record), its
    options and version, and the index's entry file as it was written. When all are the same,
    the index would come out the same: Pagefind is not run again."""

    def __init__(self, cache: Path, bundle: Path, staged: str, settings: dict) -> None:
        read = SETTINGS.read(settings)
        binary = pagefind_binary()
        stat = binary.stat()
        version = [str(binary), stat.st_size, stat.st_mtime_ns]
        options = [staged, read.SEARCH_LANGUAGE, read.SEARCH_CHUNK_SIZE, version]
        self.key = hashlib.sha256(json.dumps(options, default=str).encode()).hexdigest()
        self.file = cache / "index.json"
        self.entry = bundle / "pagefind-entry.json"

    def _state(self) -> dict:
        stat = self.entry.stat()
        return {"key": self.key, "entry": [str(self.entry), stat.st_size, stat.st_mtime_ns]}

    def holds(self) -> bool:
        try:
            return json.loads(self.file.read_text(encoding="utf-8")) == self._state()
        except (OSError, ValueError):
            return False

    def save(self) -> None:
        write_atomic(self.file, json.dumps(self._state()))


def _remember(path, context=None) -> None:
    _written.append(str(path))


def _forget(*_args) -> None:
    _written.clear()
    _deferred.clear()


def _build(pelican) -> None:
    settings = pelican.settings
    files = list(_written)
    _written.clear()
    read = SETTINGS.read(settings)
    if not read.SEARCH_INDEX:
        return
    if read.SEARCH_DEFERRED:
        _deferred[:] = [(settings, files)]
        return
    _index(settings, files)


def _index_edited(pelican, files, written) -> None:
    """``khuyenhoc.edit_path.pages_written``: one page written again (``written``), the index
    made from every page of the site."""
    read = SETTINGS.read(pelican.settings)
    if read.SEARCH_INDEX and not read.SEARCH_DEFERRED:
        _index(pelican.settings, files, written)


def index_deferred() -> bool:
    """Make the index the last build left to make (``SEARCH_DEFERRED``); True if there was one."""
    if not _deferred:
        return False
    settings, files = _deferred.pop()
    _index(settings, files)
    return True


def _index(settings: dict, files: list[str], written: list[str] | None = None) -> None:
    try:
        count = build_index(settings["OUTPUT_PATH"], files, settings, written)
    except Exception as error:  # Pagefind's service reports its own errors as exceptions
        fix = getattr(
            error,
            "fix",
            "chạy lại lệnh; nếu vẫn lỗi, gửi dòng lỗi này cho người quản trị kỹ thuật của trang.",
        )
        print(
            f"LỖI: không tạo được chỉ mục tìm kiếm (Pagefind): {error}\n    Cách sửa: {fix}",
            file=sys.stderr,
        )
        if errors.SETTINGS.read(settings).EDITOR_ERRORS_EXIT:
            raise SystemExit(1) from None
        return
    log.info("Search: %d pages indexed by Pagefind", count)


def register():
    signals.all_generators_finalized.connect(_forget)
    signals.content_written.connect(_remember)
    signals.finalized.connect(_build)
    edit_path.pages_written.connect(_index_edited)
