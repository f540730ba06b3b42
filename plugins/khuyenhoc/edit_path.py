"""One article's text edited: ``make html`` writes its page, the feeds and the search index from the
last build's state, instead of building the whole site.

At 5,000 articles a build after a one-word edit read every article again, ran every plugin and
looked at every page to write one (8 s, most of it not the page). When the only input that changed
since the last complete build into the same folder is one article's or page's Markdown file
(``khuyenhoc.uptodate`` tells, file by file), and reading it again gives everything but its text as
that build had it (``khuyenhoc.edited_first``: the header, the photos; here also every other value
read with it, and its summary), then no other page changes: no template shows another page's
body (``khuyenhoc.incremental`` describes the pages that way), except the feeds.

What the last complete ``make html`` build had read is kept for this (``request`` and ``save``):
its articles' and pages' generators and the templates' context, pickled beside its ``uptodate``
record, with that record's fingerprint (28.8 MB at 5,000 articles, 0.3-0.4 s). ``run`` then, in
a new process:
- marks the page in ``incremental``'s record (the next whole build writes it again);
- writes the page (``edited_first``), and the feeds when an article changed;
- has the search index made again (``pages_written``: the search plugin listens);
- notes the new text beside the state (``.edits``: a few kilobytes, not the state again), with
  the fingerprint of the build the state and its edits now make.
``make publish`` keeps no state (``scripts/build.py --no-state``): it builds a new folder each time.
Anything it cannot tell, or any failure, and the whole site is built, as before; a page written
by then is written again by that build.
"""

from __future__ import annotations

import importlib
import json
import logging
import pickle
import sys
import threading
from pathlib import Path

from blinker import signal

from . import long_lived

# Pelican and the modules that import it are imported where they are used: ``make html``
# imports this module to ask for a state, and with nothing changed it does not import Pelican.

__all__ = [
    "forget",
    "pages_written",
    "request",
    "restored",
    "restoring",
    "run",
    "save",
    "state_path",
]

logger = logging.getLogger(__name__)

STATE_VERSION = 1
# Generators' attributes that are not content: made again by each generator.
_NOT_STATE = {"env", "readers", "context", "settings", "_templates"}
# Read again, these may differ: the text, and what is shared with the build that reads it.
_TEXT = {"_content", "_context", "settings"}

# Sent once a state is loaded (sender: the generators): a plugin that keeps what a build worked
# out outside the contents (the Số liệu page's address) works it out again.
restored = signal("khuyenhoc.edit_path.restored")
# Sent once the page is written (sender: the Site; ``files``: every page of the site, as a whole
# build writes them; ``written``: the edited one's files, the only ones written since the last
# whole build): the search index is made again.
pages_written = signal("khuyenhoc.edit_path.pages_written")

_requested: list[tuple[Path, str]] = []
_restoring: list[bool] = []


def state_path(record_path: Path) -> Path:
    """Beside the ``uptodate`` record of the same output folder."""
    return record_path.with_suffix(".state")


def forget(path: Path) -> None:
    """A whole build into the folder starts: its state, and the edits noted beside it, go."""
    path.unlink(missing_ok=True)
    _edits_path(path).unlink(missing_ok=True)


def request(path: Path, fingerprint: str) -> None:
    """The whole build about to run keeps its state at ``path`` once complete (``Site.run``)."""
    _requested[:] = [(path, fingerprint)]


def save(generators) -> None:
    """Called by ``khuyenhoc.Site`` once a build is complete: its state, if one was requested."""
    if not _requested:
        return
    path, fingerprint = _requested.pop()
    _write_state(path, fingerprint, generators)


