"""What a reader sees and does, in Chromium: the phone header, the front page, the article page
(copy the link, print it), measured in the page rather than guessed from the HTML."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SEED = "/tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"
HEADER_PAGES = ["home", "article", "category", "statistics", "search", "unit", "404"]

HEADER = """
() => {
  const box = (e) => e.getBoundingClientRect();
  const header = document.querySelector(".site-header");
  const name = document.querySelector(".brand-name");
  const items = [...document.querySelectorAll(".site-nav li")];
  const strip = document.querySelector(".site-nav ul");
  const lineHeight = parseFloat(getComputedStyle(name).lineHeight);
  return {
    height: box(header).height,
    nameLines: Math.round(box(name).height / lineHeight),
    nameClipped: name.scrollWidth > name.clientWidth + 1,
    rows: new Set(items.map((li) => Math.round(box(li).top))).size,
    scrolls: strip.scrollWidth > strip.clientWidth,
    searchLink: document.querySelector(".search-link").getAttribute("href"),
    inputs: document.querySelectorAll("header input").length,
  };
}
"""


@pytest.mark.parametrize("page_type", HEADER_PAGES)
def test_phone_header_is_at_most_64_px_and_works_without_script(
    page_type, browser, served_site, url_of
):
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, base_url=served_site, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(url_of(page_type))
        header = page.evaluate(HEADER)
        assert header["height"] <= 64, header
        assert header["nameLines"] == 1 and not header["nameClipped"], header
        assert header["rows"] == 1 and header["scrolls"], header  # one strip, scrolled sideways
        assert header["inputs"] == 0, "the search box belongs to the search page alone"
        page.click(".search-link")
        assert page.url.endswith("/tim-kiem/")
        assert page.locator("main input[type=search]").count() == 1
    finally:
        context.close()


def test_the_last_section_is_reachable_in_the_strip(page_at):
    page = page_at(360)
    page.goto("/")
    last = page.locator(".site-nav li").last.locator("a")
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    last.click()
    assert page.locator("h1").first.is_visible()


GAPS = """
() => {
  const bottom = (s) => document.querySelector(s).getBoundingClientRect().bottom;
  const lead = document.querySelector(".lead-story");
  const text = lead.querySelector(".lead-text").getBoundingClientRect();
  return { lead: bottom(".lead-story"), latest: bottom(".latest"), leadText: text.bottom };
}
"""


def test_no_empty_block_under_the_lead_story(page_at):
    page = page_at(1280)
    page.goto("/")
    gaps = page.evaluate(GAPS)
    # The lead story and the latest news beside it end together, the lead's text at its bottom.
    assert abs(gaps["lead"] - gaps["latest"]) <= 2, gaps
    assert gaps["lead"] - gaps["leadText"] <= 2, gaps


def test_the_lead_photo_is_the_largest_thing_and_loads_first(page_at):
    page = page_at(360)
    page.goto("/")
    lead = page.locator(".lead-photo img")
    assert lead.get_attribute("fetchpriority") == "high"
    assert lead.evaluate("(img) => img.complete && img.naturalWidth > 0")
    thumbs = page.locator(".card-thumb img")
    assert thumbs.count() >= 1
    for index in range(thumbs.count()):
        img = thumbs.nth(index)
        assert img.get_attribute("loading") == "lazy"
        assert img.get_attribute("width") and img.get_attribute("height")


def test_copy_link_copies_the_address_and_says_so(browser, served_site):
    context = browser.new_context(viewport={"width": 360, "height": 800}, base_url=served_site)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site)
    try:
        page = context.new_page()
        page.goto(SEED)
        page.click("a.copy-link")
        status = page.locator(".copy-status")
        status.filter(has_text="Đã chép liên kết").wait_for()
        assert page.url.endswith(SEED), "the click must not leave the page"
        assert page.evaluate("navigator.clipboard.readText()") == served_site + SEED
        assert status.get_attribute("role") == "status"
    finally:
        context.close()


def test_copy_link_without_script_is_a_plain_link(browser, served_site):
    context = browser.new_context(base_url=served_site, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(SEED)
        link = page.locator("a.copy-link")
        assert link.get_attribute("href").endswith(SEED)
        assert link.inner_text() == "Chép liên kết"
    finally:
        context.close()


def test_the_printout_names_the_site_the_address_and_the_date(page_at):
    page = page_at(1280)
    page.goto(SEED)
    assert not page.locator(".print-source").is_visible()
    page.emulate_media(media="print")
    source = page.locator(".print-source")
    assert source.is_visible()
    text = source.inner_text()
    assert "Hội Khuyến học tỉnh Sóc Trăng" in text
    assert "https://khuyenhocsoctrang.vn" + SEED in text
    assert "08/02/2024" in text
    for hidden in [".site-header", ".site-footer", ".share", ".side"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    # The article takes the page's width, and the PDF Chromium prints has pages.
    assert page.locator("h1").bounding_box()["width"] > 900
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_the_lead_storys_kind_link_is_not_covered_by_its_title_link(page_at):
    page = page_at(1280)
    page.goto("/")
    kicker = page.locator(".lead-story .kicker a")
    href = kicker.get_attribute("href")
    kicker.click()
    assert page.url.endswith(href)
