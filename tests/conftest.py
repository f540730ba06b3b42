"""Shared fixtures. Three layers of tests:

- pure modules are tested directly (tests/khuyenhoc/, the parsers and renderers of each plugin);
- a plugin's tests build small sites in this process, with only the plugins they need
  (``small_site``; a folder's conftest.py sets ``site_plugins`` for its tests);
- a few end-to-end tests build the real content with the ``pelican`` command (``site``), and the
  browser tests drive Debian's Chromium over it (tests/browser/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import ROOT, SITE_PLUGINS, build, run_pelican, write_files

# The site's plugins but the search index (Pagefind takes seconds; tests/search/ adds it back).
ALL_BUT_SEARCH = [name for name in SITE_PLUGINS if name != "search"]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real content, built once per test session into a temp folder, as ``make html`` does."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = run_pelican(ROOT / "content", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def site_plugins() -> list[str]:
    """The plugins ``small_site`` builds with; a test folder overrides it with its own."""
    return ALL_BUT_SEARCH


@pytest.fixture
def small_site(tmp_path, site_plugins):
    """Build a site from files the test writes, in this process:
    ``result, out = small_site({"tin-khen-thuong/a.md": text}, SOME_SETTING=value)``.

    Calling it again adds files to the same content folder and builds again (a warm build).
    """

    def build_site(files: dict[str, str | bytes], *, plugins=None, **overrides):
        content = write_files(tmp_path / "content", files)
        out = tmp_path / "output"
        result = build(
            content, out, plugins=site_plugins if plugins is None else plugins, **overrides
        )
        return result, out

    return build_site
