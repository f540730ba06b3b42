"""The photos sent to the magazine: full resolution, upright, without any metadata.

Each original becomes a JPEG with only its pixels: EXIF orientation applied, then a new image
made of the pixels alone, so no EXIF (camera, GPS position, date), XMP, IPTC or comment survives.
A JPEG is encoded again with its own quantization tables and chroma subsampling, so it keeps the
quality (and about the size) the camera gave it; other formats become JPEG at quality 95. The
colour profile stays: a print house needs it to reproduce the colours.

The Word file gets a smaller copy of each (``MAGAZINE_DOCX_PHOTO_PX`` on the longest side): the
full photos travel beside it, and a .docx of 40 MB would not pass through most mailboxes.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from khuyenhoc.errors import EditorError

REASONS = (
    (UnidentifiedImageError, "không nhận ra định dạng ảnh (tệp hỏng, hoặc không phải ảnh)"),
    (OSError, "tệp ảnh hỏng, hoặc bị cắt cụt (chép chưa hết)"),
    (ValueError, "tệp ảnh hỏng"),
    (SyntaxError, "tệp ảnh hỏng"),
)


class PictureError(Exception):
    """A photo that cannot be read; the message is for the editor, in Vietnamese."""


def _upright(path: str) -> tuple[Image.Image, dict]:
    """The photo's pixels, upright, as RGB (or greyscale), and how to encode it again.

    The site has already refused a photo above its own pixel limit (250 MP, plugin photos) from
    its header, so Pillow's lower default limit (about 179 MP, for files of unknown origin) is
    lifted while this one is decoded at full size: a 200 MP phone photo is sent as it is.
    """
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            image.load()
            encoding: dict = {"quality": 95}
            if image.format == "JPEG" and getattr(image, "quantization", None):
                encoding = {
                    "qtables": image.quantization,
                    "subsampling": JpegImagePlugin.get_sampling(image),
                }
            icc = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
    except Exception as error:
        for kind, reason in REASONS:
            if isinstance(error, kind):
                raise PictureError(reason) from error
        raise
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        background = Image.new("RGB", upright.size, (255, 255, 255))
        background.paste(upright.convert("RGBA"), mask=upright.convert("RGBA").getchannel("A"))
        upright = background
    elif upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    pixels = Image.new(upright.mode, upright.size)
    pixels.paste(upright)
    if icc and upright.mode == "RGB":
        encoding["icc_profile"] = icc
    if encoding.get("subsampling", 0) == -1:
        del encoding["subsampling"]
    return pixels, encoding


def clean_copies(source: str, full: Path, small: Path, longest: int) -> tuple[int, int]:
    """Write the full photo to ``full`` and a copy at most ``longest`` px to ``small``.

    Returns the size of the upright photo in pixels. Raises ``PictureError``.
    """
    pixels, encoding = _upright(source)
    pixels.save(full, "JPEG", **encoding)
    reduced = pixels
    if max(pixels.size) > longest:
        reduced = pixels.copy()
        reduced.thumbnail((longest, longest), Image.LANCZOS)
    reduced.save(small, "JPEG", quality=85, icc_profile=encoding.get("icc_profile"))
    return pixels.size


def unreadable(article_path: str, line: int | None, value: str, reason: str) -> EditorError:
    return EditorError(
        article_path,
        line,
        f"Không dùng được ảnh '{value}': {reason}.",
        "Mở ảnh trên máy tính; nếu xem được, xuất (Save As/Export) lại ở dạng JPEG (.jpg) rồi "
        "thay tệp cũ.",
    )
