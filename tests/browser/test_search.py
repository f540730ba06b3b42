"""The search page in Debian's Chromium: accent-free Vietnamese (đ included), ranking,
keyboard, no results, no JavaScript, a phone's width."""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import ARTIFACTS, article, articles, build, serve, write_files

from search import STROKE
from search.patch import NAME_DIGITS

pytestmark = pytest.mark.browser
SEED_URL = "/tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"
STUDENT_URL = "/guong-vuot-kho-hieu-hoc/bai-mau-chang-sinh-vien-dap-xe-60-km-moi-tuan-de-theo-duoi-giang-duong/"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def url_of(site: Path, path: Path) -> str:
    url = "/" + path.relative_to(site).as_posix()
    return url.removesuffix("index.html")


@pytest.fixture
def page(page_at):
    """A page of the real site at 1280 px (a request to another host fails the test)."""
    return page_at(1280)


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


@pytest.mark.parametrize(
    "query, url, marked",
    [
        ("dai hoc", STUDENT_URL, "đại học"),
        ("soc trang", SEED_URL, "Sóc Trăng"),
        ("đại học", STUDENT_URL, "đại học"),
    ],
)
def test_accentless_queries_find_accented_text(page, site, query, url, marked):
    page.goto("/tim-kiem/")
    type_query(page, query)
    found = results(page)
    assert found, page.locator("#trang-thai").text_content()
    first = found[0]
    assert first["url"] == url
    # The query is marked as a phrase, as typed: never one of its words alone.
    assert first["marks"] and set(first["marks"]) == {marked}, first["marks"]
    assert all(STROKE not in item["text"] for item in found), "the index's marker leaked"
    assert not re.search("[\ue000-\uf8ff]", " ".join(item["text"] for item in found))
    path = site / first["url"].strip("/") / "index.html"
    page_words = set(re.findall(r"\w+", soup(path).select_one("article").get_text(" ")))
    excerpt = page.locator("#ket-qua > li .search-excerpt").first.text_content()
    assert set(re.findall(r"\w+", excerpt)) <= page_words, excerpt
    assert page.locator("#trang-thai").text_content().startswith(f"Có {len(found)} kết quả")


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


def test_a_two_word_query_is_marked_as_a_phrase_never_word_by_word(page):
    page.goto("/tim-kiem/")
    type_query(page, "học bổng")
    found = results(page)
    assert len(found) >= 3
    marks = [mark.lower() for item in found for mark in item["marks"]]
    assert marks and set(marks) == {"học bổng"}, marks  # never "học" alone


def test_words_apart_are_shown_together_not_one_of_them_again_and_again(page):
    """A page holding "đại" and "học" apart: its excerpt is a passage with both, not "học" thrice."""
    page.goto("/tim-kiem/")
    type_query(page, "dai hoc")
    found = [item for item in results(page) if item["marks"]]
    assert len(found) >= 2
    for item in found:
        words = set()
        for mark in item["marks"]:
            plain = unicodedata.normalize("NFD", mark.lower().replace("đ", "d"))
            words |= set("".join(c for c in plain if not unicodedata.combining(c)).split())
        assert {"dai", "hoc"} <= words, item


def test_the_author_is_searchable_but_no_excerpt_is_a_byline(page):
    page.goto("/tim-kiem/")
    type_query(page, "dac quang")
    first = results(page)[0]
    assert first["url"] == SEED_URL
    assert "Đắc Quang" in first["text"]  # in the result's facts: kind · date · author
    for excerpt in page.locator(".search-excerpt").all_text_contents():
        assert "phút đọc" not in excerpt and "Đắc Quang" not in excerpt, excerpt
        assert not excerpt.startswith("Hội Khuyến học tỉnh Sóc Trăng nhận cờ"), excerpt


def test_the_engine_loads_on_focus_or_with_a_query_not_before(page):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto("/tim-kiem/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/pagefind/" in url], fetched
    with page.expect_request(lambda request: "/pagefind/pagefind.js" in request.url):
        page.locator("#tu-khoa").focus()
    fetched.clear()
    page.goto("/tim-kiem/?q=hoc")
    page.wait_for_function("document.querySelectorAll('#ket-qua h2 a').length > 0")
    assert [url for url in fetched if "/pagefind/" in url]
    # The engine runs in the search page's worker, never on the page's own thread.
    assert [w.url for w in page.workers] == [
        page.url.split("/tim-kiem/")[0] + "/theme/js/search-worker.js"
    ]
    on_the_page = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [url for url in on_the_page if "/pagefind/" in url], on_the_page


def test_keyboard_only(page):
    page.goto("/")
    page.locator(".search-link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/")
    page.locator("#tu-khoa").focus()
    page.keyboard.type("dac quang")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=dac%20quang")
    page.wait_for_function("document.querySelectorAll('#ket-qua h2 a').length > 0")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == SEED_URL
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "tu-khoa"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{SEED_URL}")


