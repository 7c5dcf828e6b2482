"""Index work shared among forked worker processes, one fixed share each.

Both index runs (the embedded build, :mod:`index.build`, and the OpenSearch spool,
:mod:`index.opensearch.spool`) read and prepare their sources here. The shares are fixed before
the workers start (largest files first, each to the worker with the fewest bytes so far) and the
results come back in worker order, so the same sources always give the same shares, article
numbers and tie orders, whichever worker finishes first. A worker may also send a part of its
result ahead (what it has read, before it writes its segments), so that the parent can work on
all the parts while the workers finish. A worker dies with its parent (a killed indexer leaves
no worker behind, even one in the middle of a large file); a worker that fails or dies fails the
run.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue as queue_module
import signal
import time
from typing import Callable

__all__ = ["job_size", "run_in_workers", "share_out"]

PROGRESS_SECONDS = 0.2  # a worker reports the jobs it has done at most this often
_PR_SET_PDEATHSIG = 1   # prctl(2)


def job_size(job) -> int:
    """The size of a job's source file in bytes (0 for standard input or a file that is gone)."""
    try:
        return job.source.path.stat().st_size
    except (OSError, AttributeError, TypeError):
        return 0


def share_out(jobs: list, n: int, size: Callable[[object], int] = job_size) -> list[list]:
    """``jobs`` in ``n`` shares of about the same bytes: largest first, each to the lightest share.

    >>> share_out([1, 5, 3, 4], 2, size=int)
    [[5, 1], [4, 3]]
    """
    shares: list[list] = [[] for _ in range(n)]
    loads = [0] * n
    for job in sorted(jobs, key=size, reverse=True):
        k = loads.index(min(loads))
        shares[k].append(job)
        loads[k] += max(size(job), 1)
    return shares


def run_in_workers(work: Callable[..., object], jobs: list, n: int,
                   progress: Callable[[int], None] | None = None,
                   on_early: Callable[[list], None] | None = None) -> list:
    """``work(number, jobs, progress)`` in ``n`` forked processes, one share of ``jobs`` each;
    returns their results in worker order. ``progress(k)`` is called in this process as the
    workers report ``k`` more jobs done. Raises ``RuntimeError`` when a worker fails or dies.

    With ``on_early``, ``work`` is called as ``work(number, jobs, progress, early)`` and must
    call ``early(part)`` once before it returns: when every worker has, ``on_early(parts)`` runs
    here (parts in worker order) while the workers go on to finish their work."""
    ctx = multiprocessing.get_context("fork")  # forked: a worker starts with everything imported
    result_queue, progress_queue = ctx.Queue(), ctx.Queue()
    # Each share goes to its worker in the fork itself: no job is pickled or sent through a pipe
    # (a queue per job cost 7% of a BBC build, 2,225 small files, in pickling, pipe writes and
    # the feeder threads' share of the interpreter lock).
    parent = os.getpid()
    procs = [ctx.Process(target=_worker, args=(work, k, share, result_queue, progress_queue, parent,
                                               on_early is not None), daemon=True)
             for k, share in enumerate(share_out(jobs, n))]
    for p in procs:
        p.start()
    results: dict[int, object] = {}
    early: dict[int, object] = {}
    try:
        while len(results) < n:
            while True:
                try:
                    done = progress_queue.get_nowait()
                except queue_module.Empty:
                    break
                if progress is not None:
                    progress(done)
            try:
                status, k, payload = result_queue.get(timeout=0.2)
            except queue_module.Empty:
                if any(p.exitcode not in (None, 0) for p in procs):
                    raise RuntimeError("an indexing worker process died; nothing was changed")
                continue
            if status == "early":
                early[k] = payload
                if len(early) == n:
                    on_early([early[i] for i in range(n)])
                continue
            if status != "ok":
                raise RuntimeError(f"an indexing worker failed ({payload}); nothing was changed")
            if on_early is not None and k not in early:
                raise RuntimeError("an indexing worker finished without reporting what it read")
            results[k] = payload
    finally:
        for p in procs:
            if p.is_alive() and len(results) < n:
                p.kill()
            p.join(5)
    return [results[k] for k in range(n)]


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies, even in the middle of a job
    (Linux's PR_SET_PDEATHSIG; elsewhere the check between jobs is all there is); leave at once
    if the parent is gone already."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        raise SystemExit(1)


def _worker(work, number: int, share: list, result_queue, progress_queue, parent: int, early: bool) -> None:
    from .store import release_inherited_locks

    _die_with_parent(parent)
    release_inherited_locks()
    done, last = 0, time.monotonic()

    def report(force: bool = False) -> None:
        nonlocal done, last
        if done and (force or time.monotonic() - last >= PROGRESS_SECONDS):
            progress_queue.put(done)
            done, last = 0, time.monotonic()

    def progress(k: int = 1) -> None:
        nonlocal done
        done += k
        report()

    def jobs():
        for job in share:
            if os.getppid() != parent:
                raise SystemExit(1)
            yield job

    def send_early(part) -> None:
        report(force=True)
        result_queue.put(("early", number, part))

    try:
        result = work(number, jobs(), progress, send_early) if early else work(number, jobs(), progress)
        report(force=True)
        result_queue.put(("ok", number, result))
    except BaseException as e:  # tell the parent; it fails the run and keeps the live index
        result_queue.put(("error", number, f"{type(e).__name__}: {e}"))
        raise
