"""``make html`` after an edit of one article's text (khuyenhoc.edit_path): its page, the feeds
and the search index are written from the last build's state, and the site is the one a whole
build writes, byte for byte, but for the search index: patched (plugins/search/patch.py), it
answers as the whole build's does (``searchindex.contents``). Any other change builds the whole
site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from searchindex import contents
from sitebuild import ROOT, Preview

from search.patch import NAME_DIGITS

EDITED = "Chỉ chữ của một bài thay đổi"
# A photo, a statistics box, related articles, in the feeds.
SEED = "tin-khen-thuong/hoi-khuyen-hoc-soc-trang-nhan-co-thi-dua-chinh-phu.md"
OTHER = "guong-vuot-kho/bai-mau-sinh-vien-dap-xe-60-km.md"


def tree(folder: Path) -> dict:
    """Every file's bytes, the search index's as what it answers."""
    files = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
    }
    search = folder / "pagefind"
    return {"files": files, "search": contents(search) if search.is_dir() else None}


def whole_build(content: Path, base: Path) -> dict:
    """The same content built from nothing (its own output and cache)."""
    cold = Preview(base, content=content)
    result = cold.build()
    assert result.returncode == 0, result.stderr[-3000:]
    return tree(cold.out)


def add_sentence(path: Path, sentence: str) -> None:
    """A sentence at the end of the body's first paragraph."""
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    first, rest = body.split("\n\n", 1)
    path.write_text(f"{head}\n\n{first} {sentence}\n\n{rest}", encoding="utf-8")


@pytest.fixture
def preview(tmp_path) -> Preview:
    site = Preview(tmp_path / "preview")
    result = site.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert EDITED not in result.stdout
    return site


def test_an_edit_of_one_articles_text_writes_the_site_a_whole_build_writes(preview, tmp_path):
    seed = preview.content / SEED
    # Pelican's content cache is the last whole build's: the edit path neither reads nor saves it.
    pelican_cache = tree(preview.base / "cache" / "pelican")["files"]
    assert pelican_cache
    for sentence in ("Một câu mới về khuyến học.", "Rồi thêm một câu thứ hai nữa."):
        add_sentence(seed, sentence)
        result = preview.build()
        assert result.returncode == 0, result.stderr[-3000:]
        assert EDITED in result.stdout and "pelican imported: True" in result.stdout
    page = next(preview.out.glob("tin-khen-thuong/*co-thi-dua*/index.html"))
    assert "Rồi thêm một câu" in page.read_text(encoding="utf-8")
    assert "Rồi thêm một câu" in (preview.out / "feeds" / "tat-ca.atom.xml").read_text("utf-8")
    # Then another article: the feeds show both texts (the first one kept beside the state).
    add_sentence(preview.content / OTHER, "Một câu cho bài khác.")
    result = preview.build()
    assert result.returncode == 0 and EDITED in result.stdout, result.stderr[-3000:]
    assert tree(preview.base / "cache" / "pelican")["files"] == pelican_cache
    edited = tree(preview.out)
    assert edited == whole_build(preview.content, tmp_path / "cold")
    # The index was patched (the meta is named by patch.py), and has the new words.
    entry = json.loads((preview.out / "pagefind" / "pagefind-entry.json").read_bytes())
    assert len(entry["languages"]["vi"]["hash"]) == len("vi_") + NAME_DIGITS
    assert any("sinh-vien-dap-xe" in url for url in edited["search"]["words"]["khac"][1]["khác"])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("Title: ", "Title: Tin mới: "), id="the title"),
        pytest.param(("\nTags: ", "\nTags: tin mới, "), id="the tags"),
    ],
)
def test_a_changed_header_builds_the_whole_site(preview, change):
    seed = preview.content / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    result = preview.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert EDITED not in result.stdout
    listing = (preview.out / "index.html").read_text(encoding="utf-8")
    assert "Tin mới" in listing or "tin-moi" in listing


def test_two_edited_articles_build_the_whole_site(preview):
    add_sentence(preview.content / SEED, "Một câu mới.")
    other = preview.content / OTHER
    other.write_text(other.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    result = preview.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert EDITED not in result.stdout


def test_a_mistake_in_the_edited_text_is_reported_by_the_whole_build(preview):
    before = tree(preview.out)
    add_sentence(preview.content / SEED, "<script>alert(1)</script>")
    result = preview.build()
    assert result.returncode == 1
    assert EDITED not in result.stdout
    assert f"{SEED}:" in result.stderr and "<script>" in result.stderr
    assert tree(preview.out) == before, "nothing written"


def test_a_build_for_publishing_keeps_no_state(tmp_path):
    """make publish builds a new folder each time (``--no-state``): no state is left for it."""
    site = Preview(tmp_path / "published")
    command = [sys.executable, "-m", "scripts.build", "--no-state", *site.arguments()]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    builds = site.base / "cache" / "builds"
    assert list(builds.glob("*.json")) and not list(builds.glob("*.state"))
    kept = Preview(tmp_path / "preview")
    assert kept.build().returncode == 0
    assert list((kept.base / "cache" / "builds").glob("*.state"))
