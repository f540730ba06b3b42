"""Search: the Pagefind index of the real build, and the search page driven in Debian's Chromium.

The browser tests are self-contained: each module serves its own build on 127.0.0.1 from a thread
and drives /usr/bin/chromium through Playwright (never a downloaded browser).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT, article

from scripts.chromium import launch
from search import STROKE, fold_d
from search.repeats import COPY_MARK, cap_repeats, decode, encode, fold

ARTIFACTS = ROOT / "test-artifacts"
SEED_URL = "/tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"
STUDENT_URL = "/guong-vuot-kho-hieu-hoc/bai-mau-chang-sinh-vien-dap-xe-60-km-moi-tuan-de-theo-duoi-giang-duong/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def url_of(site: Path, path: Path) -> str:
    url = "/" + path.relative_to(site).as_posix()
    return url.removesuffix("index.html")


# The indexer, without a browser -----------------------------------------------------------------------


def test_fold_d_writes_d_with_a_combining_stroke():
    assert fold_d("Đắc Quang, đại học") == f"D{STROKE}ắc Quang, d{STROKE}ại học"
    assert fold_d("&#273;&#x110;&dstrok;") == f"d{STROKE}D{STROKE}d{STROKE}"
    assert fold_d("dai hoc") == "dai hoc"


def test_repeated_words_after_the_limit_are_hidden_from_the_index_but_kept():
    html = (
        "<nav>học học học</nav><article data-pagefind-body><h1>Học, học nữa</h1>"
        '<p class="share">học học</p><p>Học mãi&nbsp;học. R&amp;D R&amp;D</p></article>'
        "<footer>học</footer>"
    )
    capped = cap_repeats(html, 2, [".share"])
    assert decode(capped) == html
    expected = html.replace("<p>Học mãi&nbsp;học.", f"<p>{encode('Học')} mãi&nbsp;{encode('học.')}")
    assert capped == expected  # nav, footer and the left-out .share paragraph do not count
    once = cap_repeats(html, 1, [".share"])
    assert f"R&amp;D {encode('R&amp;D')}<" in once and encode("R&amp;D").count("&amp;") == 1
    assert decode(once) == html
    assert not any(char.isalnum() for char in encode("Đắc-Quang, 2024"))
    assert cap_repeats(html, 0) == html


def test_accented_words_are_followed_once_by_their_folded_copy():
    html = "<p>Đắc</p><article data-pagefind-body><h1>Đắc Quang: đại học, Đại học</h1></article>"
    capped = cap_repeats(html, 2, ascii_copies=True)
    assert capped == (
        f"<p>Đắc</p><article data-pagefind-body><h1>Đắc {COPY_MARK}dac_ Quang: "
        f"đại {COPY_MARK}dai_ học, {COPY_MARK}hoc_ Đại học</h1></article>"
    )
    assert fold("Đắc,") == "dac" and fold("ĐẠI") == "dai"


def test_only_articles_and_pages_are_indexed(site):
    html = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    bodies = [p for p in html if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    for path in bodies:
        page = soup(path)
        assert page.select_one(
            "article.article[data-pagefind-body], article.page[data-pagefind-body]"
        ), path
        assert not page.select("nav [data-pagefind-body], footer [data-pagefind-body]"), path
    articles_and_pages = [p for p in html if soup(p).select_one("main > article")]
    assert sorted(bodies) == sorted(articles_and_pages)
    for listing in ("index.html", "luu-tru/index.html", "don-vi/index.html", "tim-kiem/index.html"):
        assert "data-pagefind-body" not in (site / listing).read_text(encoding="utf-8"), listing
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["vi"]["page_count"] == len(bodies)
    assert STROKE in entry["include_characters"]


def test_the_bundle_has_no_unused_pagefind_ui(site):
    names = {p.name for p in (site / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-entry.json", "index", "fragment"} <= names
    assert not {n for n in names if "-ui." in n or "highlight" in n}


def test_stale_pages_in_the_output_are_not_indexed(small_site, tmp_path):
    stale = tmp_path / "output" / "bai-cu-da-xoa" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text(
        '<html lang="vi"><main><article data-pagefind-body>Bài cũ</article></main></html>'
    )
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử")})
    assert result.returncode == 0, result.stderr
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 1


def test_search_page_and_header_form(site):
    page = soup(site / "tim-kiem" / "index.html")
    assert page.h1.get_text() == "Tìm kiếm"
    form = page.select_one("main form[role=search]")
    assert form["action"] == "/tim-kiem/" and form["method"] == "get"
    label = page.select_one("label[for=tu-khoa]")
    assert label.get_text() == "Tìm bài viết"
    assert page.select_one("#tu-khoa")["name"] == "q"
    preloads = page.select("link[rel=preload], link[rel=modulepreload]")
    assert len(preloads) == 2
    for link in preloads:  # the wasm file's name depends on the language Pagefind indexes
        assert (site / link["href"].lstrip("/")).is_file(), link["href"]
    noscript = BeautifulSoup(page.select_one("noscript").decode_contents(), "lxml")
    links = {a["href"] for a in noscript.select("a")}
    assert {"/luu-tru/", "/don-vi/", "/the/"} <= links
    for path in site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        header = soup(path).select_one("header form.site-search")
        assert header and header["action"] == "/tim-kiem/" and header["method"] == "get", path
        assert header.select_one("input[name=q]") and header.select_one("label"), path


def test_only_the_search_page_loads_search_js(site):
    for path in site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        scripts = [s.get("src", "") for s in soup(path).select("script[src]")]
        loads_search = any(s.endswith("/theme/js/search.js") for s in scripts)
        assert loads_search == (path == site / "tim-kiem" / "index.html"), path
        assert not any(s.startswith("http") for s in scripts), path


# In the browser --------------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def base_url(site):
    server, url = serve(site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(chromium, base_url):
    context = chromium.new_context(base_url=base_url)
    page = context.new_page()
    foreign, errors = [], []
    page.on("request", lambda r: urlsplit(r.url).hostname != "127.0.0.1" and foreign.append(r.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert foreign == [], "requests to other hosts"
    assert errors == [], "script errors"


def type_query(page, query: str) -> None:
    """Type into the real search box, key by key, and wait for the answer to this query."""
    box = page.locator("#tu-khoa")
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => document.getElementById('trang-thai').textContent.includes('“' + q + '”')", arg=query
    )


def results(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#ket-qua > li",
        """items => items.map(li => ({
            url: li.querySelector('h2 a').getAttribute('href'),
            title: li.querySelector('h2 a').textContent,
            marks: [...li.querySelectorAll('.search-excerpt mark')].map(m => m.textContent),
            text: li.textContent,
        }))""",
    )


@pytest.mark.browser
@pytest.mark.parametrize(
    "query, url, marked",
    [
        ("dai hoc", STUDENT_URL, ["đại", "học"]),
        ("dac quang", SEED_URL, ["Đắc", "Quang"]),
        ("soc trang", SEED_URL, ["Sóc", "Trăng"]),
        ("đại học", STUDENT_URL, ["đại", "học"]),
        ("Đắc Quang", SEED_URL, ["Đắc", "Quang"]),
    ],
)
def test_accentless_queries_find_accented_text(page, site, query, url, marked):
    page.goto("/tim-kiem/")
    type_query(page, query)
    found = results(page)
    assert found, page.locator("#trang-thai").text_content()
    first = found[0]
    assert first["url"] == url
    assert all(word in first["marks"] for word in marked), first["marks"]
    assert all(STROKE not in item["text"] for item in found), "the index's marker leaked"
    assert not re.search("[\ue000-\uf8ff]", " ".join(item["text"] for item in found))
    path = site / first["url"].strip("/") / "index.html"
    page_words = set(re.findall(r"\w+", soup(path).select_one("article").get_text(" ")))
    excerpt = page.locator("#ket-qua > li .search-excerpt").first.text_content()
    assert set(re.findall(r"\w+", excerpt)) <= page_words, excerpt
    assert page.locator("#trang-thai").text_content().startswith(f"Có {len(found)} kết quả")


@pytest.mark.browser
def test_results_are_articles_and_pages_with_kind_and_date(page, site):
    indexed = {
        url_of(site, p)
        for p in site.rglob("*.html")
        if "data-pagefind-body" in p.read_text(encoding="utf-8") and "pagefind" not in p.parts
    }
    page.goto("/tim-kiem/?q=hoc")
    page.wait_for_function("document.getElementById('trang-thai').textContent.includes('“hoc”')")
    found = results(page)
    assert len(found) >= 5
    assert {item["url"] for item in found} <= indexed
    seed = next(item for item in found if item["url"] == SEED_URL)
    assert "Tin khen thưởng · 08/02/2024" in seed["text"]
    assert "Bỏ qua, đến nội dung chính" not in " ".join(item["text"] for item in found)


@pytest.mark.browser
def test_keyboard_only(page):
    page.goto("/")
    page.locator("#tim-nhanh").focus()
    page.keyboard.type("dac quang")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=dac+quang")
    page.wait_for_function("document.querySelectorAll('#ket-qua h2 a').length > 0")
    assert page.locator("#tu-khoa").input_value() == "dac quang"
    page.locator("#tu-khoa").focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == SEED_URL
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "tu-khoa"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{SEED_URL}")


@pytest.mark.browser
def test_no_results_points_to_the_archives(page):
    page.goto("/tim-kiem/")
    type_query(page, "xyzzy")
    assert page.locator("#trang-thai").text_content() == "Không có kết quả nào cho “xyzzy”."
    assert page.locator(".search-empty").is_visible()
    assert page.locator(".search-empty a[href='/luu-tru/']").is_visible()


@pytest.mark.browser
def test_without_javascript_the_page_points_to_the_archives(chromium, base_url):
    context = chromium.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/tim-kiem/?q=dai+hoc")
    notice = page.locator(".search-noscript")
    assert notice.is_visible()
    assert "cần JavaScript" in notice.text_content()
    assert notice.locator("a[href='/luu-tru/']").is_visible()
    context.close()


@pytest.mark.browser
def test_screenshot_at_360px(page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/tim-kiem/")
    type_query(page, "dai hoc")
    page.screenshot(path=str(ARTIFACTS / "search-360.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.browser
def test_a_query_with_accents_ranks_exact_matches_first(small_site, chromium):
    files = {
        "tin-khen-thuong/a.md": article("Tin A", body="Hội viên bàn về chữ dài và chữ dao."),
        "tin-khen-thuong/b.md": article("Tin B", body="Hội viên bàn về chữ đại và chữ đào."),
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    server, url = serve(out)
    try:
        context = chromium.new_context(base_url=url)
        page = context.new_page()
        page.goto("/tim-kiem/")
        expected = {"dài": "Tin A", "đại": "Tin B", "Đào": "Tin B", "dao": None}
        for query, first in expected.items():
            type_query(page, query)
            titles = [item["title"].replace("\xa0", " ") for item in results(page)]
            assert first is None or titles[0] == first, (query, titles)
            assert sorted(titles) == ["Tin A", "Tin B"], (query, titles)
        for query in ("dai", "dao"):  # typed without accents: both are found
            type_query(page, query)
            assert len(results(page)) == 2, query
        context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_indexed_copies_are_reused_by_content_hash(tmp_path, monkeypatch):
    """A warm build rewrites pages with the same bytes: their indexed copies come from the cache."""
    import search

    page = '<html lang="vi"><body><main data-pagefind-body><h1>Đại học</h1><p>học học học học</p></main></body></html>'
    settings = {"CACHE_PATH": str(tmp_path / "cache" / "pelican")}
    calls = []
    real = search.cap_repeats
    monkeypatch.setattr(search, "cap_repeats", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = search._indexed_copy(page, settings, search._cache_dir(settings))
    second = search._indexed_copy(page, settings, search._cache_dir(settings))
    changed = search._indexed_copy(
        page.replace("Đại", "Cao"), settings, search._cache_dir(settings)
    )
    assert first == second and fold_d("Đại") in first
    assert "Cao" in changed
    assert len(calls) == 2  # the first page once, the changed page once
    assert list((tmp_path / "cache" / "search").iterdir())
