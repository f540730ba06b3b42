"""A test's plugin: the build waits, after reading its first article, until the second process
of ``khuyenhoc.read_ahead`` has sent its first reads. Without it a small test site is read by
the build before the second process has sent anything, and the test would check nothing."""

from __future__ import annotations

from pelican import signals

from khuyenhoc import read_ahead

WAIT_SECONDS = 120  # a bound for a broken helper, not a guess of how long reading takes


def hold_first_read(generator) -> None:
    get_cached_data = generator.readers.get_cached_data  # read_ahead's, connected before this
    waiting = [True]

    def first_read_held(filename, default=None):
        found = get_cached_data(filename, default)
        if waiting and read_ahead._running:
            waiting.clear()
            connection = read_ahead._running[-1].connection
            if connection is not None:
                connection.poll(WAIT_SECONDS)
        return found

    generator.readers.get_cached_data = first_read_held


def register() -> None:
    signals.article_generator_init.connect(hold_first_read)
