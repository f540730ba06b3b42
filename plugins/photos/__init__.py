"""Photos: responsive images, numbered captions, clean copies, all cached by content hash.

Adds:
- Photos in articles and pages (``![Mô tả]({static}/images/… "Chú thích. Ảnh: Nguồn")``): each
  image alone on its line becomes ``<figure>`` with ``<picture>`` (AVIF and WebP sources, a JPEG
  ``<img>``, srcset and sizes, width and height) and the caption "Ảnh 1. Chú thích. Ảnh: Nguồn".
  The first photo of a page loads at once (fetchpriority="high"), the others lazily.
- The pipeline (``images.py``, Pillow): EXIF orientation applied, then every bit of metadata
  dropped (GPS positions included), resized variants (never larger than the source), 16x9, 4x3
  and 1x1 crops, and a clean copy published in place of each original: Pelican's static generator
  no longer copies camera files verbatim.
- On each article and page: ``photos`` (its ``Photo`` objects, in order) and ``lead_photo_alt``.
  A ``Photo`` says where its files are published (``url``, ``crops``) and, once processed, where
  its largest JPEG is (``largest_jpeg``): the social plugin cuts cards from it. The crops of the
  first photo of every article are published, for structured data.
- ``Photo.placeholder``: the file carries ``images.PLACEHOLDER_MARK`` (scripts/make_placeholder.py
  writes it). Its caption says "Ảnh giữ chỗ, không phải ảnh thật." instead of any credit, its
  crops are not published, and other plugins keep it off share cards and out of a public build.
- The Jinja filter ``photo_picture(photo, role, alt="")``: the ``<picture>`` of a photo outside
  an article's body (the home page's lead story, thumbnails in listings), from the variants that
  exist, with width and height; ``role`` is a key of ``PHOTOS_ROLES`` (its ``sizes`` and loading).
- Errors for editors (``khuyenhoc.errors``), with the file and the line of the image in the
  Markdown: a missing file, an unreadable or damaged image, an image without alt text, an image
  on another website.

Everything is cached by content hash (the bytes of the source and the processing options) in
``PHOTOS_CACHE_PATH``, outside the output folder: a warm build decodes and encodes nothing, it
copies the cached files that changed. Cold builds process photos in parallel.

Settings (``SETTINGS`` below holds the defaults): ``PHOTOS_WIDTHS``, ``PHOTOS_FORMATS``,
``PHOTOS_QUALITY``, ``PHOTOS_AVIF_SPEED``; ``PHOTOS_MAX_PIXELS`` (larger photos, or decompression
bombs, are refused; 250 MP takes every phone's photos, decoded at a reduced size); ``PHOTOS_SIZES`` (the ``sizes`` attribute; fits the
article column); ``PHOTOS_ROLES`` (pictures outside articles: see ``photo_picture``); ``PHOTOS_FALLBACK_WIDTH`` (the JPEG in ``<img src>``); ``PHOTOS_ORIGINAL_MAX``
(the longest side of the clean copy published for an original); ``PHOTOS_CACHE_PATH`` (empty:
``photos/`` beside ``CACHE_PATH``); ``PHOTOS_WORKERS`` (processes for a cold build). Also read:
``SITEURL``, ``PATH``, ``CACHE_PATH``, ``INTRASITE_LINK_REGEX``, ``SLUG_REGEX_SUBSTITUTIONS``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import Generator

from khuyenhoc import errors
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, closest_in_folder, report
from khuyenhoc.files import copy_if_changed, outside, outside_error, write_atomic
from khuyenhoc.sources import SourceLines
from khuyenhoc.text import slug
from khuyenhoc.workers import Started, start

from . import images, markup

logger = logging.getLogger(__name__)

_DEFAULTS = images.Options()
SETTINGS = setting_table(
    PHOTOS_WIDTHS=list(_DEFAULTS.widths),
    PHOTOS_FORMATS=list(_DEFAULTS.formats),
    PHOTOS_QUALITY=dict(_DEFAULTS.quality),
    PHOTOS_AVIF_SPEED=_DEFAULTS.avif_speed,
    PHOTOS_ORIGINAL_MAX=_DEFAULTS.original_max,
    PHOTOS_MAX_PIXELS=_DEFAULTS.max_pixels,
    PHOTOS_SIZES="(min-width: 45rem) 42rem, calc(100vw - 2rem)",
    PHOTOS_FALLBACK_WIDTH=800,
    PHOTOS_CACHE_PATH="",
    PHOTOS_WORKERS=2,
    # Photos outside an article's body (the photo_picture filter): the home page's lead story,
    # and thumbnails in listings (about 6rem wide: the smallest variant is enough at 2x).
    PHOTOS_ROLES={
        "lead": {"sizes": "(min-width: 48rem) 40rem, calc(100vw - 2rem)", "eager": True},
        "thumb": {"sizes": "6rem", "fallback_width": 480},
    },
    CACHE_PATH=".cache/pelican",
)
STATS_FILE = "last-build.json"


# -- settings ---------------------------------------------------------------------------------


def options_of(settings) -> images.Options:
    read = SETTINGS.read(settings)
    quality = dict(_DEFAULTS.quality) | dict(read.PHOTOS_QUALITY)
    return images.Options(
        widths=tuple(read.PHOTOS_WIDTHS),
        # JPEG always, and last: the <img> every browser can show, and what cards are cut from.
        formats=(*(f for f in read.PHOTOS_FORMATS if f != "jpeg"), "jpeg"),
        quality=tuple(sorted(quality.items())),
        avif_speed=int(read.PHOTOS_AVIF_SPEED),
        original_max=int(read.PHOTOS_ORIGINAL_MAX),
        max_pixels=int(read.PHOTOS_MAX_PIXELS),
    )


def cache_root(settings) -> Path:
    read = SETTINGS.read(settings)
    if read.PHOTOS_CACHE_PATH:
        return Path(read.PHOTOS_CACHE_PATH)
    return Path(read.CACHE_PATH).resolve().parent / "photos"


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
    root: Path  # the photos' cache
    manifest: dict | None = None
    error: str = ""
    placeholder: bool = False  # marked by scripts/make_placeholder.py (images.PLACEHOLDER_MARK)

    @property
    def cache_dir(self) -> Path:
        return self.root / self.key[:2] / self.key

    def variant_size(self, width: int) -> tuple[int, int]:
        return next(size for size in self.plan.variants if size[0] == width)

    def url(self, name: str) -> str:
        """The published path (relative to SITEURL) of one of its files: ``1200.jpg`` →
        ``images/2024/ten-anh-1200.jpg``."""
        return f"{self.stem}-{name}"

    @property
    def crops(self) -> list[tuple[str, int, int]]:
        """``(url, width, height)`` of the 16x9, 4x3 and 1x1 crops (published for a lead photo)."""
        return [(self.url(f"{ratio}.jpg"), w, h) for ratio, _box, (w, h) in self.plan.crops]

    def largest_jpeg(self) -> tuple[Path, tuple[int, int]]:
        """The largest JPEG variant and its size: where it is in the cache once processed."""
        width, height = self.plan.variants[-1]
        return self.cache_dir / f"{width}.jpg", (width, height)


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
            write_atomic(self.root / HASHES_FILE, json.dumps(self.known))
            self.changed = False


_hashes = _Hashes()


def output_stem(relative: str, settings) -> str:
    """images/2024/Ảnh lễ trao.JPG → images/2024/anh-le-trao: ASCII names for the variants."""
    parts = Path(relative).with_suffix("").parts
    return "/".join(slug(part, settings) or "anh" for part in parts)


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
        placeholder = manifest["placeholder"]
    else:
        # PhotoError: reported by the caller
        width, height, fmt = images.probe(path, options.max_pixels)
        placeholder = images.is_placeholder(path, options.max_pixels)
    photo = Photo(
        path,
        key,
        width,
        height,
        fmt,
        images.plan(width, height, options),
        stem,
        root,
        manifest,
        placeholder=placeholder,
    )
    _probed[memo] = photo
    return photo


# -- this build -------------------------------------------------------------------------------


@dataclass
class _Build:
    photos: dict[str, Photo] = field(default_factory=dict)
    references: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)
    # output path → (photo, name of its file in the cache folder)
    outputs: dict[str, tuple[Photo, str]] = field(default_factory=dict)
    statics: list[tuple[object, Photo]] = field(default_factory=list)
    stems: dict[str, str] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    stats: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)
    processing: Started | None = None  # the photos not in the cache, being made (_queue)
    queued: dict[str, int] = field(default_factory=dict)  # cache key → its job in processing


_build = _Build()


def _reset(_pelican=None):
    global _build
    _build = _Build()
    return PhotosGenerator


# -- reading content: rewrite the images ------------------------------------------------------


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
    near = closest_in_folder(path)
    hint = f" Trong thư mục có: '{near}', có phải ảnh này không?" if near else ""
    report(
        EditorError(
            content.source_path,
            line,
            f"Không tìm thấy ảnh '{value}'.{hint}",
            "Kiểm tra tên tệp (chữ hoa, chữ thường, dấu, đuôi .jpg) và thư mục. " + FIX_PATH,
        )
    )


def _unreadable(source_path, line, value, error: Exception) -> None:
    if isinstance(error, images.PhotoError):
        reason, fix = str(error), error.fix
    else:  # a failure of the pipeline itself, not of the photo: say what it was
        reason, fix = f"lỗi khi xử lý ảnh ({type(error).__name__}: {error})", ""
    report(
        EditorError(
            source_path,
            line,
            f"Không dùng được ảnh '{value}': {reason}.",
            fix
            or "Mở ảnh trên máy tính; nếu xem được, xuất (Save As/Export) lại ở dạng JPEG (.jpg) "
            "rồi thay tệp cũ.",
        )
    )


def _url(settings, path: str) -> str:
    return f"{settings.get('SITEURL', '')}/{quote(path)}"


def _picture(
    photo: Photo,
    alt: str,
    first: bool,
    settings,
    options,
    sizes: str = "",
    fallback_width: int = 0,
) -> str:
    sources = []
    widths = [w for w, _h in photo.plan.variants]
    for fmt in options.formats:
        ext = images.EXTENSION[fmt]
        files = tuple((_url(settings, f"{photo.stem}-{w}.{ext}"), w) for w in widths)
        sources.append(markup.Source(images.MIME[fmt], files))
    fallback = sources.pop()  # JPEG
    read = SETTINGS.read(settings)
    wanted = fallback_width or read.PHOTOS_FALLBACK_WIDTH
    src_width = max([w for w in widths if w <= wanted] or [widths[0]])
    width, height = photo.variant_size(src_width)
    src = _url(settings, f"{photo.stem}-{src_width}.jpg")
    sizes = sizes or markup.sizes_for(widths[-1], read.PHOTOS_SIZES)
    return markup.picture(sources, fallback, src, width, height, alt, sizes, first)


def photo_picture(photo: Photo | None, role: str, alt: str = "", *, settings) -> Markup:
    """The Jinja filter ``photo_picture``: ``<picture>`` for a photo shown outside its article.

    ``role`` names an entry of ``PHOTOS_ROLES``: its ``sizes``, whether it loads at once
    (``eager``, for the largest picture at the top of a page) or lazily, and the width of the
    JPEG in ``src``. Only the variants the photo has are named; no new file is made.
    """
    if photo is None:
        return Markup("")
    role_options = SETTINGS.read(settings).PHOTOS_ROLES[role]
    return Markup(
        _picture(
            photo,
            alt,
            bool(role_options.get("eager")),
            settings,
            options_of(settings),
            role_options["sizes"],
            int(role_options.get("fallback_width", 0)),
        )
    )


def _add_filters(generator) -> None:
    generator.env.filters["photo_picture"] = functools.partial(
        photo_picture, settings=generator.settings
    )


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
    lines = SourceLines.of_file(content.source_path)
    parts, position, number = [], 0, 0
    for found in markup.find_images(html):
        src = found.attrs.get("src", "")
        line = lines.next_containing(src, unquote(src), src.rsplit("/", 1)[-1])
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
        if outside(path, settings["PATH"]):
            report(outside_error(content.source_path, line, src))
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
            _unreadable(content.source_path, line, value, error)
            continue
        _build.references.setdefault(photo.source, []).append((content.source_path, line))
        photo = _use(photo, options)
        _queue(photo, settings, options)
        first = not content.photos
        html_picture = _picture(photo, alt, first, settings, options)
        if found.alone:
            number += 1
            caption, credit = markup.split_caption(found.attrs.get("title", ""))
            replacement = markup.figure(html_picture, number, caption, credit, photo.placeholder)
        else:
            replacement = html_picture
        if first:
            content.lead_photo_alt = alt
            if isinstance(content, Article) and not photo.placeholder:
                for url, *_size in photo.crops:
                    _build.outputs[url] = (photo, url.removeprefix(photo.stem + "-"))
        content.photos.append(photo)
        parts += [html[position : found.start], replacement]
        position = found.end
    content._content = "".join(parts) + html[position:]


# -- before anything is written: process, draw, describe --------------------------------------


# Starting worker processes costs about half a second: worth it for a few photos (each takes
# 0.2 to 0.7 s of CPU).
MIN_PHOTOS_FOR_WORKERS = 3


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
        if outside(path, settings["PATH"]):
            kept.append(static)  # never read: the link to it is reported (content_rules)
            continue
        try:
            photo = photo_for(path, settings, options)
        except images.PhotoError as error:
            if path not in _build.failed:  # else already reported where an article uses it
                _unreadable(path, None, static.relative_source_path, error)
            continue
        photo = _build.photos.setdefault(photo.source, photo)
        if photo.fmt == "HEIF":  # published as JPEG: under a name that says so
            static.override_save_as = str(Path(static.save_as).with_suffix(".jpg"))
            static.override_url = str(Path(static.url).with_suffix(".jpg"))
        _build.statics.append((static, photo))
    generator.staticfiles[:] = kept


def _queue(photo: Photo, settings, options: images.Options) -> None:
    """Start making a photo not in the cache yet, as soon as an article shows it: once there are
    ``MIN_PHOTOS_FOR_WORKERS``, worker processes make them while the build reads on, and their
    niced work fills the core the build leaves idle after reading (``_process_photos`` waits)."""
    if photo.manifest is None:  # made by an earlier build of this preview server?
        photo.manifest = images.read_manifest(photo.cache_dir)
    if photo.manifest is not None or photo.error or photo.key in _build.queued:
        return
    if _build.processing is None:
        count = int(SETTINGS.read(settings).PHOTOS_WORKERS)
        _build.processing = start(images.process, [], count, MIN_PHOTOS_FOR_WORKERS)
    _build.queued[photo.key] = len(_build.processing.jobs)
    _build.processing.add((photo.source, str(photo.cache_dir), options))


def _process_photos(settings) -> None:
    """Make every photo not in the cache yet; the same bytes under two names are made once."""
    options = options_of(settings)
    waiting: dict[str, list[Photo]] = {}  # by cache key
    for photo in _build.photos.values():
        _queue(photo, settings, options)  # a photo no article shows (a static file)
        if photo.manifest is None and photo.key in _build.queued:
            waiting.setdefault(photo.key, []).append(photo)
        else:
            _build.stats["photos_cached"] += 1
    if not waiting:
        if _build.processing is not None:
            # Made while the build read (their manifests are in the cache): the idle workers
            # end now, not with the build (180 MB at 5,000 articles, beside Pagefind).
            _build.processing.cancel()
        return
    results = _build.processing.results()
    for key, same in waiting.items():
        result = results[_build.queued[key]]
        _build.stats["photos_processed"] += 1
        _build.stats["photos_cached"] += len(same) - 1
        for photo in same:
            if not isinstance(result, Exception):
                photo.manifest = result
                continue
            photo.error = str(result)
            references = _build.references.get(photo.source) or [(photo.source, None)]
            for source_path, line in references:
                value = "/" + Path(os.path.relpath(photo.source, settings["PATH"])).as_posix()
                _unreadable(source_path, line, value, result)


def prepare(generator) -> None:
    """static_generator_finalized: the last step before the editors' errors are checked."""
    _intercept_statics(generator)
    _process_photos(generator.settings)


