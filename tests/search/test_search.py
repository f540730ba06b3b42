"""Search: the indexed copy of a page (đ folding, repeated words), and the Pagefind index of a
build. The search page in Chromium is tested in tests/browser/test_search.py."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import article, build, write_files

from search import STROKE, fold_d, indexed_part
from search.repeats import cap_repeats, decode, encode


@pytest.fixture
def site_plugins():
    return ["vietnamese", "search"]


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


def test_pagefind_reads_only_the_indexed_part_of_a_page():
    html = (
        '<!DOCTYPE html><html lang="vi"><head><title>Trang</title></head><body><nav>Mục</nav>'
        '<main><article class="article" data-pagefind-body data-pagefind-meta="kind[data-kind]"'
        ' data-kind="Tin a>b"><h1>Đại học</h1><article><p>Trong</p></article><p>Sau</p>'
        '</article><aside><img src="/khac.jpg" alt=""></aside><div data-pagefind-body>Hai</div>'
        "</main><footer>Chân trang</footer></body></html>"
    )
    part = indexed_part(html)
    assert part == (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>'
        '<article class="article" data-pagefind-body data-pagefind-meta="kind[data-kind]"'
        ' data-kind="Tin a>b"><h1>Đại học</h1><article><p>Trong</p></article><p>Sau</p>'
        "</article>\n<div data-pagefind-body>Hai</div></body></html>\n"
    )


def test_a_text_that_names_the_attribute_is_not_an_indexed_part():
    html = (
        '<html lang="vi"><body><p>Thuộc tính data-pagefind-body đánh dấu phần được tìm</p>'
        "<main data-pagefind-body><p>Bài</p><main>trong</main></main>"
        "<p>sau data-pagefind-body</p><p data-pagefind-bodyx>không</p></body></html>"
    )
    assert indexed_part(html).split("<body>")[1] == (
        "<main data-pagefind-body><p>Bài</p><main>trong</main></main></body></html>\n"
    )
    assert indexed_part("<p>data-pagefind-body</p>").endswith("<body></body></html>\n")


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
    # A word with a letter that has no Private Use Area form stays whole, and is still counted.
    assert encode("học日") == "học日" and encode("x&amp;日") == "x&amp;日"
    mixed = "<main data-pagefind-body>học日 học日 học_x học_x</main>"
    assert cap_repeats(mixed, 1) == mixed.replace("học_x<", encode("học_x") + "<")


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
    assert entry["version"] == "1.6.0"
    assert entry["languages"]["vi"]["page_count"] == len(bodies)
    assert STROKE in entry["include_characters"]


def test_the_bundle_has_no_unused_pagefind_ui(site):
    names = {p.name for p in (site / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-entry.json", "index", "fragment"} <= names
    assert not {n for n in names if "-ui." in n or "highlight" in n or "worker" in n}


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


def test_a_deferred_index_is_made_after_the_build(small_site):
    """make serve reloads the page first, and makes the index after (SEARCH_DEFERRED)."""
    import search

    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử")}, SEARCH_DEFERRED=True)
    assert result.returncode == 0, result.stderr
    assert (out / "tin-khen-thuong").is_dir() and not (out / "pagefind").exists()
    assert search.index_deferred()
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 1
    assert not search.index_deferred()  # made once


def test_search_page_and_its_one_box(site):
    page = soup(site / "tim-kiem" / "index.html")
    assert page.h1.get_text() == "Tìm kiếm"
    form = page.select_one("main form[role=search]")
    assert form["action"] == "/tim-kiem/" and form["method"] == "get"
    label = page.select_one("label[for=tu-khoa]")
    assert label.get_text() == "Tìm bài viết"
    assert page.select_one("#tu-khoa")["name"] == "q"
    # Nothing of the engine is fetched before the reader searches (search.js loads it).
    assert not page.select("link[rel=preload], link[rel=modulepreload]")
    noscript = BeautifulSoup(page.select_one("noscript").decode_contents(), "lxml")
    links = {a["href"] for a in noscript.select("a")}
    assert {"/luu-tru/", "/don-vi/", "/the/"} <= links
    # One search box on the whole site, on the search page; every page links to it.
    for path in site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        html = soup(path)
        assert html.select_one("header a.search-link")["href"] == "/tim-kiem/", path
        boxes = html.select("input[type=search]")
        assert len(boxes) == (path == site / "tim-kiem" / "index.html"), path


def test_only_the_search_page_loads_search_js(site):
    for path in site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        scripts = [s.get("src", "") for s in soup(path).select("script[src]")]
        loads_search = any(s.endswith("/theme/js/search.js") for s in scripts)
        assert loads_search == (path == site / "tim-kiem" / "index.html"), path
        assert not any(s.startswith("http") for s in scripts), path


def test_a_page_written_again_with_the_same_indexed_part_is_not_prepared_again(
    tmp_path, monkeypatch
):
    """A page rewritten with the same bytes, or changed only outside its indexed part (the side
    column every new article changes), keeps its copy; the cache holds the copies of this build's
    pages and their record, nothing that grows with every build."""
    import search

    out = tmp_path / "output"
    page = out / "a" / "index.html"
    page.parent.mkdir(parents=True)
    html = '<html lang="vi"><body><main data-pagefind-body><h1>Đại học</h1></main></body></html>'
    page.write_text(html, encoding="utf-8")
    settings = {"CACHE_PATH": str(tmp_path / "cache" / "pelican")}
    calls = []
    real = search.cap_repeats
    monkeypatch.setattr(search, "cap_repeats", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert search.build_index(out, [page], settings) == 1
    page.write_text(html, encoding="utf-8")  # the same bytes, a new modification time
    assert search.build_index(out, [page], settings) == 1
    assert len(calls) == 1
    side = html.replace("</main>", "</main><aside><h2>Tin mới</h2><a href=/b/>Bài mới</a></aside>")
    page.write_text(side, encoding="utf-8")
    assert search.build_index(out, [page], settings) == 1
    assert len(calls) == 1
    page.write_text(side.replace("Đại", "Cao"), encoding="utf-8")
    assert search.build_index(out, [page], settings) == 1
    assert len(calls) == 2
    staged = search._cache_dir(settings) / "site" / "a" / "index.html"
    assert "Cao" in staged.read_text(encoding="utf-8")
    assert sorted(p.name for p in search._cache_dir(settings).iterdir()) == [
        "index.json",
        "pagefind.json",
        "site",
        "site.json",
    ]


def test_the_indexed_site_is_kept_and_only_changed_pages_are_copied(tmp_path):
    """The copies Pagefind indexes stay in the cache between builds: a page not written again is
    neither read nor copied again; a page this build did not write leaves the index."""
    import search

    out = tmp_path / "output"
    settings = {"CACHE_PATH": str(tmp_path / "cache" / "pelican")}
    pages = {name: out / name / "index.html" for name in ("a", "b", "c")}
    for name, path in pages.items():
        path.parent.mkdir(parents=True)
        path.write_text(
            f'<html lang="vi"><body><main data-pagefind-body><h1>Bài {name}</h1>'
            "<p>Đại học</p></main></body></html>",
            encoding="utf-8",
        )

    def count() -> int:
        entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        return entry["languages"]["vi"]["page_count"]

    assert search.build_index(out, pages.values(), settings) == 3 and count() == 3
    staged = search._cache_dir(settings) / "site"
    kept = (staged / "a" / "index.html").stat().st_mtime_ns
    pages["b"].write_text(pages["b"].read_text().replace("Đại học", "Cao đẳng"), encoding="utf-8")
    assert search.build_index(out, [pages["a"], pages["b"]], settings) == 2 and count() == 2
    assert (staged / "a" / "index.html").stat().st_mtime_ns == kept
    assert fold_d("Cao đẳng") in (staged / "b" / "index.html").read_text(encoding="utf-8")
    assert not (staged / "c").exists() or not list((staged / "c").iterdir())

    # The same pages again: the index in the output is the one they make; Pagefind is not run.
    runs = []
    real = search._run_pagefind
    search._run_pagefind = lambda *args: runs.append(args) or real(*args)
    try:
        assert search.build_index(out, [pages["a"], pages["b"]], settings) == 2
        assert runs == [] and count() == 2
        (out / "pagefind" / "pagefind-entry.json").unlink()  # the output's index is gone
        assert search.build_index(out, [pages["a"], pages["b"]], settings) == 2
        assert len(runs) == 1 and count() == 2
    finally:
        search._run_pagefind = real


def _three_pages(out: Path) -> dict[str, Path]:
    pages = {name: out / name / "index.html" for name in ("a", "b", "c")}
    for name, path in pages.items():
        path.parent.mkdir(parents=True)
        path.write_text(
            f'<html lang="vi"><body><main data-pagefind-body><h1>Bài {name}</h1>'
            f"<p>Đại học {name * 3}</p></main></body></html>",
            encoding="utf-8",
        )
    return pages


def _files(bundle: Path) -> dict[str, tuple[int, bytes]]:
    return {
        path.relative_to(bundle).as_posix(): (path.stat().st_ino, path.read_bytes())
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
    }


def test_an_index_made_again_links_the_files_that_did_not_change(tmp_path):
    """Pagefind writes in the scratch folder; the new bundle links each file the current one has
    with the same bytes, and is the bundle Pagefind makes beside it, file for file. (Not patched:
    tests/search/test_patch.py.)"""
    import search

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    out = tmp_path / "output"
    settings = {
        "CACHE_PATH": str(tmp_path / "cache" / "pelican"),
        "SEARCH_SCRATCH_PATH": scratch,
        "SEARCH_PATCH": False,
    }
    pages = _three_pages(out)
    assert search.build_index(out, pages.values(), settings) == 3
    before = _files(out / "pagefind")
    pages["b"].write_text(pages["b"].read_text().replace("Đại học", "Cao đẳng"), encoding="utf-8")
    assert search.build_index(out, pages.values(), settings) == 3
    after = _files(out / "pagefind")
    assert not list(scratch.iterdir())  # removed once brought in

    linked = [name for name, (inode, _) in after.items() if before.get(name, (None,))[0] == inode]
    changed = [name for name, (_, data) in after.items() if before.get(name, (0, b""))[1] != data]
    assert linked and changed and len(linked) + len(changed) == len(after)
    assert any(name.startswith("fragment/") for name in linked)

    # The same bundle as Pagefind writes beside it, without a scratch folder.
    beside = tmp_path / "beside"
    for name, path in pages.items():
        (beside / name).mkdir(parents=True)
        (beside / name / "index.html").write_bytes(path.read_bytes())
    on_disk = {**settings, "SEARCH_SCRATCH_PATH": "", "CACHE_PATH": str(tmp_path / "c2" / "p")}
    assert search.build_index(beside, list(beside.rglob("*.html")), on_disk) == 3
    assert {name: data for name, (_, data) in _files(beside / "pagefind").items()} == {
        name: data for name, (_, data) in after.items()
    }


def test_pagefind_failing_in_the_scratch_folder_is_run_again_beside_the_bundle(
    tmp_path, caplog, monkeypatch
):
    import search

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    out = tmp_path / "output"
    settings = {"CACHE_PATH": str(tmp_path / "cache" / "pelican"), "SEARCH_SCRATCH_PATH": scratch}
    real, runs = search._run_pagefind, []

    def full_in_scratch(site, bundle, settings):  # as Pagefind fails when the folder is full
        runs.append(bundle)
        if scratch in bundle.parents:
            raise RuntimeError("No space left on device (os error 28)")
        real(site, bundle, settings)

    monkeypatch.setattr(search, "_run_pagefind", full_in_scratch)
    pages = _three_pages(out)
    assert search.build_index(out, pages.values(), settings) == 3
    assert [scratch in bundle.parents for bundle in runs] == [True, False]
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 3
    assert "làm lại trong" in caplog.text
    assert not (out / "pagefind.new").exists() and not list(scratch.iterdir())


def test_a_scratch_folder_without_room_for_the_index_is_not_used(tmp_path):
    import search

    settings = {"SEARCH_SCRATCH_PATH": tmp_path}
    assert search.scratch_root(settings, 1000) == tmp_path
    assert search.scratch_root(settings, 2**70) is None
    assert search.scratch_root({"SEARCH_SCRATCH_PATH": tmp_path / "none"}) is None
    assert search.scratch_root({"SEARCH_SCRATCH_PATH": ""}) is None


def test_the_scratch_folder_of_a_killed_build_is_removed_by_the_next_index(tmp_path):
    """A build killed while Pagefind runs leaves its folder in memory; the next index made on
    the machine removes it, and leaves those of processes still running."""
    import search

    scratch = tmp_path / "scratch"
    settings = {"CACHE_PATH": str(tmp_path / "cache" / "pelican"), "SEARCH_SCRATCH_PATH": scratch}
    ended = subprocess.Popen(["true"])
    ended.wait()
    for pid in (ended.pid, os.getppid()):
        (scratch / f"khuyenhoc-pagefind-{pid}-x1" / "pagefind").mkdir(parents=True)
    (scratch / "other-9").mkdir()
    out = tmp_path / "output"
    assert search.build_index(out, _three_pages(out).values(), settings) == 3
    assert sorted(p.name for p in scratch.iterdir()) == [
        f"khuyenhoc-pagefind-{os.getppid()}-x1",
        "other-9",
    ]


def test_pages_are_named_by_their_path_in_the_output_however_it_is_reached(tmp_path, monkeypatch):
    from search import _pages_inside

    real = tmp_path / "real"
    (real / "tin" / "bai").mkdir(parents=True)
    (tmp_path / "output").symlink_to(real)  # make publish: output/ is a link to a release
    monkeypatch.chdir(tmp_path)
    files = [
        str(tmp_path / "output" / "index.html"),  # as Pelican names it: the folder as given
        str(real / "tin" / "bai" / "index.html"),  # resolved
        "output/tin/bai/index.html",  # relative, and the same page again
        str(tmp_path / "output" / "feeds" / "all.atom.xml"),  # not a page
    ]
    assert _pages_inside(tmp_path / "output", files) == {
        "index.html": str(tmp_path / "output" / "index.html"),
        "tin/bai/index.html": str(tmp_path / "output" / "tin" / "bai" / "index.html"),
    }
    assert _pages_inside("output", files[:2]) == {
        "index.html": str(tmp_path / "output" / "index.html"),
        "tin/bai/index.html": str(real / "tin" / "bai" / "index.html"),
    }


def test_many_pages_are_copied_by_worker_processes_as_by_one(tmp_path, monkeypatch):
    """A cold build shares the copies among processes: the same copies, the same record."""
    import search
    from khuyenhoc import workers

    monkeypatch.setattr(search, "_PAGES_PER_JOB", 3)
    monkeypatch.setattr(search, "_MIN_PAGES_FOR_WORKERS", 6)
    out = tmp_path / "output"
    files = []
    for number in range(10):
        page = out / f"bai-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        body = f"<h1>Bài {number}</h1><p>Đại học, học bổng; học sinh học giỏi {number}.</p>"
        if number != 4:  # a page without an indexed part (a listing) is read but not copied
            body = f"<main data-pagefind-body>{body}</main>"
        page.write_text(f'<html lang="vi"><body>{body}</body></html>', encoding="utf-8")
        files.append(page)
    started = []
    real_start = workers.start

    def start(function, jobs, count, minimum):
        started.append((count, len(jobs), minimum))
        return real_start(function, jobs, count, minimum)

    monkeypatch.setattr(workers, "start", start)
    made = {}
    for count in (1, 2):
        site = tmp_path / f"site-{count}"
        settings = {"SEARCH_WORKERS": count}
        staged = search._staged_pages(out, files, settings, None, site, out / "pagefind")
        copies = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}
        made[count] = (staged, copies)
    assert started == [(1, 4, 2), (2, 4, 2)]
    assert made[1] == made[2]
    assert made[2][0][0] == 9 and len(made[2][1]) == 9
    copy = made[2][1]["bai-0/index.html"].decode()
    assert "Đại" not in copy and fold_d("Đại") in copy  # folded, and "học" capped after the first
    assert copy.count("học") == 1


def test_without_pagefind_installed_the_build_says_how_to_install_it(tmp_path, monkeypatch):
    import search

    monkeypatch.setattr(search, "_NODE_MODULES", tmp_path / "node_modules")
    content = write_files(tmp_path / "content", {"tin-khen-thuong/a.md": article("Tin thử")})
    result = build(content, tmp_path / "output", plugins=["vietnamese", "search"])
    assert result.returncode == 1
    assert "LỖI: không tạo được chỉ mục tìm kiếm (Pagefind): chưa cài Pagefind" in result.stderr
    assert "Cách sửa: chạy «npm ci --ignore-scripts»" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_copies_of_each_address_are_kept_apart_and_the_old_shared_ones_removed(tmp_path):
    """make html and make publish (another SITEURL) keep their copies apart; the cache of the
    copies as it was before (shared, straight in search/) is removed, not left to grow stale."""
    import search

    old = tmp_path / "cache" / "search"
    (old / "site" / "a").mkdir(parents=True)
    (old / "site" / "a" / "index.html").write_text("cũ", encoding="utf-8")
    (old / "site.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "output"
    pages = _three_pages(out)
    settings = {"CACHE_PATH": str(tmp_path / "cache" / "pelican")}
    assert search.build_index(out, pages.values(), settings) == 3
    published = {**settings, "SITEURL": "https://khuyenhoc.example"}
    assert search.build_index(out, pages.values(), published) == 3
    assert not (old / "site").exists() and not (old / "site.json").exists()
    folders = sorted(p.name for p in old.iterdir())
    assert len(folders) == 2 and search._cache_dir(settings).name in folders
    assert all((old / name / "site.json").is_file() for name in folders)
