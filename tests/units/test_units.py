"""Units (đơn vị) as data: the list, the check of "Unit:", the unit pages, related articles."""

from __future__ import annotations

import sys

import yaml
from bs4 import BeautifulSoup
from sitebuild import ROOT, article, articles, windows_1258

UNITS_FILE = ROOT / "content" / "data" / "don-vi.yaml"
FORMER_DISTRICTS = {
    "TP Sóc Trăng",
    "TX Vĩnh Châu",
    "TX Ngã Năm",
    "Châu Thành",
    "Kế Sách",
    "Mỹ Tú",
    "Cù Lao Dung",
    "Long Phú",
    "Mỹ Xuyên",
    "Thạnh Trị",
    "Trần Đề",
}


def soup(path) -> BeautifulSoup:
    if path.is_dir():
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text(node) -> str:
    """Text as a reader sees it (typogrify joins the last two words with a no-break space)."""
    return node.get_text().replace("\xa0", " ")


def branch_report(title="Tin chi hội", unit="Kế Sách", date="2024-03-10 08:00", **kwargs) -> str:
    extra = f"Unit: {unit}" if unit else ""
    return article(title, category="Hoạt động chi hội", date=date, extra=extra, **kwargs)


def assert_refused(result):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Không xuất bản: có" in result.stderr


# The list ----------------------------------------------------------------------------------------


def test_units_file_holds_the_eleven_former_districts():
    entries = yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8"))
    districts = [e for e in entries if e.get("parent") == "soc-trang"]
    assert {e["name"] for e in districts} == FORMER_DISTRICTS
    for entry in districts:
        assert str(entry["valid_to"]) == "2025-06-30", entry["name"]
        assert entry["type"] in {"thành phố", "thị xã", "huyện"}
    since_july_2025 = [e for e in entries if str(e.get("valid_from")) == "2025-07-01"]
    assert since_july_2025[0]["name"] == "TP Cần Thơ"
    communes = since_july_2025[1:]
    # Nghị quyết 1668/NQ-UBTVQH15: 43 units formed on former Sóc Trăng land, 8 wards and 35 communes.
    assert [e["type"] for e in communes].count("phường") == 8
    assert [e["type"] for e in communes].count("xã") == 35
    assert {e["parent"] for e in communes} == {"can-tho"}
    assert {"Phú Lợi", "Kế Sách", "Đại Hải", "Ngọc Tố", "Lai Hòa"} <= {e["name"] for e in communes}


def test_corpus_uses_the_units_file():
    sys.path.insert(0, str(ROOT / "scripts"))
    import corpus

    assert set(corpus.UNITS) == FORMER_DISTRICTS
    from datetime import date

    assert set(corpus.units_on(date(2024, 1, 1))) == FORMER_DISTRICTS
    after = corpus.units_on(date(2025, 8, 1))
    assert len(after) == 43 and "Phú Lợi" in after and "TP Cần Thơ" not in after


# The real site -------------------------------------------------------------------------------------


def test_every_unit_has_a_page_and_the_index_links_them(site):
    entries = yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8"))
    index = soup(site / "don-vi")
    assert index.h1.get_text() == "Đơn vị"
    links = [(a.get_text(), a["href"]) for a in index.select(".unit-list a")]
    assert sorted(name for name, _ in links) == sorted(e["name"] for e in entries)
    for name, href in links:
        assert soup(site / href.strip("/")).h1.get_text() == name
    # Two units named Kế Sách (the district, then the commune), each with its page.
    item = index.find("a", href="/don-vi/ke-sach/").parent
    assert index.find("a", href="/don-vi/xa-ke-sach/").parent.select_one(
        ".unit-meta"
    ).get_text() == ("Xã Kế Sách, từ 01/07/2025")
    assert item.select_one(".unit-meta").get_text() == "Huyện Kế Sách, đến 30/06/2025"
    assert "(1 bài)" in item.get_text()


def test_unit_page_lists_its_articles(site):
    page = soup(site / "don-vi" / "ke-sach")
    titles = [text(a) for a in page.select("main .article-list .card-title a")]
    assert titles == ["Bài mẫu: Chi hội khuyến học ấp trao 25 suất học bổng đầu năm học"]
    assert "Huyện Kế Sách" in page.select_one(".unit-facts").get_text()
    assert page.select_one(".unit-facts a")["href"] == "/don-vi/soc-trang/"
    # When the name was used, as a sentence, with what the area belongs to after the merger.
    assert page.select_one(".unit-history").get_text() == (
        "Tên này dùng đến hết ngày 30/06/2025. Từ ngày 01/07/2025, sau khi sắp xếp đơn vị "
        "hành chính, địa bàn thuộc Thành phố Cần Thơ."
    )


