"""Photos in articles: variants, sizes, captions, loading, metadata stripped, cache, errors.

Every photo here is drawn by the test with Pillow. The camera photo is stored sideways, with
EXIF Orientation 6 and a GPS position, as a phone writes it: red on the stored image's top half,
blue on the bottom half, so "upright" means red on the right, blue on the left.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sitebuild import (
    IMAGE_SUFFIXES,
    article,
    build,
    photo,
    photo_site,
    run_pelican,
    write_files,
)

PLUGINS = ["vietnamese", "photos"]


@pytest.fixture
def site_plugins():
    return PLUGINS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return photo_site(tmp_path_factory.mktemp("photos"), PLUGINS)


def page(out: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((out / "tin-khen-thuong" / slug / "index.html").read_text(), "html.parser")


def file_of(out: Path, url: str) -> Path:
    assert url.startswith("/"), url
    return out / url.lstrip("/")


def srcset(value: str) -> list[tuple[str, int]]:
    items = []
    for item in value.split(","):
        url, width = item.split()
        items.append((url, int(width.removesuffix("w"))))
    return items


EXPECTED_FORMAT = {"image/avif": "AVIF", "image/webp": "WEBP", "image/jpeg": "JPEG"}


def test_variants_have_the_expected_formats_and_sizes(built):
    figure = page(built, "bai-co-anh").find("figure", class_="photo")
    picture = figure.find("picture")
    sources = picture.find_all("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    img = picture.find("img")
    for mime, value in [
        *((s["type"], s["srcset"]) for s in sources),
        ("image/jpeg", img["srcset"]),
    ]:
        files = srcset(value)
        assert [w for _url, w in files] == [480, 800, 1200], value
        for url, width in files:
            with Image.open(file_of(built, url)) as image:
                assert image.format == EXPECTED_FORMAT[mime], url
                # Upright portrait 1600 x 2400: each variant keeps the 2:3 shape.
                assert image.size == (width, round(width * 2400 / 1600)), url
        assert all(s["sizes"] for s in sources) and img["sizes"]


def test_width_and_height_match_the_files(built):
    soup = page(built, "bai-co-anh")
    images = soup.select(".article-body img")
    assert len(images) == 3
    for img in images:
        with Image.open(file_of(built, img["src"])) as image:
            assert (int(img["width"]), int(img["height"])) == image.size, img["src"]
        for source in img.find_parent("picture").find_all("source"):
            assert (source["width"], source["height"]) == (img["width"], img["height"])


def test_small_photos_are_never_enlarged(built):
    soup = page(built, "bai-co-anh")
    small = [img for img in soup.select(".article-body img") if "nho" in img["src"]]
    assert len(small) == 2
    for img in small:
        assert srcset(img["srcset"]) == [("/images/2024/nho-300.jpg", 300)]
        assert (img["width"], img["height"]) == ("300", "200")


def test_captions_are_numbered_with_the_credit_apart(built):
    soup = page(built, "bai-co-anh")
    captions = soup.select(".article-body figure.photo > figcaption")
    assert [c.get_text() for c in captions] == [
        "Ảnh 1. Lễ trao học bổng năm học mới. Ảnh: Chi hội ấp Phước Hòa",
        "Ảnh 2. Bằng khen treo ở văn phòng chi hội.",
    ]
    assert captions[0].select_one(".photo-credit").get_text() == "Ảnh: Chi hội ấp Phước Hòa"
    assert captions[0].select_one(".photo-number").get_text() == "Ảnh 1."
    # The image inside a sentence stays in its paragraph, as a picture without a caption.
    inline = soup.select_one(".article-body p > picture img")
    assert inline["alt"] == "biểu tượng khuyến học"
    assert not soup.select(".article-body p > img, .article-body p > figure")


def test_seed_article_caption_says_its_photo_is_a_placeholder(site):
    """The seed's photo is a placeholder: never credited as a photo the association took."""
    html = (
        site
        / "tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu"
        / "index.html"
    ).read_text()
    caption = BeautifulSoup(html, "html.parser").select_one(".article-body figure figcaption")
    assert caption.get_text() == (
        "Ảnh 1. Hội Khuyến học tỉnh Sóc Trăng nhận Cờ thi đua xuất sắc trong phong trào thi đua "
        "của Chính phủ. Ảnh giữ chỗ, không phải ảnh thật."
    )
    assert caption.select_one(".photo-credit") is None


