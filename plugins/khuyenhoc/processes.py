"""A build that is told to stop stops everything it started.

SIGTERM (a CI timeout, ``kill``, a test) ends a Python process at once, without cleaning up: the
photo and card workers (``khuyenhoc.workers``) and the Pagefind process went on working for up to
a minute after the build had gone. Ctrl+C (SIGINT) reached every process and each printed an
English traceback. While ``stopping_children()`` is active (``khuyenhoc.Site.run``), either signal
kills every process the build started, at any depth, says so in Vietnamese, and exits with the
usual status (128 + the signal's number). ``psutil`` finds the processes on Linux, macOS and
Windows alike.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import sys
import threading
from multiprocessing.connection import Connection

import psutil

__all__ = ["fork_helper", "stop_children", "stopping_children"]

_STOPPED = {
    signal.SIGTERM: "Bản dựng đã dừng vì nhận lệnh dừng (SIGTERM).",
    signal.SIGINT: "Bản dựng đã dừng vì bạn bấm Ctrl+C.",
}


def fork_helper() -> tuple[int, Connection]:
    """Fork a helper of this build (``khuyenhoc.read_ahead``): in the build, its process id and
    the end of a pipe to read from it; in the helper, 0 and the end to write to. The helper ends
    with ``os._exit`` (no exit handler of the build's runs in it).

    It prints and logs nothing: it shares the terminal with the build, and another thread of the
    build (rich's progress display, the preview server) may have held the lock of ``sys.stdout``
    when it was forked. Ctrl+C is the build's to handle; the build's SIGTERM handler stops it.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, Connection(read_end, writable=False)
    os.close(read_end)
    atexit._clear()  # the build's exit handlers are the build's
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    logging.Logger.callHandlers = lambda _logger, _record: None
    return 0, Connection(write_end, readable=False)


def stop_children(timeout: float = 5.0) -> None:
    """Kill every descendant of this process and wait (up to ``timeout``) until they are gone."""
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(children, timeout=timeout)


def _on_signal(signum, _frame) -> None:
    stop_children()
    print(
        f"\n{_STOPPED[signum]} Các tiến trình phụ (xử lý ảnh, chỉ mục tìm kiếm) đã được dừng; "
        "trang đã xuất bản (output/) không bị thay đổi.",
        file=sys.stderr,
        flush=True,
    )
    sys.stdout.flush()
    # Nothing of this build is kept: the publish switch only ever points at a complete build.
    os._exit(128 + signum)


@contextlib.contextmanager
def stopping_children():
    """While active, SIGTERM and SIGINT stop this process and every process it started."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = {signum: signal.getsignal(signum) for signum in _STOPPED}
    for signum in _STOPPED:
        signal.signal(signum, _on_signal)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
