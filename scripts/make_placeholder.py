"""Draws the project's placeholder photo, used where an article's real photo is not yet in hand.

Run once by a developer; the JPEG it writes is committed. It is marked as a placeholder in the
picture itself, for readers, and in its JPEG comment, for the build (``PLACEHOLDER_MARK``): the
site then never credits it as a real photo, never cuts a share card from it, and ``make publish``
refuses it.

    python scripts/make_placeholder.py content/images/2024/ten-anh-giu-cho.jpg "Dòng 1." "Dòng 2."
"""

import sys
from pathlib import Path

import fontpkg_be_vietnam_pro as font_package
from PIL import Image, ImageDraw, ImageFont

from photos.images import PLACEHOLDER_MARK

WIDTH, HEIGHT = 1600, 1067
FONTS = Path(font_package.ROOT) / "files"


def draw(lines: list[str], target: Path) -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), (18, 84, 70))
    pen = ImageDraw.Draw(image)
    for x in range(-HEIGHT, WIDTH, 80):
        pen.line([(x, 0), (x + HEIGHT, HEIGHT)], fill=(24, 96, 80), width=18)
    label = ImageFont.truetype(str(FONTS / "BeVietnamPro-Bold.ttf"), 64)
    text = ImageFont.truetype(str(FONTS / "BeVietnamPro-Regular.ttf"), 48)
    pen.rounded_rectangle([(120, 330), (WIDTH - 120, HEIGHT - 330)], 24, fill=(250, 248, 240))
    pen.text((WIDTH / 2, 430), "ẢNH GIỮ CHỖ", font=label, fill=(150, 30, 30), anchor="mm")
    for i, line in enumerate(lines):
        pen.text((WIDTH / 2, 540 + i * 70), line, font=text, fill=(30, 30, 30), anchor="mm")
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(
        target,
        "JPEG",
        quality=80,
        optimize=True,
        progressive=True,
        comment=PLACEHOLDER_MARK.encode(),
    )


if __name__ == "__main__":
    draw(sys.argv[2:], Path(sys.argv[1]))