def test_first_image_loads_at_once_the_others_lazily(built):
    images = page(built, "bai-co-anh").select(".article-body img")
    first, *others = images
    assert first.get("fetchpriority") == "high"
    assert first.get("loading") in (None, "eager")
    for img in others:
        assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
        assert img.get("fetchpriority") is None


def test_camera_photo_is_upright_and_every_output_image_is_clean(built):
    variant = built / "images/2024/dien-thoai-800.jpg"
    with Image.open(variant) as image:
        assert image.size == (800, 1200), "portrait: the EXIF rotation was applied"
        rgb = image.convert("RGB")
        left = rgb.getpixel((200, 600))
        right = rgb.getpixel((600, 600))
    assert right[0] > 180 > right[2], f"red on the right, got {right}"
    assert left[2] > 150 > left[0], f"blue on the left, got {left}"

    checked = []
    for path in sorted(built.rglob("*")):
        if path.suffix.lower() not in IMAGE_SUFFIXES or "theme" in path.parts:
            continue
        data = path.read_bytes()
        with Image.open(path) as image:
            image.load()
            assert not image.getexif(), f"{path} keeps EXIF"
            for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
                assert not image.info.get(key), f"{path} keeps {key}"
        assert b"Exif\x00\x00" not in data and b"Test Phone" not in data, path
        checked.append(path.relative_to(built).as_posix())
    # The originals' addresses serve clean copies, the unused image included.
    assert "images/2024/dien-thoai.jpg" in checked
    assert "images/khong-dung/thua.png" in checked
    assert "images/2024/dien-thoai-16x9.jpg" in checked
    assert len(checked) >= 20


def test_published_original_is_upright_and_capped(built):
    with Image.open(built / "images/2024/dien-thoai.jpg") as image:
        assert image.size == (1333, 2000)
        assert image.convert("RGB").getpixel((1000, 1000))[0] > 180  # red on the right


