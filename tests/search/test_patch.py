"""The search index patched for a few pages changed or added (plugins/search/patch.py): it answers
every query as the index Pagefind makes from every page does, or is made again."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from searchindex import contents

import search
from search import patch

# Small chunks: a few words each, so that words come and go at the edges of chunks, between them,
# before the first and after the last.
CHUNK = 12

TITLES = {"a": "Học bổng Đại học", "b": "Gương sáng vượt khó", "c": "Chi hội Mỹ Xuyên"}
BODIES = {
    "a": "Hội Khuyến học trao 120 suất học bổng cho sinh viên đại học nghèo.",
    "b": "Em Lâm Thị Ngọc đạp xe 60 km mỗi ngày đến trường, đỗ thủ khoa.",
    "c": "Chi hội tổ chức Tết Trung thu, tặng 300 phần quà cho thiếu nhi.",
}


def page_html(title: str, body: str, author: str = "Ban biên tập", date: str = "") -> str:
    """A page as the site writes it: the indexed part with its meta fields (the date only on some
    pages, so that a page alone numbers its fields otherwise than the whole index)."""
    dated = f'<p data-pagefind-meta="date">{date}</p>' if date else ""
    return (
        '<html lang="vi"><body><main data-pagefind-body>'
        f'<h1 data-pagefind-meta="title">{title}</h1>'
        f'<p data-pagefind-meta="author">{author}</p>{dated}<p>{body}</p>'
        "</main><aside>Tin mới</aside></body></html>"
    )


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Three pages indexed; ``site.runs`` lists the folders Pagefind is run on from then on."""
    out = tmp_path / "output"
    pages = {}
    for name in TITLES:
        pages[name] = out / name / "index.html"
        pages[name].parent.mkdir(parents=True)
        date = "Ngày 5 tháng 9 năm 2026" if name == "a" else ""
        pages[name].write_text(page_html(TITLES[name], BODIES[name], date=date), encoding="utf-8")
    settings = {"CACHE_PATH": str(tmp_path / "cache" / "pelican"), "SEARCH_CHUNK_SIZE": CHUNK}
    assert search.build_index(out, pages.values(), settings) == 3
    runs: list[Path] = []
    real = search._run_pagefind
    monkeypatch.setattr(search, "_run_pagefind", lambda s, *a: runs.append(s) or real(s, *a))
    return SimpleNamespace(out=out, pages=pages, settings=settings, runs=runs, tmp=tmp_path)


def index_from_nothing(site, name: str) -> dict:
    """The index Pagefind makes from the same pages, in a folder of its own without a cache."""
    other = site.tmp / name
    for page, path in site.pages.items():
        (other / page).mkdir(parents=True)
        (other / page / "index.html").write_bytes(path.read_bytes())
    settings = {**site.settings, "CACHE_PATH": None}
    assert search.build_index(other, list(other.rglob("*.html")), settings) == len(site.pages)
    return contents(other / "pagefind")


def patched(site) -> bool:
    """Pagefind ran only on pages alone (the old and new copies), not on the site's copies."""
    cache_site = search._cache_dir(site.settings) / "site"
    return bool(site.runs) and all(run != cache_site for run in site.runs)


def edit(site, name: str, title: str | None = None, body: str | None = None, author=None):
    site.pages[name].write_text(
        page_html(title or TITLES[name], body or BODIES[name], author or "Ban biên tập"),
        encoding="utf-8",
    )
    site.runs.clear()
    assert search.build_index(site.out, site.pages.values(), site.settings) == len(site.pages)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"body": BODIES["b"].replace("60 km", "75 km")}, id="one word"),
        pytest.param({"body": "0001 ắ aaaa " + BODIES["b"] + " zzzz ỹỹ"}, id="words at both ends"),
        pytest.param({"body": "Chỉ một câu mới hoàn toàn."}, id="every word"),
        pytest.param({"title": "Tấm gương đạp xe"}, id="the title (a meta field)"),
        pytest.param({"author": "Nguyễn Văn Đức"}, id="the author"),
    ],
)
def test_an_edited_page_is_patched_into_the_index_as_pagefind_would_index_it(site, change):
    before = contents(site.out / "pagefind")
    edit(site, "b", **change)
    assert patched(site)
    after = contents(site.out / "pagefind")
    assert after != before
    assert after == index_from_nothing(site, "fresh")


def test_edits_one_after_another_and_two_pages_at_once(site):
    edit(site, "a", body=BODIES["a"] + " Thêm một câu.")
    edit(site, "a", body="Bài viết lại: đại học, cao đẳng, trung cấp.")
    assert patched(site)
    site.pages["c"].write_text(page_html("Chi hội mới", "Đổi cả hai."), encoding="utf-8")
    edit(site, "b", body="Và bài này nữa.")
    assert patched(site)
    assert contents(site.out / "pagefind") == index_from_nothing(site, "fresh")
    # Only the files of the current index are left: no chunk, meta or fragment of an old one.
    bundle = site.out / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert [p.name for p in bundle.glob("*.pf_meta")] == [
        f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    ]
    index = contents(bundle)
    assert len(list((bundle / "fragment").iterdir())) == len(index["pages"])


