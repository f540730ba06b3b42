"""Photos and sharing: responsive images, numbered captions, social cards, structured data.

Adds:
- Photos in articles and pages (``![Mô tả]({static}/images/… "Chú thích. Ảnh: Nguồn")``): each
  image alone on its line becomes ``<figure>`` with ``<picture>`` (AVIF and WebP sources, a JPEG
  ``<img>``, srcset and sizes, width and height) and the caption "Ảnh 1. Chú thích. Ảnh: Nguồn".
  The first photo of a page loads at once (fetchpriority="high"), the others lazily.
- The pipeline (``images.py``, Pillow): EXIF orientation applied, then every bit of metadata
  dropped (GPS positions included), resized variants (never larger than the source), 16x9, 4x3
  and 1x1 crops, and a clean copy published in place of each original: Pelican's static generator
  no longer copies camera files verbatim.
- A social card per article (``cards.py``), 1200 x 630: the lead photo with the title, or the
  site's design with the title when there is no photo; a default card for every other page; the
  publisher logo. ``article.social_card``, ``social_default_card`` and ``site_logo`` are there for
  the templates (partials/social_meta.html).
- ``article.structured_data``: NewsArticle JSON-LD (``structured.py``), written by
  partials/article_head.html through the ``json_ld`` filter (escaped for ``<script>``).
- Errors for editors (``editor_errors``), with the file and the line of the image in the
  Markdown: a missing file, an unreadable or damaged image, an image without alt text, an image
  on another website.

Everything is cached by content hash (the bytes of the source and the processing options) in
``PHOTOS_CACHE_PATH``, outside the output folder: a warm build decodes and encodes nothing, it
copies the cached files that changed. Cold builds process photos in parallel.

Settings read (defaults in brackets):
- ``PHOTOS_WIDTHS`` [480, 800, 1200], ``PHOTOS_FORMATS`` ["avif", "webp", "jpeg"],
  ``PHOTOS_QUALITY`` {"avif": 55, "webp": 75, "jpeg": 80}, ``PHOTOS_AVIF_SPEED`` [8];
- ``PHOTOS_SIZES``: the ``sizes`` attribute [fits the article column];
- ``PHOTOS_FALLBACK_WIDTH`` [800]: the JPEG in ``<img src>``;
- ``PHOTOS_ORIGINAL_MAX`` [2000]: the longest side of the clean copy published for an original;
- ``PHOTOS_CACHE_PATH`` [``.cache/photos`` beside ``CACHE_PATH``];
- ``PHOTOS_WORKERS`` [2]: processes for a cold build;
- ``SOCIAL_CARDS_DIR`` ["anh-chia-se"]: where the default card and the logo go;
- ``SITEURL``, ``SITENAME``, ``SITE_TAGLINE``, ``PATH``, ``CACHE_PATH``, ``INTRASITE_LINK_REGEX``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.utils import slugify

from editor_errors import EditorError, closest, report

from . import cards, images, markup, structured

logger = logging.getLogger(__name__)

DEFAULT_SIZES = "(min-width: 45rem) 42rem, calc(100vw - 2rem)"
STATS_FILE = "last-build.json"


# -- settings ---------------------------------------------------------------------------------


def options_of(settings) -> images.Options:
    defaults = images.Options()
    quality = dict(defaults.quality) | dict(settings.get("PHOTOS_QUALITY") or {})
    return images.Options(
        widths=tuple(settings.get("PHOTOS_WIDTHS") or defaults.widths),
        # JPEG always, and last: the <img> every browser can show, and what cards are cut from.
        formats=(
            *(f for f in settings.get("PHOTOS_FORMATS") or defaults.formats if f != "jpeg"),
            "jpeg",
        ),
        quality=tuple(sorted(quality.items())),
        avif_speed=int(settings.get("PHOTOS_AVIF_SPEED", defaults.avif_speed)),
        original_max=int(settings.get("PHOTOS_ORIGINAL_MAX", defaults.original_max)),
    )


def cache_root(settings) -> Path:
    configured = settings.get("PHOTOS_CACHE_PATH")
    if configured:
        return Path(configured)
    return Path(settings.get("CACHE_PATH") or ".cache/pelican").resolve().parent / "photos"


# -- one source photo -------------------------------------------------------------------------


@dataclass
class Photo:
    source: str  # absolute path
    key: str  # content hash + options
    width: int
    height: int
    fmt: str
    plan: images.Plan
    stem: str  # output path without extension: images/2024/ten-anh
    manifest: dict | None = None
    error: str = ""

    def cache_dir(self, root: Path) -> Path:
        return root / self.key[:2] / self.key

    def variant_size(self, width: int) -> tuple[int, int]:
        return next(size for size in self.plan.variants if size[0] == width)


_probed: dict[tuple, Photo] = {}  # kept across builds of one process (make serve)


HASHES_FILE = "hashes.json"


class _Hashes:
    """SHA-256 of each source, remembered with its size and mtime between builds.

    Like Pelican's own cache (CHECK_MODIFIED_METHOD = "mtime"): a file whose size and mtime have
    not changed is not read again. A warm build then reads no photo at all.
    """

    def __init__(self) -> None:
        self.root: Path | None = None
        self.known: dict[str, list] = {}
        self.changed = False

    def load(self, root: Path) -> None:
        if self.root == root:
            return
        self.root, self.changed = root, False
        try:
            self.known = json.loads((root / HASHES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def digest(self, path: str, stat: os.stat_result) -> str:
        entry = self.known.get(path)
        if entry and entry[:2] == [stat.st_size, stat.st_mtime_ns]:
            return entry[2]
        with open(path, "rb") as source:
            digest = hashlib.file_digest(source, "sha256").hexdigest()
        self.known[path] = [stat.st_size, stat.st_mtime_ns, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if self.root and self.changed:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self.root / f"{HASHES_FILE}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(self.known), encoding="utf-8")
            os.replace(tmp, self.root / HASHES_FILE)
            self.changed = False


_hashes = _Hashes()


def output_stem(relative: str, settings) -> str:
    """images/2024/Ảnh lễ trao.JPG → images/2024/anh-le-trao: ASCII names for the variants."""
    parts = Path(relative).with_suffix("").parts
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    return "/".join(slugify(part, regex_subs=subs) or "anh" for part in parts)


def photo_for(path: str, settings, options: images.Options) -> Photo:
    """The photo at ``path``: hashed, and sized from the cache or from its header (fast)."""
    stat = os.stat(path)
    memo = (path, stat.st_size, stat.st_mtime_ns, options)
    if memo in _probed:
        return _probed[memo]
    root = cache_root(settings)
    _hashes.load(root)
    digest = _hashes.digest(path, stat)
    key = hashlib.sha256(f"{digest}:{options.digest()}".encode()).hexdigest()[:32]
    relative = os.path.relpath(path, settings["PATH"])
    stem = output_stem(relative, settings)
    manifest = images.read_manifest(root / key[:2] / key)
    if manifest:
        width, height, fmt = manifest["width"], manifest["height"], manifest["format"]
    else:
        width, height, fmt = images.probe(path)  # PhotoError: reported by the caller
    photo = Photo(
        path, key, width, height, fmt, images.plan(width, height, options), stem, manifest
    )
    _probed[memo] = photo
    return photo


# -- this build -------------------------------------------------------------------------------


@dataclass
class _Build:
    photos: dict[str, Photo] = field(default_factory=dict)
    references: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)
    # output path → (photo or None, file in the cache); statics resolved when writing
    outputs: dict[str, Path] = field(default_factory=dict)
    statics: list[tuple[object, Photo]] = field(default_factory=list)
    stems: dict[str, str] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    stats: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)


_build = _Build()


def _reset(_pelican=None):
    global _build
    _build = _Build()
    return PhotosGenerator


# -- reading content: rewrite the images ------------------------------------------------------


class _Lines:
    """Finds the line of each image in the Markdown source, in order."""

    def __init__(self, path: str) -> None:
        import unicodedata

        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            text = ""
        self.lines = unicodedata.normalize("NFC", text).splitlines()
        self.cursor = 0

    def find(self, src: str) -> int | None:
        needles = [src, unquote(src), src.rsplit("/", 1)[-1]]
        order = [*range(self.cursor, len(self.lines)), *range(self.cursor)]
        for needle in needles:
            for index in order:
                if needle and needle in self.lines[index]:
                    self.cursor = index + 1
                    return index + 1
        return None


_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)

FIX_PATH = (
    "Đặt ảnh trong thư mục content/images/ (ví dụ content/images/2024/ten-anh.jpg) và viết "
    '![Mô tả ảnh]({static}/images/2024/ten-anh.jpg "Chú thích. Ảnh: Nguồn").'
)


def _resolve(src: str, content, settings) -> tuple[str | None, str]:
    """(absolute path or None, the path as the editor wrote it) for an image of ours."""
    link = re.match(r"^" + settings["INTRASITE_LINK_REGEX"] + r"(?P<value>.*)$", src)
    if link and link["what"] in ("static", "attach", "filename"):
        value = unquote(urlsplit(link["value"]).path)
    elif _EXTERNAL.match(src) or src.startswith("data:"):
        return None, src
    else:
        value = unquote(urlsplit(src).path)
        if not value:
            return None, src
    root = settings["PATH"]
    if value.startswith("/"):
        path = os.path.join(root, value.lstrip("/"))
    else:
        path = os.path.join(root, content.relative_dir, value)
    path = os.path.normpath(path)
    if not link and not os.path.isfile(path):
        return None, src  # a site URL (the theme's, say): not an editor's photo
    return path, value


def _missing(content, line, value, path) -> None:
    folder = os.path.dirname(path)
    names = os.listdir(folder) if os.path.isdir(folder) else []
    hints = closest(os.path.basename(path), names)
    hint = f" Trong thư mục có: '{hints[0]}', có phải ảnh này không?" if hints else ""
    report(
        EditorError(
            content.source_path,
            line,
            f"Không tìm thấy ảnh '{value}'.{hint}",
            "Kiểm tra tên tệp (chữ hoa, chữ thường, dấu, đuôi .jpg) và thư mục. " + FIX_PATH,
        )
    )


def _unreadable(source_path, line, value, reason) -> None:
    report(
        EditorError(
            source_path,
            line,
            f"Không dùng được ảnh '{value}': {reason}.",
            "Mở ảnh trên máy tính; nếu xem được, xuất (Save As/Export) lại ở dạng JPEG (.jpg) rồi "
            "thay tệp cũ. Ảnh HEIC của iPhone cần chuyển sang JPEG trước.",
        )
    )


def _url(settings, path: str) -> str:
    return f"{settings.get('SITEURL', '')}/{quote(path)}"


def _picture(photo: Photo, alt: str, first: bool, settings, options) -> str:
    sources = []
    widths = [w for w, _h in photo.plan.variants]
    for fmt in options.formats:
        ext = images.EXTENSION[fmt]
        files = tuple((_url(settings, f"{photo.stem}-{w}.{ext}"), w) for w in widths)
        sources.append(markup.Source(images.MIME[fmt], files))
    fallback = sources.pop()  # JPEG
    wanted = settings.get("PHOTOS_FALLBACK_WIDTH", 800)
    src_width = max([w for w in widths if w <= wanted] or [widths[0]])
    width, height = photo.variant_size(src_width)
    src = _url(settings, f"{photo.stem}-{src_width}.jpg")
    sizes = markup.sizes_for(widths[-1], settings.get("PHOTOS_SIZES", DEFAULT_SIZES))
    return markup.picture(sources, fallback, src, width, height, alt, sizes, first)


def _use(photo: Photo, options) -> Photo:
    """The photo as this build publishes it; its files are noted for the copy into the output."""
    if photo.source in _build.photos:
        return _build.photos[photo.source]
    if _build.stems.setdefault(photo.stem, photo.source) != photo.source:
        # Two sources with the same ASCII name (Ảnh 1.jpg, anh-1.jpg): keep them apart.
        photo = dataclasses.replace(photo, stem=f"{photo.stem}-{photo.key[:8]}")
    _build.photos[photo.source] = photo
    for width, _height in photo.plan.variants:
        for fmt in options.formats:
            name = f"{width}.{images.EXTENSION[fmt]}"
            _build.outputs[f"{photo.stem}-{name}"] = (photo, name)
    return photo


def rewrite_images(content) -> None:
    """content_object_init: turn the images of an article or a page into figures and pictures."""
    if not isinstance(content, (Article, Page)):
        return
    content.photos = []
    content.lead_photo_alt = ""
    html = content._content
    if not html or "<img" not in html.lower():
        return
    settings = content.settings
    options = options_of(settings)
    lines = _Lines(content.source_path)
    parts, position, number = [], 0, 0
    for found in markup.find_images(html):
        src = found.attrs.get("src", "")
        line = lines.find(src)
        path, value = _resolve(src, content, settings)
        alt = found.attrs.get("alt", "").strip()
        if path is None and _EXTERNAL.match(src):
            report(
                EditorError(
                    content.source_path,
                    line,
                    f"Ảnh '{src}' nằm trên trang web khác: trang của Hội không tải gì từ nơi "
                    "khác (quyền riêng tư của bạn đọc, tốc độ, ảnh có thể mất).",
                    "Tải ảnh về (khi được phép dùng), rồi: " + FIX_PATH,
                )
            )
            continue
        if path is None:
            continue
        if not alt:
            report(
                EditorError(
                    content.source_path,
                    line,
                    f"Ảnh '{value}' chưa có mô tả (alt): người khiếm thị và người đọc khi ảnh "
                    "chưa tải được sẽ không biết ảnh có gì.",
                    "Viết một câu mô tả nội dung ảnh trong ngoặc vuông: "
                    '![Lãnh đạo tỉnh trao cờ thi đua cho Hội]({static}/images/… "Chú thích. '
                    'Ảnh: Nguồn").',
                )
            )
        if not os.path.isfile(path):
            _missing(content, line, value, path)
            continue
        if Path(path).suffix.lower() not in images.PHOTO_EXTENSIONS:
            continue  # SVG, GIF: published as they are
        try:
            photo = photo_for(path, settings, options)
        except images.PhotoError as error:
            _build.failed.add(path)
            _unreadable(content.source_path, line, value, str(error))
            continue
        _build.references.setdefault(photo.source, []).append((content.source_path, line))
        photo = _use(photo, options)
        first = not content.photos
        html_picture = _picture(photo, alt, first, settings, options)
        if found.alone:
            number += 1
            caption, credit = markup.split_caption(found.attrs.get("title", ""))
            replacement = markup.figure(html_picture, number, caption, credit)
        else:
            replacement = html_picture
        if first:
            content.lead_photo_alt = alt
        content.photos.append(photo)
        parts += [html[position : found.start], replacement]
        position = found.end
    content._content = "".join(parts) + html[position:]


# -- before anything is written: process, draw, describe --------------------------------------


# Starting worker processes costs about half a second: worth it for a few photos (each takes
# 0.2 to 0.7 s of CPU), or for many cards (about 20 ms each).
MIN_PHOTOS_FOR_WORKERS = 3
MIN_CARDS_FOR_WORKERS = 60


def _parallel(function, jobs: list[tuple], workers: int, minimum: int) -> list:
    """``function(*job)`` for every job, in worker processes if there are enough jobs.

    Returns the results (or the exceptions) in order. Processes rather than threads: part of
    Pillow's work holds the GIL, and the machines that build the site have two cores.
    """
    if workers <= 1 or len(jobs) < max(2, minimum):
        results = []
        for job in jobs:
            try:
                results.append(function(*job))
            except Exception as error:  # reported per job by the caller
                results.append(error)
        return results
    import multiprocessing
    import site
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: a clean process, whatever threads the preview server runs. Pelican imports
    # plugins from PLUGIN_PATHS without sys.path, so the workers are told where this one is.
    context = multiprocessing.get_context("forkserver")
    plugins = str(Path(__file__).resolve().parent.parent)
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=site.addsitedir,
        initargs=(plugins,),
    ) as pool:
        futures = [pool.submit(function, *job) for job in jobs]
        results = []
        for future in futures:
            try:
                results.append(future.result())
            except Exception as error:
                results.append(error)
        return results


def _intercept_statics(generator) -> None:
    """Originals are never copied as they are: a clean copy is published in their place."""
    settings = generator.settings
    options = options_of(settings)
    kept = []
    for static in generator.staticfiles:
        path = static.source_path
        if Path(path).suffix.lower() not in images.PHOTO_EXTENSIONS or not os.path.isfile(path):
            kept.append(static)  # not a photo; or a missing one, already reported
            continue
        try:
            photo = photo_for(path, settings, options)
        except images.PhotoError as error:
            if path not in _build.failed:  # else already reported where an article uses it
                _unreadable(path, None, static.relative_source_path, str(error))
            continue
        photo = _build.photos.setdefault(photo.source, photo)
        _build.statics.append((static, photo))
    generator.staticfiles[:] = kept


def _process_photos(settings) -> None:
    """Make every photo not in the cache yet; the same bytes under two names are made once."""
    root = cache_root(settings)
    options = options_of(settings)
    waiting: dict[str, list[Photo]] = {}  # by cache key
    for photo in _build.photos.values():
        if photo.manifest is None:  # made by an earlier build of this preview server?
            photo.manifest = images.read_manifest(photo.cache_dir(root))
        if photo.manifest is None and not photo.error:
            waiting.setdefault(photo.key, []).append(photo)
        else:
            _build.stats["photos_cached"] += 1
    if not waiting:
        return
    todo = [same[0] for same in waiting.values()]
    jobs = [(p.source, str(p.cache_dir(root)), options) for p in todo]
    workers = int(settings.get("PHOTOS_WORKERS", 2))
    results = _parallel(images.process, jobs, workers, MIN_PHOTOS_FOR_WORKERS)
    for first, result in zip(todo, results, strict=True):
        _build.stats["photos_processed"] += 1
        _build.stats["photos_cached"] += len(waiting[first.key]) - 1
        for photo in waiting[first.key]:
            if not isinstance(result, Exception):
                photo.manifest = result
                continue
            reason = str(result) if isinstance(result, images.PhotoError) else repr(result)
            photo.error = reason
            references = _build.references.get(photo.source) or [(photo.source, None)]
            for source_path, line in references:
                value = "/" + Path(os.path.relpath(photo.source, settings["PATH"])).as_posix()
                _unreadable(source_path, line, value, reason)


@dataclass(frozen=True)
class Card:
    """An image for sharing, as the templates use it."""

    url: str  # relative to SITEURL, like Pelican's own URLs
    width: int
    height: int
    mime: str
    alt: str


def _card_target(content) -> str:
    save_as = content.save_as
    if save_as.endswith("index.html"):
        return save_as.removesuffix("index.html") + "anh-chia-se"
    return os.path.splitext(save_as)[0] + "-anh-chia-se"


def _card_key(spec: tuple) -> str:
    font = cards.font_file("Bold")
    text = json.dumps([cards.CARD_VERSION, spec, font.name, font.stat().st_size], default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def draw_card(spec: tuple, target: str) -> None:
    """Draw one card (run in a worker). ``spec`` names the design and what it shows."""
    from PIL import Image

    kind = spec[0]
    if kind == "photo":
        _kind, title, site_name, size, photo_file = spec
        with Image.open(photo_file) as photo:
            image = cards.photo_card(photo, title, site_name, tuple(size))
    elif kind == "design":
        _kind, title, kicker, site_name, size = spec
        image = cards.design_card(title, kicker, site_name, tuple(size))
    else:
        image = cards.logo(spec[1])
    tmp = f"{target}.{os.getpid()}.tmp"
    if kind == "photo":
        image.save(tmp, "JPEG", quality=85, optimize=True, progressive=True)
    elif kind == "design":
        cards.to_palette(image).save(tmp, "PNG")
    else:
        image.save(tmp, "PNG", optimize=True)
    os.replace(tmp, target)


def _lead_card_source(photo: Photo | None, root: Path) -> str | None:
    """The cached JPEG a photo card is cut from, if it fills 1200 x 630 without enlarging."""
    if photo is None or photo.error or not photo.manifest:
        return None
    width, height = photo.plan.variants[-1]
    card_w, card_h = cards.CARD_SIZE
    if width < card_w or height < card_h:
        return None
    return str(photo.cache_dir(root) / f"{width}.jpg")


def _prepare_cards(context, settings) -> None:
    root = cache_root(settings)
    site_name = settings.get("SITENAME", "")
    tagline = settings.get("SITE_TAGLINE", "")
    folder = settings.get("SOCIAL_CARDS_DIR", "anh-chia-se")
    (root / "cards").mkdir(parents=True, exist_ok=True)
    wanted: dict[str, tuple] = {}  # cache file → spec

    def card(spec: tuple, target: str, alt: str, size: tuple[int, int]) -> Card:
        key = _card_key(spec)
        ext = "jpg" if spec[0] == "photo" else "png"
        cached = root / "cards" / f"{key}.{ext}"
        wanted[str(cached)] = spec
        _build.outputs[f"{target}.{ext}"] = cached
        mime = "image/jpeg" if ext == "jpg" else "image/png"
        return Card(f"{target}.{ext}", size[0], size[1], mime, alt)

    default_alt = f"{site_name}: {tagline}"
    size = cards.CARD_SIZE
    default_spec = ("design", tagline, "", site_name, size)
    default = card(default_spec, f"{folder}/mac-dinh", default_alt, size)
    default_ratios = [
        card(
            ("design", tagline, "", site_name, size),
            f"{folder}/mac-dinh-{ratio}",
            default_alt,
            size,
        )
        for ratio, size in (("16x9", (1200, 675)), ("4x3", (1200, 900)), ("1x1", (1200, 1200)))
    ]
    logo_card = card(("logo", 512), f"{folder}/logo", site_name, (512, 512))
    context["social_default_card"] = default
    context["site_logo"] = logo_card

    articles = []
    for name in ("articles", "drafts", "hidden_articles"):
        articles += context.get(name) or []
    for article in dict.fromkeys(articles):
        title = cards.plain(article.title)
        lead = article.photos[0] if getattr(article, "photos", None) else None
        photo_file = _lead_card_source(lead, root)
        target = _card_target(article)
        if photo_file:
            spec = ("photo", title, site_name, cards.CARD_SIZE, photo_file)
            # The photo's hash, not its cache path, says which photo it is.
            spec_key = ("photo", title, site_name, cards.CARD_SIZE, lead.key)
            key_card = card(spec_key, target, article.lead_photo_alt or title, cards.CARD_SIZE)
            wanted[str(root / "cards" / f"{_card_key(spec_key)}.jpg")] = spec
        else:
            kicker = article.category.name if getattr(article, "category", None) else ""
            spec = ("design", title, kicker, site_name, cards.CARD_SIZE)
            key_card = card(spec, target, title, cards.CARD_SIZE)
        article.social_card = key_card
        if lead and lead.manifest:
            crops = []
            for ratio, _box, (width, height) in lead.plan.crops:
                out = f"{lead.stem}-{ratio}.jpg"
                _build.outputs[out] = (lead, f"{ratio}.jpg")
                crops.append(Card(out, width, height, "image/jpeg", article.lead_photo_alt))
        else:
            crops = default_ratios
        article.structured_data = structured.news_article(article, settings, crops, logo_card)

    todo = [(spec, cached) for cached, spec in wanted.items() if not os.path.exists(cached)]
    _build.stats["cards_cached"] += len(wanted) - len(todo)
    workers = int(settings.get("PHOTOS_WORKERS", 2))
    results = _parallel(draw_card, todo, workers, MIN_CARDS_FOR_WORKERS)
    for (spec, _cached), result in zip(todo, results, strict=True):
        if isinstance(result, Exception):
            raise RuntimeError(f"social card {spec[:2]}: {result!r}") from result
        _build.stats["cards_drawn"] += 1


def prepare(generator) -> None:
    """static_generator_finalized: the last step before ``editor_errors`` checks the build."""
    settings = generator.settings
    _intercept_statics(generator)
    _process_photos(settings)
    _prepare_cards(generator.context, settings)


# -- writing: copy from the cache -------------------------------------------------------------


def _publish(cached: Path, target: Path) -> bool:
    """Copy ``cached`` to ``target`` unless it is there already. True if copied."""
    source = cached.stat()
    try:
        existing = target.stat()
        if existing.st_size == source.st_size and existing.st_mtime_ns == source.st_mtime_ns:
            return False
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cached, target)
    return True


class PhotosGenerator(Generator):
    """Writes the photos, crops and cards: copies from the cache, only what changed."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        root = cache_root(self.settings)
        outputs = dict(_build.outputs)
        for static, photo in _build.statics:
            if photo.manifest:
                outputs[static.save_as] = (
                    photo,
                    f"original.{images.original_extension(photo.fmt)}",
                )
        for target, cached in sorted(outputs.items()):
            if isinstance(cached, tuple):
                photo, name = cached
                if not photo.manifest:
                    continue
                cached = photo.cache_dir(root) / name
            copied = _publish(cached, Path(self.output_path) / target)
            _build.stats["files_copied" if copied else "files_unchanged"] += 1
        _hashes.save()
        stats = dict(_build.stats, seconds=round(time.perf_counter() - _build.started, 3))
        root.mkdir(parents=True, exist_ok=True)
        (root / STATS_FILE).write_text(json.dumps(stats, indent=1), encoding="utf-8")
        logger.info(
            "Ảnh: xử lý %d, dùng lại %d từ bộ nhớ đệm; thẻ chia sẻ: vẽ %d, dùng lại %d; "
            "chép %d tệp, %d tệp không đổi.",
            stats.get("photos_processed", 0),
            stats.get("photos_cached", 0),
            stats.get("cards_drawn", 0),
            stats.get("cards_cached", 0),
            stats.get("files_copied", 0),
            stats.get("files_unchanged", 0),
        )


def _add_filters(generator) -> None:
    generator.env.filters["json_ld"] = structured.json_ld


def register():
    signals.get_generators.connect(_reset)
    signals.content_object_init.connect(rewrite_images)
    signals.static_generator_finalized.connect(prepare)
    signals.generator_init.connect(_add_filters)
