"""Index work shared among forked worker processes, one share each.

Both index runs (the embedded build, :mod:`index.build`, and the OpenSearch spool,
:mod:`index.opensearch.spool`) read and prepare their sources here. The shares are fixed before
the workers start (largest files first, each to the worker with the fewest bytes so far) and the
results come back in worker order, so the same sources always give the same shares, article
numbers and tie orders, whichever worker finishes first. The build lets a worker that is done
with its share read the last jobs of the next worker's share, one at a time from the back, and
hand the prepared articles to that worker, which writes them after its own (``steal``): on a
machine where one core is slowed by a neighbour, fixed shares left the other idle for up to a
fifth of the run, and every share's segment is still the one its worker alone would write. A
worker may also send a part of its result ahead (what it has read, before it writes its
segments), so that the parent can work on all the parts while the workers finish. A worker dies
with its parent (a killed indexer leaves no worker behind, even one in the middle of a large
file); a worker that fails or dies fails the run.
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
# A worker takes at most this many bytes of sources from the back of another's share: what it
# takes is held in memory until it has taken all it will (see index.indexer.TakenIndexer).
STEAL_MAX_BYTES = 16 * 1024 * 1024
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
                   on_early: Callable[[list], None] | None = None, steal: bool = False) -> list:
    """``work(number, jobs, progress)`` in ``n`` forked processes, one share of ``jobs`` each;
    returns their results in worker order. ``progress(k)`` is called in this process as the
    workers report ``k`` more jobs done. Raises ``RuntimeError`` when a worker fails or dies.

    With ``on_early``, ``work`` is called as ``work(number, jobs, progress, early)`` and must
    call ``early(part)`` once before it returns: when every worker has, ``on_early(parts)`` runs
    here (parts in worker order) while the workers go on to finish their work.

    With ``steal`` (and ``on_early``), ``work`` is called as ``work(number, jobs, progress, early,
    helping)``, ``helping`` a :class:`Helping`: ``jobs`` gives the worker's own share from the
    front, and once they are gone ``helping.taken()`` gives the jobs of the next worker's share
    (``(number + 1) % n``) from the back, one at a time, while that worker has not reached them;
    the worker hands what it made of them to their owner (``helping.hand_back``), which receives
    it with ``helping.taken_from_me()`` after its own jobs. A worker slowed by the machine (a
    neighbour on its core) no longer holds the whole run back, and every share's result is what
    its worker alone would have made. Every job is given exactly once."""
    ctx = multiprocessing.get_context("fork")  # forked: a worker starts with everything imported
    result_queue, progress_queue = ctx.Queue(), ctx.Queue()
    # Each share goes to its worker in the fork itself: no job is pickled or sent through a pipe
    # (a queue per job cost 7% of a BBC build, 2,225 small files, in pickling, pipe writes and
    # the feeder threads' share of the interpreter lock).
    parent = os.getpid()
    shares = share_out(jobs, n)
    # claims[2k]: the next job of share k its worker takes; claims[2k + 1]: the first job of share
    # k taken from the back by another worker (every job from there on is taken).
    helping = None
    if steal and n > 1:
        claims = ctx.Array("q", [v for share in shares for v in (0, len(share))])
        helping = (claims, [ctx.Queue() for _ in range(n)])
    procs = [ctx.Process(target=_worker, args=(work, k, shares, result_queue, progress_queue, parent,
                                               on_early is not None, helping), daemon=True)
             for k in range(n)]
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


class Helping:
    """A worker's part in sharing out the jobs left at the end of a run (see :func:`run_in_workers`).
    A worker takes only from the next worker's share and only once its own share is all taken,
    so the worker it takes from never takes from it in turn: no two workers wait for each other."""

    def __init__(self, number: int, shares: list, claims, inboxes: list, parent: int):
        self.number, self.shares, self.claims, self.inboxes, self.parent = number, shares, claims, inboxes, parent
        self.next = (number + 1) % len(shares)

    def own(self):
        """This worker's own share, from the front, as long as no other worker has taken the rest."""
        return _claimed(self.claims, self.shares, self.number, self.parent, False)

    def taken(self):
        """The jobs this worker takes from the back of the next worker's share, last first."""
        return _claimed(self.claims, self.shares, self.next, self.parent, True)

    def hand_back(self, items: list) -> None:
        """Give what was made of the taken jobs to their owner (items in the share's order)."""
        self.inboxes[self.next].put(items)

    def taken_from_me(self) -> list:
        """What the worker before this one made of the jobs it took from this worker's share
        (empty when it took none): waits for it while that worker finishes its last taken job."""
        k = self.number
        with self.claims.get_lock():
            taken = len(self.shares[k]) - self.claims[2 * k + 1]
        if not taken:
            return []
        while True:
            try:
                items = self.inboxes[k].get(timeout=1.0)
            except queue_module.Empty:
                if os.getppid() != self.parent:
                    raise SystemExit(1)
                continue
            if len(items) != taken:
                raise RuntimeError(f"worker {k} was handed {len(items)} of the {taken} jobs taken from it")
            return items


def _claimed(claims, shares: list, k: int, parent: int, from_back: bool):
    """The jobs of share ``k`` as they are claimed: from the front by its own worker, from the back
    by the worker that helps it; each claim is one step under the shared lock."""
    lock = claims.get_lock()
    share = shares[k]
    taken = 0
    while True:
        if os.getppid() != parent:
            raise SystemExit(1)
        with lock:
            front, back = claims[2 * k], claims[2 * k + 1]
            if front >= back:
                return
            if from_back:
                taken += job_size(share[back - 1])
                if taken > STEAL_MAX_BYTES:
                    return
                claims[2 * k + 1] = at = back - 1
            else:
                claims[2 * k] = front + 1
                at = front
        yield share[at]


def _worker(work, number: int, shares: list, result_queue, progress_queue, parent: int, early: bool,
            helping=None) -> None:
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
        for job in shares[number]:
            if os.getppid() != parent:
                raise SystemExit(1)
            yield job

    def send_early(part) -> None:
        report(force=True)
        result_queue.put(("early", number, part))

    try:
        if helping is not None:
            helper = Helping(number, shares, *helping, parent)
            result = work(number, helper.own(), progress, send_early, helper)
        elif early:
            result = work(number, jobs(), progress, send_early)
        else:
            result = work(number, jobs(), progress)
        report(force=True)
        result_queue.put(("ok", number, result))
    except BaseException as e:  # tell the parent; it fails the run and keeps the live index
        result_queue.put(("error", number, f"{type(e).__name__}: {e}"))
        raise