def _write_state(path: Path, fingerprint: str, generators) -> None:
    from pelican.generators import ArticlesGenerator, PagesGenerator

    from .files import write_atomic

    # The articles' and the pages' generators: they write the pages of Markdown files. What the
    # others found is in the context too.
    kept = [g for g in generators if isinstance(g, (ArticlesGenerator, PagesGenerator))]
    state = {
        "version": STATE_VERSION,
        "fingerprint": fingerprint,
        "context": generators[0].context,
        "generators": [(type(g).__module__, type(g).__qualname__, _attributes(g)) for g in kept],
    }
    try:
        data = _deep(lambda: pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # something a plugin keeps cannot be pickled: no fast path
        logger.debug("edit path: state not kept", exc_info=True)
        forget(path)
        return
    write_atomic(path, data)
    _edits_path(path).unlink(missing_ok=True)


def _edits_path(path: Path) -> Path:
    return path.with_suffix(".edits")


def _write_edits(path: Path, state: dict, relative: str, text: str, fingerprint: str) -> None:
    """The texts edited since the state was saved, and the fingerprint of the build they make:
    a few kilobytes written after an edit, instead of the whole state again."""
    from .files import write_atomic

    edits = {
        "state": state["fingerprint"],
        "fingerprint": fingerprint,
        "texts": {**state["texts"], relative: text},
    }
    write_atomic(_edits_path(path), json.dumps(edits, ensure_ascii=False))


def _read_edits(path: Path, state: dict) -> tuple[str, dict]:
    """The fingerprint of the build the state and its edits make, and the edited texts."""
    try:
        edits = json.loads(_edits_path(path).read_text(encoding="utf-8"))
        if edits["state"] == state["fingerprint"]:
            return edits["fingerprint"], dict(edits["texts"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return state["fingerprint"], {}


def _attributes(generator) -> dict:
    return {k: v for k, v in vars(generator).items() if k not in _NOT_STATE}


def _deep(function):
    """``function()`` in a thread with room for deep recursion: every article links to its
    neighbours, so pickling one follows the chain through the whole site."""
    result: dict = {}

    def call():
        try:
            result["value"] = function()
        except BaseException as error:  # re-raised in the caller's thread
            result["error"] = error

    limit = sys.getrecursionlimit()
    size = threading.stack_size()
    sys.setrecursionlimit(max(limit, 1_000_000))
    threading.stack_size(1 << 29)  # address space; pages are used only as deep as it goes
    try:
        thread = threading.Thread(target=call)
        thread.start()
    finally:
        threading.stack_size(size)
    thread.join()
    sys.setrecursionlimit(limit)
    if "error" in result:
        raise result["error"]
    return result["value"]


def _unpickled(data: bytes):
    with long_lived.collector_paused():  # hundreds of thousands of objects
        return pickle.loads(data)


def _load(path: Path, fingerprint: str) -> dict | None:
    try:
        data = path.read_bytes()
        state = _deep(lambda: _unpickled(data))
    except Exception:  # missing, damaged, another version's classes: a miss
        logger.debug("edit path: no state", exc_info=True)
        return None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return None
    made, texts = _read_edits(path, state)
    if made != fingerprint:
        return None
    generated = state["context"]["generated_content"]
    for relative, text in texts.items():
        if relative not in generated:
            return None
        generated[relative]._content = text
    state["texts"] = texts
    return state


def _generators(site, state: dict) -> list:
    """The generators of the state, made again. Pelican's content cache is neither loaded (only
    the edited file is read, and it changed) nor saved (the next whole build saves its own)."""
    settings = {**site.settings, "LOAD_CONTENT_CACHE": False, "CACHE_CONTENT": False}
    generators = []
    _restoring.append(True)
    try:
        for module, name, attributes in state["generators"]:
            cls = getattr(importlib.import_module(module), name)
            generator = cls(
                context=state["context"],
                settings=settings,
                path=site.path,
                theme=site.theme,
                output_path=site.output_path,
            )
            vars(generator).update(attributes)
            generators.append(generator)
    finally:
        _restoring.clear()
    return generators


def restoring() -> bool:
    """True while the generators of a state are made again: the content folder is the last
    complete build's but for one file's text (its checks of the folder need not run again)."""
    return bool(_restoring)


def _only_text_changed(edited) -> bool:
    """Everything read with the file is what the last build had but its text, and so is its
    summary (the text's start, when the header gives none)."""
    old, new = vars(edited.old), vars(edited.new)
    for name, value in new.items():
        if name in _TEXT or name not in old:
            continue
        if value is not old[name] and value != old[name]:
            return False
    return edited.new.summary == edited.old.summary


def run(site, changed: str, state_file: Path, fingerprint: str, new_fingerprint: str) -> bool:
    """Write what an edit of the file ``changed`` (absolute) changes, from the state at
    ``state_file`` of the build of ``fingerprint``; True when done. ``site``: the Site of this
    build's settings (not run)."""
    from pelican.generators import ArticlesGenerator

    from . import edited_first, incremental, read_ahead
    from .files import write_atomic

    state = _load(state_file, fingerprint)
    if state is None:
        return False
    long_lived.keep_read()  # the state lives until the process ends
    generators = _generators(site, state)
    read_ahead.stop()
    site.last_build = generators
    restored.send(generators)
    edited = edited_first.find_edited(site, [changed])
    if edited is None or not _only_text_changed(edited):
        return False
    record_file = incremental.record_path(site.settings)
    record = incremental.load_record(record_file)
    name = edited.call[0]
    if name not in record:  # the last build did not write that page
        return False
    # A fingerprint no page has, recorded before the page is written: the next whole build
    # writes it again.
    record[name] = {"fingerprint": "edited", "files": record[name]["files"]}
    write_atomic(record_file, json.dumps(record))
    edited_first.write_edited(edited)
    vars(edited.old).update(vars(edited.new))  # the feeds show the new text
    if isinstance(edited.generator, ArticlesGenerator):  # the feeds show the newest articles' text
        edited.generator.generate_feeds(
            edited_first.PageWriter(site.output_path, settings=site.settings)
        )
    files = [path for page in record.values() for path, _size, _mtime in page["files"]]
    written = [path for path, _size, _mtime in record[name]["files"]]
    pages_written.send(site, files=files, written=written)
    _write_edits(state_file, state, edited.relative, edited.new._content, new_fingerprint)
    return True
