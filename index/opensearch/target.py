"""Where an OpenSearch-backed Newsdesk lives: the cluster's addresses, the index's name, the
names of the indexes and aliases behind it, one client, and what counts as a passing failure.

A backend setting (``--backend`` or ``$NEWSDESK_BACKEND``) is a comma-separated list of node
addresses; a path on an address names the Newsdesk index (default ``newsdesk``), so one cluster
can hold several:

>>> t = Target.parse("http://search-1:9200,search-2:9201/archive")
>>> t.urls, t.name
(('http://search-1:9200', 'http://search-2:9201'), 'archive')
>>> Target.parse("localhost").urls, Target.parse("localhost").name
(('http://localhost:9200',), 'newsdesk')
>>> t.spec
'http://search-1:9200,http://search-2:9201/archive'

Behind the name ``N`` there are (see :mod:`index.opensearch.writer`):

* the alias ``N`` on the article index ``N-<stamp>`` (a rebuild writes ``N-<newer stamp>`` and
  moves the alias to it in one atomic ``_aliases`` call, then deletes the old index);
* the alias ``N-side`` on ``N-<stamp>-side``: the side index of the same generation (lexicon,
  story-cluster state, the last run's summary), moved together with the articles;
* ``N-control``: the write lock (the same for every generation).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..store import IndexDamaged

DEFAULT_NAME = "newsdesk"
DEFAULT_PORT = 9200
ENV_VAR = "NEWSDESK_BACKEND"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,120}")
_STAMP = r"\d{8}t\d{6}-[0-9a-f]{6}"

# HTTP statuses that mean "not now": a node went away, a shard has no active copy yet, the
# cluster is overloaded. A request that got one may be sent again (writes use fixed ids).
PASSING_STATUS = (429, 502, 503, 504)
# A 500 whose error names one of these is the same thing said by a coordinating node that had
# just lost its connection to another node.
PASSING_ERRORS = ("node_not_connected", "node_disconnected", "node_closed", "connect_transport",
                  "no_shard_available", "unavailable_shards", "cluster_block_exception",
                  "not_cluster_manager", "process_cluster_event_timeout", "receive_timeout_transport",
                  "shard_not_available", "no_node_available", "primary_missing")


class ClusterUnavailable(IndexDamaged):
    """The OpenSearch cluster cannot be reached, or cannot do this now (a 5xx); trying again
    later may work. A subclass of :class:`index.store.IndexDamaged`, so every caller that
    reports an unreadable index reports this too (the CLI exits 2, the web answers 503)."""

    def __init__(self, where: str, detail: str):
        self.index_dir, self.detail = where, detail
        RuntimeError.__init__(self, f"the OpenSearch cluster at {where} cannot answer now ({detail}); "
                                    "check that its nodes are running and try again")


@dataclass(frozen=True)
class Target:
    """An OpenSearch cluster (one or more node addresses) and the name of a Newsdesk index on it."""

    urls: tuple[str, ...]
    name: str = DEFAULT_NAME

    @classmethod
    def parse(cls, spec: str) -> "Target":
        """Read ``URL[,URL...]`` (a path on any URL names the index). ValueError, saying what is
        wrong, for anything else."""
        urls, names = [], set()
        for part in (spec or "").split(","):
            part = part.strip()
            if not part:
                continue
            if "://" not in part:
                part = "http://" + part
            try:
                u = urlsplit(part)
                port = u.port or DEFAULT_PORT
            except ValueError as e:
                raise ValueError(f"--backend: {part!r} is not an address ({e})") from None
            if u.scheme not in ("http", "https") or not u.hostname:
                raise ValueError(f"--backend: {part!r} is not an http(s) address of an OpenSearch node")
            if u.query or u.fragment or u.username:
                raise ValueError(f"--backend: {part!r}: write only scheme, host, port and an index name")
            host = f"[{u.hostname}]" if ":" in u.hostname else u.hostname
            urls.append(f"{u.scheme}://{host}:{port}")
            path = u.path.strip("/")
            if path:
                names.add(path)
        if not urls:
            raise ValueError("--backend needs the address of at least one OpenSearch node, "
                             "e.g. http://127.0.0.1:9200")
        if len(names) > 1:
            raise ValueError(f"--backend names several indexes ({', '.join(sorted(names))}); name one")
        name = names.pop() if names else DEFAULT_NAME
        if not _NAME.fullmatch(name) or name.endswith(("-side", "-control")):
            raise ValueError(f"--backend: {name!r} cannot name an index (lower-case letters, digits, - and _; "
                             "not ending in -side or -control)")
        return cls(tuple(dict.fromkeys(urls)), name)

    # ------------------------------------------------------------------ names

    @property
    def spec(self) -> str:
        return ",".join(self.urls) + ("" if self.name == DEFAULT_NAME else f"/{self.name}")

    def describe(self) -> str:
        """How the index is named to a person: ``opensearch http://a:9200 (index newsdesk)``."""
        return f"{', '.join(self.urls)} (index {self.name})"

    @property
    def alias(self) -> str:
        return self.name

    @property
    def side_alias(self) -> str:
        return f"{self.name}-side"

    @property
    def control(self) -> str:
        return f"{self.name}-control"

    def new_generation(self) -> str:
        """A fresh article index name; its side index is ``side_of`` it."""
        import secrets

        return f"{self.name}-{time.strftime('%Y%m%dt%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"

    @staticmethod
    def side_of(generation: str) -> str:
        return f"{generation}-side"

    def is_generation(self, index: str) -> bool:
        """True for this name's article or side indexes (what a crashed rebuild may leave)."""
        return re.fullmatch(re.escape(self.name) + "-" + _STAMP + "(?:-side)?", index) is not None

    # ------------------------------------------------------------------ client

    def client(self, timeout: float = 60.0, retries: int = 3):
        """An opensearch-py client for every address: a request that meets a dead node, a
        timeout or a 502/503/504 is sent again to another node (``retries`` times).

        Note opensearch-py's ``timeout`` quirk: a call that takes a ``timeout`` parameter for
        OpenSearch itself (``cluster.health``, ``bulk``) reads ``timeout=`` as that, and needs
        ``request_timeout=`` for the client's own limit."""
        from opensearchpy import OpenSearch

        return OpenSearch(list(self.urls), timeout=timeout, max_retries=retries, retry_on_timeout=True,
                          retry_on_status=(502, 503, 504), pool_maxsize=16)


