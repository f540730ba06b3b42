"""Pages whose inputs did not change are not rendered again (``khuyenhoc.Site`` uses it).

Rendering and writing every page was most of a rebuild: an editor who changes one word waited for
thousands of pages. ``PageWriter`` is Pelican's writer with a memory: each call that writes a page
(or the pages of a paginated listing) gets a fingerprint of everything the page can show:
- the site: the settings, the theme's files, the plugins' code and the libraries' versions;
- every article and page of the build, all but their bodies (``_content``): metadata, URLs,
  categories, tags and what plugins added (photos, cards, units, neighbours, related articles…),
  and everything else in the templates' context (the plugins' data, the Số liệu datasets…),
  but a dataclass's fields marked ``metadata={"fingerprint": False}``: what is described anyway
  (a unit's articles);
- the body of the page's own article or page (``article``, ``page``): no template shows the
  body of another one (the feeds do, and Pelican writes them apart, every time).
A page whose fingerprint is the one recorded when the same file was last written, and whose file
is still there as written (size and modification time), is not rendered: Pelican's
``content_written`` signal is still sent for it, so the search index and the sitemap see it.

So one word changed in one body renders one page; a new article or a changed title changes the
site's part and renders everything, as before. Anything the fingerprint cannot describe in a
stable way (an object without a data representation) is written with its type and id, which
differ on every build: the page is then always rendered, never stale.

Each page's file is replaced in one step (``make serve`` serves the folder while it is built),
written over a spare, an old version of a page, when the last build wrote it (``files.SpareFiles``,
in ``spare/`` beside the record): a new article writes every page again, and renaming new files
over the old ones took 6.5 s of it at 5,000 articles, 3.3 s with spares.

The record (``pages.json`` beside Pelican's cache) is removed when a build starts writing and
written again, atomically, once every page is written: a build that stops half-way leaves no
record, and the next one renders everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import types
from importlib import metadata
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.writers import FileOverwriteFailedError, Writer

from .files import ReplacedOnClose, SpareFiles, write_atomic
from .uptodate import NOT_OUTPUT

__all__ = ["PageWriter", "site_fingerprint"]

RECORD_FILE = "pages.json"
RECORD_VERSION = 2
# Context entries that are not shown by any page: lookups by source path (their objects are
# described once each, in the lists of articles and pages) and Pelican's bookkeeping.
_NOT_SHOWN = {"generated_content", "static_content", "static_links", "localsiteurl"}
_BODY_KEYS = ("article", "page")
_LIBRARIES = ("pelican", "Jinja2", "Markdown", "babel", "typogrify", "MarkupSafe")


def _tree_state(root: Path, digest) -> None:
    """Name, size and modification time of every file under ``root``."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())


def site_fingerprint(settings: dict) -> str:
    """The settings, the theme, the plugins' code, the libraries' versions."""
    digest = hashlib.sha256(f"v{RECORD_VERSION}".encode())
    _hash_json(digest, {k: v for k, v in settings.items() if k not in NOT_OUTPUT})
    _tree_state(Path(settings["THEME"]), digest)
    for folder in settings.get("PLUGIN_PATHS") or []:
        _tree_state(Path(folder), digest)
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\n".encode())
    return digest.hexdigest()


def _described_fields(value) -> list[dataclasses.Field]:
    """A dataclass's fields but those marked ``metadata={"fingerprint": False}``: data derived
    from what the fingerprint describes anyway (a unit's articles: each article names its unit,
    and every article is described). A unit described in each of its articles listed all of them:
    a third of the references the descriptions wrote at 5,000 articles."""
    return [f for f in dataclasses.fields(value) if f.metadata.get("fingerprint", True)]