def test_a_unit_without_articles_says_so_and_stays_out_of_the_sitemap(site):
    empty = soup(site / "don-vi" / "can-tho")
    assert (
        empty.select_one(".unit-empty")
        .get_text(" ", strip=True)
        .startswith("Chưa có bài viết nào về Thành phố Cần Thơ.")
    )
    assert empty.select_one(".unit-history").get_text() == "Tên này dùng từ ngày 01/07/2025."
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/don-vi/ke-sach/</loc>" in sitemap
    assert "/don-vi/can-tho/</loc>" not in sitemap


def test_article_kicker_links_to_its_unit(site):
    url = "hoat-dong-chi-hoi/bai-mau-chi-hoi-khuyen-hoc-ap-trao-25-suat-hoc-bong-dau-nam-hoc"
    links = soup(site / url).select(".kicker a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Hoạt động chi hội", "/hoat-dong-chi-hoi/"),
        ("Kế Sách", "/don-vi/ke-sach/"),
    ]


# Editors' mistakes ----------------------------------------------------------------------------------


def test_unknown_unit_names_file_line_and_closest(small_site):
    result, out = small_site({"hoat-dong-chi-hoi/a.md": branch_report(unit="Kê Sach")})
    assert_refused(result)
    assert (
        "LỖI hoat-dong-chi-hoi/a.md:6: Đơn vị 'Kê Sach' không có trong danh sách đơn vị. "
        "Có phải ý bạn là 'Kế Sách'?\n"
        "    Cách sửa: Ghi đúng tên một đơn vị trong content/data/don-vi.yaml; nếu là đơn vị mới, "
        "thêm một mục vào tệp đó."
    ) in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_branch_report_must_name_its_unit(small_site):
    result, _ = small_site({"hoat-dong-chi-hoi/a.md": branch_report(unit="")})
    assert_refused(result)
    assert "LỖI hoat-dong-chi-hoi/a.md: Bài Hoạt động chi hội phải ghi đơn vị (trường Unit:)." in (
        result.stderr
    )
    assert "ví dụ một trong: TP Sóc Trăng, TX Vĩnh Châu" in result.stderr


def test_unit_is_optional_for_other_kinds_but_checked(small_site):
    files = {
        "tin-khen-thuong/a.md": article("Tin không đơn vị"),
        "guong-vuot-kho/b.md": article(
            "Gương có đơn vị", category="Gương vượt khó hiếu học", extra="Unit: Mỹ Tuu"
        ),
    }
    result, _ = small_site(files)
    assert_refused(result)
    assert "LỖI guong-vuot-kho/b.md:6: Đơn vị 'Mỹ Tuu' không có trong danh sách" in result.stderr
    assert "tin-khen-thuong/a.md" not in result.stderr


