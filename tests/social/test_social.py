"""Sharing: Open Graph and Twitter tags, social cards drawn with Pillow, NewsArticle JSON-LD."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from datetime import datetime
from operator import itemgetter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageChops, ImageDraw, ImageFont
from sitebuild import ROOT, article, build, write_files

from khuyenhoc.palette import palette
from photos.images import PLACEHOLDER_MARK
from social import cards

PLUGINS = ["vietnamese", "photos", "social"]
COLOURS = cards.Colours.of(palette(ROOT / "theme"))

SEED = "tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"
LONG_TITLE = (
    "Chi hội khuyến học ấp Phước Hòa trao học bổng “Tiếp sức đến trường” cho mười lăm em học "
    "sinh nghèo vượt khó, hiếu học của xã Đại Ân 2 trong năm học mới"
)
TRICKY_TITLE = 'Thử "ngoặc kép" & <!-- chèn mã'
TRICKY_TAG = "</script><script>alert(1)</script>"
REQUIRED_META = [
    ("property", "og:site_name"),
    ("property", "og:locale"),
    ("property", "og:type"),
    ("property", "og:title"),
    ("property", "og:description"),
    ("property", "og:url"),
    ("property", "og:image"),
    ("property", "og:image:width"),
    ("property", "og:image:height"),
    ("property", "og:image:alt"),
    ("name", "twitter:card"),
    ("name", "twitter:title"),
    ("name", "twitter:description"),
    ("name", "twitter:image"),
]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(soup: BeautifulSoup, attribute: str, name: str) -> str | None:
    tag = soup.find("meta", attrs={attribute: name})
    return tag["content"] if tag else None


def file_of(out: Path, url: str) -> Path:
    assert url.startswith("/"), url
    return out / url.lstrip("/")


def html_pages(out: Path) -> list[Path]:
    return [p for p in sorted(out.rglob("*.html")) if "pagefind" not in p.parts]


def flat_photo(size=(1600, 1000), colour=(128, 128, 128), comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=95, comment=comment)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """A small site: a long title on a flat grey photo, the same without photo, a tricky title."""
    base = tmp_path_factory.mktemp("social")
    photo_body = '![Ảnh xám để thử]({static}/images/xam.jpg "Ảnh thử. Ảnh: Người thử")\n\nNội dung.'
    content = write_files(
        base / "content",
        {
            "tin-khen-thuong/anh.md": article(LONG_TITLE, body=photo_body, extra="Slug: bai-anh"),
            "tin-khen-thuong/chu.md": article(
                LONG_TITLE, extra="Slug: bai-chu", date="2024-03-01 07:30"
            ),
            "tin-khen-thuong/kho.md": article(
                TRICKY_TITLE, date="2024-03-02 07:30", extra=f"Slug: bai-kho\nTags: {TRICKY_TAG}"
            ),
            "tin-khen-thuong/giu-cho.md": article(
                "Bài có ảnh giữ chỗ",
                date="2024-03-03 07:30",
                extra="Slug: bai-giu-cho",
                body='![Ảnh giữ chỗ]({static}/images/giu-cho.jpg "Lễ trao cờ. Ảnh: Hội")',
            ),
            "images/xam.jpg": flat_photo(),
            "images/giu-cho.jpg": flat_photo(comment=PLACEHOLDER_MARK.encode()),
        },
    )
    out = base / "output"
    result = build(content, out, cache=base / "cache", plugins=PLUGINS)
    assert result.returncode == 0, result.stderr
    return out


def card_of(out: Path, page: str) -> tuple[Image.Image, BeautifulSoup]:
    soup = soup_of(out / page / "index.html")
    with Image.open(file_of(out, meta(soup, "property", "og:image"))) as image:
        return image.convert("RGB"), soup


# -- Open Graph and Twitter -------------------------------------------------------------------


def test_every_page_carries_open_graph_and_twitter_tags(site):
    pages = html_pages(site)
    assert len(pages) > 10
    for page in pages:
        soup = soup_of(page)
        where = page.relative_to(site)
        for attribute, name in REQUIRED_META:
            value = meta(soup, attribute, name)
            assert value, f"{where}: no {name}"
            assert "<" not in value and "\xa0" not in value and "&nbsp;" not in value, (
                f"{where}: {name} carries markup: {value!r}"
            )
        assert meta(soup, "property", "og:locale") == "vi_VN"
        assert meta(soup, "name", "twitter:card") == "summary_large_image"
        canonical = soup.find("link", rel="canonical")["href"]
        assert meta(soup, "property", "og:url") == canonical, where
        image = file_of(site, meta(soup, "property", "og:image"))
        with Image.open(image) as card:
            assert card.size == (
                int(meta(soup, "property", "og:image:width")),
                int(meta(soup, "property", "og:image:height")),
            ), where
            # A drawn card is 1200 x 630; a shared photo, its 16x9 crop 1200 px wide.
            assert card.size in {(1200, 630), (1200, 675)}, where
        assert meta(soup, "name", "twitter:image") == meta(soup, "property", "og:image")


def test_article_tags_use_the_article(site):
    soup = soup_of(site / SEED / "index.html")
    h1 = soup.find("h1").get_text().replace("\xa0", " ")
    assert meta(soup, "property", "og:title") == h1
    assert meta(soup, "property", "og:type") == "article"
    summary = soup.select_one(".sapo").get_text(" ", strip=True).replace("\xa0", " ")
    assert meta(soup, "property", "og:description") == summary
    # The seed's photo is a placeholder: its card is the site's design with the title.
    assert meta(soup, "property", "og:image") == f"/{SEED}anh-chia-se.png"
    assert meta(soup, "property", "article:published_time") == "2024-02-08T19:13:00+07:00"


def test_other_pages_have_the_default_card(site):
    for page in ["gioi-thieu/index.html", "index.html", "the/index.html"]:
        soup = soup_of(site / page)
        assert meta(soup, "property", "og:image") == "/anh-chia-se/mac-dinh.png", page
        assert meta(soup, "property", "og:type") == "website"
    assert meta(soup_of(site / "gioi-thieu/index.html"), "property", "og:title") == "Giới thiệu"


# -- the cards --------------------------------------------------------------------------------


def near_white(image: Image.Image, box) -> int:
    """How many pixels in ``box`` are (almost) white: the title's colour."""
    region = image.crop(box).convert("L").point(lambda v: 255 if v > 225 else 0)
    return region.histogram()[255]


