"""Social cards and the publisher logo, drawn with Pillow in Be Vietnam Pro, in the site's colours.

The design, 1200 x 630 for Open Graph (and other sizes for the JSON-LD images): the site's green
with the yellow accent, the site's mark and name, the title. (An article with a photo shares the
photo itself: plugins/social.)

Text is laid out by raqm (HarfBuzz), so every Vietnamese diacritic, stacked or combining, is
placed as the font intends. Each word is set once per font and size (``_word``) and its glyphs
reused: Vietnamese writes syllables apart, so a site's titles share a few thousand words, and
setting them was most of the cost of a card. A design card is drawn in 8 bits
(``design_card_8bit``) and written as PNG by ``png_8bit``, deflated by zlib-ng. Be Vietnam Pro is
under the SIL Open Font License 1.1 (it ships with the PyPI package fontpkg-be-vietnam-pro).
"""

from __future__ import annotations

import functools
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont, features
from zlib_ng import zlib_ng

from khuyenhoc.text import html_to_text

CARD_SIZE = (1200, 630)
MARGIN = 64
CARD_VERSION = "6"

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Colours:
    """The site's colours as Pillow draws them (from ``khuyenhoc.palette``)."""

    brand: RGB
    brand_dark: RGB
    accent: RGB
    cream: RGB
    white: RGB = (0xFF, 0xFF, 0xFF)

    @classmethod
    def of(cls, palette) -> Colours:
        return cls(*(palette.rgb(name) for name in ("brand", "brand-dark", "accent", "cream")))

    @property
    def stripe(self) -> RGB:
        """The quiet bands of the design card: the brand green, a little lighter."""
        return tuple(round(c + (255 - c) * 0.035) for c in self.brand)


def font_dir() -> Path:
    import fontpkg_be_vietnam_pro

    return Path(fontpkg_be_vietnam_pro.ROOT) / "files"


def font_file(weight: str) -> Path:
    return font_dir() / f"BeVietnamPro-{weight}.ttf"


def layout_engine() -> ImageFont.Layout:
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@functools.lru_cache(maxsize=64)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(weight)), size, layout_engine=layout_engine())


def plain(title: str) -> str:
    """A typogrified title as text: no tags, entities decoded, no-break spaces kept."""
    return html_to_text(title)


@functools.lru_cache(maxsize=20000)
def _word(face: ImageFont.FreeTypeFont, word: str):
    """One word set by raqm: its glyphs' mask, the mask's offset from the start of the word on
    the baseline, and the word's advance."""
    mask, offset = face.getmask2(word, "L", anchor="ls", language="vi")
    return mask, offset, face.getlength(word, language="vi")


def text_length(text: str, face: ImageFont.FreeTypeFont) -> float:
    """The advance of ``text`` as ``draw_words`` sets it: its words and the spaces between."""
    words = text.split(" ")
    space = _word(face, " ")[2]
    return sum(_word(face, word)[2] for word in words) + space * (len(words) - 1)


