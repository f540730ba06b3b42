"""Page-weight budgets, measured on the built site by scripts/page_weight.py.

- What every page carries besides its own content (CSS, fonts, JS) stays within 30 KB gzip.
- The article's HTML fits the first round trip of a new connection (about 14 KB), so a phone on
  slow mobile data can start drawing the article before anything else arrives.
"""

from __future__ import annotations

import pytest

from scripts.page_weight import PAGE_TYPES, measure_page, page_types, report

KB = 1024
CSS_FONTS_JS_BUDGET = 30 * KB
FIRST_RESPONSE_BUDGET = 14 * KB
HOME_BUDGET = 100 * KB  # everything, photos included, on a 360 px phone


@pytest.fixture(scope="module")
def pages(site):
    return page_types(site)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_css_fonts_and_js_within_budget(site, pages, page_type):
    if pages[page_type] is None:
        pytest.skip(f"the built site has no {page_type} page yet")
    weight = measure_page(site, pages[page_type])
    assert not weight.missing, f"{weight.url} loads files that do not exist: {weight.missing}"
    assert weight.css_fonts_js <= CSS_FONTS_JS_BUDGET, (
        f"{weight.url}: CSS + fonts + JS = {weight.css_fonts_js:,} bytes gzip, "
        f"budget {CSS_FONTS_JS_BUDGET:,}\n{report({page_type: weight})}\n{weight.files}"
    )


def test_article_html_fits_the_first_response(site, pages):
    weight = measure_page(site, pages["article"])
    assert weight.html <= FIRST_RESPONSE_BUDGET, (
        f"{weight.url}: HTML is {weight.html:,} bytes gzip, budget {FIRST_RESPONSE_BUDGET:,}"
    )


def test_the_home_page_with_its_photos_stays_light(site, pages):
    weight = measure_page(site, pages["home"])
    total = weight.html + weight.css_fonts_js + weight.images
    assert weight.images > 0, "the home page shows photos"
    assert total <= HOME_BUDGET, f"home: {total:,} bytes, budget {HOME_BUDGET:,}\n{weight.files}"


def test_thumbnails_are_the_smallest_variant(site, pages):
    """A 6rem thumbnail on a 2x phone needs 192 px: the 480 px variant, never a larger one."""
    weight = measure_page(site, pages["home"])
    thumbs = [f for f in weight.files if f.startswith("/images/") and "-480." not in f]
    assert len(thumbs) <= 1, thumbs  # the lead photo alone is larger


def test_every_page_type_is_measured(site, pages):
    """The fixed page types exist; the script finds them in the real build."""
    for page_type in ["home", "article", "category", "tag", "tags", "archives", "page", "404"]:
        assert pages[page_type], f"no {page_type} page in the build"


def test_measure_counts_what_a_page_loads(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text(
        '@import "b.css"; @font-face { src: url(../f.woff2) } body { background: url("/i.png") }'
    )
    (tmp_path / "css" / "b.css").write_text("p { color: red }")
    (tmp_path / "f.woff2").write_bytes(b"\0" * 1000)
    (tmp_path / "i.png").write_bytes(b"\0" * 300)
    (tmp_path / "s.js").write_text("console.log(1)")
    (tmp_path / "p-720.webp").write_bytes(b"\0" * 700)
    (tmp_path / "p-1200.webp").write_bytes(b"\0" * 5000)
    (tmp_path / "index.html").write_text(
        '<!doctype html><link rel="stylesheet" href="/css/a.css"><script src="s.js"></script>'
        '<img alt="" src="p-1200.webp" srcset="p-720.webp 720w, p-1200.webp 1200w">'
        '<img alt="" src="gone.jpg">'
    )
    weight = measure_page(tmp_path, "/")
    assert weight.fonts == 1000
    assert weight.images == 300 + 700  # the 720w candidate for a 360 px phone at 2x
    assert weight.css > 0 and weight.js > 0
    assert set(weight.files) == {
        "/css/a.css",
        "/css/b.css",
        "/f.woff2",
        "/i.png",
        "/s.js",
        "/p-720.webp",
    }
    assert weight.missing == ["/gone.jpg"]
