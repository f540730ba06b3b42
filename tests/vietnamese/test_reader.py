"""The Vietnamese reader: NFC, front matter, slugs, typogrify without caps; pagination."""

from __future__ import annotations

import unicodedata

import pytest
from bs4 import BeautifulSoup
from sitebuild import article, articles

from vietnamese import check_front_matter


@pytest.fixture
def site_plugins():
    return ["vietnamese"]


def test_front_matter_stops_at_first_blank_line():
    assert check_front_matter("Title: a\nDate: 2024-01-01\n\nbody without colon\n", "x.md")


def test_slugs_drop_tones_and_map_d(small_site):
    title = "Đại hội Hội Khuyến học tỉnh Sóc Trăng"
    for form in ("NFC", "NFD"):
        result, out = small_site(
            {"tin-khen-thuong/a.md": unicodedata.normalize(form, article(title))},
        )
        assert result.returncode == 0, result.stderr
        page = out / "tin-khen-thuong" / "dai-hoi-hoi-khuyen-hoc-tinh-soc-trang" / "index.html"
        assert page.exists(), sorted(p.name for p in (out / "tin-khen-thuong").iterdir())


def test_listings_are_paginated(small_site):
    files = articles(12, "guong-vuot-kho", title="Gương số {n}", category="Gương vượt khó hiếu học")
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    first = BeautifulSoup((out / "guong-vuot-kho-hieu-hoc/index.html").read_text("utf-8"), "lxml")
    second = out / "guong-vuot-kho-hieu-hoc/trang/2/index.html"
    assert len(first.select(".article-list .card")) == 10
    assert (
        first.select_one(".pagination a[rel=next]")["href"] == "/guong-vuot-kho-hieu-hoc/trang/2/"
    )
    page2 = BeautifulSoup(second.read_text("utf-8"), "lxml")
    assert len(page2.select(".article-list .card")) == 2
    assert "Trang 2/2" in page2.select_one(".pagination").get_text()


def test_typogrify_is_on_without_caps(small_site):
    body = 'Ông nói: "HỘI KHUYẾN HỌC VIỆT NAM và NASA" -- thế thôi.'
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin VIỆT NAM", body=body)})
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/tin-viet-nam/index.html").read_text("utf-8")
    assert "&#8220;HỘI KHUYẾN HỌC VIỆT NAM và NASA&#8221;" in html
    assert "&#8212;" in html  # the double hyphen became a dash
    assert 'class="caps"' not in html
    assert "<h1>Tin VIỆT&nbsp;NAM</h1>" in html
    assert "<title>Tin VIỆT NAM · " in html


def test_an_unexpected_failure_is_one_message_with_its_reason_and_path(small_site, monkeypatch):
    """Pelican's "Could not process" used to add a second line, with a wrong ../ path and an
    empty reason, to every error; now a failure nobody reported is named once, with its reason."""
    from khuyenhoc import frontmatter

    def broken(text):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(frontmatter, "tidy", broken)
    result, _out = small_site({"tin-khen-thuong/a.md": article("Tin thử")})
    assert result.returncode == 1
    assert (
        "LỖI tin-khen-thuong/a.md: Trang web không đọc được tệp này (RuntimeError: hỏng).\n"
        "    Cách sửa: Kiểm tra tệp theo mẫu trong docs/huong-dan-bien-tap.md; nếu tệp đúng mẫu mà "
        "vẫn lỗi, gửi dòng này cho người quản trị trang."
    ) in result.stderr
    assert "có 1 lỗi" in result.stderr
    assert "../" not in result.stderr


def test_quiet_pelican_still_stops_on_a_file_it_could_not_read(small_site, monkeypatch):
    """``pelican -q`` sets Pelican's loggers to CRITICAL: "Could not process" never reached the
    catcher, and the file was left out of the site, exit status 0."""
    import logging

    from khuyenhoc import frontmatter

    def broken(text):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(frontmatter, "tidy", broken)
    pelican_logger, root = logging.getLogger("pelican"), logging.getLogger()
    levels = [(pelican_logger, pelican_logger.level), (root, root.level)]
    levels += [(handler, handler.level) for handler in root.handlers]
    pelican_logger.setLevel(logging.CRITICAL)  # what pelican.log.init does for -q
    try:
        result, _out = small_site({"tin-khen-thuong/a.md": article("Tin thử")})
    finally:
        for item, level in levels:
            item.setLevel(level)
    assert result.returncode == 1
    assert "LỖI tin-khen-thuong/a.md: Trang web không đọc được tệp này (RuntimeError: hỏng)." in (
        result.stderr
    )


def test_a_reported_mistake_is_not_repeated_by_pelican(small_site):
    text = article("Tin thử").replace("Author: Người thử", "Author Người thử")
    result, _out = small_site({"tin-khen-thuong/a.md": text})
    assert result.returncode == 1
    assert "có 1 lỗi" in result.stderr
    assert "không đọc được tệp này" not in result.stderr


def test_comments_are_not_published_and_footnotes_speak_vietnamese(small_site):
    body = (
        "Đoạn một.<!-- ghi chú riêng cho ban biên tập -->\n\nĐoạn hai.[^1]\n\n[^1]: Nguồn số liệu."
    )
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin có chú thích", body=body)})
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/tin-co-chu-thich/index.html").read_text("utf-8")
    assert "ghi chú riêng" not in html and "<!--" not in html
    assert 'title="Quay lại chỗ có chú thích 1"' in html
    assert "Jump back" not in html


def test_one_markdown_object_reads_each_file_as_a_new_one_would(tmp_path):
    import locale

    from pelican.settings import read_settings
    from sitebuild import ROOT, write_files

    from vietnamese import NFCMarkdownReader

    content = write_files(
        tmp_path,
        {
            # No summary: Pelican's reading of the fields resets nothing after the body.
            "a.md": article(
                "Bài A",
                summary="",
                body="HĐND tỉnh[^1] và [liên kết][x].\n\n[^1]: Chú thích A.\n\n"
                "*[HĐND]: Hội đồng nhân dân\n\n[x]: https://khuyenhoc.example/a",
            ),
            "b.md": article("Bài B", body="HĐND xã[^1], [liên kết][x].\n\n[^1]: Chú thích B."),
            "c.md": article("Bài C", summary="Sapo *có* nhấn mạnh", body="Title: không"),
        },
    )
    process_locale = locale.setlocale(locale.LC_ALL)
    try:
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    finally:
        locale.setlocale(locale.LC_ALL, process_locale)
    shared = NFCMarkdownReader(settings)
    for name in ("a.md", "b.md", "c.md", "a.md", "b.md"):
        path = str(content / name)
        assert shared.read(path) == NFCMarkdownReader(settings).read(path), name
    body, metadata = shared.read(str(content / "b.md"))
    assert metadata["title"] == "Bài B" and "<abbr" not in body and "khuyenhoc.example" not in body
