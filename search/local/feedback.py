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
    """P(t|R) over the feedback articles, for the ``fb_terms`` most likely useful terms, the
    likeliest first (equally likely terms in the order the articles first list them)."""
    space = view.term_space()
    which, ids, tfs = space.documents_terms(view, top)
    if not len(ids):
        return {}
    # One (article, term) pair per term an article holds, its title and body counts added up;
    # pairs come out article by article, so sums over articles below run in the articles' order.
    _, first_at, pair_of = np.unique(which * len(space.terms) + ids, return_index=True, return_inverse=True)
    pair_tf = np.bincount(pair_of, weights=tfs)
    pair_doc, pair_term = which[first_at], ids[first_at]
    length = np.bincount(which, weights=tfs, minlength=len(top))
    length[length == 0] = 1
    share = weights / (float(weights.sum()) or 1.0)
    # Only a term in two articles or more can be chosen.
    terms, first_pair, term_of, seen_in = np.unique(pair_term, return_index=True, return_inverse=True,
                                                    return_counts=True)
    wanted = (seen_in >= MIN_DOCS_WITH_TERM) & space.suggestible[terms]
    p = np.bincount(term_of, weights=np.where(wanted[term_of], (pair_tf / length[pair_doc]) * share[pair_doc], 0.0),
                    minlength=len(terms))
    # Equally likely terms keep the order the articles list them in: where each first appears.
    order = np.lexsort((first_at[first_pair], -p))
    order = order[wanted[order]]
    # The most likely terms first, leaving out words too common to say anything of a subject.
    limit = MAX_TERM_SHARE * max(view.n, 1)
    chosen = order[space.body_df[terms[order]] <= limit][:fb_terms].tolist()
    norm = sum(float(p[i]) for i in chosen) or 1.0
    return {space.terms[int(terms[i])]: float(p[i]) / norm for i in chosen}


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
        idf = bm25_idf(n, len(docs))
        among = matched[docs]  # only the matches are ranked again: score only them
        docs, tfs = docs[among], tfs[among]
        extra[docs] += p * idf * bm25_tf(tfs, view.lengths["body"][docs], view.avg_length["body"], k1, b)
    first = scores[candidates]
    second = extra[candidates]
    out = scores.copy()
    out[candidates] = lam * first / (first.max() or 1.0) + (1 - lam) * second / (second.max() or 1.0)
    return out
