"""Files replaced whole over spares (old versions of pages) instead of new files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from khuyenhoc import files
from khuyenhoc.files import SpareFiles, exchange, write_atomic


@pytest.fixture
def swappable(tmp_path):
    """Skips where this system or file system cannot swap two files in one step."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_text("1")
    second.write_text("2")
    if not exchange(first, second):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    assert (first.read_text(), second.read_text()) == ("2", "1")
    first.unlink()
    second.unlink()
    return tmp_path


def rested(folder) -> SpareFiles:
    spares = SpareFiles(folder)
    spares.REST_SECONDS = 0
    return spares


def pool(folder) -> dict[str, str]:
    return {entry.name: entry.read_text() for entry in folder.iterdir()}


def test_a_page_is_replaced_over_the_old_version_of_a_page(swappable):
    page, spare_folder = swappable / "page.html", swappable / "spare"
    write_atomic(page, "one")
    first_inode = page.stat().st_ino
    spares = rested(spare_folder)
    spares.replace(page, "two")
    assert page.read_text() == "two"
    assert list(pool(spare_folder).values()) == ["one"]  # the old version is the spare
    spares.replace(page, "three, longer than the spare")
    assert page.read_text() == "three, longer than the spare"
    # Written over the spare: the file that held "one" holds the page again; no new file.
    assert page.stat().st_ino == first_inode
    assert list(pool(spare_folder).values()) == ["two"]


def test_a_spare_rests_before_it_is_written_over(swappable):
    """A reader that opened the old page reads it whole, even after two replacements."""
    page, spare_folder = swappable / "page.html", swappable / "spare"
    write_atomic(page, "one")
    spares = SpareFiles(spare_folder)
    with page.open() as reader:
        spares.replace(page, "two")
        spares.replace(page, "three")
        assert reader.read() == "one"
    assert page.read_text() == "three"
    assert sorted(pool(spare_folder).values()) == ["one", "two"]


def test_a_file_with_another_link_is_never_written_over(swappable):
    page, other, spare_folder = swappable / "page.html", swappable / "other", swappable / "spare"
    write_atomic(page, "one")
    os.link(page, other)
    spares = rested(spare_folder)
    spares.replace(page, "two")
    spares.replace(page, "three")
    assert (page.read_text(), other.read_text()) == ("three", "one")
    assert "one" not in pool(spare_folder).values()


def test_a_new_file_is_written_as_before(swappable):
    page, spare_folder = swappable / "new" / "page.html", swappable / "spare"
    rested(spare_folder).replace(page, "one")
    assert page.read_text() == "one"
    assert not spare_folder.exists()  # nothing to swap: the pool is not even looked at


def test_without_the_swap_files_are_replaced_as_before(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_renameat2", None)
    page, spare_folder = tmp_path / "page.html", tmp_path / "spare"
    write_atomic(page, "one")
    spares = rested(spare_folder)
    spares.replace(page, "two")
    spares.replace(page, "three")
    assert page.read_text() == "three"
    assert not spare_folder.exists() or pool(spare_folder) == {}
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_killed_builds_spare_is_used_and_a_live_builds_is_not(swappable):
    page, spare_folder = swappable / "page.html", swappable / "spare"
    spare_folder.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead, live = (
        spare_folder / f".taken-{gone.stdout.strip()}-1-1",
        spare_folder / f".taken-{os.getppid()}-1-1",
    )
    dead.write_text("left by a killed build")
    live.write_text("being written")
    write_atomic(page, "one")
    rested(spare_folder).replace(page, "two")
    assert page.read_text() == "two"
    assert not dead.exists()  # taken, written over, swapped in
    assert live.read_text() == "being written"
    assert sorted(pool(spare_folder).values()) == ["being written", "one"]


def test_trim_keeps_the_newest_spares(swappable):
    spare_folder = swappable / "spare"
    spares = SpareFiles(spare_folder)  # none rests long enough to be taken: four spares
    for number in range(4):
        page = swappable / f"page{number}.html"
        write_atomic(page, f"old {number}")
        spares.replace(page, f"new {number}")
    spares.trim(1)
    assert list(pool(spare_folder).values()) == ["old 3"]
