"""Reading many project files on several CPUs.

On a cold store of thousands of projects the time goes into parsing TOML, and
that divides over processes.  They receive only file names: each reads its own
files and sends back small results.  From a program with threads (the app) the
workers are started fresh (``spawn``), the one safe way there; a single-threaded
one (``check``, ``export``) forks them: each then starts with the modules already
imported instead of starting Python and importing them again.  (What the program
has printed is flushed first, so that no worker prints it again.)
"""

from __future__ import annotations

import os
import sys
from functools import partial
from typing import Callable, Iterator, Sequence, TypeVar

__all__ = ["default_jobs", "map_chunks", "PARALLEL_FROM", "CHUNK"]

#: Below this many files, one process is quicker than starting workers.
PARALLEL_FROM = 48
#: Files per task sent to a worker.
CHUNK = 32

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """Worker processes to use: the CPUs this process may run on, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


_state: object = None


def _start(factory: Callable[..., object], args: tuple) -> None:
    global _state
    _state = factory(*args)


def _run(func: Callable[[object, list], R], chunk: list) -> R:
    return func(_state, chunk)


def map_chunks(func: Callable[[S, list[T]], R], items: Sequence[T], *, factory: Callable[..., S],
               args: tuple = (), jobs: int | None = None, chunk: int = CHUNK) -> Iterator[R]:
    """``func(state, chunk)`` for each chunk of ``items``, results in order.

    ``state`` is ``factory(*args)``, made once per process.  ``func`` and
    ``factory`` must be module-level functions (workers import them by name).
    Closing the iterator early cancels the chunks not yet started.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    chunks = [list(items[i:i + chunk]) for i in range(0, len(items), chunk)]
    if jobs == 1 or len(items) < PARALLEL_FROM:
        state = factory(*args)
        for part in chunks:
            yield func(state, part)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = None
    try:
        try:
            context = _context()
            if context.get_start_method() != "fork":
                _start_resource_tracker()
            pool = ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context,
                                       initializer=_start, initargs=(factory, args))
            results = pool.map(partial(_run, func), chunks)  # starts the workers
        except (OSError, ValueError):  # no processes to be had here: do the work in this one
            state = factory(*args)
            results = (func(state, part) for part in chunks)
        yield from results
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _context():
    """``fork`` when this process has one thread and the system forks, else ``spawn`` (see the module's doc;
    multiprocessing's fork flushes sys.stdout and sys.stderr before it forks)."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process with a usable standard error.

    It hands ``sys.stderr``'s file descriptor to its process; inside the app
    ``sys.stderr`` is Textual's print capture, whose descriptor is -1, and
    starting workers would fail.  Its messages (leak warnings) are not for
    the user's screen, so it gets /dev/null instead.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved
