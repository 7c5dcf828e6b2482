"""Similar coverage on OpenSearch, as :mod:`search.local.similar` finds it: the article's most
distinctive terms (tf·idf, title counted twice; frequencies from Newsdesk's own analysis of the
stored text, document frequencies of the whole index in one request), then articles of other
stories that share at least ``MIN_SHARED`` of them, scored by BM25 over those terms weighted by
importance (one ``bool`` of boosted ``term`` queries, ``collapse`` on the story); the terms each
one shares come back as named queries, shown as the article writes them.
"""
from __future__ import annotations

import math

from index.analysis import index_terms

from ..local.similar import KEY_TERMS, MIN_SHARED, _surface_words
from ..ranking import bm25_idf


def key_terms(title: str, body: str, dfs, limit: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The most distinctive terms of an article with their weights; ``dfs(terms) -> ({term:
    articles holding it in the title plus in the body}, articles)``.

    >>> terms = key_terms("Chips export", "Chips and chips exports rose.",
    ...                   lambda ts: ({"chip": 5, "export": 40, "rose": 90}, 100))
    >>> [(t, round(w, 2)) for t, w in terms]
    [('chip', 4.68), ('export', 1.27), ('rose', 0.08)]
    """
    weights: dict[str, float] = {}
    for text, w in ((title, 2.0), (body, 1.0)):  # (in term order, as the embedded index lists them:
        for term, positions in sorted(index_terms(text)[1].items()):  # equal weights keep that order)
            if len(term) < 3 or term.isdigit():
                continue
            weights[term] = weights.get(term, 0.0) + w * len(positions)
    if not weights:
        return []
    df, n = dfs(sorted(weights))
    scored = [(t, math.log1p(tf) * float(bm25_idf(max(n, 1), df.get(t, 0)))) for t, tf in weights.items()
              if df.get(t, 0) >= 2]  # a word only this article has finds nothing else
    scored.sort(key=lambda kv: -kv[1])
    return scored[:limit]


def similar_articles(backend, article_id: str, limit: int = 5) -> list[dict]:
    from .backend import SOURCE_FIELDS, stored_fields

    article = backend.fetch(article_id)
    if article is None:
        return []
    title, body = article.get("title", ""), article.get("body", "")

    def dfs(terms):
        filters = {f"{f}|{t}": {"term": {f: t}} for t in terms for f in ("title", "body")}
        r = backend.conn.call(lambda cl: cl.search(index=backend.alias, body={
            "size": 0, "track_total_hits": True, "aggs": {"df": {"filters": {"filters": filters}}}}))
        buckets = r["aggregations"]["df"]["buckets"]
        return ({t: buckets[f"title|{t}"]["doc_count"] + buckets[f"body|{t}"]["doc_count"] for t in terms},
                int(r["hits"]["total"]["value"]))

    terms = key_terms(title, body, dfs)
    if len(terms) < MIN_SHARED:
        return []
    surface = _surface_words(title + "\n" + body, {t for t, _ in terms})
    query = {"bool": {
        "should": [{"term": {"body": {"value": t, "boost": w, "_name": t}}} for t, w in terms],
        "minimum_should_match": MIN_SHARED,
        "must_not": [{"term": {"cluster": article["_story"]}}, {"ids": {"values": [article_id]}}]}}
    r = backend.raw_search({"query": query, "size": limit, "collapse": {"field": "cluster"},
                            "_source": SOURCE_FIELDS, "sort": [{"_score": "desc"}, {"id": "asc"}]})
    out = []
    for h in r["hits"]["hits"]:
        f = stored_fields(h["_source"])
        matched = set(h.get("matched_queries", []))
        f["_shared_terms"] = [surface.get(t, t) for t, _ in terms if t in matched][:5]
        out.append(f)
    return out
