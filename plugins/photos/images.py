"""Pillow work on one photo: its sizes, its variants, its crops and its clean copy.

Everything here is pure (a source file in, files in a folder out) so that it can run in worker
processes, and so that the sizes written into the HTML are computed by the same code that later
writes the files.

Large photos: phones take 200-megapixel photos (16320×12240), more than Pillow opens by default
(about 179 MP, then ``DecompressionBombError``, in English, naming no file). Photos are opened with
the site's own limit instead (``Options.max_pixels``, 250 MP), checked from the header before
anything is decoded; a larger one, or a "decompression bomb" (a small file declaring a huge
image), is a ``PhotoError`` for the editor. A JPEG is decoded at 1/2, 1/4 or 1/8 of its size when
no output needs more (``Image.draft``): a 200 MP photo decodes to about 2000 pixels wide, in a few
megabytes. Other formats are decoded whole, then reduced at once, so that only one full-size copy
is ever in memory.

HEIC/HEIF (iPhones' default) is read through ``pillow-heif`` and published as JPEG, never raw.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from khuyenhoc.formatting import format_number

register_heif_opener()

# Bump when the processing changes, so that every cached photo is made again.
PIPELINE_VERSION = "3"

# Files a photo can be; the rest (SVG, GIF, ...) is left as it is.
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"}
FORMAT_OF_EXTENSION = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".heic": "HEIF",
    ".heif": "HEIF",
}
# Above this, a photo that cannot be decoded at a reduced size is reduced as soon as it is read.
REDUCE_ABOVE_PIXELS = 64_000_000
RESIZE_FIX = (
    "Mở ảnh bằng phần mềm xem ảnh, thu nhỏ (Resize) còn cạnh dài khoảng 4000 điểm ảnh, lưu lại ở "
    "dạng JPEG (.jpg) rồi thay tệp cũ."
)
EXTENSION = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
PIL_FORMAT = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
MANIFEST = "manifest.json"
# A placeholder photo (scripts/make_placeholder.py) carries this in its JPEG comment (or a PNG
# text chunk): it is then never credited as a real photo, never cut into a share card, and never
# published (plugins/publishing).
PLACEHOLDER_MARK = "khuyenhoc:anh-giu-cho"


class PhotoError(Exception):
    """A photo that cannot be used: the reason, and the fix when it is not the usual one (export
    the photo again as JPEG), for the editor, in Vietnamese."""

    def __init__(self, reason: str, fix: str = ""):
        super().__init__(reason, fix)  # both in args, so that it crosses from a worker process

    def __str__(self) -> str:
        return self.args[0]

    @property
    def fix(self) -> str:
        return self.args[1]


@dataclass(frozen=True)
class Options:
    """How photos are processed. Part of the cache key: change one, and photos are made again."""

    widths: tuple[int, ...] = (480, 800, 1200)
    formats: tuple[str, ...] = ("avif", "webp", "jpeg")
    quality: tuple[tuple[str, int], ...] = (("avif", 55), ("webp", 75), ("jpeg", 80))
    avif_speed: int = 8
    original_max: int = 2000
    crops: tuple[str, ...] = ("16x9", "4x3", "1x1")
    crop_width: int = 1200
    max_pixels: int = 250_000_000  # a limit, not a way of processing: not in the digest

    def quality_of(self, fmt: str) -> int:
        return dict(self.quality)[fmt]

    def digest(self) -> str:
        import hashlib

        processing = {k: v for k, v in asdict(self).items() if k != "max_pixels"}
        text = json.dumps([PIPELINE_VERSION, processing], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Size:
    width: int
    height: int


@dataclass(frozen=True)
class Plan:
    """Every file one photo becomes, named as in the cache folder, with its size."""

    width: int  # the source, upright
    height: int
    variants: tuple[tuple[int, int], ...]  # (width, height), smallest first
    original: tuple[int, int]
    crops: tuple[tuple[str, tuple[int, int, int, int], tuple[int, int]], ...] = field(default=())

    def files(self, options: Options, source_format: str) -> dict[str, tuple[int, int]]:
        names = {}
        for width, height in self.variants:
            for fmt in options.formats:
                names[f"{width}.{EXTENSION[fmt]}"] = (width, height)
        names[f"original.{original_extension(source_format)}"] = self.original
        for ratio, _box, size in self.crops:
            names[f"{ratio}.jpg"] = size
        return names


def original_extension(source_format: str) -> str:
    return {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "TIFF": "tif"}.get(source_format, "jpg")


def scaled(width: int, height: int, new_width: int) -> tuple[int, int]:
    return new_width, max(1, round(height * new_width / width))


def plan(width: int, height: int, options: Options) -> Plan:
    """The sizes of every output for an upright source of ``width`` x ``height``. Never larger."""
    widths = sorted({min(w, width) for w in options.widths})
    variants = tuple(scaled(width, height, w) for w in widths)
    longest = max(width, height)
    if longest > options.original_max:
        factor = options.original_max / longest
        original = (max(1, round(width * factor)), max(1, round(height * factor)))
    else:
        original = (width, height)
    crops = []
    for ratio in options.crops:
        a, b = (int(n) for n in ratio.split("x"))
        if width * b > height * a:  # wider than the ratio: full height
            crop_h = height
            crop_w = min(width, round(height * a / b))
        else:
            crop_w = width
            crop_h = min(height, round(width * b / a))
        left = (width - crop_w) // 2
        # A little above the middle: faces and banners sit in the upper part of event photos.
        top = round((height - crop_h) * 0.4)
        out_w = min(crop_w, options.crop_width)
        out_h = max(1, round(out_w * b / a))
        crops.append((ratio, (left, top, left + crop_w, top + crop_h), (out_w, out_h)))
    return Plan(width, height, variants, original, tuple(crops))


@contextlib.contextmanager
def open_photo(path: str | os.PathLike, max_pixels: int):
    """``Image.open`` with the site's pixel limit instead of Pillow's, checked on the header.

    Pillow's limit is a process-wide setting: it is lifted only for the moment ``open`` reads the
    header (nothing is decoded then), and our own limit is applied to the size it read.
    """
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        image = Image.open(path)
    except UnidentifiedImageError as error:
        raise PhotoError("không nhận ra định dạng ảnh (tệp hỏng, hoặc không phải ảnh)") from error
    except (OSError, ValueError, SyntaxError) as error:
        raise PhotoError("không đọc được tệp ảnh (tệp hỏng, hoặc chép chưa hết)") from error
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    with image:
        width, height = image.size
        if width * height > max_pixels:
            raise PhotoError(
                f"ảnh quá lớn: {format_number(width)} × {format_number(height)} điểm ảnh "
                f"({format_number(round(width * height / 1e6))} triệu điểm ảnh, giới hạn là "
                f"{format_number(max_pixels // 1_000_000)} triệu); ảnh lớn như vậy thường là tệp "
                "hỏng, hoặc tệp cố ý làm cạn bộ nhớ máy (decompression bomb)",
                RESIZE_FIX,
            )
        yield image


def probe(path: str | os.PathLike, max_pixels: int = Options.max_pixels) -> tuple[int, int, str]:
    """The upright size and the format of a photo, from its header only (fast)."""
    try:
        with open_photo(path, max_pixels) as image:
            orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
            width, height = image.size
            fmt = image.format or ""
    except (OSError, ValueError, SyntaxError) as error:
        raise PhotoError("không đọc được tệp ảnh (tệp hỏng, hoặc chép chưa hết)") from error
    if orientation in ROTATED:
        width, height = height, width
    return width, height, fmt


def is_placeholder(path: str | os.PathLike, max_pixels: int = Options.max_pixels) -> bool:
    """True for a photo marked as a placeholder (``PLACEHOLDER_MARK``), read from its header."""
    try:
        with open_photo(path, max_pixels) as image:
            texts = [image.info.get("comment", b""), *getattr(image, "text", {}).values()]
    except (PhotoError, OSError, ValueError, SyntaxError):
        return False
    return any(
        PLACEHOLDER_MARK in (t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t))
        for t in texts
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to sRGB if the camera wrote another colour profile, then forget the profile."""
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = ImageCms.getProfileDescription(source) or ""
        if "srgb" in description.lower():
            return image
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def load_upright(
    path: str | os.PathLike, scale: float = 1.0, max_pixels: int = Options.max_pixels
) -> Image.Image:
    """The photo decoded, turned upright (EXIF orientation), in sRGB, with no metadata at all.

    ``scale`` (at most 1) lets JPEG decode at a reduced size when no output needs the full one;
    a large photo in another format is reduced as soon as it is decoded.
    """
    try:
        with open_photo(path, max_pixels) as image:
            w, h = image.size
            if image.format == "JPEG" and scale < 1:
                image.draft("RGB", (math.ceil(w * scale), math.ceil(h * scale)))
            image.load()
            factor = math.floor(1 / scale) if scale > 0 else 1
            if image.format != "JPEG" and w * h > REDUCE_ABOVE_PIXELS and factor > 1:
                exif = image.getexif()
                image = image.reduce(factor)  # the full-size copy goes with the "with" block
                image.info["exif"] = exif.tobytes()
            upright = ImageOps.exif_transpose(image)
    except MemoryError as error:
        raise PhotoError("máy không đủ bộ nhớ để xử lý ảnh này", RESIZE_FIX) from error
    except (OSError, ValueError, SyntaxError) as error:
        raise PhotoError("tệp ảnh hỏng, hoặc bị cắt cụt (chép chưa hết)") from error
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    if upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if has_alpha else "RGB")
    upright = _to_srgb(upright)
    # A new image with the pixels only: no EXIF (GPS!), no XMP, no comments, no profile.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    return clean


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _save(image: Image.Image, target: Path, fmt: str, options: Options) -> None:
    if fmt == "avif":
        image.save(target, "AVIF", quality=options.quality_of("avif"), speed=options.avif_speed)
    elif fmt == "webp":
        image.save(target, "WEBP", quality=options.quality_of("webp"), method=4)
    else:
        _flatten(image).save(
            target, "JPEG", quality=options.quality_of("jpeg"), optimize=True, progressive=True
        )