def test_a_new_page_is_patched_in_after_the_others(site):
    """A new article: its page is added to the index (numbered after the others), as an index
    made from nothing has it; an edit of another page with it."""
    new = site.out / "d" / "index.html"
    new.parent.mkdir()
    new.write_text(page_html("Bài mới", "Một bài mới về xe đạp.", date="Hôm nay"), encoding="utf-8")
    site.pages["d"] = new
    edit(site, "a", body="Và bài a đổi.")
    assert patched(site)
    index = contents(site.out / "pagefind")
    assert "/d/" in index["pages"] and "/d/" in index["words"]["xe"][0]
    assert index == index_from_nothing(site, "fresh")


def test_a_page_left_out_makes_the_index_again(site):
    del site.pages["c"]
    edit(site, "a", body="Và bài a đổi.")
    assert site.runs and not patched(site)
    assert "/c/" not in contents(site.out / "pagefind")["pages"]
    assert contents(site.out / "pagefind") == index_from_nothing(site, "fresh")


def test_an_index_not_made_from_the_copies_as_they_were_is_made_again(site):
    """The output's index was replaced since (another build, a copy): patching it for the copies
    would mix two sites."""
    (site.out / "pagefind" / "pagefind-entry.json").touch()
    edit(site, "b", body="Một câu khác.")
    assert site.runs and not patched(site)
    assert contents(site.out / "pagefind") == index_from_nothing(site, "fresh")


def test_an_index_of_another_pagefind_version_is_made_again(site, monkeypatch):
    monkeypatch.setattr(patch, "PATCHABLE_VERSION", "0.0.0")
    edit(site, "b", body="Một câu khác.")
    assert site.runs and not patched(site)
    assert contents(site.out / "pagefind") == index_from_nothing(site, "fresh")


def test_without_search_patch_the_index_is_made_again(site):
    site.settings["SEARCH_PATCH"] = False
    edit(site, "b", body="Một câu khác.")
    assert site.runs and not patched(site)


def test_a_patch_failing_halfway_leaves_the_old_index_whole_and_it_is_made_again(site, monkeypatch):
    before = contents(site.out / "pagefind")
    real = patch.write_atomic
    written = []

    def fail_on_the_entry(path, data):
        if Path(path).name == "pagefind-entry.json":
            assert contents(site.out / "pagefind") == before  # new files beside the old index
            raise OSError("disk full")
        written.append(path)
        real(path, data)

    monkeypatch.setattr(patch, "write_atomic", fail_on_the_entry)
    edit(site, "b", body="Một câu khác.")
    assert written and not patched(site)
    assert contents(site.out / "pagefind") == index_from_nothing(site, "fresh")


def test_only_the_pages_said_to_be_written_are_looked_at(site):
    """The edit path names the one page it wrote (``written``): the others are as the record of
    the last index has them, not even looked at (7,000 of them at 5,000 articles)."""
    site.pages["b"].write_text(page_html(TITLES["b"], "Bài b viết lại."), encoding="utf-8")
    site.pages["c"].write_text(page_html(TITLES["c"], "Bài c viết lại."), encoding="utf-8")
    pages = list(site.pages.values())
    assert search.build_index(site.out, pages, site.settings, written=[site.pages["b"]]) == 3
    assert patched(site)
    words = contents(site.out / "pagefind")["words"]
    assert "/b/" in words["lai"][1]["lại"] and "/c/" not in words["lai"][1]["lại"]
    assert "/c/" in words["tet"][1]["tết"], "c as it was indexed"


@pytest.mark.parametrize(
    "address",
    [pytest.param("", id="same address"), pytest.param("https://x.vn", id="make publish")],
)
def test_a_build_into_another_folder_in_between(site, address):
    """Another output folder, pages of other bytes: with the same address (SITEURL) it shares the
    cache, and the record it leaves is not taken for this output's (``written`` is not taken at
    its word); make publish's address has a cache of its own, and the next edit is patched."""
    other = site.tmp / "published"
    for name in site.pages:
        (other / name).mkdir(parents=True)
        (other / name / "index.html").write_text(
            page_html("Bản xuất bản", f"Trang {name} của bản xuất bản."), encoding="utf-8"
        )
    published = list(other.rglob("*.html"))
    assert search.build_index(other, published, {**site.settings, "SITEURL": address}) == 3
    site.pages["b"].write_text(page_html(TITLES["b"], "Bài b viết lại."), encoding="utf-8")
    site.runs.clear()
    pages = list(site.pages.values())
    assert search.build_index(site.out, pages, site.settings, written=[site.pages["b"]]) == 3
    assert patched(site) == bool(address)
    assert contents(site.out / "pagefind") == index_from_nothing(site, "fresh")
