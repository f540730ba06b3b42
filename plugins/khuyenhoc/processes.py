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

import contextlib
import os
import signal
import sys
import threading

import psutil

__all__ = ["stop_children", "stopping_children"]

_STOPPED = {
    signal.SIGTERM: "Bản dựng đã dừng vì nhận lệnh dừng (SIGTERM).",
    signal.SIGINT: "Bản dựng đã dừng vì bạn bấm Ctrl+C.",
}


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
