"""Content URLs worked out from the fields their patterns name give Pelican's own URLs."""

from __future__ import annotations

import datetime as dt

import pytest
from pelican.contents import Article, Content, Page
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category

from khuyenhoc import content_urls

PATTERNS = {
    "ARTICLE_URL": "{category}/{slug}/",
    "ARTICLE_SAVE_AS": "{category}/{slug}/index.html",
    "ARTICLE_LANG_URL": "{lang}/{date:%Y}/{slug}/",
    "ARTICLE_LANG_SAVE_AS": "{lang}/{author}/{slug}.html",
    "DRAFT_URL": "nhap/{slug}/",
    "DRAFT_SAVE_AS": "nhap/{date:%Y/%m}/{slug}/index.html",
    "PAGE_URL": "{path}/",
    "PAGE_SAVE_AS": "{slug}/{don_vi}/index.html",
}


@pytest.fixture
def settings(tmp_path):
    return {**DEFAULT_CONFIG, **PATTERNS, "PATH": str(tmp_path), "DEFAULT_LANG": "vi"}


def _contents(settings, tmp_path):
    category = Category("Tin khen thưởng", settings)
    author = Author("Ban Biên tập", settings)
    date = dt.datetime(2024, 3, 5, 8, 0)
    source = str(tmp_path / "tin-khen-thuong" / "a.md")
    return [
        Article(
            "<p>x</p>",
            {"title": "Tin", "category": category, "author": author, "date": date},
            settings=settings,
            source_path=source,
        ),
        Article(
            "<p>x</p>",
            {"title": "News", "category": category, "author": author, "date": date, "lang": "en"},
            settings=settings,
            source_path=source,
        ),
        Article(
            "<p>x</p>",
            {"title": "Nháp", "category": category, "date": date, "status": "draft"},
            settings=settings,
            source_path=source,
        ),
        Page(
            "<p>x</p>",
            {"title": "Giới thiệu", "don_vi": "phuong-1"},
            settings=settings,
            source_path=str(tmp_path / "pages" / "gioi-thieu.md"),
        ),
        Page(
            "<p>x</p>",
            {"title": "Liên hệ", "path": "lien he/trang", "don_vi": "x"},
            settings=settings,
            source_path=str(tmp_path / "pages" / "lien-he.md"),
        ),
    ]


def test_urls_and_save_as_are_pelicans_own(settings, tmp_path, monkeypatch):
    contents = _contents(settings, tmp_path)
    monkeypatch.setattr(Content, "_expand_settings", content_urls.original_expand_settings)
    expected = [(c.url, c.save_as) for c in contents]
    content_urls.install()
    assert [(c.url, c.save_as) for c in contents] == expected
    assert expected[0] == ("tin-khen-thuong/tin/", "tin-khen-thuong/tin/index.html")
    assert expected[1] == ("en/2024/news/", "en/ban-bien-tap/news.html")
    assert expected[2][1] == "nhap/2024/03/nhap/index.html"
    assert expected[3] == ("pages/gioi-thieu.md/", "gioi-thieu/phuong-1/index.html")
    assert expected[4][0] == "lien he/trang/"


def test_a_field_the_content_lacks_is_named_as_in_pelican(settings, tmp_path, monkeypatch):
    settings["PAGE_SAVE_AS"] = "{khong_co}/index.html"
    page = _contents(settings, tmp_path)[3]
    content_urls.install()
    with pytest.raises(KeyError, match="khong_co"):
        _ = page.save_as


def test_the_relative_source_path_is_remembered_per_path(settings, tmp_path, monkeypatch):
    content_urls.install()
    first, *_ = _contents(settings, tmp_path)
    assert first.get_relative_source_path() == "tin-khen-thuong/a.md"
    calls = []
    original = content_urls._original_relative_source_path
    monkeypatch.setattr(
        content_urls,
        "_original_relative_source_path",
        lambda *args: calls.append(args) or original(*args),
    )
    assert first.get_relative_source_path() == "tin-khen-thuong/a.md"
    assert first.get_relative_source_path(str(tmp_path / "b" / "c.md")) == "b/c.md"
    assert len(calls) == 1


def test_while_pages_are_written_each_url_is_worked_out_once(settings, tmp_path, monkeypatch):
    content_urls.install()
    article, *_ = _contents(settings, tmp_path)
    calls = []

    def worked_out(content, key):
        calls.append(key)
        return f"{content.slug}/{key}"

    monkeypatch.setattr(content_urls, "_original_url_setting", worked_out)
    assert article.url == article.url == "tin/url"
    assert calls == ["url", "url"]  # not remembered before the pages are written

    calls.clear()
    content_urls.remember()
    try:
        assert [article.url, article.url, article.save_as, article.save_as] == [
            "tin/url",
            "tin/url",
            "tin/save_as",
            "tin/save_as",
        ]
        assert calls == ["url", "save_as"]
    finally:
        content_urls.forget()
    article.slug = "tin-moi"
    assert article.url == "tin-moi/url"  # forgotten when the build ends