def _describe(value):
    """``json.dumps``'s ``default``: what an object that JSON does not know shows, as JSON.

    A content object is named by its source path (each is described once, by ``_contents``).
    """
    if isinstance(value, Content):
        return f"<{type(value).__name__} {value.source_path}>"
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.slug, value.url]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f"<{type(value).__name__} {value.isoformat()} {getattr(value, 'tzinfo', None)!s}>"
    if isinstance(value, dt.tzinfo):
        return f"<tz {value!s}>"
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, types.ModuleType):
        return f"<module {value.__name__}>"
    if isinstance(value, os.PathLike):
        return f"<path {os.fspath(value)}>"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in _described_fields(value)}
        return [type(value).__qualname__, fields]
    if callable(value) or isinstance(value, type):
        name = getattr(value, "__qualname__", None) or type(value).__qualname__
        return f"<code {getattr(value, '__module__', '')}.{name}>"
    if hasattr(value, "pattern"):  # a compiled regular expression
        return f"<re {value.pattern!r}>"
    if hasattr(value, "__dict__"):
        return [type(value).__qualname__, vars(value)]
    return f"<{type(value).__qualname__} {id(value)} {os.getpid()}>"  # always rendered


_CONTENT_SKIPPED = ("_content", "_context", "settings")


def _contents(values) -> list:
    """The content objects among ``values`` and one level inside them (lists, dicts, the
    (category, articles) pairs of Pelican's context), each once."""
    found: dict[int, Content] = {}

    def visit(value, depth: int) -> None:
        if isinstance(value, Content):
            found.setdefault(id(value), value)
        elif depth and isinstance(value, (list, tuple)):
            for item in value:
                visit(item, depth - 1)
        elif depth and isinstance(value, dict):
            for item in value.values():
                visit(item, depth - 1)

    for value in values:
        visit(value, 3)
    return sorted(found.values(), key=lambda c: (type(c).__name__, c.source_path or ""))


def _hash_json(digest, value) -> None:
    """``value`` as JSON into ``digest``; by ``_feed`` when JSON cannot say it (keys of other
    types than text and numbers, a cycle)."""
    try:
        text = json.dumps(value, default=_describe, ensure_ascii=False)
    except (TypeError, ValueError):
        _feed(digest, value, set(), top=False)
        return
    digest.update(text.encode("utf-8", "surrogatepass"))


def _hash_content(digest, content: Content) -> None:
    """A content object whole, but its body."""
    digest.update(f"<{type(content).__name__} {content.source_path}>".encode())
    _hash_json(digest, {k: v for k, v in vars(content).items() if k not in _CONTENT_SKIPPED})


