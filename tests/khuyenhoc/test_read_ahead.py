"""A cold build reads half of the articles in a second process (khuyenhoc.read_ahead): the same
site as one process builds, and every editor's message once, from the build."""

from __future__ import annotations

import re
import subprocess

from sitebuild import ROOT, SITE_PLUGINS, article, articles, pelican_command, write_files

# The build holds its first read until the second process has sent its first reads
# (tests/khuyenhoc/plugins/hold_first_read.py): on a small site the build alone would win the race.
HELD = {
    "PLUGIN_PATHS": ["plugins", str(ROOT / "tests" / "khuyenhoc" / "plugins")],
    "PLUGINS": [*SITE_PLUGINS, "hold_first_read"],
}
ARTICLES = articles(30, body="Đoạn văn của bài, với “ngoặc kép” -- và gạch ngang.")


def build(content, out, *, read_ahead: bool) -> subprocess.CompletedProcess:
    minimum = 4 if read_ahead else 10_000
    cache = out.with_name(out.name + "-cache")  # each build cold
    command = pelican_command(
        content, out, cache=cache, READ_AHEAD_MIN=minimum, SEARCH_INDEX=False, **HELD
    )
    return subprocess.run(
        [*command, "-v"], cwd=ROOT, capture_output=True, encoding="utf-8", timeout=600
    )


def read_by_the_second_process(result) -> int:
    found = re.search(r"Đọc song song: (\d+) bài", result.stdout + result.stderr)
    return int(found[1]) if found else 0


def tree(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_site_is_the_one_a_single_process_builds(tmp_path):
    content = write_files(tmp_path / "content", ARTICLES)
    alone = build(content, tmp_path / "alone", read_ahead=False)
    assert alone.returncode == 0, alone.stderr[-3000:]
    assert read_by_the_second_process(alone) == 0
    shared = build(content, tmp_path / "shared", read_ahead=True)
    assert shared.returncode == 0, shared.stderr[-3000:]
    assert read_by_the_second_process(shared) > 0
    assert tree(tmp_path / "alone") == tree(tmp_path / "shared")


def test_a_mistake_read_by_the_second_process_is_reported_once_by_the_build(tmp_path):
    # The second process reads from the last file backwards: the mistake is in the last one.
    broken = {"tin-khen-thuong/bai-99.md": article("Bài hỏng", date="32/13/2024 08:00")}
    content = write_files(tmp_path / "content", {**ARTICLES, **broken})
    result = build(content, tmp_path / "out", read_ahead=True)
    assert result.returncode == 1
    assert read_by_the_second_process(result) > 0
    assert result.stderr.count("tin-khen-thuong/bai-99.md:2") == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr


def test_a_read_ahead_stopped_before_its_first_read_never_starts():
    """The edit path makes the generators again (each sets a read-ahead up) and reads one file:
    stopped first, the read-ahead must not list every article at that read (0.13 s of an edit at
    5,000 articles) nor start a second process."""
    from khuyenhoc import read_ahead

    class Readers:
        def get_cached_data(self, filename, default=None):
            return default

    class Generator:
        def __init__(self) -> None:
            self.readers = Readers()
            self.settings = {"READ_AHEAD_MIN": 1, "ARTICLE_PATHS": ["tin"], "ARTICLE_EXCLUDES": []}
            self.path = "."

        def get_files(self, *args, **kwargs):
            raise AssertionError("the articles were listed")

    generator = Generator()
    read_ahead.start_on_first_read(generator)
    read_ahead.stop()
    assert generator.readers.get_cached_data("tin/bai.md", "miss") == "miss"
