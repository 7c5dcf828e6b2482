"""One client per backend, and what a failure means to the caller.

Every request goes through :meth:`Connection.call`. opensearch-py already sends a request again
to another node when one cannot be reached or answers 502/503/504; on top of that, a request
that failed for a passing reason (an HTTP 500 ``node_not_connected`` from a coordinating node
that had just lost another node, a shard with no active copy for a moment) is tried twice more
within about a second. What still fails becomes:

* :class:`index.store.NoIndex` when the index does not exist (nothing was built yet);
* :class:`search.backend.BackendUnavailable` when the cluster cannot be reached or answers with
  a server error (the web answers 503 with the message, never 500).

Searches ask for complete answers (``allow_partial_search_results=false``): a shard with no
live copy is an error to report, not a silently shorter list.
"""
from __future__ import annotations

import threading
import time

from index.opensearch.target import Target, passing, short_error
from index.store import NoIndex

from ..backend import BackendUnavailable

RETRY_PAUSES = (0.2, 0.8)


class Connection:
    """A lazily opened, thread-safe client for one :class:`~index.opensearch.target.Target`."""

    def __init__(self, target: Target, timeout: float = 20.0):
        self.target, self.timeout = target, timeout
        self._client = None
        self._lock = threading.Lock()

    @property
    def client(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self.target.client(timeout=self.timeout, retries=2)
        return self._client

    def call(self, request):
        """``request(client)``, with the retries and failures described in the module docstring."""
        from opensearchpy.exceptions import NotFoundError, TransportError

        for pause in (*RETRY_PAUSES, None):
            try:
                return request(self.client)
            except NotFoundError as e:
                if "index_not_found" in str(e.error) or "no such index" in str(e.info):
                    raise self.no_index() from None
                raise
            except Exception as e:  # noqa: BLE001 - sorted below
                if passing(e) and pause is not None:
                    time.sleep(pause)
                    continue
                if passing(e) or (isinstance(e, TransportError) and isinstance(e.status_code, int)
                                  and e.status_code >= 500):
                    raise BackendUnavailable(f"the search cluster cannot answer now ({short_error(e)}); "
                                             "try again in a moment", self.target.describe()) from None
                raise
        raise AssertionError("unreachable")

    def no_index(self) -> NoIndex:
        return NoIndex(f"no Newsdesk index {self.target.name!r} on the OpenSearch cluster at "
                       f"{', '.join(self.target.urls)}: build one with "
                       f"`newsdesk index SOURCE... --backend {self.target.spec}`")

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # noqa: BLE001
                pass
