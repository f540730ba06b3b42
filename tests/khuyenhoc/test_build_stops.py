"""A build that is stopped leaves nothing behind: no worker, no Pagefind, no broken cache."""

from __future__ import annotations

import gzip
import pickle
import signal

import psutil
import pytest
from sitebuild import (
    article,
    pelican_command,
    photo,
    run_pelican,
    start,
    wait_for_file,
    write_files,
)


def _site(base, photos: int = 0):
    files = {
        "tin-khen-thuong/a.md": article("Tin một"),
        "tin-khen-thuong/b.md": article("Tin hai", date="2024-02-09 08:00"),
    }
    for number in range(photos):
        files[f"images/anh-{number}.jpg"] = photo((1600 + number * 8, 1200))
        files[f"tin-khen-thuong/anh-{number}.md"] = article(
            f"Tin ảnh {number}",
            date=f"2024-03-{number + 1:02d} 08:00",
            body=f'![Ảnh {number}]({{static}}/images/anh-{number}.jpg "Ảnh thử. Ảnh: Thử")',
        )
    return write_files(base / "content", files)


def test_a_truncated_pelican_cache_is_a_miss_with_a_warning(tmp_path):
    content = _site(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run_pelican(content, out, cache=cache, SEARCH_INDEX=False)
    assert first.returncode == 0, first.stderr
    files = sorted(p for p in cache.iterdir() if p.is_file())
    assert files, "Pelican wrote no cache"
    for path in files:  # as a build killed while writing it would leave it
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    again = run_pelican(content, out, cache=cache, SEARCH_INDEX=False)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr and "EOFError" not in again.stdout + again.stderr
    assert "bị hỏng" in again.stdout + again.stderr
    for path in files:  # rewritten whole, with no temporary file left beside it
        with gzip.open(path, "rb") as source:
            assert isinstance(pickle.load(source), dict)
    assert sorted(p for p in cache.iterdir() if p.is_file()) == files
    third = run_pelican(content, out, cache=cache, SEARCH_INDEX=False)
    assert "bị hỏng" not in third.stdout + third.stderr


@pytest.mark.parametrize(("point", "settings"), [("workers", {}), ("search-index", {})])
def test_sigterm_stops_every_process_the_build_started(tmp_path, point, settings):
    content = _site(tmp_path, photos=3 if point == "workers" else 0)
    marker = tmp_path / "marker"
    command = pelican_command(content, tmp_path / "out", cache=tmp_path / "cache", **settings)
    build = start(command, stop_at=point, marker=marker)
    try:
        wait_for_file(marker, build)
        children = psutil.Process(build.pid).children(recursive=True)
        names = " ".join(child.name() for child in children)
        assert children and ("pagefind" in names if point == "search-index" else True), names
        build.send_signal(signal.SIGTERM)  # to the build alone, as `kill` or a CI timeout does
        _out, err = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 128 + signal.SIGTERM
    _gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, alive
    assert "Bản dựng đã dừng vì nhận lệnh dừng (SIGTERM)." in err
    assert "Traceback" not in err
