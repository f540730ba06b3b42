"""Running a function over many jobs in worker processes, when there are enough jobs to pay."""

from __future__ import annotations

import os
import signal

from . import failpoints

__all__ = ["Started", "cancel_all", "parallel", "start"]

_running: set[Started] = set()


# How much lower than the build's own process workers run: the build, rendering pages while
# they work, comes first on a machine of two cores (with equal shares, three processes made its
# rendering half as slow again: one new article at 5,000 lost what the cards gained).
NICENESS = 10


def _start_worker(niceness: int) -> None:
    """Ctrl+C is the build's to handle; the worker runs ``niceness`` lower than the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(niceness)


def parallel(function, jobs: list[tuple], workers: int, minimum: int) -> list:
    """``function(*job)`` for every job, in worker processes if there are ``minimum`` jobs or more.

    Returns the results (or the exceptions) in order. Processes rather than threads: part of
    Pillow's work holds the GIL, and the machines that build the site have two cores. The
    forkserver start method gives clean processes, whatever threads the preview server runs;
    ``function`` must be importable by name (the plugins are installed in the environment).

    The workers ignore Ctrl+C: the build's own handler (``khuyenhoc.processes``) stops them, so
    that the editor sees one Vietnamese line instead of a traceback from every worker.
    """
    return start(function, jobs, workers, minimum).results()


def start(
    function, jobs: list[tuple], workers: int, minimum: int, niceness: int = NICENESS
) -> Started:
    """As ``parallel``, but return at once: the workers go on while this process does other
    work (renders pages, on a machine whose other core would be idle), and ``results()`` waits
    for them. Fewer than ``minimum`` jobs run in this process, when their results are asked.
    More jobs may be given with ``add()`` until the results are asked. Work the build needs
    only later may run at a higher ``niceness`` (a lower priority) than other workers'."""
    return Started(function, jobs, workers, minimum, niceness)


class Started:
    """Jobs started in worker processes; more with ``add()``; ``results()`` once, or ``cancel()``."""

    def __init__(
        self, function, jobs: list[tuple], workers: int, minimum: int = 2, niceness: int = NICENESS
    ) -> None:
        self.function, self.workers, self.minimum = function, workers, max(2, minimum)
        self.niceness = niceness
        self.jobs: list[tuple] = []
        self.pool = None
        self.futures: list = []
        for job in jobs:
            self.add(job)

    def add(self, job: tuple) -> None:
        """One more job: sent to the workers, which start once there are ``minimum`` jobs."""
        self.jobs.append(job)
        if self.pool is not None:
            self.futures.append(self.pool.submit(self.function, *job))
        elif self.workers > 1 and len(self.jobs) >= self.minimum:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=_start_worker,
                initargs=(self.niceness,),
            )
            self.futures = [self.pool.submit(self.function, *queued) for queued in self.jobs]
            _running.add(self)
            failpoints.reach("workers")

    def results(self) -> list:
        """The results (or the exceptions) in the order of the jobs."""
        if self.pool is None:
            return [self._run_here(job) for job in self.jobs]
        results = []
        try:
            for future in self.futures:
                try:
                    results.append(future.result())
                except Exception as error:
                    results.append(error)
        finally:
            self.pool.shutdown()
            _running.discard(self)
        return results

    def _run_here(self, job: tuple):
        try:
            return self.function(*job)
        except Exception as error:  # reported per job by the caller
            return error

    def cancel(self) -> None:
        """The jobs not started yet are dropped; the running ones finish (each writes whole)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            _running.discard(self)


def cancel_all() -> None:
    """Drop the jobs of a build that stops before it asks for their results (an editor's
    error): it ends at once, without waiting for work nobody will use."""
    for started in list(_running):
        started.cancel()