# -- writing: copy from the cache -------------------------------------------------------------


class PhotosGenerator(Generator):
    """Writes the photos, crops and cards: copies from the cache, only what changed."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        root = cache_root(self.settings)
        outputs = dict(_build.outputs)
        for static, photo in _build.statics:
            outputs[static.save_as] = (photo, f"original.{images.original_extension(photo.fmt)}")
        for target, (photo, name) in sorted(outputs.items()):
            if not photo.manifest:
                continue
            copied = copy_if_changed(photo.cache_dir / name, Path(self.output_path) / target)
            _build.stats["files_copied" if copied else "files_unchanged"] += 1
        _hashes.save()
        stats = dict(_build.stats, seconds=round(time.perf_counter() - _build.started, 3))
        write_atomic(root / STATS_FILE, json.dumps(stats, indent=1))
        logger.info(
            "Ảnh: xử lý %d, dùng lại %d từ bộ nhớ đệm; chép %d tệp, %d tệp không đổi.",
            stats.get("photos_processed", 0),
            stats.get("photos_cached", 0),
            stats.get("files_copied", 0),
            stats.get("files_unchanged", 0),
        )


def register():
    errors.connect()
    signals.get_generators.connect(_reset)
    signals.content_object_init.connect(rewrite_images)
    signals.generator_init.connect(_add_filters)
    signals.static_generator_finalized.connect(prepare)
