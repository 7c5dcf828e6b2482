"""One writer at a time per Newsdesk index on a cluster: a lease kept as a document.

The lock is the document ``lock`` in the control index ``N-control``. Taking it is a ``create``
(refused when it exists); it holds the holder's host and pid and the time its lease ends. The
holder renews the lease from a background thread while it works; a lease that ran out (its holder died) may be taken over,
with OpenSearch's sequence numbers making sure only one process takes it. Every indexer reaches
it wherever it runs, unlike a lock file.

    with cluster_lock(client, "newsdesk-control", "the index newsdesk") as lease:
        ...                  # lease.renew() also works; a thread renews it every lease / 5
"""
from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager

from ..store import IndexLocked

LEASE_SECONDS = 300.0


def _control_body() -> dict:
    return {"settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
            "mappings": {"dynamic": "strict", "properties": {
                "holder": {"type": "keyword"}, "expires": {"type": "double"}}}}


class Lease:
    def __init__(self, client, index: str, holder: str, seq: tuple[int, int], lease: float):
        self.client, self.index, self.holder, self.lease = client, index, holder, lease
        self._seq = seq
        self._renewed = time.time()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.lost: str | None = None  # why a renewal failed, if one did
        self._thread = threading.Thread(target=self._heartbeat, name="newsdesk-lease", daemon=True)
        self._thread.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.lease / 5):
            try:
                self.renew(force=True)
            except Exception as e:  # noqa: BLE001 - kept for the run to see; the next beat tries again
                self.lost = f"{type(e).__name__}: {e}"[:200]

    def renew(self, force: bool = False) -> None:
        """Push the lease's end forward (when a third of it has passed, or ``force``)."""
        now = time.time()
        if not force and now - self._renewed < self.lease / 3:
            return
        with self._lock:
            r = self.client.index(index=self.index, id="lock", body={"holder": self.holder, "expires": now + self.lease},
                                  if_seq_no=self._seq[0], if_primary_term=self._seq[1], request_timeout=60)
            self._seq = (r["_seq_no"], r["_primary_term"])
            self._renewed = now

    def release(self) -> None:
        from opensearchpy.exceptions import ConflictError, NotFoundError

        self._stop.set()
        self._thread.join(5)
        try:
            self.client.delete(index=self.index, id="lock", if_seq_no=self._seq[0],
                               if_primary_term=self._seq[1], refresh="true", request_timeout=60)
        except (ConflictError, NotFoundError):
            pass


def acquire(client, index: str, what: str, lease: float = LEASE_SECONDS) -> Lease:
    """Take the lock or raise :class:`index.store.IndexLocked` naming its holder."""
    from opensearchpy.exceptions import ConflictError, NotFoundError, RequestError

    holder = f"newsdesk on {socket.gethostname()} (pid {os.getpid()})"
    try:
        client.indices.create(index=index, body=_control_body(), request_timeout=60)
    except RequestError as e:
        if "already_exists" not in str(e.error):
            raise
    body = {"holder": holder, "expires": time.time() + lease}
    try:
        r = client.index(index=index, id="lock", body=body, op_type="create", request_timeout=60)
        return Lease(client, index, holder, (r["_seq_no"], r["_primary_term"]), lease)
    except ConflictError:
        pass
    try:
        current = client.get(index=index, id="lock", request_timeout=60)
    except NotFoundError:  # released meanwhile: one more try
        r = client.index(index=index, id="lock", body=body, op_type="create", request_timeout=60)
        return Lease(client, index, holder, (r["_seq_no"], r["_primary_term"]), lease)
    src = current["_source"]
    if float(src.get("expires", 0)) > time.time():
        raise IndexLocked(f"{what} is being written by {src.get('holder', 'another process')}; "
                          "wait for it to finish and run again")
    try:  # the holder's lease ran out: it died; take over, unless another process just did
        r = client.index(index=index, id="lock", body=body, if_seq_no=current["_seq_no"],
                         if_primary_term=current["_primary_term"], request_timeout=60)
    except ConflictError:
        raise IndexLocked(f"{what} is being written by another process; wait for it to finish "
                          "and run again") from None
    return Lease(client, index, holder, (r["_seq_no"], r["_primary_term"]), lease)


@contextmanager
def cluster_lock(client, index: str, what: str, lease: float = LEASE_SECONDS):
    held = acquire(client, index, what, lease)
    try:
        yield held
    finally:
        try:
            held.release()
        except Exception:  # noqa: BLE001 - the lease runs out by itself
            pass
