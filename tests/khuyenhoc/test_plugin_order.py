"""Plugins stand on their own: any order of PLUGINS builds the same site, and a plugin that cannot
load stops the build instead of being left out."""

from __future__ import annotations

import random

import pytest
from sitebuild import ROOT, SITE_PLUGINS, article, build, write_files


def files_of(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def shuffled(seed: int) -> list[str]:
    order = list(SITE_PLUGINS)
    random.Random(seed).shuffle(order)
    return order


def test_any_order_of_plugins_builds_the_same_site(tmp_path):
    orders = [SITE_PLUGINS, list(reversed(SITE_PLUGINS)), shuffled(1), shuffled(2)]
    assert len({tuple(o) for o in orders}) == len(orders)
    built = []
    for number, order in enumerate(orders):
        out = tmp_path / f"out-{number}"
        result = build(ROOT / "content", out, plugins=order, cache=tmp_path / f"cache-{number}")
        assert result.returncode == 0, (order, result.stderr)
        built.append(files_of(out))
    reference = built[0]
    assert len(reference) > 50
    for order, files in zip(orders[1:], built[1:], strict=True):
        assert files.keys() == reference.keys(), order
        different = [name for name in reference if files[name] != reference[name]]
        assert different == [], (order, different)


@pytest.mark.parametrize("missing", ["khong_co_plugin", "vietnamese.khong_co"])
def test_a_plugin_that_cannot_load_stops_the_build(tmp_path, missing):
    content = write_files(tmp_path / "content", {"tin-khen-thuong/a.md": article()})
    out = tmp_path / "output"
    result = build(content, out, plugins=["vietnamese", missing, "content_rules"])
    assert result.returncode == 1
    assert f"LỖI: không nạp được plugin {missing}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