def test_no_results_points_to_the_archives(page):
    page.goto("/tim-kiem/")
    type_query(page, "xyzzy")
    assert page.locator("#trang-thai").text_content() == "Không có kết quả nào cho “xyzzy”."
    assert page.locator(".search-empty").is_visible()
    assert page.locator(".search-empty a[href='/luu-tru/']").is_visible()
    empty = page.locator(".search-empty").text_content()
    assert "không dấu" in empty and "bớt từ" in empty
    # And the latest stories, to read something all the same.
    assert page.locator(".search-empty .card-title a").count() >= 3


def test_without_javascript_the_page_points_to_the_archives(browser, served_site):
    context = browser.new_context(base_url=served_site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/tim-kiem/?q=dai+hoc")
    notice = page.locator(".search-noscript")
    assert notice.is_visible()
    assert "cần JavaScript" in notice.text_content()
    assert notice.locator("a[href='/luu-tru/']").is_visible()
    context.close()


def test_screenshot_at_360px(page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/tim-kiem/")
    type_query(page, "dai hoc")
    page.screenshot(path=str(ARTIFACTS / "search-360.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@contextlib.contextmanager
def search_page_of(files: dict[str, str], tmp_path, browser):
    """The search page of a small site built from ``files`` (the reader and the search only),
    served locally and open in Chromium."""
    content = write_files(tmp_path / "content", files)
    result = build(content, tmp_path / "output", plugins=["vietnamese", "search"])
    assert result.returncode == 0, result.stderr
    with serve(tmp_path / "output") as url:
        context = browser.new_context(base_url=url)
        page = context.new_page()
        page.goto("/tim-kiem/")
        try:
            yield page
        finally:
            context.close()


def test_a_query_with_accents_ranks_exact_matches_first(tmp_path, browser):
    files = {
        "tin-khen-thuong/a.md": article("Tin A", body="Hội viên bàn về chữ dài và chữ dao."),
        "tin-khen-thuong/b.md": article("Tin B", body="Hội viên bàn về chữ đại và chữ đào."),
    }
    with search_page_of(files, tmp_path, browser) as page:
        expected = {"dài": "Tin A", "đại": "Tin B", "Đào": "Tin B", "dao": None}
        for query, first in expected.items():
            type_query(page, query)
            titles = [item["title"].replace("\xa0", " ") for item in results(page)]
            assert first is None or titles[0] == first, (query, titles)
            assert sorted(titles) == ["Tin A", "Tin B"], (query, titles)
        for query in ("dai", "dao"):  # typed without accents: both are found
            type_query(page, query)
            assert len(results(page)) == 2, query


def test_eight_results_first_and_the_next_ones_on_request(tmp_path, browser):
    """Each result shown loads its page's fragment: 8 first keep a first query within its budget
    at 5,000 articles (scripts/bench_search.py); "Xem thêm kết quả" shows the others."""
    files = articles(11, title="Tin học bổng số {n}", body="Hội trao học bổng cho học sinh.")
    with search_page_of(files, tmp_path, browser) as page:
        type_query(page, "hoc bong")
        assert len(results(page)) == 8
        page.locator(".search-more button").click()
        page.wait_for_function("document.querySelectorAll('#ket-qua > li').length === 11")
        assert page.locator(".search-more").is_hidden()


def test_an_index_patched_after_an_edit_answers_in_chromium(tmp_path, browser):
    """After an edit the index is patched (plugins/search/patch.py), not made again: Chromium's
    Pagefind reads the patched chunks and meta, finds the new words, no longer the old ones."""
    files = {
        "tin-khen-thuong/a.md": article("Tin A", body="Hội trao học bổng cho sinh viên."),
        "tin-khen-thuong/b.md": article("Tin B", body="Chi hội tặng quà ở Pleiku cho thiếu nhi."),
    }
    content = write_files(tmp_path / "content", files)
    edited = content / "tin-khen-thuong" / "b.md"
    assert build(content, tmp_path / "output", plugins=["vietnamese", "search"]).returncode == 0
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Pleiku", "Quy Nhơn"), encoding="utf-8"
    )
    with search_page_of({}, tmp_path, browser) as page:
        entry = (tmp_path / "output" / "pagefind" / "pagefind-entry.json").read_text()
        assert len(json.loads(entry)["languages"]["vi"]["hash"]) == len("vi_") + NAME_DIGITS
        for query, found in {"quy nhon": ["Tin B"], "pleiku": [], "hoc bong": ["Tin A"]}.items():
            type_query(page, query)
            assert [item["title"].replace("\xa0", " ") for item in results(page)] == found, query
        type_query(page, "cho")
        assert sorted(item["title"].replace("\xa0", " ") for item in results(page)) == [
            "Tin A",
            "Tin B",
        ]