def white_bands(image: Image.Image, box) -> int:
    """How many separate bands of rows in ``box`` hold white pixels: the lines of text."""
    region = image.crop(box).convert("L").point(lambda v: 255 if v > 225 else 0)
    rows = [
        region.crop((0, y, region.width, y + 1)).getbbox() is not None for y in range(region.height)
    ]
    return sum(1 for y, row in enumerate(rows) if row and (y == 0 or not rows[y - 1]))


def test_design_card_draws_the_wrapped_title_in_its_box(shared):
    card, _soup = card_of(shared, "tin-khen-thuong/bai-chu")
    assert card.size == (1200, 630)
    left, top, right, bottom = cards.title_box("design")
    box_area = (right - left) * (bottom - top)
    inside = near_white(card, (left, top, right, bottom))
    assert inside > box_area * 0.04, "the title is drawn in its box"
    assert white_bands(card, (left, top, right, bottom)) >= 3, "a long title wraps"
    # Nothing white outside the box but the site's name at the top.
    below_brand = cards.MARGIN + 64
    assert near_white(card, (right, below_brand, 1200, 630)) == 0
    assert near_white(card, (0, bottom, 1200, 630)) == 0
    assert near_white(card, (0, below_brand, left, 630)) == 0
    # The background is the brand green.
    assert card.getpixel((left + 5, bottom + 5)) == COLOURS.brand


def test_an_article_with_a_photo_shares_the_photo(shared):
    card, soup = card_of(shared, "tin-khen-thuong/bai-anh")
    assert card.size == (1200, 675)
    assert meta(soup, "property", "og:image").endswith("/images/xam-16x9.jpg")
    assert meta(soup, "property", "og:image:alt") == "Ảnh xám để thử"
    # The photo as it is: grey everywhere, no title drawn on it.
    assert card.getpixel((900, 150)) == pytest.approx((128, 128, 128), abs=6)
    assert near_white(card, (0, 0, 1200, 675)) == 0


