"""Sharing: social cards for Facebook and Zalo, the publisher logo, NewsArticle structured data.

Adds:
- A social card per article: its lead photo's 16x9 crop, as news sites share (when the
  ``photos`` plugin found a photo at least 1200 px wide: the crop is published for structured
  data anyway, so nothing is drawn); otherwise the site's design with the title, 1200 x 630
  (``cards.py``); a default card for every other page; the publisher logo. ``article.social_card``,
  ``social_default_card`` and ``site_logo`` are there for the templates
  (partials/social_meta.html). Cards are drawn with Pillow in the site's colours, read from the
  theme's stylesheet (``khuyenhoc.palette``).
- ``article.structured_data``: NewsArticle JSON-LD (``structured.py``), written by
  partials/article_head.html through the ``json_ld`` filter (escaped for ``<script>``): the crops
  of the lead photo in 16x9, 4x3 and 1x1, or the default card in those sizes.

Cards are decided once every article is read (their files are known) and drawn, in worker
processes at the lowest priority, from then on in a build (``khuyenhoc.site.writing()``; under
another Pelican class, from the moment it asks for its writer): they take the time the build's
photos, pages and search copies leave (``make check`` and the magazine's reading write no page,
and draw none). The build waits for them, and copies them into the output, only once every page
is written (``finalized``): listed after ``search`` in PLUGINS, while the search index is made
too. They are drawn from the photos' cache, so the photos plugin may come before or after this
one, and cached by what they show (``cards/`` in the photos' cache folder).

Settings (``SETTINGS`` below holds the defaults): ``SOCIAL_CARDS_DIR``, the folder of the
default cards and the logo; ``SOCIAL_CARD_NAME``, the file name of an article's card beside its
page; ``SOCIAL_WORKERS``, processes that draw cards. Also read: ``SITEURL``, ``SITENAME``,
``SITE_TAGLINE``, ``THEME``, ``CACHE_PATH``, ``PHOTOS_CACHE_PATH``, ``DEFAULT_LANG``.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import io
import json
import logging
import multiprocessing
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from pelican import signals
from PIL import Image

from khuyenhoc import errors, workers
from khuyenhoc.config import setting_table
from khuyenhoc.files import copy_if_changed, write_atomic
from khuyenhoc.palette import palette
from khuyenhoc.site import writing

from . import cards, structured

SETTINGS = setting_table(
    SOCIAL_CARDS_DIR="anh-chia-se",
    SOCIAL_CARD_NAME="anh-chia-se",
    SOCIAL_WORKERS=2,
    SITENAME="",
    SITE_TAGLINE="",
    CACHE_PATH=".cache/pelican",
    PHOTOS_CACHE_PATH="",
)
# Starting worker processes costs about half a second; a card takes about 7 ms.
MIN_CARDS_FOR_WORKERS = 60
CARD_NICENESS = 19  # the lowest priority
STATS_FILE = "last-build.json"
logger = logging.getLogger(__name__)


# -- what a card shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class DesignCard:
    """The site's design with a title (and the kind, in yellow)."""

    title: str
    kicker: str
    site_name: str
    colours: cards.Colours
    size: tuple[int, int] = cards.CARD_SIZE
    ext = "png"

    def draw(self):
        return cards.design_card_8bit(
            self.title, self.kicker, self.site_name, self.colours, self.size
        )


@dataclass(frozen=True)
class LogoCard:
    """The publisher logo: the site's mark, square."""

    colours: cards.Colours
    size: tuple[int, int] = (512, 512)
    ext = "png"

    def draw(self):
        return cards.logo(self.colours, self.size[0])


CardSpec = DesignCard | LogoCard


def font_identity() -> tuple[str, int]:
    """The title font's file name and size: a card drawn in another font is another card."""
    font = cards.font_file("Bold")
    return font.name, font.stat().st_size


