"""Named points where a test can stop a build, to kill it there and see what survives.

A build started with ``KHUYENHOC_STOP_AT=<point>:<marker file>`` writes its process id into the
marker file when it reaches ``<point>``, then waits there until it is killed. A test waits for
the marker (a condition, not a guess of how long a build takes), kills the build's whole process
group, and checks the published site. Without the variable, ``reach()`` does nothing.

Points: ``reading`` (the first article read), ``writing`` (the first page written), ``workers``
(photo or card workers running), ``search-index`` (Pagefind running), ``compress`` (precompressed
copies half made), ``switch`` (the new ``output`` link made, not yet renamed into place).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

__all__ = ["VARIABLE", "reach"]

VARIABLE = "KHUYENHOC_STOP_AT"


def reach(point: str) -> None:
    wanted, _, marker = os.environ.get(VARIABLE, "").partition(":")
    if wanted != point or not marker:
        return
    Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    threading.Event().wait()  # until the test kills the build