def _feed(digest, value, seen: set[int], top: bool) -> None:
    """Describe ``value`` into ``digest``: the same data, the same bytes, in any process
    (slower than ``_hash_json``, which falls back to it).

    A content object is described whole (but its body) where ``top`` is true, the context's
    lists of articles and pages; elsewhere by its source path alone.
    """
    update = digest.update
    if value is None or isinstance(value, (bool, int, float)):
        update(repr(value).encode())
    elif isinstance(value, str):  # Markup included
        update(f"s{len(value)}:".encode())
        update(value.encode("utf-8", "surrogatepass"))
    elif isinstance(value, bytes):
        update(b"b%d:" % len(value) + value)
    elif isinstance(value, Content):
        update(f"<{type(value).__name__} {value.source_path}".encode())
        if top and id(value) not in seen:
            seen.add(id(value))
            for key in sorted(value.__dict__):
                if key not in _CONTENT_SKIPPED:
                    update(f" {key}=".encode())
                    _feed(digest, value.__dict__[key], seen, top=False)
        update(b">")
    elif isinstance(value, URLWrapper):
        update(f"<{type(value).__name__} {value.name} {value.slug} {value.url}>".encode())
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        update(
            f"<{type(value).__name__} {value.isoformat()} {getattr(value, 'tzinfo', None)!s}>".encode()
        )
    elif isinstance(value, dt.tzinfo):
        update(f"<tz {value!s}>".encode())
    elif isinstance(value, dict):
        update(b"{")
        for key in sorted(value, key=repr):
            _feed(digest, key, seen, top=False)
            update(b":")
            _feed(digest, value[key], seen, top=top)
        update(b"}")
    elif isinstance(value, (list, tuple)):
        update(b"[")
        for item in value:
            _feed(digest, item, seen, top=top)
            update(b",")
        update(b"]")
    elif isinstance(value, (set, frozenset)):
        update(b"(")
        for item in sorted(value, key=repr):
            _feed(digest, item, seen, top=False)
            update(b",")
        update(b")")
    elif isinstance(value, types.ModuleType):
        update(f"<module {value.__name__}>".encode())
    elif isinstance(value, os.PathLike):
        update(f"<path {os.fspath(value)}>".encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        update(f"<{type(value).__qualname__}".encode())
        for field in _described_fields(value):
            update(f" {field.name}=".encode())
            _feed(digest, getattr(value, field.name), seen, top=False)
        update(b">")
    elif callable(value) or isinstance(value, type):
        name = getattr(value, "__qualname__", None) or type(value).__qualname__
        update(f"<code {getattr(value, '__module__', '')}.{name}>".encode())
    elif hasattr(value, "pattern"):  # a compiled regular expression
        update(f"<re {value.pattern!r}>".encode())
    elif hasattr(value, "__dict__") and id(value) not in seen:
        seen.add(id(value))
        update(f"<{type(value).__qualname__}".encode())
        _feed(digest, vars(value), seen, top=False)
        update(b">")
    else:  # nothing stable to say: a new description every build, so always rendered
        update(f"<{type(value).__qualname__} {id(value)} {os.getpid()}>".encode())


class PageWriter(Writer):
    """Pelican's writer, which does not render a page whose inputs have not changed."""

    def __init__(self, output_path, settings, record_path: Path, previous: dict) -> None:
        super().__init__(output_path, settings=settings)
        self.record_path = record_path
        self.previous = previous
        self.current: dict[str, dict] = {}
        self.site = site_fingerprint(settings)
        self.context_digest: str | None = None
        self.context_id: int | None = None
        self.content_digests: dict[int, tuple[Content, bytes]] = {}
        self.list_digests: dict[int, tuple[list, int, str]] = {}
        self.entry_digests: dict[int, tuple[list, int, str]] = {}
        self.opened: list[str] = []
        # Spares for the files of a page the last build wrote (a new page's files are new: no
        # spare, and no look for an old file, which costs in a cold build's new folders).
        self.replacing: SpareFiles | None = None
        self.rendered = 0
        self.kept = 0
        self.spares = SpareFiles(record_path.parent.parent / "spare")
        record_path.unlink(missing_ok=True)  # restored only when every page is written

    def _context_fingerprint(self, context: dict) -> str:
        """The context, entry by entry. Pelican gives each archive page a copy of the context
        that differs in one entry: the long lists they share are described once per build."""
        if self.context_id != id(context):
            digest = hashlib.sha256(self.site.encode())
            for key in sorted(context):
                if key not in _NOT_SHOWN:
                    digest.update(f"\n{key}=".encode())
                    digest.update(self._entry_digest(context[key]).encode())
            self.context_digest, self.context_id = digest.hexdigest(), id(context)
        return self.context_digest

    def _entry_digest(self, value) -> str:
        """One entry of the context: the content objects in it described whole (but their
        bodies), then the entry as JSON. A list or tuple is described once per build (the same
        object, of the same length), as ``_list_digest`` does."""
        if isinstance(value, (list, tuple)):
            known = self.entry_digests.get(id(value))
            if known is not None and known[0] is value and known[1] == len(value):
                return known[2]
        digest = hashlib.sha256()
        for content in _contents([value]):
            digest.update(self._content_digest(content))
        _hash_json(digest, value)
        if isinstance(value, (list, tuple)):
            self.entry_digests[id(value)] = (value, len(value), digest.hexdigest())
        return digest.hexdigest()

    def _content_digest(self, content: Content) -> bytes:
        """Each content object is described once per build (generators share them, not their
        contexts)."""
        known = self.content_digests.get(id(content))
        if known is None or known[0] is not content:
            digest = hashlib.sha256()
            _hash_content(digest, content)
            known = self.content_digests[id(content)] = (content, digest.digest())
        return known[1]

    def _list_digest(self, items: list) -> str:
        """A long list given to many pages (every article, to every article's page): described
        once per build, not once per page."""
        known = self.list_digests.get(id(items))
        if known is None or known[0] is not items or known[1] != len(items):
            digest = hashlib.sha256()
            _hash_json(digest, items)
            known = self.list_digests[id(items)] = (items, len(items), digest.hexdigest())
        return known[2]

    def _fingerprint(self, name, template, context, kwargs, extra) -> str:
        digest = hashlib.sha256(self._context_fingerprint(context).encode())
        shown = {
            key: self._list_digest(value) if isinstance(value, list) and len(value) > 32 else value
            for key, value in kwargs.items()
        }
        _hash_json(digest, [name, template.name, extra, shown])
        for key in _BODY_KEYS:
            value = kwargs.get(key)
            if isinstance(value, Content):
                digest.update(self._content_digest(value))
                _hash_json(digest, value._content)
        return digest.hexdigest()

    def _open_w(self, filename, encoding, override=False):
        """Pelican's checks, but the file is replaced in one rename once written: the preview
        server serves the folder while a build writes it, and never sends half a page."""
        self.opened.append(filename)
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}": already written')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return ReplacedOnClose(filename, self.replacing)

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name:
            return super().write_file(name, template, context, **kwargs)
        extra = [relative_urls, sorted(paginated or []), template_name, override_output, url]
        fingerprint = self._fingerprint(name, template, context, kwargs, extra)
        known = self.previous.get(name)
        if known and known["fingerprint"] == fingerprint and self._unchanged(known["files"]):
            self._keep(name, known, context, kwargs)
            return None
        self.opened = []
        self.replacing = self.spares if known else None
        try:
            result = super().write_file(
                name,
                template,
                context,
                relative_urls=relative_urls,
                paginated=paginated,
                template_name=template_name,
                override_output=override_output,
                url=url,
                **kwargs,
            )
        finally:
            self.replacing = None  # the feeds are written apart
        files = []
        for path in self.opened:
            if path != os.devnull:
                stat = os.stat(path)
                files.append([path, stat.st_size, stat.st_mtime_ns])
        self.current[name] = {"fingerprint": fingerprint, "files": files}
        self.rendered += 1
        return result

    @staticmethod
    def _unchanged(files) -> bool:
        for path, size, mtime_ns in files:
            try:
                stat = os.stat(path)
            except OSError:
                return False
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                return False
        return True

    def _keep(self, name, known, context, kwargs) -> None:
        """The page as the last build wrote it: noted, and announced as Pelican would."""
        self.current[name] = known
        self.kept += 1
        localcontext = None
        for path, _size, _mtime in known["files"]:
            if path in self._written_files:
                continue
            self._written_files.add(path)
            if localcontext is None:
                localcontext = {**context, "output_file": name, **kwargs}
            signals.content_written.send(path, context=localcontext)

    def save(self) -> None:
        """Record what this build wrote (call once every page is written)."""
        write_atomic(self.record_path, json.dumps(self.current))
        self.spares.trim(sum(len(known["files"]) for known in self.current.values()))


def record_path(settings: dict) -> Path:
    """One record per output folder, beside Pelican's cache (outside the output)."""
    output = os.path.realpath(settings["OUTPUT_PATH"])
    name = hashlib.sha256(output.encode()).hexdigest()[:16]
    return Path(settings["CACHE_PATH"]).resolve().parent / "pages" / f"{name}.json"


def load_record(path: Path) -> dict:
    """The pages the last complete build wrote; a missing or damaged record is empty."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
