"""Full-page screenshots of each kind of page on a phone (360 px) and a desktop (1280 px).

The PNGs go to test-artifacts/screenshots/ for a person to look at. The tests check what that
person would notice first: sideways scrolling, a missing or clipped title, squashed photos,
text too small to read on a phone, and Vietnamese letters drawn as empty boxes ("tofu").
"""

from __future__ import annotations

import pytest
from sitebuild import ARTIFACTS

from scripts.page_weight import page_types

pytestmark = pytest.mark.browser

SCREENSHOTS = ARTIFACTS / "screenshots"
WIDTHS = [360, 1280]
PAGE_TYPES = ["home", "article", "category", "page", "tags", "archives", "404"]
# Pages other features bring; checked once they exist in the build.
PAGE_TYPES += ["statistics", "search", "units", "unit"]
ARTICLE_DATE = "Thứ Năm, 08/02/2024 - 19:13"

# For each grapheme of the page's visible text that is not ASCII, draw it on a canvas in the
# page's own fonts and compare the pixels with those of U+10FFFD, which no font has: equal
# pixels (or none at all) mean Chromium found no font for the letter and drew a box.
FIND_TOFU = """
(selectors) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 96;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (text, font) => {
    ctx.clearRect(0, 0, 96, 96);
    ctx.font = font;
    ctx.textBaseline = "top";
    ctx.fillStyle = "#000";
    ctx.fillText(text, 8, 8);
    return ctx.getImageData(0, 0, 96, 96).data;
  };
  const same = (a, b) => a.every((value, i) => value === b[i]);
  const blank = draw("", "16px serif");
  const segmenter = new Intl.Segmenter("vi", { granularity: "grapheme" });
  const report = { tofu: [], checked: 0, fonts: [], referenceIsTofu: true };
  const done = new Set();
  for (const selector of selectors) {
    const element = document.querySelector(selector);
    if (!element) continue;
    const style = getComputedStyle(element);
    const font = `${style.fontStyle} ${style.fontWeight} 40px ${style.fontFamily}`;
    report.fonts.push(font);
    const tofu = draw(String.fromCodePoint(0x10FFFD), font);
    // The detector must recognise a letter no font has, or it proves nothing.
    const probe = draw(String.fromCodePoint(0x10FFFC), font);
    if (!same(probe, tofu) && !same(probe, blank)) report.referenceIsTofu = false;
    const graphemes = new Set(
      Array.from(segmenter.segment(element.innerText), (s) => s.segment)
        .filter((g) => /[^\\x00-\\x7f]/.test(g) && /\\p{L}/u.test(g))
    );
    for (const g of graphemes) {
      if (done.has(font + g)) continue;
      done.add(font + g);
      report.checked += 1;
      const pixels = draw(g, font);
      if (same(pixels, tofu) || same(pixels, blank)) report.tofu.push(`${g} (${selector})`);
    }
  }
  return report;
}
"""

# Things a reader would notice, measured in the page.
LAYOUT = """
() => {
  const box = (e) => e.getBoundingClientRect();
  const h1 = document.querySelector("h1");
  const squashed = [...document.images]
    .filter((img) => img.complete && img.naturalWidth && box(img).width > 0)
    // A thumbnail cropped to its frame (object-fit: cover) is cut, not stretched.
    .filter((img) => getComputedStyle(img).objectFit !== "cover")
    .filter((img) => {
      const natural = img.naturalWidth / img.naturalHeight;
      const shown = box(img).width / box(img).height;
      return Math.abs(shown / natural - 1) > 0.02;
    })
    .map((img) => img.currentSrc);
  const broken = [...document.images]
    .filter((img) => img.complete && img.naturalWidth === 0)
    .map((img) => img.src);
  const overflowing = [...document.querySelectorAll("main *, header *, footer *")]
    .filter((e) => box(e).width > 0 && (box(e).right > innerWidth + 0.5 || box(e).left < -0.5))
    .filter((e) => !e.closest(".visually-hidden, .skip-link"))
    // Inside a strip that scrolls sideways (the sections on a phone), past the edge is by design.
    .filter((e) => {
      for (let a = e.parentElement; a; a = a.parentElement) {
        const x = getComputedStyle(a).overflowX;
        if ((x === "auto" || x === "scroll") && box(a).right <= innerWidth + 0.5) return false;
      }
      return true;
    })
    .map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
  // Running text: the font size that sets the most characters of paragraphs and list items
  // (dates, labels and notes may be smaller).
  const characters = new Map();
  for (const e of document.querySelectorAll("main p, main li")) {
    const size = parseFloat(getComputedStyle(e).fontSize);
    characters.set(size, (characters.get(size) || 0) + e.innerText.length);
  }
  const textSize = [...characters].sort((a, b) => b[1] - a[1])[0];
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    h1: h1 && {
      text: h1.innerText,
      width: box(h1).width,
      left: box(h1).left,
      right: box(h1).right,
      clipped: h1.scrollWidth > h1.clientWidth + 1,
      hidden: !!h1.closest(".visually-hidden"),
    },
    bodyFontPx: textSize ? textSize[0] : null,
    squashed,
    broken,
    overflowing: overflowing.slice(0, 10),
  };
}
"""