def test_words_are_set_as_pillow_sets_them():
    """Cards draw a title word by word from cached glyphs: as Pillow draws the line at once."""
    face = cards.font("Bold", 56)
    for text in ("Đại", "Khuyến học Sóc Trăng", "TỔ CHỨC ĐẠI HỘI"):
        ours = Image.new("L", (900, 120))
        cards.draw_words(ImageDraw.Draw(ours), (10, 90), text, face, 255)
        pillows = Image.new("L", (900, 120))
        ImageDraw.Draw(pillows).text(
            (10, 90), text, font=face, fill=255, anchor="ls", language="vi"
        )
        if " " not in text:
            assert ours.tobytes() == pillows.tobytes(), text
        left, top, right, bottom = ours.getbbox()
        assert (left, top, bottom) == itemgetter(0, 1, 3)(pillows.getbbox()), text
        assert abs(right - pillows.getbbox()[2]) <= 2, text
        assert abs(cards.text_length(text, face) - face.getlength(text, language="vi")) <= 2, text


def test_a_placeholder_photo_never_becomes_a_card(shared):
    card, soup = card_of(shared, "tin-khen-thuong/bai-giu-cho")
    assert meta(soup, "property", "og:image").endswith("/anh-chia-se.png")
    design, _ = card_of(shared, "tin-khen-thuong/bai-chu")
    # The design card: the site's green behind the title, nothing of the grey placeholder.
    assert card.getpixel((5, 5)) == design.getpixel((5, 5))
    images = json_ld(str(soup))["image"]
    assert images and all("/anh-chia-se/mac-dinh-" in url for url in images), images
    assert not list(shared.rglob("giu-cho-16x9.jpg")), "the placeholder's crops were published"


def test_cards_are_set_with_raqm_and_every_diacritic_shows():
    assert cards.font("Bold", 40).layout_engine == ImageFont.Layout.RAQM
    # No descenders: the lowest ink is the dot below Ộ and Ự.
    title = "Ấn Ước Ộc Ựa"
    marks = cards.design_card(title, "", "S", COLOURS)
    bare = cards.design_card("An Uoc Oc Ua", "", "S", COLOURS)
    box = cards.title_box("design")
    top_marks = marks.crop(box).convert("L").point(lambda v: 255 if v > 225 else 0).getbbox()
    top_bare = bare.crop(box).convert("L").point(lambda v: 255 if v > 225 else 0).getbbox()
    assert top_marks[1] < top_bare[1] - 8, "the marks above the capitals are drawn"
    assert top_marks[3] > top_bare[3], "the dot below (ộ, ự) is drawn"
    # Text pasted from macOS (NFD) looks exactly like NFC.
    decomposed = cards.design_card(unicodedata.normalize("NFD", title), "", "S", COLOURS)
    assert ImageChops.difference(marks, decomposed).getbbox() is None


@pytest.mark.parametrize("size", [cards.CARD_SIZE, (1200, 675), (1200, 900), (1200, 1200)])
def test_the_8_bit_card_is_the_whole_card_within_half_a_step_of_anti_aliasing(size):
    """design_card_8bit works out palette indices from the title's coverage: every pixel of the
    title region is the full-colour card's within half a step between an ink and its ground, the
    rest is the background reduced, and a title that runs past its region is the whole card
    reduced."""
    site = "Hội Khuyến học"
    pairs = [(COLOURS.white, COLOURS.brand), (COLOURS.accent, COLOURS.stripe)]
    half_step = max(abs(a - b) for pair in pairs for a, b in zip(*pair, strict=True)) / 12 / 2
    region = cards._title_region(size)
    background = cards.to_palette(cards._design_background(size, site, COLOURS), COLOURS)
    titles = [LONG_TITLE, LONG_TITLE * 3, "Ấn Ước Ộc Ựa “Jjj” ½ — WWWW", ""]  # 3: cut with "…"
    for title in titles:
        for kicker in ("Gương vượt khó hiếu học", ""):
            whole = cards.design_card(title, kicker, site, COLOURS, size)
            drawn = cards.design_card_8bit(title, kicker, site, COLOURS, size)
            assert drawn.mode == "P" and drawn.getpalette() == background.getpalette()
            difference = ImageChops.difference(whole, drawn.convert("RGB")).crop(region)
            assert max(high for _low, high in difference.getextrema()) <= half_step + 1, title
            # Outside the title region: the background, index for index.
            outside = ImageChops.difference(drawn, background).convert("L")
            outside.paste(0, region)
            assert outside.getbbox() is None, (title, kicker)
            if title:
                # The ink is there: white at the heart of the letters, yellow for the kind.
                inside = drawn.convert("RGB").crop(region)
                assert COLOURS.white in {colour for _n, colour in inside.getcolors(1 << 16)}
                if kicker:
                    assert COLOURS.accent in {c for _n, c in inside.getcolors(1 << 16)}
    past = "Mộttừdàiquákhôngcódấucáchnàonêntràrakhỏikhungchữcủathẻchiasẻ " * 2
    whole = cards.design_card(past, "Tin", site, COLOURS, size)
    drawn = cards.design_card_8bit(past, "Tin", site, COLOURS, size)
    assert drawn.tobytes() == cards.to_palette(whole, COLOURS).tobytes()


