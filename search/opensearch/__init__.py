"""The OpenSearch backend: the same searches as the embedded index, answered by a cluster.

    backend = OpenSearchBackend("http://search-1:9200,http://search-2:9200")
    engine = SearchEngine(backend=backend)          # or SearchEngine(backend="http://...")

Modules: :mod:`.connection` (one client, retries, failures as :class:`~search.backend.BackendUnavailable`
or :class:`~index.store.NoIndex`), :mod:`.translate` (a query plan as the query DSL),
:mod:`.backend` (search, facets, grouping, articles, stats), :mod:`.similar` (similar coverage),
:mod:`.lexicon` (prefix expansion and the vocabulary, from the side index). The writer is
:mod:`index.opensearch`; :func:`article_index_body` is what it creates the article index with.
"""
from __future__ import annotations

from ..opensearch_schema import index_body
from ..request import MAX_PAGE, MAX_PER_PAGE


def article_index_body(shards: int = 2, replicas: int = 1) -> dict:
    """Settings and mappings of the article index: :mod:`search.opensearch_schema` (analysis,
    BM25 per field, the record's fields), with a result window deep enough for every page the
    API allows (page 1000 of 100).

    >>> article_index_body()["settings"]["index"]["max_result_window"]
    100000
    """
    body = index_body(shards=shards, replicas=replicas)
    body["settings"]["index"]["max_result_window"] = MAX_PAGE * MAX_PER_PAGE
    return body


def __getattr__(name):  # the backend imports opensearch-py; load it only when asked for
    if name == "OpenSearchBackend":
        from .backend import OpenSearchBackend

        return OpenSearchBackend
    raise AttributeError(name)


__all__ = ["OpenSearchBackend", "article_index_body"]