def card_key(spec: CardSpec, font: tuple[str, int]) -> str:
    """The cache name of a card: what it shows, the font (``font_identity()``) and the drawing
    code's version."""
    shown = [getattr(spec, f.name) for f in fields(spec) if f.compare]
    text = json.dumps([cards.CARD_VERSION, type(spec).__name__, shown, *font], default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_KEPT_IMAGE_BLOCKS = 4
# glibc's mallopt parameters: the size from which a block is mapped on its own, and the free
# memory at the top of the heap from which it is given back to the system.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


@functools.cache
def _keep_memory() -> None:
    """A card is a few buffers of under 1 MB each (its images, its PNG's rows, zlib's state),
    taken and freed card after card: the C library gave their memory back to the system and
    took it again each time (370 page faults a card while Pillow freed its image blocks, 210
    once it kept them: a quarter of a card's cost). Pillow keeps a few image blocks, and, in
    a worker process, glibc's malloc (where there is one) keeps up to 64 MB of freed memory: 14
    faults a card. Not in the build's own process, which draws the few cards of an edit and, in
    the preview server, runs for hours: it gives its memory back as usual."""
    Image.core.set_blocks_max(max(Image.core.get_blocks_max(), _KEPT_IMAGE_BLOCKS))
    if multiprocessing.parent_process() is None:
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not glibc (TypeError: Windows)
        return
    mallopt(_M_MMAP_THRESHOLD, 16 << 20)
    mallopt(_M_TRIM_THRESHOLD, 64 << 20)


def draw_card(spec: CardSpec, target: str) -> None:
    """Draw one card into ``target``, whole or not at all (run in a worker)."""
    _keep_memory()
    image = spec.draw()
    if image.mode == "P":
        write_atomic(target, cards.png_8bit(image))
        return
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)  # the logo, drawn once
    write_atomic(target, buffer.getvalue())


@dataclass(frozen=True)
class Card:
    """An image for sharing, as the templates use it."""

    url: str  # relative to SITEURL, like Pelican's own URLs
    width: int
    height: int
    mime: str
    alt: str


# -- this build -------------------------------------------------------------------------------


@dataclass
class _Build:
    wanted: dict[Path, CardSpec] = field(default_factory=dict)  # file in the cache → spec
    outputs: dict[str, Path] = field(default_factory=dict)  # output path → file in the cache
    settings: dict = field(default_factory=dict)
    font: tuple[str, int] = ("", 0)  # font_identity(), once per build
    todo: list[tuple[CardSpec, str]] = field(default_factory=list)  # the cards being drawn
    drawing: workers.Started | None = None


_build = _Build()


def cards_cache(settings) -> Path:
    """``cards/`` beside the photos' cache, outside the output folder."""
    read = SETTINGS.read(settings)
    if read.PHOTOS_CACHE_PATH:
        return Path(read.PHOTOS_CACHE_PATH) / "cards"
    return Path(read.CACHE_PATH).resolve().parent / "photos" / "cards"


def _card_target(content, name: str) -> str:
    save_as = content.save_as
    if save_as.endswith("index.html"):
        return save_as.removesuffix("index.html") + name
    return os.path.splitext(save_as)[0] + "-" + name


def _card(spec: CardSpec, target: str, alt: str, root: Path) -> Card:
    cached = root / f"{card_key(spec, _build.font)}.{spec.ext}"
    _build.wanted[cached] = spec
    _build.outputs[f"{target}.{spec.ext}"] = cached
    return Card(f"{target}.{spec.ext}", spec.size[0], spec.size[1], "image/png", alt)


def _lead_card(article) -> Card | None:
    """The lead photo's 16x9 crop, if it is at least as wide as a card: shared as it is.

    A placeholder photo (``Photo.placeholder``, from the photos plugin) is never shared: a link
    shared on Zalo would show "ẢNH GIỮ CHỖ" as the news.
    """
    lead = article.photos[0] if getattr(article, "photos", None) else None
    if lead is None or getattr(lead, "placeholder", False):
        return None
    url, width, height = lead.crops[0]
    if width < cards.CARD_SIZE[0]:
        return None
    return Card(url, width, height, "image/jpeg", article.lead_photo_alt)


