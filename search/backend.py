"""The seam between the search engine and where the articles are kept.

Everything above it — the query language and plan, snippets, suggestions, the JSON object, the
pages, the CLI — is shared; below it, a backend stores articles and ranks them. Two backends
implement it: the embedded index (:class:`search.local.LocalBackend`, the default) and an
OpenSearch cluster (:mod:`search.opensearch`). The interface is deliberately narrow:

    search(spec)            one page of ranked hits (grouped by story or not), totals, facets
    ranked(spec)            every match in order, for exports (a generator)
    fetch(id)               one stored article, or None
    members(story)          the articles of one story (its copies), oldest first
    similar(id, limit)      articles on the same subject that are not copies
    expand(forms, limit)    the most frequent indexed terms starting with a prefix
    vocabulary()            words people wrote, with how many articles hold each
    stats()                 size, date range, outlets
    count()                 how many articles
    pinned()                a context in which every call above sees one state of the index
    warm()                  open now what the first search would open (a server, before it answers)

A backend raises :class:`index.store.NoIndex` when there is nothing to search yet,
:class:`index.store.IndexDamaged` when what is there cannot be read, and
:class:`BackendUnavailable` (a kind of IndexDamaged) when it cannot answer now: a cluster that
cannot be reached or answers with a server error. The web answers both with 503 and the message.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ContextManager, Iterator, Protocol

from index.store import IndexDamaged

from .plan import QueryPlan


class BackendUnavailable(IndexDamaged):
    """The backend cannot answer now (its cluster cannot be reached, or answers 5xx); trying
    again later may work. The message says what failed, for a person."""

    def __init__(self, message: str, where: str = ""):
        self.index_dir, self.detail = where, message
        RuntimeError.__init__(self, message)


@dataclass
class Filters:
    """What limits the matches besides the query: an outlet list and a time window."""

    sources: list[str] = field(default_factory=list)
    after: datetime | None = None     # inclusive, naive UTC
    before: datetime | None = None    # exclusive, naive UTC


@dataclass
class SearchSpec:
    plan: QueryPlan
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"            # relevance | newest | oldest
    offset: int = 0
    limit: int = 10
    group: bool = True                 # one hit per story
    browse: bool = False               # an empty query: list everything that passes the filters
    count_only: bool = False           # only the counts are wanted (no page, no second ranking)


@dataclass
class RankedHit:
    """One hit: the stored article (``fields``), its score, and its story."""

    id: str
    score: float
    fields: dict
    story: str
    story_size: int = 1


@dataclass
class SearchOutcome:
    hits: list[RankedHit]
    total: int                         # stories when grouped, else articles
    articles: int                      # matching articles
    sources: list[tuple[str, int]]     # outlet facet (articles), the outlet filter not applied
    months: list[tuple[str, int]]      # "YYYY-MM" facet (articles)
    any_word: bool = False             # no article had every word: the ones with some are listed
    every_word: int | None = None      # matching articles holding every word of the query
    timeline: list[tuple[str, int]] = field(default_factory=list)  # (period, matching articles), in order
    timeline_unit: str = "month"       # "day" ("YYYY-MM-DD"), "month" ("YYYY-MM") or "year" ("YYYY")


class Backend(Protocol):
    def search(self, spec: SearchSpec) -> SearchOutcome: ...

    def ranked(self, spec: SearchSpec) -> Iterator[RankedHit]: ...

    def fetch(self, article_id: str) -> dict | None: ...

    def members(self, story: str) -> list[dict]: ...

    def similar(self, article_id: str, limit: int = 5) -> list[dict]: ...

    def expand(self, forms: list[str], limit: int) -> tuple[list[str], int]: ...

    def vocabulary(self) -> dict[str, int]: ...

    def stats(self) -> dict: ...

    def count(self) -> int: ...

    def pinned(self) -> ContextManager: ...

    def warm(self) -> None: ...

    def close(self) -> None: ...