def test_phone_photo_4000_by_3000_is_upright_light_and_clean(built):
    """Done means: a photo straight from a phone (large, rotated, GPS) is published upright,
    light and clean. The JPEG decoder works at half size here; crops must still be right."""
    soup = page(built, "bai-anh-dien-thoai")
    img = soup.select_one(".article-body figure img")
    assert (img["width"], img["height"]) == ("800", "1067")
    for name, size in [
        ("4000-1200.avif", (1200, 1600)),
        ("4000-800.webp", (800, 1067)),
        ("4000-480.jpg", (480, 640)),
        ("4000.jpg", (1500, 2000)),
        ("4000-16x9.jpg", (1200, 675)),
        ("4000-4x3.jpg", (1200, 900)),
        ("4000-1x1.jpg", (1200, 1200)),
    ]:
        path = built / "images/2024" / name
        with Image.open(path) as image:
            assert image.size == size, name
            assert not image.getexif(), name
            rgb = image.convert("RGB")
            left = rgb.getpixel((size[0] // 4, size[1] // 2))
            right = rgb.getpixel((3 * size[0] // 4, size[1] // 2))
        assert right[0] > 180 > right[2] and left[2] > 150 > left[0], (name, left, right)
    # Light: what a phone downloads is a few KB, not the camera's megabytes.
    assert (built / "images/2024/4000-800.avif").stat().st_size < 60_000


def test_vietnamese_file_names_get_ascii_addresses_that_never_collide(small_site):
    body = (
        '![Ảnh thứ nhất]({static}/images/Ảnh lễ trao.jpg "Một")\n\n'
        '![Ảnh thứ hai]({static}/images/anh-le-trao.jpg "Hai")'
    )
    result, out = small_site(
        {
            "tin-khen-thuong/a.md": article("Bài tên ảnh", body=body),
            "images/Ảnh lễ trao.jpg": photo((700, 500)),
            "images/anh-le-trao.jpg": photo((600, 500)),
        }
    )
    assert result.returncode == 0, result.stderr
    images = page(out, "bai-ten-anh").select(".article-body figure img")
    first, second = (img["src"] for img in images)
    assert first == "/images/anh-le-trao-700.jpg"
    assert re.fullmatch(r"/images/anh-le-trao-[0-9a-f]{8}-600\.jpg", second), second
    with Image.open(file_of(out, first)) as a, Image.open(file_of(out, second)) as b:
        assert a.size == (700, 500) and b.size == (600, 500)
    # Each original keeps its own address, as a clean copy.
    assert (out / "images/Ảnh lễ trao.jpg").is_file() and (out / "images/anh-le-trao.jpg").is_file()


def stats(base: Path) -> dict:
    return json.loads((base / "photos" / "last-build.json").read_text())


def test_second_build_processes_nothing(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "tin-khen-thuong/a.md": article(
                "Bài ảnh", body='![Mô tả ảnh]({static}/images/a.jpg "Chú thích. Ảnh: X")'
            ),
            # The same photo under another name: made once, by content hash.
            "tin-khen-thuong/b.md": article(
                "Bài ảnh chép", body='![Mô tả ảnh]({static}/images/ban-sao.jpg "Chú thích")'
            ),
            "images/a.jpg": photo((1300, 900)),
            "images/ban-sao.jpg": photo((1300, 900)),
        },
    )
    out, cache = tmp_path / "output", tmp_path / "cache"

    def build_again():
        result = build(content, out, cache=cache, plugins=PLUGINS)
        assert result.returncode == 0, result.stderr
        return stats(tmp_path)

    cold = build_again()
    assert cold["photos_processed"] == 1 and cold["photos_cached"] == 1
    assert (out / "images/ban-sao-1200.avif").read_bytes() == (
        out / "images/a-1200.avif"
    ).read_bytes()
    published = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.suffix in IMAGE_SUFFIXES}
    cached = {p: p.stat().st_mtime_ns for p in (tmp_path / "photos").rglob("*.*") if p.is_file()}
    warm = build_again()
    assert warm.get("photos_processed", 0) == 0
    assert warm.get("files_copied", 0) == 0
    assert warm["photos_cached"] == 2 and warm["files_unchanged"] == cold["files_copied"]
    # Nothing was written again, in the output or in the cache.
    assert {p: p.stat().st_mtime_ns for p in published} == published
    assert {p: p.stat().st_mtime_ns for p in cached if p.name != "last-build.json"} == {
        p: t for p, t in cached.items() if p.name != "last-build.json"
    }
    # A changed photo is processed again, and only that one.
    (content / "images/a.jpg").write_bytes(photo((1300, 900), orientation=3))
    again = build_again()
    assert again["photos_processed"] == 1


def three_articles_with_new_photos() -> dict:
    """Three articles, each with a photo no build has made: as many as start the workers."""
    files = {
        f"tin-khen-thuong/bai-{n}.md": article(
            f"Bài {n}", body=f'![Ảnh {n}]({{static}}/images/anh-{n}.jpg "Chú thích {n}.")'
        )
        for n in range(3)
    }
    files.update({f"images/anh-{n}.jpg": photo((640 + n, 480)) for n in range(3)})
    return files


def test_new_photos_are_started_while_the_articles_that_show_them_are_read(small_site, monkeypatch):
    import photos

    seen = []
    prepare = photos.prepare  # static_generator_finalized: where the photos were all made

    def prepare_seen(generator):
        making = photos._build.processing
        seen.append((len(photos._build.queued), making is not None and making.pool is not None))
        prepare(generator)

    monkeypatch.setattr(photos, "prepare", prepare_seen)
    result, out = small_site(three_articles_with_new_photos())
    assert result.returncode == 0, result.stderr
    assert seen == [(3, True)]  # in worker processes before the static files are looked at
    assert all((out / f"images/anh-{n}-480.avif").is_file() for n in range(3))


def test_workers_that_made_every_photo_while_reading_end_before_the_pages_are_written(
    small_site, monkeypatch
):
    from concurrent.futures import wait

    import photos
    from khuyenhoc import workers

    prepare = photos.prepare
    running = []

    def prepare_when_made(generator):
        wait(photos._build.processing.futures)  # every photo made while the articles were read
        prepare(generator)
        running.append(photos._build.processing in workers._running)

    monkeypatch.setattr(photos, "prepare", prepare_when_made)
    result, out = small_site(three_articles_with_new_photos())
    assert result.returncode == 0, result.stderr
    assert running == [False]  # ended, not kept idle until the end of the build
    assert all((out / f"images/anh-{n}-480.avif").is_file() for n in range(3))


def test_editor_mistakes_stop_the_build_with_file_and_line(small_site):
    body = "\n\n".join(
        [
            "Đoạn mở đầu.",
            '![Mô tả]({static}/images/khong-co.jpg "Chú thích")',
            '![]({static}/images/tot.jpg "Thiếu mô tả")',
            '![Ảnh hỏng]({static}/images/hong.jpg "Ảnh hỏng")',
            '![Ảnh cụt]({static}/images/cut.jpg "Ảnh bị cắt cụt")',
            "![Ảnh ngoài](https://example.com/anh.jpg)",
        ]
    )
    good = photo((900, 600))
    result, out = small_site(
        {
            "tin-khen-thuong/loi.md": article("Bài lỗi ảnh", body=body),
            "images/tot.jpg": good,
            "images/hong.jpg": b"day khong phai la anh",
            "images/cut.jpg": good[: len(good) // 2],
        }
    )
    assert result.returncode == 1
    errors = result.stderr
    header = 6  # Title, Date, Author, Category, Summary, blank line
    expected = {
        header + 3: "Không tìm thấy ảnh '/images/khong-co.jpg'",
        header + 5: "chưa có mô tả (alt)",
        header + 7: "Không dùng được ảnh '/images/hong.jpg'",
        header + 9: "Không dùng được ảnh '/images/cut.jpg'",
        header + 11: "nằm trên trang web khác",
    }
    for line, message in expected.items():
        located = [e for e in errors.splitlines() if f"loi.md:{line}:" in e]
        assert located, f"no error at line {line} in:\n{errors}"
        assert message in located[0], located[0]
    assert "Cách sửa" in errors
    assert "Traceback" not in errors
    assert not (out / "tin-khen-thuong").exists(), "nothing is written when the build stops"


def test_a_missing_photo_is_named_once_in_vietnamese_by_the_pelican_command(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "tin-khen-thuong/a.md": article(
                body='![Mô tả]({static}/images/khong-co.jpg "Chú thích")'
            ),
        },
    )
    result = run_pelican(content, tmp_path / "output", PLUGINS=PLUGINS)
    assert result.returncode == 1
    assert "tin-khen-thuong/a.md:7: Không tìm thấy ảnh '/images/khong-co.jpg'" in result.stderr
    assert "Cannot get modification stamp" not in result.stdout + result.stderr


def test_photo_cache_lives_outside_the_output(built):
    assert not any(p.name == "manifest.json" for p in built.rglob("*"))
    assert (built.parent / "photos").is_dir()
    assert os.path.commonpath([built, built.parent / "photos"]) != str(built)
