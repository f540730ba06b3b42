"""Jobs in worker processes: started at once, their results collected later, or dropped."""

from __future__ import annotations

import math

from khuyenhoc import workers


def test_started_jobs_give_their_results_in_order_with_the_exceptions():
    started = workers.start(math.factorial, [(5,), (-1,), (6,)], 2, 2)
    assert started.pool is not None and started in workers._running
    five, error, six = started.results()
    assert (five, six) == (120, 720) and isinstance(error, ValueError)
    assert started not in workers._running


def test_too_few_jobs_run_in_this_process_when_asked():
    started = workers.start(math.factorial, [(3,)], 2, 60)
    assert started.pool is None and started.results() == [6]
    assert workers.parallel(math.factorial, [(4,), (-2,)], 1, 2)[0] == 24


def test_a_stopped_build_drops_the_jobs_it_started():
    started = workers.start(math.factorial, [(n,) for n in range(400)], 2, 2)
    workers.cancel_all()
    assert not workers._running
    assert started.pool._shutdown_thread  # no job is started any more


def test_jobs_added_one_by_one_start_the_workers_once_there_are_enough():
    started = workers.start(math.factorial, [], 2, 3)
    started.add((3,))
    started.add((4,))
    assert started.pool is None
    started.add((5,))
    assert started.pool is not None
    started.add((-1,))
    *firsts, error = started.results()
    assert firsts == [6, 24, 120] and isinstance(error, ValueError)


def test_workers_run_at_their_niceness_below_the_build():
    """Workers run lower than the build (10 by default); cards, needed only at the build's end,
    lowest of all (plugins/social: 19), so that they take only what the rest leaves."""
    import os

    ours = os.nice(0)
    default = workers.start(os.nice, [(0,), (0,)], 2, 2).results()
    lowest = workers.start(os.nice, [(0,), (0,)], 2, 2, niceness=19).results()
    assert default == [min(19, ours + workers.NICENESS)] * 2
    assert lowest == [19, 19]