def _save_original(image: Image.Image, target: Path, source_format: str) -> None:
    if source_format == "PNG":
        image.save(target, "PNG")
    elif source_format == "WEBP":
        image.save(target, "WEBP", quality=85)
    elif source_format == "TIFF":
        image.save(target, "TIFF", compression="tiff_deflate")
    else:
        _flatten(image).save(target, "JPEG", quality=85, optimize=True, progressive=True)


def process(source: str, cache_dir: str, options: Options) -> dict:
    """Make every file of one photo in ``cache_dir`` (written whole or not at all).

    Returns the manifest: the upright size, the source format and each file with its size.
    """
    width, height, source_format = probe(source, options.max_pixels)
    sizes = plan(width, height, options)
    # The largest scale any output needs; the JPEG decoder can skip the rest.
    needed = max(
        sizes.original[0] / width,
        sizes.variants[-1][0] / width,
        *(size[0] / (box[2] - box[0]) for _ratio, box, size in sizes.crops),
    )
    image = load_upright(source, needed, options.max_pixels)
    factor = image.width / width  # 1, or less when the decoder skipped detail
    target = Path(cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        # Largest first, each variant from the one before: less work than from the source.
        larger = image
        for w, h in reversed(sizes.variants):
            if (w, h) != larger.size:
                larger = larger.resize((w, h), Image.LANCZOS, reducing_gap=3.0)
            for fmt in options.formats:
                _save(larger, work / f"{w}.{EXTENSION[fmt]}", fmt, options)
        original = (
            image
            if sizes.original == image.size
            else image.resize(sizes.original, Image.LANCZOS, reducing_gap=3.0)
        )
        _save_original(
            original, work / f"original.{original_extension(source_format)}", source_format
        )
        for ratio, box, size in sizes.crops:
            region = tuple(v * factor for v in box)
            crop = image.resize(size, Image.LANCZOS, box=region, reducing_gap=3.0)
            _flatten(crop).save(
                work / f"{ratio}.jpg", "JPEG", quality=82, optimize=True, progressive=True
            )
        manifest = {
            "version": PIPELINE_VERSION,
            "width": width,
            "height": height,
            "format": source_format,
            "placeholder": is_placeholder(source),
            "files": {
                name: list(size) for name, size in sizes.files(options, source_format).items()
            },
        }
        (work / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        if target.exists() and read_manifest(target) is None:
            shutil.rmtree(target)  # left half-made by an interrupted build of an older version
        try:
            os.replace(work, target)
        except OSError:
            # Another build made the same photo meanwhile: theirs is as good as ours.
            if read_manifest(target) is None:
                raise
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_manifest(cache_dir: str | os.PathLike) -> dict | None:
    try:
        manifest = json.loads((Path(cache_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("version") != PIPELINE_VERSION:
        return None
    return manifest
