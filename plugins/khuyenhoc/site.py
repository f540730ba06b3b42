"""The site's Pelican: ``PELICAN_CLASS = "khuyenhoc.Site"`` in pelicanconf.py.

- Pelican logs a plugin it cannot import or register and builds the site without it, exit status
  0: a site without its checks or its photos would be published. Here a plugin that cannot load
  stops the build, with a message in Vietnamese.
- Pelican's content cache is written atomically and a corrupt one is a miss
  (``khuyenhoc.pelican_cache``).
- Content URLs are worked out from the fields their patterns name, and once per object while the
  pages are written (``khuyenhoc.content_urls``).
- A cold build reads half of the articles in a second process (``khuyenhoc.read_ahead``).
- A tag's, a category's or an author's articles answer ``in`` at once (``khuyenhoc.listings``):
  Pelican asks it of every article for every listing.
- What a build has read is left out of the cycle collector's walks until the next build starts
  (``khuyenhoc.long_lived``).
- SIGTERM or Ctrl+C stops the build with every process it started (``khuyenhoc.processes``).
- ``check()`` reads and checks all content, as a build does, and writes nothing (``make check``);
  ``writing()`` tells a plugin whether a build or a check is reading (a build's cards are drawn
  from the moment they are planned).
- Only the pages whose inputs changed since the last complete build are written
  (``khuyenhoc.incremental``): a word changed in one article renders that article's page.
- A complete build is kept (``last_build``: its generators) until the next one starts: the preview
  server writes an edited article's page from it first (``khuyenhoc.edited_first``); ``make html``
  keeps it on disk, for an edit of one article's text (``khuyenhoc.edit_path``).
- The templates are compiled once and kept, by their source, beside Pelican's cache (Jinja's
  bytecode cache, in a folder named by the Jinja options and version): every build compiled them
  again, a tenth of an edit's build at 5,000 articles.
- A complete build tells ``khuyenhoc.uptodate`` so, and until when it holds (the first scheduled
  article's moment): the next build with the same inputs is not run.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sys
from pathlib import Path

import jinja2
from pelican import Pelican, signals

from . import (
    content_urls,
    edit_path,
    failpoints,
    incremental,
    listings,
    long_lived,
    pelican_cache,
    read_ahead,
    uptodate,
    workers,
)
from .processes import stopping_children

__all__ = ["Site", "writing"]

logger = logging.getLogger(__name__)


class Site(Pelican):
    last_build: list | None = None  # the generators of the last complete build

    def __init__(self, settings):
        pelican_cache.install()
        content_urls.install()
        super().__init__(settings)
        self._connect_signals()

    def init_plugins(self):
        wanted = [p for p in self.settings.get("PLUGINS") or [] if isinstance(p, str)]
        super().init_plugins()
        loaded = set(self.settings.get("PLUGINS") or [])
        missing = [name for name in wanted if name not in loaded]
        if missing:
            names = ", ".join(missing)
            print(
                f"LỖI: không nạp được plugin {names} (xem dòng lỗi tiếng Anh ở trên). Trang web "
                "không được dựng thiếu plugin.\n"
                "    Cách sửa: chạy lại 'make html' để cài đủ thư viện; nếu vẫn lỗi, kiểm tra "
                "danh sách PLUGINS trong pelicanconf.py hoặc báo người quản trị kỹ thuật.",
                file=sys.stderr,
            )
            raise SystemExit(1)

    def run(self):
        self._page_writer = None
        self.last_build = None  # its memory is the new build's
        _due.clear()
        _generators.clear()
        content_urls.forget()
        long_lived.build_starts()
        _building.append(self)
        try:
            with _helpers_stopped():
                super().run()
        finally:
            _building.remove(self)
            content_urls.forget()
        self.last_build = _generators[:]
        _generators.clear()
        self._save_page_record()
        edit_path.save(self.last_build)
        uptodate.note_complete(min(_due, default=None))

    def check(self) -> list:
        """Read and check all content as ``run()`` does, with every plugin, and write nothing: no
        writer, no search index. The editors' errors stop it as they stop a build. Returns the
        generators (also kept in ``self.generators`` when the errors stopped it)."""
        long_lived.build_starts()
        context = self.settings.copy()
        context.update(
            generated_content={},
            static_links=set(),
            static_content={},
            localsiteurl=self.settings["SITEURL"],
        )
        self.generators = [
            cls(
                context=context,
                settings=self.settings,
                path=self.path,
                theme=self.theme,
                output_path=self.output_path,
            )
            for cls in self._get_generator_classes()
        ]
        with _helpers_stopped():
            for generator in self.generators:
                if hasattr(generator, "generate_context"):
                    generator.generate_context()
                if hasattr(generator, "check_disabled_readers"):
                    generator.check_disabled_readers()
            signals.all_generators_finalized.send(self.generators)
        content_urls.forget()  # nothing is written
        return self.generators

    # -- pages whose inputs did not change are not rendered again -----------------------------

    def _get_writer(self):
        if any(isinstance(w, type) for _, w in signals.get_writer.send(self)):
            return super()._get_writer()  # a plugin's writer: used as Pelican would
        path = incremental.record_path(self.settings)
        self._page_writer = incremental.PageWriter(
            self.output_path, self.settings, path, incremental.load_record(path)
        )
        return self._page_writer

    def _save_page_record(self):
        writer = self._page_writer
        if writer is not None:  # the whole build succeeded
            writer.save()
            logger.info("Trang: dựng %d, giữ nguyên %d (không đổi).", writer.rendered, writer.kept)

    def _connect_signals(self):
        signals.content_object_init.connect(_reached_reading)
        signals.content_written.connect(_reached_writing)
        signals.article_generator_finalized.connect(_note_scheduled)
        signals.article_generator_finalized.connect(listings.index_listings)
        signals.all_generators_finalized.connect(_note_generators)
        signals.all_generators_finalized.connect(content_urls.remember)
        signals.article_generator_finalized.connect(long_lived.keep_read)
        signals.all_generators_finalized.connect(long_lived.keep_read)
        signals.article_generator_init.connect(read_ahead.start_on_first_read)
        signals.article_generator_pretaxonomy.connect(read_ahead.stop)
        signals.generator_init.connect(_keep_compiled_templates)


def _keep_compiled_templates(generator) -> None:
    settings = generator.settings
    jinja_options = sorted(settings.get("JINJA_ENVIRONMENT", {}).items())
    options = uptodate.stable_repr((jinja2.__version__, jinja_options))
    if options is None:  # an option that is an object: no name that stays the same
        return
    name = hashlib.sha256(options.encode()).hexdigest()[:16]
    folder = Path(settings["CACHE_PATH"]).parent / "templates" / name
    folder.mkdir(parents=True, exist_ok=True)
    # Written to a temporary file and renamed; an unreadable entry is compiled again.
    generator.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


@contextlib.contextmanager
def _helpers_stopped():
    """A build or a check: SIGTERM and Ctrl+C stop every process it started; however it ends,
    the jobs of its worker processes not started yet are dropped (an editor's error stops it
    before it asks for their results) and its second reader is stopped."""
    with stopping_children():
        try:
            yield
        finally:
            workers.cancel_all()
            read_ahead.stop()


# The Site whose run() is under way: a build, which writes (check() does not).
_building: list = []


def writing() -> bool:
    """True while a ``Site`` builds (``run()``), from reading to the end, and not while it only
    checks: a plugin may start work for the output before Pelican asks for its writer."""
    return bool(_building)


# The generators of the build that is running (Pelican does not keep them).
_generators: list = []


def _note_generators(generators):
    _generators[:] = generators


# When the first scheduled article is due (a POSIX time): a build holds until then.
_due: list[float] = []


def _note_scheduled(generator):
    for article in getattr(generator, "drafts", ()):
        moment = getattr(article, "publish_from", None)
        if moment is not None:
            _due.append(moment.timestamp())


def _reached_reading(_content):
    failpoints.reach("reading")


def _reached_writing(_path, context=None):
    failpoints.reach("writing")
