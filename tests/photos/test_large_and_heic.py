"""Phone photos: 200 megapixels, HEIC; and what is too large (a decompression bomb)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PIL import Image
from sitebuild import article, heic_photo, huge_jpeg, png_bomb


@pytest.fixture
def site_plugins():
    return ["vietnamese", "photos"]


def figure_body(name: str) -> str:
    return (
        f'Đoạn đầu.\n\n![Ảnh chụp bằng điện thoại]({{static}}/images/{name} "Chú thích. Ảnh: Thử")'
    )


def test_a_200_megapixel_phone_photo_is_published(small_site, tmp_path):
    """16320×12240 (Pillow refuses it by default): decoded at 1/8 size, in little memory."""
    data = huge_jpeg(16320, 12240)
    result, out = small_site(
        {"tin-khen-thuong/a.md": article(body=figure_body("200mp.jpg")), "images/200mp.jpg": data}
    )
    assert result.returncode == 0, result.stderr
    with Image.open(out / "images/200mp-1200.jpg") as variant:
        assert variant.size == (1200, 900)
    with Image.open(out / "images/200mp.jpg") as original:  # the clean copy, capped
        assert original.size == (2000, 1500)


# Decodes in a process of its own: a process's peak memory counts everything it ever did, and the
# test process has run other tests before this one.
DECODE_AND_MEASURE = """
import resource, sys
from photos import images
image = images.load_upright(sys.argv[1], scale=2000 / 16320)
print(image.width, image.height, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_memory_for_a_200_megapixel_photo(tmp_path):
    """The decoder reads a 1/8 size image: well under the 600 MB a full decode needs."""
    source = tmp_path / "200mp.jpg"
    source.write_bytes(huge_jpeg(16320, 12240))
    result = subprocess.run(
        [sys.executable, "-c", DECODE_AND_MEASURE, str(source)],
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    width, height, peak_kb = (int(value) for value in result.stdout.split())
    assert (width, height) == (2040, 1530)
    assert peak_kb < 600 * 1024


@pytest.mark.parametrize(
    ("name", "data", "size"),
    [
        ("bom.jpg", huge_jpeg(30000, 30000), "30.000 × 30.000 điểm ảnh (900 triệu điểm ảnh"),
        ("bom.png", png_bomb(20000, 20000), "20.000 × 20.000 điểm ảnh (400 triệu điểm ảnh"),
    ],
)
def test_larger_than_the_limit_or_a_bomb_is_refused(small_site, name, data, size):
    result, _out = small_site(
        {"tin-khen-thuong/a.md": article(body=figure_body(name)), f"images/{name}": data}
    )
    assert result.returncode == 1
    assert (
        f"LỖI tin-khen-thuong/a.md:9: Không dùng được ảnh '/images/{name}': ảnh quá lớn: {size}, "
        "giới hạn là 250 triệu); ảnh lớn như vậy thường là tệp hỏng, hoặc tệp cố ý làm cạn bộ nhớ "
        "máy (decompression bomb).\n"
        "    Cách sửa: Mở ảnh bằng phần mềm xem ảnh, thu nhỏ (Resize) còn cạnh dài khoảng 4000 điểm "
        "ảnh, lưu lại ở dạng JPEG (.jpg) rồi thay tệp cũ."
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert "DecompressionBomb" not in result.stderr


def test_a_photo_no_article_uses_is_checked_too(small_site):
    result, _out = small_site(
        {"tin-khen-thuong/a.md": article(), "images/khong-dung/bom.jpg": huge_jpeg(30000, 30000)}
    )
    assert result.returncode == 1
    assert (
        "LỖI images/khong-dung/bom.jpg: Không dùng được ảnh 'images/khong-dung/bom.jpg': ảnh quá lớn"
        in result.stderr
    )


def test_heic_from_an_iphone_is_published_as_jpeg(small_site):
    result, out = small_site(
        {
            "tin-khen-thuong/a.md": article(body=figure_body("iphone.heic")),
            "images/iphone.heic": heic_photo((1600, 1200)),
        }
    )
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/bai-thu/index.html").read_text("utf-8")
    assert "images/iphone-800.jpg" in html and ".heic" not in html
    assert not list(out.rglob("*.heic")), "never published raw"
    with Image.open(out / "images/iphone.jpg") as original:
        assert (original.format, original.size) == ("JPEG", (1600, 1200))
        red_top = original.getpixel((800, 100))
        assert red_top[0] > 150 and red_top[2] < 100
    stats = json.loads((out.parent / "photos/last-build.json").read_text())
    assert stats["photos_processed"] == 1
