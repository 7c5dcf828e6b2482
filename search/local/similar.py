"""Similar coverage: articles that share an article's most distinctive terms but are not copies
of it (another story on the same subject).

The article's key terms are its body and title terms weighted by tf·idf; the candidates are
scored by BM25 over those terms, weighted by each term's importance in the article, and copies
(the same story) are left out. Each result lists the key terms it shares.
"""
from __future__ import annotations

import numpy as np

from index.analysis import term_spans

from ..ranking import bm25_idf, bm25_tf
from .view import IndexView

KEY_TERMS = 20
MIN_SHARED = 4


def key_terms(view: IndexView, docnum: int, limit: int | None = None) -> list[tuple[str, float]]:
    """The article's most distinctive terms with their weights (tf·idf, title counted twice)."""
    weights: dict[str, float] = {}
    for fname, w in (("title", 2.0), ("body", 1.0)):
        for term, tf in view.document_terms(docnum, (fname,)).items():
            if len(term) < 3 or term.isdigit():
                continue
            weights[term] = weights.get(term, 0.0) + w * tf
    n = max(view.n, 1)
    scored = []
    for term, tf in weights.items():
        df = view.doc_frequency("body", term) + view.doc_frequency("title", term)
        if df < 2:  # a word only this article has finds nothing else
            continue
        scored.append((term, float(np.log1p(tf)) * float(bm25_idf(n, df))))
    scored.sort(key=lambda kv: -kv[1])
    return scored[:limit or KEY_TERMS]


def _surface_words(text: str, terms: set[str]) -> dict[str, str]:
    """Each term as the article first writes it (the stem "tariff" as "tariffs"), for display."""
    out: dict[str, str] = {}
    for term, start, end in term_spans(text):
        if term in terms and term not in out:
            word = text[start:end]
            out[term] = word if word.isupper() else word.lower()
    return out


def similar_articles(view: IndexView, article_id: str, limit: int = 5) -> list[dict]:
    d = view.docnum(article_id)
    if d is None:
        return []
    fields = view.stored(d)
    terms = key_terms(view, d)
    if not terms:
        return []
    surface = _surface_words(fields.get("title", "") + "\n" + fields.get("body", ""), {t for t, _ in terms})
    n = view.n
    score = np.zeros(n, dtype=np.float64)
    shared = np.zeros(n, dtype=np.int32)
    masks = {}
    for term, weight in terms:
        docs, tfs = view.postings("body", term)
        if not len(docs):
            continue
        idf = bm25_idf(n, len(docs))
        score[docs] += weight * idf * bm25_tf(tfs, view.lengths["body"][docs], view.avg_length["body"])
        shared[docs] += 1
        masks[term] = docs
    story = view.stories[d]
    ok = view.live & (view.stories != story) & (shared >= MIN_SHARED)
    candidates = np.flatnonzero(ok)
    if not len(candidates):
        return []
    top = candidates[np.argsort(-score[candidates], kind="stable")][: limit * 3]
    out, seen_stories = [], set()
    for c in top:
        if view.stories[c] in seen_stories:
            continue
        seen_stories.add(view.stories[c])
        f = view.stored(int(c))
        f["_shared_terms"] = [surface.get(t, t) for t, _ in terms if t in masks and np.any(masks[t] == c)][:5]
        out.append(f)
        if len(out) >= limit:
            break
    return out