def draw_words(pen: ImageDraw.ImageDraw, xy, text: str, face, fill) -> None:
    """``text`` with its baseline starting at ``xy`` (Pillow's anchor "ls"), word by word."""
    x, y = round(xy[0]), round(xy[1])
    ink = pen.draw.draw_ink(fill)
    space = _word(face, " ")[2]
    for word in text.split(" "):
        mask, (dx, dy), advance = _word(face, word)
        if word:
            pen.draw.draw_bitmap((round(x + dx), y + dy), mask, ink)
        x += advance + space


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy wrap on spaces (a no-break space keeps its words together)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_length(f"{lines[-1]} {word}", face) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit(text: str, weight: str, sizes, width: int, height: int, max_lines: int):
    """The largest size at which ``text`` fits the box; else the smallest, cut with "…"."""
    for size in sizes:
        face = font(weight, size)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines and len(lines) * line_height(face) <= height:
            return face, lines
    face = font(weight, sizes[-1])
    lines = wrap(text, face, width)
    fitting = max(1, min(max_lines, int(height // line_height(face))))
    if len(lines) > fitting:
        lines = lines[:fitting]
        last = lines[-1]
        while last and text_length(last + "…", face) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last.rstrip(",;:.") + "…"
    return face, lines


def line_height(face: ImageFont.FreeTypeFont) -> int:
    return round(face.size * 1.32)


@functools.lru_cache(maxsize=8)
def mark(size: int, colours: Colours, ground: RGB | None = None) -> Image.Image:
    """The site's mark (favicon.svg: a mortarboard on a green rounded square), RGBA."""
    scale = size * 4 / 32  # drawn 4x larger, then reduced: smooth edges
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    pen = ImageDraw.Draw(big)

    def at(points):
        return [(x * scale, y * scale) for x, y in points]

    ground = ground or colours.brand
    pen.rounded_rectangle([0, 0, size * 4 - 1, size * 4 - 1], radius=6 * scale, fill=ground)
    pen.polygon(at([(6, 11), (16, 6), (26, 11), (16, 16)]), fill=colours.accent)
    # M10 14 v6 c3 3 9 3 12 0 v-6 l-6 3 z : the cap's band with its curved lower edge.
    curve = []
    for step in range(17):
        t = step / 16
        x = (1 - t) ** 3 * 10 + 3 * (1 - t) ** 2 * t * 13 + 3 * (1 - t) * t**2 * 19 + t**3 * 22
        y = (1 - t) ** 3 * 20 + 3 * (1 - t) ** 2 * t * 23 + 3 * (1 - t) * t**2 * 23 + t**3 * 20
        curve.append((x, y))
    pen.polygon(at([(10, 14), *curve, (22, 14), (16, 17)]), fill=colours.cream)
    return big.resize((size, size), Image.LANCZOS)


def logo(colours: Colours, size: int = 512) -> Image.Image:
    """The publisher logo for structured data: the mark alone, square."""
    return mark(size, colours)


def _brand_line(pen, canvas: Image.Image, site_name: str, x: int, y: int, size: int, colours):
    """The mark (on the darker green, so its square shows) and the site's name, top-left at (x, y)."""
    icon = mark(size, colours, colours.brand_dark)
    canvas.paste(icon, (x, y), icon)
    face = font("SemiBold", round(size * 0.5))
    pen.text(
        (x + size + 18, y + size / 2),
        site_name,
        font=face,
        fill=colours.white,
        anchor="lm",
        language="vi",
    )


def _draw_lines(pen, lines, face, x, y, fill) -> None:
    step = line_height(face)
    ascent = face.getmetrics()[0]
    for number, line in enumerate(lines):
        draw_words(pen, (x, y + number * step + ascent), line, face, fill)


def title_box(design: str, size: tuple[int, int] = CARD_SIZE) -> tuple[int, int, int, int]:
    """Where the title may be drawn (left, top, right, bottom): the layout, and what tests check."""
    width, height = size
    if design == "photo":
        return (MARGIN, round(height * 0.42), width - MARGIN, height - MARGIN)
    return (MARGIN, MARGIN + 64 + 56, width - MARGIN, height - MARGIN - 56)


@functools.lru_cache(maxsize=8)
def _design_background(size: tuple[int, int], site_name: str, colours: Colours) -> Image.Image:
    """Everything of the design but the title and the kind: drawn once per size."""
    width, height = size
    canvas = Image.new("RGB", size, colours.brand)
    pen = ImageDraw.Draw(canvas)
    # A quiet pattern on the right, as on the placeholder photos: diagonal bands.
    for x in range(width - 260, width + height, 56):
        pen.line([(x, 0), (x - height, height)], fill=colours.stripe, width=14)
    pen.rectangle([width - 300, 0, width - 292, height], fill=colours.brand)
    pen.rectangle([0, 0, 16, height], fill=colours.accent)
    _brand_line(pen, canvas, site_name, MARGIN, MARGIN - 8, 64, colours)
    return canvas


def design_card(
    title: str, kicker: str, site_name: str, colours: Colours, size: tuple[int, int] = CARD_SIZE
) -> Image.Image:
    """The site's design: green, the mark and name at the top, the title, the kind in yellow."""
    canvas = _design_background(size, site_name, colours).copy()
    _draw_title(canvas, (0, 0), _title_layout(title, size), kicker, colours, size)
    return canvas


def design_card_8bit(
    title: str, kicker: str, site_name: str, colours: Colours, size: tuple[int, int] = CARD_SIZE
) -> Image.Image:
    """The design card in 8 bits (a small PNG), for a fraction of ``to_palette(design_card(…))``'s
    work (a card is drawn per article: 4,500 at 5,000).

    The title region holds two grounds (the green and its bands) and two inks (the white title,
    the yellow rule and kind), so a pixel's colour is its ground, its ink and how much of the ink
    covers it: its palette index (``_palette``). The title and the kind are drawn as coverage
    (8-bit grey, a third of the bytes of RGB) and the indices worked out with ImageChops, instead
    of drawn in RGB and reduced to the palette colour by colour. The rest of the card is the
    background, reduced once.
    """
    layout = _title_layout(title, size)
    region = _title_region(size)
    ground = _ground(size, site_name, colours)
    face, lines, _y = layout
    room = region[2] - title_box("design", size)[0]
    if ground is None or any(text_length(line, face) > room for line in lines):
        # A word longer than the box (it runs past the region), or a design whose title region
        # is not the two grounds: drawn whole, then reduced.
        return to_palette(design_card(title, kicker, site_name, colours, size), colours)
    steps = Image.new("L", ground.size, 0)
    _draw_title(steps, region[:2], layout, kicker, colours, size, ground=True)
    indices = ImageChops.add(ground, steps)
    indices.putpalette(_palette(colours).getpalette())
    card = _background_8bit(size, site_name, colours).copy()
    card.paste(indices, region[:2])
    return card


# The palette's first colours, by index: ink (white, accent) x ground (green, bands) x the ink's
# coverage in _STEPS + 1 steps. A ground's index is 0 (green) or _STEPS + 1 (bands); a pixel's is
# its ground's + its coverage's step (white) or + 2 * (_STEPS + 1) + the step (accent).
_STEPS = 12
_ACCENT = 2 * (_STEPS + 1)
# A coverage step (0 to _STEPS) as an accent's index less its ground's (256 entries for point()).
_ACCENT_STEPS = [0] + [_ACCENT + min(step, _STEPS) for step in range(1, 256)]


@functools.lru_cache(maxsize=8)
def _ground(size: tuple[int, int], site_name: str, colours: Colours) -> Image.Image | None:
    """The title region of the background as palette indices of its grounds (8-bit grey: 0 on
    the green, ``_STEPS`` + 1 on its bands), or None if it holds another colour."""
    region = _background_8bit(size, site_name, colours).crop(_title_region(size))
    palette = _palette(colours).getpalette()
    grounds = {colours.brand: 0, colours.stripe: _STEPS + 1}
    of_index = [0xFF] * 256
    for index in range(len(palette) // 3):
        of_index[index] = grounds.get(tuple(palette[index * 3 : index * 3 + 3]), 0xFF)
    ground = Image.frombytes("L", region.size, region.tobytes()).point(of_index)
    return None if ground.getextrema()[1] == 0xFF else ground


def _title_layout(title: str, size: tuple[int, int]):
    """The title's face, lines and top (the yellow rule's) in the middle of its box."""
    width, height = size
    left, top, right, bottom = title_box("design", size)
    tall = height > width * 0.6
    sizes = (84, 76, 68, 62, 56, 50, 44) if tall else (68, 62, 56, 50, 44, 40)
    text_width = min(right, width - 320) - left
    face, lines = fit(plain(title), "Bold", sizes, text_width, bottom - top - 28, 7 if tall else 4)
    # The title block sits in the middle of its box, under a short yellow rule.
    block = 28 + len(lines) * line_height(face)
    return face, lines, top + max(0, (bottom - top - block) // 2)


def _title_region(size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where a card's title and kind may be drawn (with room for glyphs that reach past their
    advance): below the mark and the name, left of the bands' bar."""
    width, height = size
    left, top, _right, _bottom = title_box("design", size)
    return (left - MARGIN // 2, top - MARGIN // 2, width - 292, height)


def _draw_title(canvas, origin, layout, kicker: str, colours: Colours, size, ground=False) -> None:
    """The title (as laid out) and the kind on ``canvas``, whose top-left is ``origin`` of the
    card: in the site's colours, or (``ground``) as steps to add to the ground's palette indices
    (``design_card_8bit``)."""
    height = size[1]
    ox, oy = origin
    face, lines, y = layout
    left = title_box("design", size)[0] - ox
    y -= oy
    pen = ImageDraw.Draw(canvas)
    # Pillow blends a glyph's ink with what is under it: with the ink _STEPS on 0, the result
    # is its coverage in steps.
    title_ink, rule_ink = (_STEPS, _ACCENT + _STEPS) if ground else (colours.white, colours.accent)
    pen.rectangle([left, y, left + 96, y + 8], fill=rule_ink)
    _draw_lines(pen, lines, face, left, y + 28, title_ink)
    if not kicker:
        return
    face = font("SemiBold", 26)
    baseline = (left, height - MARGIN + 6 - oy)
    if not ground:
        draw_words(pen, baseline, kicker.upper(), face, colours.accent)
        return
    # The kind in its own small image, its steps moved to the accent's indices.
    box = (
        left,
        baseline[1] - face.size * 2,
        canvas.width,
        min(canvas.height, baseline[1] + face.size),
    )
    part = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    draw_words(ImageDraw.Draw(part), (0, baseline[1] - box[1]), kicker.upper(), face, _STEPS)
    canvas.paste(ImageChops.lighter(canvas.crop(box), part.point(_ACCENT_STEPS)), box)


@functools.lru_cache(maxsize=8)
def _background_8bit(size: tuple[int, int], site_name: str, colours: Colours) -> Image.Image:
    return to_palette(_design_background(size, site_name, colours), colours)


@functools.lru_cache(maxsize=2)
def _palette(colours: Colours) -> Image.Image:
    """Every colour the design can have: its own, and the anti-aliased steps between them. The
    first are the title region's, in the order ``design_card_8bit`` counts on (repeats kept)."""
    # Steps far enough apart that Pillow's palette lookup (a coarse colour cube) keeps the
    # brand's own colours exact.
    c = colours
    title_region = [
        (c.white, c.brand),
        (c.white, c.stripe),
        (c.accent, c.brand),
        (c.accent, c.stripe),
    ]
    others = [
        (c.cream, c.brand),
        (c.accent, c.brand_dark),
        (c.cream, c.brand_dark),
        (c.cream, c.accent),
    ]

    def steps(pairs):
        for top, ground in pairs:
            for step in range(_STEPS + 1):
                t = step / _STEPS
                yield tuple(round(a * t + b * (1 - t)) for a, b in zip(top, ground, strict=True))

    first = list(steps(title_region))
    rest = [colour for colour in dict.fromkeys(steps(others)) if colour not in first]
    colours = (first + rest)[:256]
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette


def to_palette(card: Image.Image, colours: Colours) -> Image.Image:
    """The design card in 8 bits (a small PNG), its brand colours kept exact."""
    return card.quantize(palette=_palette(colours), dither=Image.Dither.NONE)


# zlib-ng at level 4: a design card's PNG in 0.8 ms and 21 KB, where Pillow's PNG writer (with the
# system's zlib) took 1.3 ms for 25 KB at level 3, the fastest of its levels for that size. It was
# two thirds of a card's cost, and a build draws a card for most articles.
PNG_LEVEL = 4


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_8bit(image: Image.Image) -> bytes:
    """A palette image ("P", no transparency) as PNG, deflated by zlib-ng: what Pillow writes
    (its rows unfiltered, as Pillow writes palette images), at a lower cost."""
    if image.mode != "P" or "transparency" in image.info:
        raise ValueError(f"png_8bit: a palette image without transparency, not {image.mode}")
    width, height = image.size
    # PNG's rows each start with their filter's byte (0: none): the image one pixel wider, on
    # index 0, gives them in one copy.
    rows = Image.new("P", (width + 1, height), 0)
    rows.paste(image, (1, 0))
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)  # 8 bits, palette
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", bytes(image.getpalette())),
            _chunk(b"IDAT", zlib_ng.compress(rows.tobytes(), PNG_LEVEL)),
            _chunk(b"IEND", b""),
        )
    )