def passing(exc: BaseException) -> bool:
    """True when a failure from opensearch-py means "not now" rather than "never" (see
    :data:`PASSING_STATUS` and :data:`PASSING_ERRORS`).

    >>> from opensearchpy.exceptions import ConnectionError, TransportError
    >>> passing(ConnectionError("N/A", "refused", None)), passing(TransportError(400, "parsing_exception", {}))
    (True, False)
    >>> passing(TransportError(500, "search_phase_execution_exception", {"error": {"root_cause": [{"type": "node_not_connected_exception"}]}}))
    True
    """
    from opensearchpy.exceptions import ConnectionError as OSConnectionError
    from opensearchpy.exceptions import TransportError

    if isinstance(exc, OSConnectionError):  # also ConnectionTimeout
        return True
    if isinstance(exc, TransportError):
        status = exc.status_code if isinstance(exc.status_code, int) else 0
        if status in PASSING_STATUS:
            return True
        if status >= 500 or status == 0:
            return passing_error(f"{exc.error} {exc.info}")
    return False


def passing_error(text: str) -> bool:
    """True when an error's text (a bulk item's error, a response body) names a passing cause."""
    text = str(text).lower()
    return any(name in text for name in PASSING_ERRORS)


def short_error(exc: BaseException) -> str:
    """One line for a person: the error's type and reason, never a whole response body."""
    from opensearchpy.exceptions import TransportError

    if isinstance(exc, TransportError):
        reason = ""
        info = exc.info if isinstance(exc.info, dict) else {}
        err = info.get("error") if isinstance(info.get("error"), dict) else {}
        causes = err.get("root_cause") or []
        if causes and isinstance(causes[0], dict):
            reason = f"{causes[0].get('type', '')}: {causes[0].get('reason', '')}"
        elif err:
            reason = f"{err.get('type', '')}: {err.get('reason', '')}"
        return f"HTTP {exc.status_code} {reason or exc.error}"[:300]
    return f"{type(exc).__name__}: {exc}"[:300]
