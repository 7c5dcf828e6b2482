"""BM25F ranking as named, pure formulas, plugged into Whoosh's weighting interface.

Each query term is scored per field with BM25 (its own length normalisation ``b`` per field),
multiplied by the field's boost from the query (the title counts more than the body), and the
field scores are summed. The idf is Lucene's non-negative form, so a word in most documents
still scores a little rather than going negative.
"""
from __future__ import annotations

from math import log

from whoosh.scoring import WeightingModel, WeightLengthScorer, WeightScorer

K1 = 1.2
B = {"title": 0.3, "body": 0.75, "source_text": 0.0}
DEFAULT_B = 0.75


def bm25_idf(doc_count: int, doc_freq: int) -> float:
    """Inverse document frequency, Lucene's BM25 form: ln(1 + (N - df + 0.5) / (df + 0.5)).

    >>> round(bm25_idf(1000, 10), 4)
    4.5574
    """
    return log(1.0 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))


def bm25_tf(tf: float, length: float, avg_length: float, k1: float = K1, b: float = DEFAULT_B) -> float:
    """Saturated, length-normalised term frequency: tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)).

    >>> round(bm25_tf(2, 100, 100), 4)
    1.375
    """
    if tf <= 0:
        return 0.0
    norm = 1.0 - b + b * (length / avg_length if avg_length else 1.0)
    return tf * (k1 + 1.0) / (tf + k1 * norm)


def bm25(tf: float, length: float, avg_length: float, doc_count: int, doc_freq: int,
         k1: float = K1, b: float = DEFAULT_B) -> float:
    """One term's BM25 score in one field of one document."""
    return bm25_idf(doc_count, doc_freq) * bm25_tf(tf, length, avg_length, k1, b)


class NewsBM25F(WeightingModel):
    """Whoosh weighting model using :func:`bm25` with per-field ``b``."""

    def __init__(self, k1: float = K1, field_b: dict[str, float] | None = None):
        self.k1 = k1
        self.field_b = dict(B if field_b is None else field_b)

    def supports_block_quality(self):
        return True

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _BM25Scorer(searcher, fieldname, text, self.k1, self.field_b.get(fieldname, DEFAULT_B))


class _BM25Scorer(WeightLengthScorer):
    def __init__(self, searcher, fieldname, text, k1, b):
        parent = searcher.get_parent()  # collection statistics come from the top-level searcher
        self.idf = bm25_idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text))
        self.avgfl = parent.avg_field_length(fieldname) or 1.0
        self.k1, self.b = k1, b
        self.setup(searcher, fieldname, text)

    def _score(self, weight, length):
        return self.idf * bm25_tf(weight, length, self.avgfl, self.k1, self.b)
