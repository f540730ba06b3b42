"""Rebuilds write only what an edit reaches, and their output is the cold build's, byte for byte.

The real content is built cold; then one word is changed in one article's body and the site is
built again: the files the edit does not reach are left as they were (not even rewritten), and
the whole output equals a cold build of the edited content (the search index, patched, answers
as the cold build's does). The same for a changed title, which
reaches every listing, and for a new article.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from searchindex import contents
from sitebuild import ROOT, article, run_pelican

from khuyenhoc.files import exchange

EDITED = "guong-vuot-kho/bai-mau-sinh-vien-dap-xe-60-km.md"


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and its modification time."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def same_bytes(first: dict, second: dict) -> list[str]:
    """The files that differ between two trees (missing on one side included)."""
    names = set(first) | set(second)
    return sorted(n for n in names if (first.get(n) or (None,))[0] != (second.get(n) or (None,))[0])


def build(content: Path, out: Path, cache: Path) -> None:
    result = run_pelican(content, out, cache=cache)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("incremental")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    out, cache = base / "output", base / "cache"
    build(content, out, cache)
    return base, content, out, cache


def cold_equals(base: Path, content: Path, out: Path, name: str, moved: str = "") -> None:
    """The rebuild's output is a cold build's. Files of a page that moved (``moved``, its old
    folder) stay behind in output/, as Pelican leaves them; ``make publish`` starts empty."""
    cold = base / f"cold-{name}"
    build(content, cold, base / f"cold-cache-{name}")
    rebuilt = tree(out)
    if moved:
        left = [n for n in rebuilt if n.startswith(moved)]
        assert left, "the old folder is left behind"
        rebuilt = {n: v for n, v in rebuilt.items() if n not in left}
    index = [n for n in rebuilt if n.startswith("pagefind/")]
    cold_files = {n: v for n, v in tree(cold).items() if not n.startswith("pagefind/")}
    rebuilt = {n: v for n, v in rebuilt.items() if n not in index}
    assert same_bytes(cold_files, rebuilt) == [], "the rebuild differs from a cold build"
    # The search index is patched after an edit (plugins/search/patch.py): it answers as the
    # cold build's does.
    assert contents(out / "pagefind") == contents(cold / "pagefind")


def test_one_word_edited_rewrites_only_what_it_reaches(site):
    base, content, out, cache = site
    before = tree(out)
    source = content / EDITED
    text = source.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    assert " học " in body
    source.write_text(head + "\n\n" + body.replace(" học ", " HỌC ", 1), encoding="utf-8")
    build(content, out, cache)
    after = tree(out)

    page = next(n for n in after if "/bai-mau-chang-sinh-vien-dap-xe" in n and n.endswith(".html"))
    changed = same_bytes(before, after)
    assert page in changed
    reached = {page, "sitemap.xml"}
    for name in changed:
        assert name in reached or name.startswith(("feeds/", "pagefind/")), name
    # Pages the edit does not reach are not written again.
    rewritten = [
        name
        for name in after
        if name.endswith(".html") and name in before and after[name][1] != before[name][1]
    ]
    assert rewritten == [page]
    cold_equals(base, content, out, "edit")


def test_a_new_title_reaches_every_listing(site):
    base, content, out, cache = site
    source = content / EDITED
    text = source.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("Title: "))
    old = next(out.glob("*/bai-mau-chang-sinh-vien-dap-xe-*/index.html")).parent
    source.write_text(text.replace(title, title + " (cập nhật)", 1), encoding="utf-8")
    build(content, out, cache)
    cold_equals(base, content, out, "title", moved=old.relative_to(out).as_posix() + "/")
    shutil.rmtree(old)


def test_a_new_article(site):
    base, content, out, cache = site
    (content / "tin-khen-thuong" / "bai-moi.md").write_text(
        article("Tin mới: trao học bổng đầu năm", date="2025-06-01 08:00"), encoding="utf-8"
    )
    build(content, out, cache)
    assert list(out.glob("*/tin-moi-trao-hoc-bong-dau-nam/index.html"))
    cold_equals(base, content, out, "new")
    # The pages written again were swapped with spares: their old versions are the spares now.
    if can_swap(base):
        spares = list((base / "spare").iterdir())
        assert len(spares) > len(list(out.rglob("*.html"))) // 2
        assert not [spare for spare in spares if spare.name.startswith(".taken-")]


def can_swap(folder: Path) -> bool:
    first, second = folder / ".swap-1", folder / ".swap-2"
    first.write_text("1")
    second.write_text("2")
    try:
        return exchange(first, second)
    finally:
        first.unlink()
        second.unlink()


def test_the_preview_servers_settings_do_not_change_the_pages():
    """make serve reports errors without stopping and makes the search index after the reload:
    what it writes is make html's, so switching between them renders nothing again."""
    from khuyenhoc.incremental import site_fingerprint

    settings = {"THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [], "SITENAME": "Hội"}
    served = {**settings, "EDITOR_ERRORS_EXIT": False, "SEARCH_DEFERRED": True}
    assert site_fingerprint(served) == site_fingerprint(settings)
    assert site_fingerprint({**settings, "SITENAME": "Hội Khuyến học"}) != site_fingerprint(
        settings
    )


def test_a_field_marked_as_derived_is_left_out_of_a_description():
    """A unit's articles are derived from the articles (each names its unit), which are all
    described: they are left out, in both ways of describing (JSON, and the fallback)."""
    import dataclasses
    import hashlib

    from khuyenhoc import incremental

    @dataclasses.dataclass
    class Unit:
        name: str
        articles: list = dataclasses.field(default_factory=list, metadata={"fingerprint": False})

    def described(value) -> list[str]:
        as_json, fallback = hashlib.sha256(), hashlib.sha256()
        incremental._hash_json(as_json, value)
        incremental._feed(fallback, value, set(), top=False)
        return [as_json.hexdigest(), fallback.hexdigest()]

    assert described(Unit("Kế Sách", ["a"])) == described(Unit("Kế Sách", ["a", "b"]))
    assert described(Unit("Kế Sách")) != described(Unit("Mỹ Tú"))
    from units.data import Unit as RealUnit

    articles = next(f for f in dataclasses.fields(RealUnit) if f.name == "articles")
    assert articles.metadata == {"fingerprint": False}