@pytest.fixture(scope="module", autouse=True)
def screenshot_folder():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_screenshot(page_type, width, page_at, url_of):
    url = url_of(page_type)
    page = page_at(width)
    look_at(page, url, page_type, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshot_of_a_second_listing_page(width, page_at, paged_site, served_paged_site):
    url = page_types(paged_site)["listing-page-2"]
    page = page_at(width)
    look_at(page, served_paged_site + url, "listing-page-2", width)
    assert page.locator("nav.pagination").is_visible()


SEARCHES = {"search-results": "học bổng", "search-none": "xyzzy"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SEARCHES)
def test_screenshot_of_a_search(name, width, page_at, url_of):
    page = page_at(width)
    query = SEARCHES[name]
    page.goto(url_of("search") + "?q=" + query)
    page.locator("#trang-thai").filter(has_text=query).wait_for(timeout=15_000)
    look_at(page, None, name, width)
    if name == "search-none":
        assert page.locator(".search-empty").is_visible()
        assert page.locator(".search-empty .card-title a").count() >= 1
    else:
        assert page.locator("#ket-qua li").count() >= 1


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshot_of_the_printout(width, page_at, url_of):
    page = page_at(width)
    page.goto(url_of("article"))
    page.emulate_media(media="print")
    look_at(page, None, "print", width)


def look_at(page, url: str | None, page_type: str, width: int) -> None:
    """Open ``url`` (None: the page as it is), save its screenshot and check what a reader would
    notice first."""
    if url is not None:
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    url = page.url
    page.evaluate("document.fonts.ready")
    page.screenshot(path=SCREENSHOTS / f"{page_type}-{width}.png", full_page=True)

    layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= width, (
        f"{url} scrolls sideways at {width} px ({layout['scrollWidth']} px wide); "
        f"elements past the edge: {layout['overflowing']}"
    )
    assert not layout["overflowing"], f"{url}: elements past the edge: {layout['overflowing']}"
    assert not layout["broken"], f"{url}: images that did not load: {layout['broken']}"
    assert not layout["squashed"], f"{url}: images drawn out of proportion: {layout['squashed']}"

    h1 = layout["h1"]
    assert h1, f"{url} has no h1"
    if page_type == "home":
        # The home page's h1 is for screen readers; sighted readers see the site's name.
        assert page.locator(".brand-name").is_visible()
    else:
        assert not h1["hidden"] and page.locator("h1").is_visible(), f"{url}: h1 not visible"
        assert h1["width"] > 100 and h1["left"] >= 0 and h1["right"] <= width, h1
        assert not h1["clipped"], f"{url}: the title is cut off: {h1['text']!r}"
    if width == 360 and layout["bodyFontPx"] is not None and page_type != "print":
        assert layout["bodyFontPx"] >= 16, f"{url}: text is {layout['bodyFontPx']} px on a phone"

    if page_type == "article":
        assert page.get_by_text(ARTICLE_DATE, exact=True).is_visible()

    glyphs = page.evaluate(FIND_TOFU, ["h1", "main", ".site-header", ".site-footer"])
    assert glyphs["referenceIsTofu"], f"the tofu detector is blind with fonts {glyphs['fonts']}"
    assert glyphs["checked"] > 0, f"{url}: no Vietnamese letters found to check"
    assert not glyphs["tofu"], (
        f"{url}: letters drawn without a font (install a font, see scripts/ensure-chromium.sh): "
        f"{glyphs['tofu']}"
    )
