"""make publish and make rollback: output/ is always a complete build, whatever happens."""

from __future__ import annotations

import os
import signal

import psutil
import pytest
from sitebuild import PublishedSite as Site
from sitebuild import start, wait_for_file


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return Site.published(tmp_path_factory.mktemp("publish"))


def _kill_group_at(site: Site, point: str) -> None:
    """Start a publish, wait until it reaches ``point``, SIGKILL its whole process group."""
    marker = site.base / "marker"
    marker.unlink(missing_ok=True)
    build = start(site.command(), stop_at=point, marker=marker, env={"ALLOW_SAMPLES": "1"})
    try:
        wait_for_file(marker, build)
        group = [
            p for p in psutil.process_iter(["pid"]) if _pgid(p.pid) == build.pid
        ]  # the publish, Pelican, its workers and Pagefind: all of the build
        assert group, "no process in the build's group"
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    _gone, alive = psutil.wait_procs(group, timeout=30)
    assert not alive, f"outlived the build: {alive}"
    late = [p for p in psutil.process_iter(["pid"]) if _pgid(p.pid) == build.pid]
    _gone, alive = psutil.wait_procs(late, timeout=30)  # started after the list was taken
    assert not alive, f"outlived the build: {alive}"


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


@pytest.mark.parametrize("point", ["reading", "writing", "search-index", "compress", "switch"])
def test_a_publish_killed_at_any_point_leaves_the_last_good_site(site, point):
    before = site.tree()
    target = os.readlink(site.output)
    site.edit(f"Câu thêm trước khi dừng ở {point}.")  # the killed build would change pages
    _kill_group_at(site, point)
    assert os.readlink(site.output) == target
    assert site.tree() == before, "the published site changed"
    assert "index.html" in before and any(name.startswith("pagefind/") for name in before)


def test_the_next_publish_after_kills_works_and_cleans_up(site):
    _kill_group_at(site, "switch")
    before = site.tree()
    site.edit("Câu thêm cho bản mới.")
    code, output = site.run()
    assert code == 0, output
    assert "Đã xuất bản: output/ giờ là bản" in output
    assert site.tree() != before
    # Unfinished builds and switch links left by the kills are gone; complete ones have stamps.
    for folder in (p for p in site.releases.iterdir() if p.is_dir()):
        assert (site.releases / f"{folder.name}.json").is_file(), folder
    assert not list(site.base.glob(".output.*"))
    page = next(site.output.resolve().rglob("index.html"))
    assert page.with_name("index.html.gz").is_file() and page.with_name("index.html.br").is_file()


def test_rollback_brings_back_the_previous_build_and_says_so(site):
    published = os.readlink(site.output)
    before = site.tree()
    site.edit("Câu thêm cho bản sẽ bị quay lại.")
    code, output = site.run()
    assert code == 0, output
    assert "Bản trước (" in output and "'make rollback' để quay lại" in output
    code, output = site.run("--rollback")
    assert code == 0, output
    assert output.startswith("Đã quay lại bản xuất bản trước: output/ giờ là bản ")
    assert os.readlink(site.output) == published and site.tree() == before


def test_rollback_skips_a_build_that_was_never_published(tmp_path):
    """A publish killed after its build was complete, before output/ switched to it, was never
    on line: a rollback goes back to the build published before, not to that one."""
    site = Site.published(tmp_path)
    first = os.readlink(site.output)
    site.edit("Câu thêm cho bản bị dừng.")
    _kill_group_at(site, "switch")
    site.edit("Câu thêm cho bản mới.")
    code, output = site.run()
    assert code == 0, output
    code, output = site.run("--rollback")
    assert code == 0, output
    assert os.readlink(site.output) == first


def test_rollback_with_nothing_older_says_so(tmp_path):
    site = Site(tmp_path)
    code, output = site.run("--rollback")
    assert code == 1
    assert output.startswith("Không quay lại được: không có bản xuất bản nào cũ hơn")


def test_a_failed_publish_changes_nothing_and_says_which_site_is_published(site):
    published, before = os.readlink(site.output), site.tree()
    bad = site.content / "tin-khen-thuong" / "loi.md"
    bad.write_text("Title: Bài lỗi\nDate: 2024-02-08\nCategory: Tin khen thuong\n\nNội dung.\n")
    try:
        code, output = site.run()
    finally:
        bad.unlink()
    assert code == 1
    assert "Không xuất bản: bản dựng không thành công. output/ vẫn là bản đã xuất bản" in output
    assert "Traceback" not in output
    assert os.readlink(site.output) == published and site.tree() == before


def test_an_output_folder_from_before_releases_is_kept_for_rollback(tmp_path):
    site = Site(tmp_path)
    site.output.mkdir()
    (site.output / "index.html").write_text("bản cũ", encoding="utf-8")
    code, output = site.run("--no-compress")
    assert code == 0, output
    assert site.output.is_symlink()
    code, output = site.run("--rollback")
    assert code == 0, output
    assert (site.output / "index.html").read_text(encoding="utf-8") == "bản cũ"


def test_a_publish_with_nothing_changed_says_so_and_keeps_the_published_site(tmp_path):
    site = Site.published(tmp_path)
    published, before = os.readlink(site.output), site.tree()
    code, output = site.run()
    assert code == 0, output
    assert "Không có gì thay đổi kể từ bản đang xuất bản" in output
    assert os.readlink(site.output) == published and site.tree() == before
    site.edit("Câu thêm sau lần xuất bản không đổi.")
    code, output = site.run()
    assert code == 0 and "Đã xuất bản: output/ giờ là bản" in output, output
    # Rolled back, output/ is no longer the build the record describes: the next publish builds.
    assert site.run("--rollback")[0] == 0
    code, output = site.run()
    assert code == 0 and "Đã xuất bản: output/ giờ là bản" in output, output
