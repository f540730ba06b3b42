"""The sitemap plugin: the pages this build wrote, with absolute URLs and +07:00 dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from sitebuild import article

from khuyenhoc.formatting import TIMEZONE
from sitemap import page_url, write_sitemap

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site_plugins():
    return ["vietnamese", "sitemap"]


def sitemap_urls(site: Path) -> dict[str, str | None]:
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    return {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}


def test_page_url():
    assert page_url("index.html") == ""
    assert page_url("a/b/index.html") == "a/b/"
    assert page_url("404.html") == "404.html"


def test_write_sitemap(tmp_path):
    moment = dt.datetime(2024, 2, 8, 19, 13, tzinfo=TIMEZONE)
    pages = {"": None, "tin/a/": moment, "404.html": None, "tim-kiem/": None}
    write_sitemap(tmp_path, "https://vi-du.vn", pages, ["404.html", "tim-kiem/"])
    assert sitemap_urls(tmp_path) == {
        "https://vi-du.vn/": None,
        "https://vi-du.vn/tin/a/": "2024-02-08T19:13:00+07:00",
    }


def test_sitemap_leaves_out_drafts_and_stale_pages(small_site, tmp_path):
    stale = tmp_path / "output" / "bai-da-xoa" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<html></html>", encoding="utf-8")
    files = {
        "tin-khen-thuong/a.md": article("Tin đăng"),
        "tin-khen-thuong/b.md": article("Tin nháp", extra="Status: draft"),
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    urls = set(sitemap_urls(out))
    assert "/tin-khen-thuong/tin-dang/" in urls
    assert not any("tin-nhap" in u or "bai-da-xoa" in u for u in urls)