def test_full_name_and_aliases_are_accepted_and_shown_as_the_list_names_them(small_site):
    files = {
        "hoat-dong-chi-hoi/a.md": branch_report("Tin một", unit="huyện kế sách"),
        "hoat-dong-chi-hoi/b.md": branch_report("Tin hai", unit="Vĩnh Châu"),
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    one = soup(out / "hoat-dong-chi-hoi" / "tin-mot")
    assert one.select(".kicker a")[1].get_text() == "Kế Sách"
    assert text(soup(out / "don-vi" / "vinh-chau").select_one(".card-title a")) == "Tin hai"


def test_article_keeps_the_unit_names_of_its_date(small_site):
    files = {"hoat-dong-chi-hoi/a.md": branch_report(unit="Thạnh Trị", date="2025-08-01 09:00")}
    result, _ = small_site(files)
    assert_refused(result)
    assert (
        "LỖI hoat-dong-chi-hoi/a.md:6: Đơn vị 'Thạnh Trị' chỉ dùng đến 30/06/2025, nhưng bài đăng "
        "ngày 01/08/2025."
    ) in result.stderr


def test_one_name_two_units_told_apart_by_the_date(small_site):
    """Kế Sách is a district until 30/6/2025 and a commune (xã) from 1/7/2025."""
    files = {
        "hoat-dong-chi-hoi/a.md": branch_report("Tin huyện", unit="Kế Sách", date="2025-03-01"),
        "hoat-dong-chi-hoi/b.md": branch_report("Tin xã", unit="Kế Sách", date="2025-08-01"),
        "hoat-dong-chi-hoi/c.md": branch_report("Tin phường", unit="Khánh Hoà", date="2025-09-01"),
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    assert text(soup(out / "don-vi/ke-sach").select_one(".card-title a")) == "Tin huyện"
    assert text(soup(out / "don-vi/xa-ke-sach").select_one(".card-title a")) == "Tin xã"
    # "Hoà" and "Hòa": the tone on either vowel is the same name.
    assert text(soup(out / "don-vi/phuong-khanh-hoa").select_one(".card-title a")) == "Tin phường"


def test_a_unit_added_to_the_list_is_accepted_from_its_date(small_site, tmp_path):
    units = tmp_path / "don-vi.yaml"
    units.write_text(
        UNITS_FILE.read_text(encoding="utf-8")
        + "\n- name: Xã Thử\n  slug: xa-thu\n  type: xã\n  parent: can-tho\n"
        "  valid_from: 2025-07-01\n",
        encoding="utf-8",
    )
    files = {
        "hoat-dong-chi-hoi/a.md": branch_report("Tin mới", unit="Xã Thử", date="2025-08-01 09:00"),
        "hoat-dong-chi-hoi/b.md": branch_report("Tin cũ", unit="Xã Thử", date="2025-06-01 09:00"),
    }
    result, _ = small_site(files, UNITS_FILE=str(units))
    assert_refused(result)
    assert "hoat-dong-chi-hoi/a.md" not in result.stderr
    assert "LỖI hoat-dong-chi-hoi/b.md:6: Đơn vị 'Xã Thử' chỉ dùng từ 01/07/2025" in result.stderr


def test_a_units_file_saved_as_windows_1258_is_named_with_its_line(small_site, tmp_path):
    units = tmp_path / "don-vi.yaml"
    text = UNITS_FILE.read_text(encoding="utf-8")
    units.write_bytes(windows_1258(text))
    result, _ = small_site({"tin-khen-thuong/a.md": article("Tin")}, UNITS_FILE=str(units))
    assert_refused(result)
    first_accent = next(i for i, char in enumerate(text) if ord(char) > 127)
    line = text[:first_accent].count("\n") + 1
    assert f"don-vi.yaml:{line}: Tệp được lưu bằng bảng mã Windows-1258" in result.stderr
    assert "Convert to UTF-8" in result.stderr


# Unit pages and related articles --------------------------------------------------------------------


def test_unit_pages_are_paginated_newest_first(small_site):
    files = articles(
        12,
        "hoat-dong-chi-hoi",
        title="Tin số {n}",
        category="Hoạt động chi hội",
        extra="Unit: Mỹ Xuyên",
    )
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    first = soup(out / "don-vi" / "my-xuyen")
    titles = [text(a) for a in first.select("main .card-title a")]
    assert titles == [f"Tin số {n}" for n in range(11, 1, -1)]
    second = soup(out / "don-vi" / "my-xuyen" / "trang" / "2")
    assert [text(a) for a in second.select("main .card-title a")] == ["Tin số 1", "Tin số 0"]
    assert second.find("link", rel="canonical")["href"] == "/don-vi/my-xuyen/trang/2/"
    assert "(12 bài)" in soup(out / "don-vi").get_text()


def test_related_articles_same_kind_and_unit_first(small_site):
    files = {
        "hoat-dong-chi-hoi/a.md": branch_report("Tin A", unit="Kế Sách", date="2024-01-01 08:00"),
        "hoat-dong-chi-hoi/b.md": branch_report("Tin B", unit="Kế Sách", date="2024-09-01 08:00"),
        "hoat-dong-chi-hoi/c.md": branch_report("Tin C", unit="Mỹ Tú", date="2024-01-02 08:00"),
        "hoat-dong-chi-hoi/d.md": branch_report("Tin D", unit="Mỹ Tú", date="2024-01-04 08:00"),
        "tin-khen-thuong/e.md": article("Tin E", date="2024-01-01 09:00"),
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    related = soup(out / "hoat-dong-chi-hoi" / "tin-a").select(".related .card-title a")
    # Tin C is the next article, linked as such: not listed again among the related ones.
    assert [text(a) for a in related] == ["Tin B", "Tin D"]