@pytest.mark.parametrize("size", [cards.CARD_SIZE, (1200, 1200)])
def test_a_palette_card_is_written_as_a_png_that_reads_back_pixel_for_pixel(size):
    """png_8bit writes the PNG itself (zlib-ng deflates it): any reader gets the same indices
    and palette as Pillow's own PNG of the card, and it is no larger."""
    card = cards.design_card_8bit(LONG_TITLE, "Tin khen thưởng", "Hội Khuyến học", COLOURS, size)
    data = cards.png_8bit(card)
    with Image.open(io.BytesIO(data)) as read:
        read.load()
        assert (read.format, read.mode, read.size) == ("PNG", "P", card.size)
        assert read.tobytes() == card.tobytes() and read.getpalette() == card.getpalette()
    with Image.open(io.BytesIO(data)) as checked:
        checked.verify()  # every chunk's CRC, and the end of the file
    pillows = io.BytesIO()
    card.save(pillows, "PNG", compress_level=3)
    assert len(data) <= len(pillows.getvalue()) * 1.05
    with pytest.raises(ValueError):
        cards.png_8bit(card.convert("RGB"))
    # Rows of another width, and a palette of three colours: each index where it was.
    small = Image.new("P", (3, 2))
    small.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255])
    small.frombytes(bytes([0, 1, 2, 2, 1, 0]))
    with Image.open(io.BytesIO(cards.png_8bit(small))) as read:
        assert read.tobytes() == bytes([0, 1, 2, 2, 1, 0])
        assert read.getpalette()[:9] == [255, 0, 0, 0, 255, 0, 0, 0, 255]


def test_the_builds_own_process_gives_its_memory_back_as_usual(monkeypatch):
    """The card workers tune glibc's malloc to keep freed memory; the build's own process,
    which draws an edit's few cards and in the preview server runs for hours, does not."""
    import social

    def refuse(*_args):
        raise AssertionError("malloc tuned in the build's own process")

    monkeypatch.setattr(social.ctypes, "CDLL", refuse)
    social._keep_memory.cache_clear()
    try:
        social._keep_memory()
    finally:
        social._keep_memory.cache_clear()


def test_a_title_too_long_for_the_card_is_cut_with_an_ellipsis():
    face, lines = cards.fit(LONG_TITLE * 3, "Bold", (56, 44), 1000, 300, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1000 for line in lines)


# -- JSON-LD ----------------------------------------------------------------------------------


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def ratio_of(out: Path, url: str) -> float:
    with Image.open(file_of(out, url)) as image:
        return image.width / image.height


def check_news_article(out: Path, page: str) -> dict:
    data = json_ld((out / page / "index.html").read_text(encoding="utf-8"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["mainEntityOfPage"]["@id"] == f"/{page}"
    assert data["headline"] and data["description"]
    ratios = [ratio_of(out, url) for url in data["image"]]
    assert ratios == pytest.approx([16 / 9, 4 / 3, 1.0], abs=0.01)
    for field in ("datePublished", "dateModified"):
        assert data[field].endswith("+07:00"), data[field]
        datetime.fromisoformat(data[field])
    for author in data["author"]:
        assert author["name"]
        assert (file_of(out, author["url"]) / "index.html").is_file(), author["url"]
    publisher = data["publisher"]
    assert publisher["name"] == "Hội Khuyến học tỉnh Sóc Trăng"
    with Image.open(file_of(out, publisher["logo"]["url"])) as logo:
        assert logo.format == "PNG"
        assert logo.size == (publisher["logo"]["width"], publisher["logo"]["height"])
    return data


def test_news_article_json_ld_of_the_seed(site):
    data = check_news_article(site, SEED)
    assert (
        data["headline"] == "Hội Khuyến học tỉnh Sóc Trăng nhận cờ thi đua xuất sắc của Chính phủ"
    )
    assert data["datePublished"] == "2024-02-08T19:13:00+07:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Đắc Quang", "url": "/tac-gia/dac-quang/"}
    ]
    # The seed's photo is a placeholder: the site's default images, never the placeholder.
    assert all("/anh-chia-se/mac-dinh-" in url for url in data["image"]), data["image"]


