"""Similar coverage on OpenSearch, as :mod:`search.local.similar` finds it: the article's most
distinctive terms (tf·idf, title counted twice) from the term vectors API, then articles of other
stories that share at least two of them, scored by BM25 over those terms weighted by importance;
the terms each one shares come back as named queries.

Term statistics come from the shard that holds the article (the term vectors API has no
cluster-wide statistics), so the weights differ slightly from the embedded index's.
"""
from __future__ import annotations

import math

from ..local.similar import KEY_TERMS, MIN_SHARED
from ..ranking import bm25_idf


def key_terms(tv: dict, limit: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The most distinctive terms of a term vectors answer, with their weights.

    >>> tv = {"term_vectors": {"title": {"field_statistics": {"doc_count": 100},
    ...        "terms": {"chips": {"term_freq": 1, "doc_freq": 5}, "us": {"term_freq": 1, "doc_freq": 1}}},
    ...       "body": {"field_statistics": {"doc_count": 100},
    ...        "terms": {"chips": {"term_freq": 3, "doc_freq": 9}, "export": {"term_freq": 2, "doc_freq": 30}}}}}
    >>> [t for t, _ in key_terms(tv)]
    ['chips', 'export']
    """
    vectors = tv.get("term_vectors", {})
    n = max([v.get("field_statistics", {}).get("doc_count", 0) for v in vectors.values()] + [1])
    weights: dict[str, float] = {}
    dfs: dict[str, int] = {}
    for fname, w in (("title", 2.0), ("body", 1.0)):
        for term, info in vectors.get(fname, {}).get("terms", {}).items():
            if len(term) < 3 or term.isdigit():
                continue
            weights[term] = weights.get(term, 0.0) + w * info.get("term_freq", 0)
            dfs[term] = dfs.get(term, 0) + info.get("doc_freq", 0)
    scored = [(t, math.log1p(tf) * float(bm25_idf(n, dfs[t]))) for t, tf in weights.items() if dfs[t] >= 2]
    scored.sort(key=lambda kv: -kv[1])
    return scored[:limit]


def similar_articles(backend, article_id: str, limit: int = 5) -> list[dict]:
    from .backend import SOURCE_FIELDS, stored_fields

    article = backend.fetch(article_id)
    if article is None:
        return []
    tv = backend.conn.call(lambda cl: cl.termvectors(
        index=backend.alias, id=article_id, body={"fields": ["title", "body"], "term_statistics": True,
                                                 "field_statistics": True, "positions": False,
                                                 "offsets": False, "payloads": False}))
    terms = key_terms(tv)
    if len(terms) < MIN_SHARED:
        return []
    query = {"bool": {
        "should": [{"term": {"body": {"value": t, "boost": w, "_name": t}}} for t, w in terms],
        "minimum_should_match": MIN_SHARED,
        "must_not": [{"term": {"cluster": article["_story"]}}, {"ids": {"values": [article_id]}}]}}
    r = backend.conn.call(lambda cl: cl.search(index=backend.alias, body={
        "query": query, "size": limit, "collapse": {"field": "cluster"}, "_source": SOURCE_FIELDS,
        "sort": [{"_score": "desc"}, {"id": "asc"}]}))
    order = [t for t, _ in terms]
    out = []
    for h in r["hits"]["hits"]:
        f = stored_fields(h["_source"])
        matched = set(h.get("matched_queries", []))
        f["_shared_terms"] = [t for t in order if t in matched][:5]
        out.append(f)
    return out