def plan_cards(generator) -> None:
    """article_generator_finalized: every article's card and structured data, nothing drawn."""
    global _build
    _build = _Build(settings=generator.settings, font=font_identity())
    settings = generator.settings
    read = SETTINGS.read(settings)
    context = generator.context
    root = cards_cache(settings)
    colours = cards.Colours.of(palette(settings["THEME"]))
    site_name = read.SITENAME
    folder = read.SOCIAL_CARDS_DIR

    default_alt = f"{site_name}: {read.SITE_TAGLINE}"
    default = _card(
        DesignCard(read.SITE_TAGLINE, "", site_name, colours),
        f"{folder}/mac-dinh",
        default_alt,
        root,
    )
    default_ratios = [
        _card(
            DesignCard(read.SITE_TAGLINE, "", site_name, colours, size),
            f"{folder}/mac-dinh-{ratio}",
            default_alt,
            root,
        )
        for ratio, size in (("16x9", (1200, 675)), ("4x3", (1200, 900)), ("1x1", (1200, 1200)))
    ]
    logo = _card(LogoCard(colours), f"{folder}/logo", site_name, root)
    context["social_default_card"] = default
    context["site_logo"] = logo

    articles = [
        *generator.articles,
        *getattr(generator, "drafts", []),
        *getattr(generator, "hidden_articles", []),
    ]
    for article in dict.fromkeys(articles):
        title = cards.plain(article.title)
        target = _card_target(article, read.SOCIAL_CARD_NAME)
        photo_card = _lead_card(article)
        if photo_card is not None:
            article.social_card = photo_card
            images = [
                Card(url, w, h, "image/jpeg", article.lead_photo_alt)
                for url, w, h in article.photos[0].crops
            ]
        else:
            kicker = article.category.name if getattr(article, "category", None) else ""
            spec = DesignCard(title, kicker, site_name, colours)
            article.social_card = _card(spec, target, title, root)
            images = default_ratios
        article.structured_data = structured.news_article(article, settings, images, logo)
    if writing():
        # A build: the cards are started now, not when Pelican asks for its writer. Until then
        # the build waits for the last photos and runs the plugins on one core.
        _start_drawing()


def _finish_cards(pelican) -> None:
    """finalized: the cards drawn (the search index, made at the same signal by the plugin
    listed before this one, is made meanwhile), then copied into the output."""
    _start_drawing()
    todo, results = _build.todo, _build.drawing.results()
    for (spec, _path), result in zip(todo, results, strict=True):
        if isinstance(result, Exception):
            raise RuntimeError(f"social card {type(spec).__name__}: {result!r}") from result
    copied = sum(
        copy_if_changed(cached, Path(pelican.output_path) / target)
        for target, cached in sorted(_build.outputs.items())
    )
    stats = {
        "cards_drawn": len(todo),
        "cards_cached": len(_build.wanted) - len(todo),
        "files_copied": copied,
    }
    write_atomic(cards_cache(pelican.settings) / STATS_FILE, json.dumps(stats, indent=1))
    logger.info("Thẻ chia sẻ: vẽ %d, dùng lại %d từ bộ nhớ đệm.", len(todo), stats["cards_cached"])


def _start_drawing(_pelican=None) -> None:
    """The cards not in the cache are started: once planned in a build (``khuyenhoc.Site``), or
    at get_writer (the build is about to write) under another Pelican class."""
    if _build.drawing is not None:
        return
    _build.todo = [(spec, str(path)) for path, spec in _build.wanted.items() if not path.exists()]
    count = int(SETTINGS.read(_build.settings).SOCIAL_WORKERS)
    # The build needs the cards only at its end: they take the time its photos, its pages and
    # its search copies leave (drawn as soon as they are planned, they made a build at 2,000
    # articles wait 3.6 s longer for its photos at the same niceness).
    _build.drawing = workers.start(
        draw_card, _build.todo, count, MIN_CARDS_FOR_WORKERS, niceness=CARD_NICENESS
    )


def _add_filters(generator) -> None:
    generator.env.filters["json_ld"] = structured.json_ld


def register():
    errors.connect()
    signals.generator_init.connect(_add_filters)
    signals.article_generator_finalized.connect(plan_cards)
    signals.get_writer.connect(_start_drawing)
    signals.finalized.connect(_finish_cards)