def test_every_article_has_json_ld(site):
    articles = [
        p.parent.relative_to(site).as_posix() + "/"
        for p in html_pages(site)
        if soup_of(p).find("meta", attrs={"property": "og:type", "content": "article"})
    ]
    assert len(articles) >= 5
    for page in articles:
        check_news_article(site, page)


def test_json_ld_cannot_end_its_script(shared):
    html = (shared / "tin-khen-thuong/bai-kho/index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    block = html[start : html.index("</script>", start)]
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert "&" in data["headline"] and "<!" in data["headline"]
    assert TRICKY_TAG in data["keywords"]


def test_cards_are_drawn_once_and_a_photo_is_shared_without_drawing(tmp_path):
    from sitebuild import photo

    content = write_files(
        tmp_path / "content",
        {
            "tin-khen-thuong/a.md": article(
                "Bài ảnh", body='![Mô tả ảnh]({static}/images/a.jpg "Chú thích. Ảnh: X")'
            ),
            "images/a.jpg": photo((2600, 1800), orientation=6, gps=True),
        },
    )
    out, cache = tmp_path / "output", tmp_path / "cache"

    def stats() -> dict:
        result = build(content, out, cache=cache, plugins=PLUGINS)
        assert result.returncode == 0, result.stderr
        return json.loads((tmp_path / "photos" / "cards" / "last-build.json").read_text())

    cold = stats()
    assert cold["cards_drawn"] == 5  # the default in four sizes, the logo; the photo is shared
    card, _soup = card_of(out, "tin-khen-thuong/bai-anh")
    assert card.size == (1200, 675)
    with Image.open(out / "images/a-16x9.jpg") as shared_photo:
        assert not shared_photo.getexif()  # no camera data, no GPS
    warm = stats()
    assert (warm["cards_drawn"], warm["cards_cached"], warm["files_copied"]) == (0, 5, 0)
    (content / "images/a.jpg").write_bytes(photo((2600, 1800), orientation=3))
    assert stats()["cards_drawn"] == 0
    with Image.open(out / "images/a-16x9.jpg") as shared_photo:
        assert shared_photo.size == (1200, 675)


def test_a_build_starts_drawing_its_cards_once_they_are_planned_and_a_check_draws_none(
    tmp_path, monkeypatch
):
    """Cards are drawn while the build waits for its last photos and runs its plugins, not from
    the moment Pelican asks for its writer; reading the site to check it draws nothing."""
    import inspect

    from pelican.settings import read_settings
    from sitebuild import _quiet_signals

    import social
    from khuyenhoc.site import Site

    callers = []
    start = social.workers.start

    def recorded(function, jobs, *args, **options):
        if function is social.draw_card:
            callers.append(inspect.stack()[2].function)
        return start(function, jobs, *args, **options)

    monkeypatch.setattr(social.workers, "start", recorded)
    content = write_files(tmp_path / "content", {"tin-khen-thuong/a.md": article("Bài chữ")})
    result = build(content, tmp_path / "output", plugins=PLUGINS)
    assert result.returncode == 0, result.stderr
    assert callers == ["plan_cards"]
    assert (tmp_path / "output/tin-khen-thuong/bai-chu/anh-chia-se.png").is_file()

    callers.clear()
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "checked")}
    overrides |= {"PLUGINS": PLUGINS, "CACHE_PATH": str(tmp_path / "cache-check")}
    _quiet_signals()
    try:
        Site(read_settings(str(ROOT / "pelicanconf.py"), override=overrides)).check()
    finally:
        _quiet_signals()
    assert callers == []
    assert not (tmp_path / "checked").exists()
