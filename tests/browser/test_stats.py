"""The statistics box and the Số liệu page in Chromium: 360 px, wide, print, without CSS."""

from __future__ import annotations

import io

import pytest
from sitebuild import ARTIFACTS

SEED_URL = "tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"
BRAND = (0x12, 0x54, 0x46)


def _filled_share(png: bytes) -> float:
    """The share of a bar's middle row painted in the site's colour."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    row = [image.getpixel((x, image.height // 2)) for x in range(image.width)]
    filled = sum(
        1 for pixel in row if sum(abs(a - b) for a, b in zip(pixel, BRAND, strict=True)) < 60
    )
    return filled / len(row)


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"scrolls sideways: {width}px"


@pytest.mark.browser
@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_box_at_360_px(browser, served_site, media):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.emulate_media(media=media)
    page.goto(f"{served_site}/{SEED_URL}")
    _fits(page)
    box = page.locator("figure.stats-box")
    box.scroll_into_view_if_needed()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 360
    # Every figure is readable: the cells are not clipped, the bars are drawn.
    assert page.evaluate(
        """() => [...document.querySelectorAll('.stats-box td, .stats-box th')]
            .every(c => c.scrollWidth <= c.clientWidth + 1)"""
    )
    # Each bar is drawn in the site's colour, in proportion: 37,65% fills 37,65% of it.
    bars = page.locator(".stats-box meter")
    assert bars.count() == 5
    for index, percent in enumerate([37.65, 40.9, 50.5, 69, 73.57]):
        bar = bars.nth(index)
        assert bar.bounding_box()["width"] >= 48
        assert _filled_share(bar.screenshot()) == pytest.approx(percent / 100, abs=0.03)
    box.screenshot(path=str(ARTIFACTS / f"stats-box-360-{media}.png"))
    page.close()


@pytest.mark.browser
def test_the_box_without_the_sites_css(browser, served_site):
    """As a feed reader or a reader mode shows it: a table, with its bars still drawn."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{served_site}/{SEED_URL}")
    page.evaluate(
        "document.querySelectorAll('link[rel=stylesheet], style').forEach(s => s.remove())"
    )
    box = page.locator("figure.stats-box")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.stats-box table')).display")
        == "table"
    )
    text = box.inner_text()
    assert "491.612" in text and "37,65%" in text and "61,6 tỉ đồng" in text.replace("\xa0", " ")
    assert page.locator(".stats-box meter").first.bounding_box()["width"] > 40  # drawn natively
    box.screenshot(path=str(ARTIFACTS / "stats-box-360-no-css.png"))
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_statistics_page(browser, served_site, width):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{served_site}/so-lieu/")
    _fits(page)
    # Every table fits the column, its headers and figures each on one line: a figure never
    # parts from its unit, and no header wraps letter by letter.
    measured = page.evaluate(
        """() => [...document.querySelectorAll('.stats-compare thead th, .stats-compare td')]
            .map((cell) => {
              const range = document.createRange();
              range.selectNodeContents(cell);
              const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              return { text: cell.innerText, lines: lines.size, small: !!cell.querySelector('small'),
                       right: cell.getBoundingClientRect().right };
            })"""
    )
    assert measured
    for cell in measured:
        assert cell["right"] <= width, cell
        assert cell["lines"] == (2 if cell["small"] else 1), cell
    # The headline figures, large, before the first table.
    figure = page.locator(".stats-figures .figure").first
    assert float(figure.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    assert figure.bounding_box()["y"] < page.locator(".stats-topic").first.bounding_box()["y"]
    page.screenshot(path=str(ARTIFACTS / f"so-lieu-{width}.png"), full_page=True)
    page.close()
