"""A test's plugin: the build waits, after reading its first article, until the second process
of ``khuyenhoc.read_ahead`` has sent its first reads. Without it a small test site is read by
the build before the second process has sent anything, and the test would check nothing."""

from __future__ import annotations

from pelican import signals

from khuyenhoc import read_ahead

WAIT_SECONDS = 120  # a bound for a broken helper, not a guess of how long reading takes


def hold_first_read(generator) -> None:
    # read_ahead's, or what it wraps: the order of the two handlers is not given. In the second
    # case read_ahead calls this while it lists the files to read, before it has forked.
    get_cached_data = generator.readers.get_cached_data
    waiting = [True]

    def first_read_held(filename, default=None):
        found = get_cached_data(filename, default)
        forked = [ahead for ahead in read_ahead._running if ahead.connection is not None]
        if waiting and forked:
            waiting.clear()
            forked[-1].connection.poll(WAIT_SECONDS)
        return found

    generator.readers.get_cached_data = first_read_held


def register() -> None:
    signals.article_generator_init.connect(hold_first_read)
