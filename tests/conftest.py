"""Shared fixtures: every test builds the real site (or a small one it writes) with Pelican."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sitebuild import ROOT, run_pelican, write_files


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real content, built once per test session into a temp folder."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = run_pelican(ROOT / "content", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def small_site(tmp_path):
    """Build a site from files the test writes: ``small_site({"tin-khen-thuong/a.md": text})``."""

    def build(
        files: dict[str, str | bytes], **overrides
    ) -> tuple[subprocess.CompletedProcess, Path]:
        content = write_files(tmp_path / "content", files)
        out = tmp_path / "output"
        return run_pelican(content, out, **overrides), out

    return build
