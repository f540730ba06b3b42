"""make serve writes the page of an article whose text alone changed before building the whole
site (khuyenhoc.edited_first): that page is the one the full build writes, byte for byte, and
any other change waits for the full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ALL_BUT_SEARCH
from sitebuild import ROOT, article, build, photo, write_files

from khuyenhoc.edited_first import render_edited

SEED = "tin-khen-thuong/hoi-khuyen-hoc-soc-trang-nhan-co-thi-dua-chinh-phu.md"
STATS_PAGE = "pages/so-lieu.md"


def add_sentence(path: Path, sentence: str) -> None:
    """A sentence at the end of the first paragraph of the body."""
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    first, rest = body.split("\n\n", 1)
    path.write_text(f"{head}\n\n{first} {sentence}\n\n{rest}", encoding="utf-8")


def test_the_page_written_first_is_the_one_the_full_build_writes(tmp_path):
    """The real content: the seed article (photos, a statistics box, related articles, the side
    column) and the Số liệu page (the overview of every dataset)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)

    def edit_each(site):
        found = {}
        for name in (SEED, STATS_PAGE):
            source = content / name
            add_sentence(source, "Câu mới thêm khi xem thử.")
            page = render_edited(site, {str(source)})
            assert page is not None, name
            first = Path(page).read_bytes()
            site.run()
            found[name] = (first, Path(page).read_bytes())
        return found

    result = build(content, tmp_path / "output", plugins=ALL_BUT_SEARCH, then=edit_each)
    assert result.returncode == 0, result.stderr
    for name, (first, full) in result.then.items():
        assert "Câu mới thêm khi xem" in first.decode(), name  # typogrify: "xem&nbsp;thử."
        assert first == full, name


BASE = {
    "tin-khen-thuong/a.md": article(
        "Bài A", date="2024-03-01 08:00", body="Đoạn đầu.\n\nĐoạn hai."
    ),
    "tin-khen-thuong/b.md": article("Bài B", date="2024-03-02 08:00", body="Nội dung B."),
    "images/anh.jpg": photo((800, 600)),
}
EDITED = "tin-khen-thuong/a.md"
PAGE = "tin-khen-thuong/bai-a/index.html"


def small_site_then(tmp_path, change):
    """Build the small site, apply ``change(content)`` (the files it names as changed), and
    return what ``render_edited`` wrote and whether the page's file was touched."""
    content = write_files(tmp_path / "content", BASE)
    out = tmp_path / "output"

    def edit(site):
        before = (out / PAGE).stat().st_mtime_ns
        changed = change(content)
        page = render_edited(site, {str(content / name) for name in changed})
        return page, (out / PAGE).stat().st_mtime_ns != before

    result = build(content, out, plugins=ALL_BUT_SEARCH, then=edit)
    assert result.returncode == 0, result.stderr
    return result.then


def test_a_text_edit_is_written_first(tmp_path):
    def body(content):
        write_files(content, {EDITED: BASE[EDITED].replace("Đoạn hai.", "Đoạn hai đã sửa.")})
        return [EDITED]

    page, touched = small_site_then(tmp_path, body)
    assert page is not None and touched
    assert "Đoạn hai đã&nbsp;sửa." in Path(page).read_text(encoding="utf-8")  # typogrify


def _rewrite(old: str, new: str):
    def change(content):
        assert old in BASE[EDITED]
        write_files(content, {EDITED: BASE[EDITED].replace(old, new)})
        return [EDITED]

    return change


def _two_files(content):
    write_files(content, {EDITED: BASE[EDITED] + "\nThêm.\n", "tin-khen-thuong/b.md": "x"})
    return [EDITED, "tin-khen-thuong/b.md"]


def _new_article(content):
    write_files(content, {"tin-khen-thuong/c.md": article("Bài C")})
    return ["tin-khen-thuong/c.md"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_rewrite("Title: Bài A", "Title: Bài A mới"), id="title: every list shows it"),
        pytest.param(_rewrite("2024-03-01", "2024-03-05"), id="date: the order of the lists"),
        pytest.param(_rewrite("Sapo của bài thử.", "Sapo khác."), id="summary: the lists show it"),
        pytest.param(
            _rewrite("Đoạn hai.", "[[thong-ke: khong-co-bo-nay]]"),
            id="a mistake: the build says it",
        ),
        pytest.param(
            _rewrite("Đoạn hai.", '![Ảnh thử]({static}/images/anh.jpg "Chú thích")'),
            id="a new photo: made by the build",
        ),
        pytest.param(_two_files, id="two files"),
        pytest.param(_new_article, id="a file the last build did not read"),
    ],
)
def test_anything_else_waits_for_the_full_build(tmp_path, change):
    page, touched = small_site_then(tmp_path, change)
    assert page is None and not touched
