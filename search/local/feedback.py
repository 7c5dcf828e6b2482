"""Pseudo-relevance feedback, RM3 style (Lavrenko & Croft's relevance model, interpolated with the
query as Anserini's BM25+RM3 does): the best-scored articles of a first ranking suggest more
words of the same subject, and the articles among the query's matches are ranked again with them.

1. Take the top ``fb_docs`` articles of the first ranking; weight each by its score.
2. Their terms' relevance model: P(t|R) ∝ Σ_D P(t|D)·w(D), P(t|D) = tf / |D| over title and body.
3. Keep the ``fb_terms`` most likely terms found in at least two of those articles (a word one
   article repeats is that article's subject, not the query's).
4. Score every match again: λ·(its first score) + (1 − λ)·Σ_t P(t|R)·BM25(t, D), each part
   scaled to the same range first, so λ means what it says whatever the query's length.

Only articles the query itself matched are ranked again (the list a user sees is not widened by
words they did not type), which also bounds the work: a few posting lists and ten analysed
articles per query.
"""
from __future__ import annotations


import numpy as np

from ..ranking import bm25_idf, bm25_tf
from .view import IndexView

FB_DOCS = 10
FB_TERMS = 10
LAMBDA = 0.6
MIN_DOCS_WITH_TERM = 2
MAX_TERM_SHARE = 0.2  # a term in more than this share of the collection says nothing about a subject
# With fewer matches than this there is nothing to learn from: the top ten are most of the list.
MIN_MATCHES = 30


def relevance_model(view: IndexView, top: np.ndarray, weights: np.ndarray, fb_terms: int) -> dict[str, float]:
    """P(t|R) over the feedback articles, for the ``fb_terms`` most likely useful terms."""
    model: dict[str, float] = {}
    seen_in: dict[str, int] = {}
    total_w = float(weights.sum()) or 1.0
    for d, w in zip(top, weights):
        counts = view.document_terms(int(d))
        length = sum(counts.values()) or 1
        share = w / total_w
        get_p, get_n = model.get, seen_in.get
        for term, c in counts.items():
            model[term] = get_p(term, 0) + (c / length) * share
            seen_in[term] = get_n(term, 0) + 1
    limit = MAX_TERM_SHARE * max(view.n, 1)
    chosen: dict[str, float] = {}
    # The most likely terms first; the collection is asked about only those (a few dozen).
    for t, p in sorted(model.items(), key=lambda kv: -kv[1]):
        if seen_in[t] < MIN_DOCS_WITH_TERM or len(t) <= 2 or t.isdigit():
            continue
        if view.doc_frequency("body", t) > limit:
            continue
        chosen[t] = p
        if len(chosen) >= fb_terms:
            break
    norm = sum(chosen.values()) or 1.0
    return {t: p / norm for t, p in chosen.items()}


def rerank(view: IndexView, scores: np.ndarray, matched: np.ndarray, k1: float, field_b: dict,
           fb_docs: int = FB_DOCS, fb_terms: int = FB_TERMS, lam: float = LAMBDA) -> np.ndarray:
    """The matches' scores after feedback (other documents keep theirs)."""
    candidates = np.flatnonzero(matched)
    if len(candidates) < MIN_MATCHES:
        return scores
    k = min(fb_docs, len(candidates))
    top = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    weights = scores[top]
    if weights.max() <= 0:
        return scores
    model = relevance_model(view, top, weights, fb_terms)
    if not model:
        return scores
    extra = np.zeros(view.n, dtype=np.float64)
    n = view.n
    b = field_b.get("body", 0.75)
    for term, p in model.items():
        docs, tfs = view.postings("body", term)
        if not len(docs):
            continue
        extra[docs] += p * bm25_idf(n, len(docs)) * bm25_tf(tfs, view.lengths["body"][docs],
                                                             view.avg_length["body"], k1, b)
    first = scores[candidates]
    second = extra[candidates]
    out = scores.copy()
    out[candidates] = lam * first / (first.max() or 1.0) + (1 - lam) * second / (second.max() or 1.0)
    return out
