"""Pseudo-relevance feedback (RM3) on OpenSearch, as :mod:`search.local.feedback` does it: the best
articles of a first ranking suggest more words of the same subject, and the query's matches are
ranked again with them.

1. The first query's top ``fb_docs`` articles and its number of matches (filters aside, as the
   embedded index chooses them); fewer than ``MIN_MATCHES`` matches: no feedback.
2. Their title and body analysed by Newsdesk's own analyzer: the relevance model P(t|R) (the
   same function as the embedded index, on the same texts).
3. The terms' body document frequencies, for the ``MAX_TERM_SHARE`` cut (one request).
4. The largest expansion score among the matches (one request), then the final query:
   λ·first/max(first) + (1 − λ)·expansion/max(expansion), restricted to the first query's
   matches, as two boosted clauses of one ``bool``.
"""
from __future__ import annotations

from collections import Counter

from index.analysis import index_terms

from ..local.feedback import MAX_TERM_SHARE, MIN_DOCS_WITH_TERM, MIN_MATCHES

DF_BATCH = 200


def relevance_model(texts: list[str], weights: list[float], fb_terms: int, body_df) -> dict[str, float]:
    """P(t|R) over the feedback articles for the ``fb_terms`` most likely useful terms;
    ``body_df(terms) -> ({term: df}, n)`` gives document frequencies in bodies.

    >>> texts = ["Cocoa prices rose; cocoa growers", "Cocoa harvest and prices", "Tin prices fell"]
    >>> m = relevance_model(texts, [3.0, 2.0, 1.0], 5, lambda ts: ({t: 1 for t in ts}, 100))
    >>> sorted(m)
    ['cocoa', 'price']
    """
    model: Counter = Counter()
    seen_in: Counter = Counter()
    total_w = float(sum(weights)) or 1.0
    for text, w in zip(texts, weights):
        _, positions = index_terms(text)
        counts = {term: len(plist) for term, plist in positions.items()}
        length = sum(counts.values()) or 1
        for term, c in counts.items():
            model[term] += (c / length) * (w / total_w)
            seen_in[term] += 1
    candidates = sorted(((t, p) for t, p in model.items()
                         if seen_in[t] >= MIN_DOCS_WITH_TERM and len(t) > 2 and not t.isdigit()),
                        key=lambda kv: -kv[1])
    chosen: dict[str, float] = {}
    for i in range(0, len(candidates), DF_BATCH):
        batch = candidates[i:i + DF_BATCH]
        dfs, n = body_df([t for t, _ in batch])
        limit = MAX_TERM_SHARE * max(n, 1)
        for t, p in batch:
            if dfs.get(t, 0) <= limit:
                chosen[t] = p
                if len(chosen) >= fb_terms:
                    break
        if len(chosen) >= fb_terms:
            break
    norm = sum(chosen.values()) or 1.0
    return {t: p / norm for t, p in chosen.items()}


def rerank(backend, query: dict, opts) -> tuple[dict, bool]:
    """``query`` ranked again with feedback, and whether feedback was applied."""
    first = backend.raw_search({"query": query, "size": opts.fb_docs, "_source": ["title", "body"],
                                "track_total_hits": True, "sort": [{"_score": "desc"}, {"id": "asc"}],
                                "track_scores": True})
    hits = first["hits"]["hits"]
    if first["hits"]["total"]["value"] < MIN_MATCHES or not hits:
        return query, False
    scores = [float(h.get("_score") or 0.0) for h in hits]
    if max(scores) <= 0:
        return query, False
    texts = [(h["_source"].get("title") or "") + "\n" + (h["_source"].get("body") or "") for h in hits]
    # (the embedded index counts title and body terms together, as one text: the same counts)
    model = relevance_model(texts, scores, opts.fb_terms, backend.body_df)
    if not model:
        return query, False
    expansion = {"bool": {"should": [{"term": {"body": {"value": t, "boost": p}}} for t, p in model.items()]}}
    best = backend.raw_search({"query": {"bool": {"filter": [query], "should": [expansion]}}, "size": 1,
                               "_source": False, "track_total_hits": False})["hits"]["hits"]
    second_max = float(best[0].get("_score") or 0.0) if best else 0.0
    lam = opts.fb_lambda
    final = {"bool": {"must": [{"bool": {"must": [query], "boost": lam / (max(scores) or 1.0)}}],
                      "should": [dict(expansion, bool=dict(expansion["bool"],
                                                           boost=(1 - lam) / (second_max or 1.0)))]}}
    return final, True
