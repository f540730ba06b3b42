"""In a real browser, every page of the site asks only the site itself for what it needs.

No fonts, analytics or widgets from other hosts (readers' privacy, and slow mobile data), no
file that fails to load, no script error.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Images not drawn (in a hidden block, such as the search page's suggestions) never load.
ALL_IMAGES_LOADED = (
    "[...document.images].every((img) => img.complete || img.getClientRects().length === 0)"
)
# Lazy images load only near the viewport: go down the page a screen at a time.
SCROLL_THROUGH = """
async () => {
  for (let y = 0; y < document.scrollingElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
}
"""


def one_page_of_each_kind(site) -> list[str]:
    """A page of each template: every page is kept by the first folder of its address and its
    depth, so the 56 unit pages are one visit, and each page at the top (Giới thiệu, a listing)
    is its own. Every file of the output is read for hosts in tests/site/test_links.py; here a
    real browser shows what the templates and their scripts fetch."""
    kinds: dict[tuple[str, int], str] = {}
    for file in sorted(site.rglob("*.html")):
        parts = file.relative_to(site).parts
        kinds.setdefault((parts[0], len(parts)), "/" + "/".join(parts).removesuffix("index.html"))
    return sorted(kinds.values())


def test_no_third_party_requests_on_any_kind_of_page(site, page_at, visit):
    page = page_at(360)
    pages = one_page_of_each_kind(site)
    assert {"/", "/tim-kiem/", "/so-lieu/", "/404.html"} <= set(pages)
    for url in pages:
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        page.evaluate(SCROLL_THROUGH)
        page.wait_for_function(ALL_IMAGES_LOADED)
    assert not visit.third_party, "Requests to other hosts:\n" + "\n".join(visit.third_party)
    assert not visit.failed, "Requests that failed:\n" + "\n".join(visit.failed)
    assert not visit.errors, "Script errors:\n" + "\n".join(visit.errors)


def test_search_asks_only_the_site(page_at, url_of, visit):
    """The search page loads its index and code when a reader types: from the site only."""
    page = page_at(360)
    page.goto(url_of("search") + "?q=hoc+bong")
    page.locator("#ket-qua li a").first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert not visit.third_party, "Requests to other hosts:\n" + "\n".join(visit.third_party)
    assert not visit.failed, "Requests that failed:\n" + "\n".join(visit.failed)
    assert not visit.errors, "Script errors:\n" + "\n".join(visit.errors)


def test_third_party_requests_are_caught(page_at, visit):
    """The guard works: a request to another host is refused and recorded."""
    page = page_at(360)
    page.goto("/")
    outcome = page.evaluate(
        "fetch('https://fonts.googleapis.com/css2?family=Be+Vietnam+Pro')"
        ".then(() => 'loaded', () => 'refused')"
    )
    assert outcome == "refused"
    assert any("fonts.googleapis.com" in request for request in visit.third_party)
    visit.third_party.clear()  # expected here; the fixture fails any other test that has some


def test_missing_page_answers_with_the_404_page(page_at):
    page = page_at(360)
    response = page.goto("/khong-co-trang-nay/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
