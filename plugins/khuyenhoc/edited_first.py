"""The edited page first: under ``make serve``, a saved change to an article's text shows at once.

A save in the preview waited for the whole site before the page reloaded: 18 s at 5,000
articles, though one page changed. ``render_edited`` writes the page of the one article or page
whose text changed, with everything else as the last build of the same process left it; the
preview server then reloads that page and builds the whole site as before (the lists, the feeds
and the search index follow). The page reloads a second time only if the full build wrote it
differently (``scripts/serve.py`` compares the page's bytes).

It writes a page only where the full build would write the same one:
- the last build in this process succeeded (``Site.last_build``);
- exactly one file changed, a Markdown file that build read;
- its header is unchanged (the same metadata: title, date, kind, tags, slug, status…), and so are
  its photos: what other pages show of it, and what was made for it, are what they were;
- reading it again reported no mistake (the full build reports it, with the file and the line).
Otherwise it writes nothing, and the full build shows the change as before.

What plugins add while a file is read (figures, photos, checks) comes from reading it again; a
plugin that finishes contents once all are read (the statistics boxes) listens to ``reread``.
What plugins add later (neighbours, related articles, the unit, the card) is the last build's.
Nothing is sent to the build's signals: no search index, sitemap or card sees this page; the
full build that follows does.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import partial

from blinker import signal
from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import sanitised_join
from pelican.writers import Writer

from . import errors
from .files import ReplacedOnClose

__all__ = ["Edited", "PageWriter", "find_edited", "render_edited", "reread", "write_edited"]

logger = logging.getLogger(__name__)

# Sent with an article or page read again outside a build (sender: the content object), once it
# is read: a plugin that finishes every content object when all are read finishes this one.
reread = signal("khuyenhoc.reread")


def render_edited(site, changed) -> str | None:
    """Write the page of the one edited article or page among the files ``changed`` (absolute
    paths), as the module says; the file written, or None when it wrote nothing."""
    found = find_edited(site, changed)
    if found is None:
        return None
    try:
        return write_edited(found)
    except Exception:  # never in the editor's way: the full build follows and says what is wrong
        logger.debug("the edited page first: not written", exc_info=True)
        return None


def find_edited(site, changed) -> Edited | None:
    """The one edited article or page among ``changed`` read again, and the call that writes its
    page, when the module's conditions hold; else None."""
    generators = getattr(site, "last_build", None)
    if not generators or len(changed) != 1:
        return None
    (path,) = changed
    root = os.path.realpath(site.settings["PATH"])
    relative = os.path.relpath(os.path.realpath(path), root)
    if not relative.endswith(".md") or relative.startswith(os.pardir):
        return None
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    old = articles.context["generated_content"].get(relative)
    if not isinstance(old, (Article, Page)):
        return None
    generator = articles if isinstance(old, Article) else pages
    try:
        new = _read_again(generator, old, relative)
        if new is None:
            return None
        calls = _page_calls(generator, old)
        if len(calls) != 1:
            return None
        return Edited(generator, calls[0], old, new, relative)
    except Exception:  # never in the editor's way: the full build follows and says what is wrong
        logger.debug("the edited page first: not read", exc_info=True)
        return None


@dataclass
class Edited:
    """An edited article or page read again: its generator, the writer's call for its page, the
    last build's object and the new one (which carries what plugins added to the old one), and
    its file's path in the content folder."""

    generator: object
    call: tuple
    old: Content
    new: Content
    relative: str


def _read_again(generator, old, relative: str):
    """The file read again, finished as the last build finished ``old``; None if that would not
    give the page the full build writes."""
    with errors.set_aside() as reported:
        new = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=type(old),
            context=generator.context,
        )
        reread.send(new)
    if reported or not new.is_valid():
        return None
    new.refresh_metadata_intersite_links()
    if new.metadata != old.metadata or _photos(new) != _photos(old):
        return None
    for name, value in vars(old).items():
        if name not in vars(new):  # added after reading: neighbours, related articles, card…
            setattr(new, name, value)
    return new


def _photos(content) -> list:
    return [(photo.source, photo.crops) for photo in getattr(content, "photos", [])]


class _Calls:
    """Stands in for Pelican's writer: notes the pages whose template is given ``content``."""

    def __init__(self, content) -> None:
        self.content = content
        self.found: list[tuple] = []

    def write_file(self, name, template, context, **kwargs):
        if any(value is self.content for value in kwargs.values()):
            self.found.append((name, template, context, kwargs))


def _page_calls(generator, content) -> list[tuple]:
    """What the generator gives the writer for ``content``'s own page, as a build would."""
    calls = _Calls(content)
    if isinstance(generator, ArticlesGenerator):
        write = partial(calls.write_file, relative_urls=generator.settings["RELATIVE_URLS"])
        generator.generate_articles(write)
        generator.generate_drafts(write)
    else:
        generator.generate_output(calls)
    return calls.found


class PageWriter(Writer):
    """Pelican's writer, but each file is replaced in one rename: the preview server may be
    sending that page while it is written."""

    def _open_w(self, filename, encoding, override=False):
        return ReplacedOnClose(filename)


def write_edited(edited: Edited) -> str:
    """The page written by Pelican's writer, as the build would write it, the new object in place
    of the old one; no signal is sent (see the module)."""
    generator, old, new = edited.generator, edited.old, edited.new
    name, template, context, kwargs = edited.call
    kwargs = {key: new if value is old else value for key, value in kwargs.items()}
    writer = PageWriter(generator.output_path, settings=generator.settings)
    with signals.content_written.muted():
        writer.write_file(name, template, context, **kwargs)
    return sanitised_join(generator.output_path, name)
