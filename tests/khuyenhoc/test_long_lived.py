"""What a build has read is left out of the cycle collector's walks until the next build starts
(khuyenhoc.long_lived): the articles are frozen, and a second build in the same process, as
``make serve`` runs them, gives the first one's objects back to the collector."""

from __future__ import annotations

import gc

from blinker import ANY
from pelican import signals
from sitebuild import articles, build, write_files


def tracked_by_the_collector(value) -> bool:
    """In one of the generations the collector walks, not in its permanent one."""
    return any(item is value for item in gc.get_objects())


def test_a_build_freezes_what_it_read_and_the_next_build_thaws_it(tmp_path):
    content = write_files(tmp_path / "content", articles(3))
    seen = {}

    def then(site):
        (generator,) = [g for g in site.last_build if hasattr(g, "articles")]
        first = generator.articles[0]
        seen["frozen after the build"] = not tracked_by_the_collector(first)
        # The next build, as make serve runs it: from its start the collector has them back.
        signals.article_generator_init.connect(
            lambda _generator: seen.setdefault("thawed", tracked_by_the_collector(first)),
            sender=ANY,
            weak=False,
        )
        site.run()

    try:
        result = build(content, tmp_path / "out", plugins=["vietnamese"], then=then)
    finally:
        gc.unfreeze()  # the rest of the test session as it was
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen == {"frozen after the build": True, "thawed": True}


def test_the_collector_is_paused_within_and_left_as_it_was_after():
    from khuyenhoc.long_lived import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled(), "turned on by a pause that found it off"
    finally:
        gc.enable()
