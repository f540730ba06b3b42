"""Photos in Chromium at 360 px: the right file for the phone, upright, no layout jump."""

from __future__ import annotations

import pytest
from sitebuild import ARTIFACTS, photo_site, serve

pytestmark = pytest.mark.browser
SEED = "/tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"


@pytest.fixture(scope="module")
def photos_url(tmp_path_factory):
    """The photos test site (see sitebuild.photo_site), served over HTTP."""
    out = photo_site(tmp_path_factory.mktemp("photos"), ["vietnamese", "photos"])
    with serve(out) as url:
        yield url


@pytest.fixture
def tab(browser):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    yield page
    page.close()


def load_every_image(tab) -> None:
    """Bring each image into view so lazy ones load, wait for all of them, back to the top."""
    images = tab.locator("img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    tab.wait_for_function("() => [...document.images].every(i => i.complete)")
    tab.evaluate("() => window.scrollTo(0, 0)")


FIRST_PHOTO = """() => { const i = document.querySelector('figure.photo img');
    const r = i.getBoundingClientRect();
    return {src: i.currentSrc, natural: i.naturalWidth, w: r.width, h: r.height,
            scroll: document.documentElement.scrollWidth}; }"""


def test_article_with_photos_at_360px(tab, photos_url):
    """The camera photo at 360 px: upright, an AVIF near the phone's width, no layout jump."""
    tab.goto(f"{photos_url}/tin-khen-thuong/bai-co-anh/")
    first = tab.evaluate(FIRST_PHOTO)  # before loading: the box comes from width/height
    load_every_image(tab)
    loaded = tab.evaluate(FIRST_PHOTO)
    small = tab.evaluate(
        """() => [...document.querySelectorAll('img[src*="nho"]')]
        .map(i => [i.currentSrc, i.getBoundingClientRect().width])"""
    )
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "photos-test-article-360.png"), full_page=True)
    assert loaded["src"].endswith("/dien-thoai-480.avif"), "a 360 px phone at 1x: 480 px AVIF"
    assert loaded["natural"] > 0
    assert [w for _src, w in small] == [300, 300], "a small photo is not enlarged on screen"
    assert all(src.endswith("/nho-300.avif") for src, _w in small), small
    assert loaded["w"] <= 360 - 32 and abs(loaded["h"] - loaded["w"] * 1.5) < 2, loaded
    assert abs(first["h"] - loaded["h"]) < 1, "the photo's box did not change when it loaded"
    assert loaded["scroll"] <= 360, "nothing overflows the phone's width"


def test_seed_article_screenshot_at_360px(tab, served_site):
    """The real seed article on a phone: screenshot for a person to look at, figure checked."""
    tab.goto(served_site + SEED)
    load_every_image(tab)
    photo_box = tab.evaluate(FIRST_PHOTO)
    caption = tab.locator("figure.photo figcaption").first.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "photos-seed-article-360.png"), full_page=True)
    assert photo_box["natural"] > 0 and photo_box["scroll"] <= 360
    assert caption.startswith("Ảnh 1. Hội Khuyến học tỉnh Sóc Trăng nhận Cờ thi đua")
