"""Fixtures of tests/magazine/; the helpers are in tests/magazinebuild.py."""

from __future__ import annotations

import pytest
from magazinebuild import SEED, SmallSite


@pytest.fixture
def small(tmp_path) -> SmallSite:
    """An empty site in a temp folder: write content into ``small.content``, then ``small.run()``."""
    return SmallSite(tmp_path)


@pytest.fixture(scope="session")
def seed_package(tmp_path_factory):
    """The package of the real seed article, made from the real content with every plugin of
    the site, as ``ALLOW_SAMPLES=1 make tap-chi BAI=…`` makes it: the demo content has sample
    articles and a placeholder photo, which the publish settings refuse otherwise. Only the
    magazine's address and the sender are given."""
    from magazinebuild import MAGAZINE_EMAIL, SENDER, run_command

    base = tmp_path_factory.mktemp("seed")
    run = run_command(
        [SEED],
        CACHE_PATH=str(base / "cache" / "pelican"),
        OUTPUT_PATH=str(base / "output"),
        MAGAZINE_EMAIL=MAGAZINE_EMAIL,
        MAGAZINE_SENDER=SENDER,
        MAGAZINE_OUTPUT_PATH=str(base / "output-tap-chi"),
        ALLOW_SAMPLES=True,
    )
    assert run.returncode == 0, run.stderr
    assert not (base / "output").exists()
    return base / "output-tap-chi"
