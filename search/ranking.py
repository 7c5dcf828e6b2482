"""Ranking as named, pure formulas: BM25 (Lucene's form) per field, and BM25F across fields.

Every function works on plain numbers and on NumPy arrays alike, so the same formula scores one
document in a doctest and a million postings at once in :mod:`search.local.scoring`.
:class:`NewsBM25F` plugs the per-field form into Whoosh's weighting interface, for code that
asks Whoosh itself to score (an independent check in the tests).

Two ways to combine the title and the body:

* ``fields`` (per-field sum): each field is scored with its own idf and length normalisation,
  multiplied by the field's boost, and the field scores are added;
* ``bm25f``: the term's frequencies in the fields are length-normalised per field, weighted by
  the boosts and added *before* saturation, with one idf for the article (Robertson, Zaragoza &
  Taylor 2004) — a word that is rare in titles does not outweigh the rest of the query.
"""
from __future__ import annotations

import numpy as np
from whoosh.scoring import WeightingModel, WeightLengthScorer, WeightScorer

K1 = 1.2
B = {"title": 0.3, "body": 0.75, "source_text": 0.0}
DEFAULT_B = 0.75


def bm25_idf(doc_count, doc_freq):
    """Inverse document frequency, Lucene's BM25 form: ln(1 + (N - df + 0.5) / (df + 0.5)).

    >>> round(float(bm25_idf(1000, 10)), 4)
    4.5574
    """
    return np.log(1.0 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))


def length_norm(length, avg_length, b=DEFAULT_B):
    """BM25's length normalisation: 1 − b + b·len/avglen.

    >>> length_norm(200, 100, 0.75)
    1.75
    """
    return 1.0 - b + b * (length / avg_length if avg_length else 1.0)


def saturate(tf, k1=K1):
    """BM25's saturation of a (normalised) frequency: tf·(k1+1) / (tf + k1).

    >>> round(saturate(1.0), 4), round(saturate(0.0), 4)
    (1.0, 0.0)
    """
    return tf * (k1 + 1.0) / (tf + k1)


def bm25_tf(tf, length, avg_length, k1=K1, b=DEFAULT_B):
    """Saturated, length-normalised term frequency: tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)).

    >>> round(float(bm25_tf(2, 100, 100)), 4)
    1.375
    """
    return saturate(np.asarray(tf, dtype=float) / length_norm(length, avg_length, b), k1) * 1.0


def bm25(tf, length, avg_length, doc_count, doc_freq, k1=K1, b=DEFAULT_B):
    """One term's BM25 score in one field of one document."""
    return bm25_idf(doc_count, doc_freq) * bm25_tf(tf, length, avg_length, k1, b)


def bm25f(field_tfs, lengths, avg_lengths, boosts, doc_count, doc_freq, k1=K1, field_b=None):
    """One term's BM25F score over several fields: Σ_f boost_f·tf_f / norm_f, saturated once,
    times one idf (``doc_freq`` counts articles with the term in any field).

    >>> round(float(bm25f([1, 0], [10, 100], [10, 100], [2.5, 1.0], 1000, 10, field_b=[0.3, 0.75])), 4)
    6.7745
    """
    field_b = field_b or [DEFAULT_B] * len(field_tfs)
    combined = sum(w * np.asarray(tf, dtype=float) / length_norm(ln, avg, b)
                   for tf, ln, avg, w, b in zip(field_tfs, lengths, avg_lengths, boosts, field_b))
    return bm25_idf(doc_count, doc_freq) * saturate(combined, k1)


class NewsBM25F(WeightingModel):
    """Whoosh weighting model using :func:`bm25` with per-field ``b`` (the ``fields`` form)."""

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
        self.idf = float(bm25_idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text)))
        self.avgfl = parent.avg_field_length(fieldname) or 1.0
        self.k1, self.b = k1, b
        self.setup(searcher, fieldname, text)

    def _score(self, weight, length):
        return self.idf * float(bm25_tf(weight, length, self.avgfl, self.k1, self.b))
