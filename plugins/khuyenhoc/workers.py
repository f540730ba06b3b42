"""Running a function over many jobs in worker processes, when there are enough jobs to pay."""

from __future__ import annotations

import signal

from . import failpoints

__all__ = ["parallel"]


def _ignore_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parallel(function, jobs: list[tuple], workers: int, minimum: int) -> list:
    """``function(*job)`` for every job, in worker processes if there are ``minimum`` jobs or more.

    Returns the results (or the exceptions) in order. Processes rather than threads: part of
    Pillow's work holds the GIL, and the machines that build the site have two cores. The
    forkserver start method gives clean processes, whatever threads the preview server runs;
    ``function`` must be importable by name (the plugins are installed in the environment).

    The workers ignore Ctrl+C: the build's own handler (``khuyenhoc.processes``) stops them, so
    that the editor sees one Vietnamese line instead of a traceback from every worker.
    """
    if workers <= 1 or len(jobs) < max(2, minimum):
        results = []
        for job in jobs:
            try:
                results.append(function(*job))
            except Exception as error:  # reported per job by the caller
                results.append(error)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), mp_context=context, initializer=_ignore_ctrl_c
    ) as pool:
        futures = [pool.submit(function, *job) for job in jobs]
        failpoints.reach("workers")
        results = []
        for future in futures:
            try:
                results.append(future.result())
            except Exception as error:
                results.append(error)
        return results
