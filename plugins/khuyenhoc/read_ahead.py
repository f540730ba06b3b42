"""Reading on two cores: a cold build reads half of the articles in a second process.

Reading (Markdown, typogrify, the reader's checks) is a third of a cold build, on one core of
the two the site's machines have. When the articles generator starts reading and many articles
are not in Pelican's reader cache, a forked process reads them from the last one backwards while
the build reads from the first one forwards, and sends its reads back in batches; the build puts
each in the reader cache, as if an earlier build had read the file, and the two stop where they
meet. The build then finds those files read: their objects are made, and the plugins see them,
in the build's own process and order, as for any file read from the cache.

A read from the second process is used only when it is the one the build would make:
- it reported nothing (no editor's error or warning, no log line): a file with a message is read
  again by the build, which reports it, so every message comes once, from the build;
- the file's stamp (Pelican's ``CHECK_MODIFIED_METHOD``) is taken before it is read, and Pelican
  compares it with the file's when it looks in the cache: a file saved meanwhile is read again.
The second process is a helper of the build (``khuyenhoc.processes.fork_helper``): it prints
and logs nothing, only reads files and writes to its pipe.

Setting read: ``READ_AHEAD_MIN`` (default 200), the fewest articles to read worth a process.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import signal
import struct
from multiprocessing.connection import Connection

from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix

from . import errors
from .config import setting_table
from .processes import fork_helper

__all__ = ["start_on_first_read", "stop"]

logger = logging.getLogger(__name__)

SETTINGS = setting_table(READ_AHEAD_MIN=200)
_BATCH = 25  # reads per message: each message pickles the settings the metadata refers to

_running: list[_ReadAhead] = []


def start_on_first_read(generator) -> None:
    """article_generator_init: read ahead once the generator starts reading (by then every
    plugin has said which folders it reads)."""
    _ReadAhead(generator)


def stop(*_args) -> None:
    """article_generator_pretaxonomy, and the end of every build: the second process stopped."""
    while _running:
        _running.pop().stop()


class _ReadAhead:
    def __init__(self, generator) -> None:
        self.generator = generator
        self.readers = generator.readers
        self.cached = self.readers.get_cached_data
        self.readers.get_cached_data = self.get_cached_data  # this build's Readers only
        self.started = False
        self.pid = 0
        self.connection: Connection | None = None
        self.order: dict[str, int] = {}
        self.position = None
        self.received = 0
        _running.append(self)  # stopped with the others, even if it never started

    def get_cached_data(self, filename, default=None):
        if not self.started:
            self.started = True
            self._start()
        if self.pid:
            where = self.order.get(filename)
            if where is not None:
                struct.pack_into("q", self.position, 0, where)
            self._receive()
        return self.cached(filename, default)

    def _start(self) -> None:
        settings = self.generator.settings
        if not hasattr(os, "fork"):
            return
        files = self.generator.get_files(
            settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
        )
        paths = [os.path.abspath(os.path.join(self.generator.path, f)) for f in files]
        todo = [path for path in paths if self.cached(path, None) is None]
        if len(todo) < max(2, int(SETTINGS.read(settings).READ_AHEAD_MIN)):
            return
        self.order = {path: index for index, path in enumerate(todo)}
        self.position = mmap.mmap(-1, 8)  # shared with the forked process: where the build reads
        struct.pack_into("q", self.position, 0, -1)
        pid, connection = fork_helper()
        if pid == 0:  # the second process: never returns
            try:
                _read_backwards(self.readers, todo, self.position, connection)
            finally:
                os._exit(0)
        self.pid, self.connection = pid, connection

    def _receive(self) -> None:
        """Every batch the second process has sent so far, into the reader cache."""
        if self.connection is None:  # it has sent all it read
            return
        try:
            while self.connection.poll():
                for path, stamp, data in self.connection.recv():
                    self.readers._cache[path] = (stamp, data)
                    self.received += 1
        except (EOFError, OSError):  # it has read its part and exited
            self._close()

    def _close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def stop(self) -> None:
        self.readers.get_cached_data = self.cached
        if not self.pid:
            return
        self._close()
        with contextlib.suppress(ProcessLookupError):  # it may be reading a file no one needs
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.pid = 0
        logger.info("Đọc song song: %d bài do tiến trình thứ hai đọc.", self.received)


def _read_backwards(readers, todo: list[str], position, connection: Connection) -> None:
    """In the second process: read ``todo`` from the end until the build's position, and send
    the reads that reported nothing."""
    logged: list[int] = []

    def note_only(_logger, record):  # nothing printed here; a warning means "let the build read"
        if record.levelno >= logging.WARNING:
            logged.append(record.levelno)

    logging.Logger.callHandlers = note_only
    batch = []
    for index in range(len(todo) - 1, -1, -1):
        if struct.unpack_from("q", position, 0)[0] >= index:
            break  # the build has reached this file: the rest is read
        path = todo[index]
        reader = readers.readers.get(file_suffix(path))
        if reader is None:
            continue
        stamp = readers._get_file_stamp(path)
        logged.clear()
        with errors.set_aside() as reported:
            try:
                content, metadata = reader.read(path)
                metadata = _filter_discardable_metadata(metadata)
            except Exception:
                continue
        if reported or logged:
            continue
        batch.append((path, stamp, (content, metadata)))
        if len(batch) >= _BATCH:
            connection.send(batch)
            batch = []
    if batch:
        connection.send(batch)
