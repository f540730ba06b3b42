"""Feeds, sitemap, robots.txt, canonical URLs and the year archives, in preview and publish mode."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from sitebuild import ROOT, run_pelican

SITEURL = "https://khuyenhocsoctrang.vn"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
KIND_FEEDS = {
    "tin-khen-thuong.atom.xml": "Tin khen thưởng",
    "guong-vuot-kho-hieu-hoc.atom.xml": "Gương vượt khó hiếu học",
    "hoat-dong-chi-hoi.atom.xml": "Hoạt động chi hội",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The real content built as ``make publish ALLOW_SAMPLES=1`` builds it (the repository's
    content is a demo, which a plain publish refuses: tests/publishing)."""
    out = tmp_path_factory.mktemp("publish") / "output"
    result = run_pelican(
        ROOT / "content",
        out,
        settings_file="publishconf.py",
        env={"SITEURL": SITEURL, "ALLOW_SAMPLES": "1"},
    )
    assert result.returncode == 0, result.stderr
    return out


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def url_path(site: Path, path: Path) -> str:
    return ("/" + path.relative_to(site).as_posix()).removesuffix("index.html")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def articles(site: Path) -> dict[str, BeautifulSoup]:
    """URL path → page, for every article of the build."""
    found = {}
    for path in html_pages(site):
        page = soup(path)
        if page.select_one("main article.article"):
            found[url_path(site, path)] = page
    return found


# Feeds -------------------------------------------------------------------------------------------


def feed_files(site: Path) -> list[Path]:
    return sorted((site / "feeds").glob("*.atom.xml"))


def test_one_feed_for_everything_and_one_per_kind(published):
    names = {p.name for p in feed_files(published)}
    assert names == {"tat-ca.atom.xml", *KIND_FEEDS}


@pytest.mark.parametrize("name", ["tat-ca.atom.xml", *KIND_FEEDS])
def test_feed_is_valid_atom_with_absolute_urls(published, name):
    root = etree.parse(str(published / "feeds" / name)).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert OFFSET.match(root.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == f"{SITEURL}/feeds/{name}"
    assert links["alternate"].startswith(SITEURL + "/")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    site_articles = articles(published)
    for entry in entries:
        for required in ("id", "title", "updated", "published"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        for stamp in ("updated", "published"):
            assert OFFSET.match(entry.findtext(f"{ATOM}{stamp}")), entry.findtext(f"{ATOM}{stamp}")
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert href.startswith(SITEURL + "/")
        assert urlsplit(href).path in site_articles, href
        content = entry.findtext(f"{ATOM}content") or entry.findtext(f"{ATOM}summary")
        body = BeautifulSoup(content, "lxml")
        for element in body.select("[href], [src]"):
            url = element.get("href") or element.get("src")
            assert urlsplit(url).scheme in ("https", "mailto"), (href, url)
        for element in body.select("[srcset]"):
            for candidate in element["srcset"].split(","):
                assert candidate.strip().startswith("https://"), (href, candidate)


def test_each_kind_feed_holds_only_its_kind(published):
    site_articles = articles(published)
    for name, kind in KIND_FEEDS.items():
        root = etree.parse(str(published / "feeds" / name)).getroot()
        for entry in root.findall(f"{ATOM}entry"):
            path = urlsplit(entry.find(f"{ATOM}link").get("href")).path
            assert site_articles[path].select_one(".kicker a").get_text() == kind


def test_all_feed_lists_every_article_newest_first(published):
    root = etree.parse(str(published / "feeds" / "tat-ca.atom.xml")).getroot()
    entries = root.findall(f"{ATOM}entry")
    paths = [urlsplit(e.find(f"{ATOM}link").get("href")).path for e in entries]
    assert set(paths) == set(articles(published))
    published_at = [e.findtext(f"{ATOM}published") for e in entries]
    assert published_at == sorted(published_at, reverse=True)


def test_preview_feeds_are_well_formed(site):
    for path in feed_files(site):
        assert etree.parse(str(path)).getroot().tag == f"{ATOM}feed", path


def test_pages_announce_the_feeds_with_absolute_urls(published):
    home = soup(published / "index.html")
    feed = home.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == f"{SITEURL}/feeds/tat-ca.atom.xml"
    kind = soup(published / "tin-khen-thuong" / "index.html")
    hrefs = {link["href"] for link in kind.find_all("link", type="application/atom+xml")}
    assert f"{SITEURL}/feeds/tin-khen-thuong.atom.xml" in hrefs


# Canonical URLs ----------------------------------------------------------------------------------


def test_every_page_has_an_absolute_canonical_url_to_itself(published):
    pages = html_pages(published)
    assert len(pages) > 30
    for path in pages:
        links = soup(path).find_all("link", rel="canonical")
        assert len(links) == 1, path
        assert links[0]["href"] == SITEURL + url_path(published, path), path


def test_preview_canonical_urls_point_to_the_page_itself(site):
    for path in html_pages(site):
        canonical = soup(path).find("link", rel="canonical")["href"]
        assert canonical == url_path(site, path), path


# Sitemap and robots.txt -------------------------------------------------------------------------


def sitemap_urls(site: Path) -> dict[str, str | None]:
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    return {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}


def test_sitemap_lists_every_public_page_with_absolute_urls(published):
    urls = sitemap_urls(published)
    # Every page but the search page and the pages of units that have no article yet.
    expected = {
        SITEURL + url_path(published, p)
        for p in html_pages(published)
        if p.name == "index.html"
        and p.parent.name != "tim-kiem"
        and 'class="unit-empty"' not in p.read_text(encoding="utf-8")
    }
    assert set(urls) == expected
    assert f"{SITEURL}/don-vi/can-tho/" not in urls  # no article yet
    assert f"{SITEURL}/404.html" not in urls
    assert f"{SITEURL}/tim-kiem/" not in urls
    for must in ("/", "/don-vi/ke-sach/", "/luu-tru/2024/", "/gioi-thieu/", "/the/"):
        assert SITEURL + must in urls, must


def test_sitemap_dates_articles_with_the_offset(published):
    urls = sitemap_urls(published)
    for path, page in articles(published).items():
        lastmod = urls[SITEURL + path]
        assert OFFSET.match(lastmod), (path, lastmod)
        times = [t["datetime"] for t in page.select(".byline time, .updated time")]
        assert lastmod == times[-1], path


def test_robots_txt_points_to_the_sitemap(published):
    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()


# Year archives ---------------------------------------------------------------------------------


def test_archives_by_year(site):
    index = soup(site / "luu-tru" / "index.html")
    years = {a.get_text(): a["href"] for a in index.select("h2 a")}
    assert years == {"Năm 2025": "/luu-tru/2025/", "Năm 2024": "/luu-tru/2024/"}
    by_year: dict[str, set[str]] = {"2024": set(), "2025": set()}
    for path, page in articles(site).items():
        by_year[page.select_one(".byline time")["datetime"][:4]].add(path)
    for year, expected in by_year.items():
        page = soup(site / "luu-tru" / year / "index.html")
        assert page.h1.get_text() == f"Lưu trữ năm {year}"
        listed = {a["href"] for a in page.select("main .card-title a")}
        assert listed == expected, year
        assert page.find("link", rel="canonical")["href"] == f"/luu-tru/{year}/"
