"""Scoring a query plan over an index view with NumPy: every posting of every query term at once.

A unit's score for each document comes from the named formulas of :mod:`search.ranking` applied
to whole posting arrays; the query's groups (its words, phrases and OR-sets) are then combined by
the ranking mode:

* ``coord`` (the default): every article with any of the query's groups matches; its score is
  multiplied by the share of the query it holds (each group weighted by its idf) squared, so the
  articles with every word come first unless one with fewer is far better, and a long query is
  never cut short by a word that is not essential;
* ``and_fill``: the same matches, in strict tiers by that share, each tier by score;
* ``and_or``: articles with every group, or — when none has them all — with any group;
* ``or``: every article with any group, by score alone.

Then, by default, RM3-style pseudo-relevance feedback ranks the matches again
(:mod:`.feedback`). Each choice was measured with scripts/relevance_eval.py on the tune half of
the judged queries and kept only where it helped the held-out half (docs/relevance.md).

Phrases are matched on the positions kept in the sidecar arrays (:func:`phrase_docs`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..plan import QueryPlan, Unit
from ..ranking import B, K1, bm25_idf, bm25_tf, length_norm, saturate
from .feedback import rerank  # imported with the engine: a server's first search of two words paid for it
from .view import IndexView

MODES = ("and_or", "and_fill", "coord", "or")
COMBINES = ("fields", "bm25f")


@dataclass
class RankingOptions:
    """How matches are scored and combined (chosen by measurement: docs/relevance.md)."""

    combine: str = "fields"
    mode: str = "coord"
    k1: float = K1
    field_b: dict = field(default_factory=lambda: dict(B))
    coord_power: float = 2.0           # mode "coord": score × (share of the query's idf matched) ** this
    title_boost: float | None = None   # overrides the plan's title weight for title-and-body clauses
    proximity: float = 0.0             # bonus for query words next to each other (× the pair's idf)
    feedback: bool = True              # RM3-style pseudo-relevance feedback (search/local/feedback.py)
    fb_docs: int = 10
    fb_terms: int = 10
    fb_lambda: float = 0.6
    fb_min_words: int = 2              # feedback only for queries of at least this many words (groups)

    def __post_init__(self):
        if self.combine not in COMBINES:
            raise ValueError(f"combine must be one of {COMBINES}")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")


@dataclass
class Evaluation:
    """Per document: the score and whether it matches; ``any_word`` when the and_or mode fell
    back to any group."""

    scores: np.ndarray
    matched: np.ndarray
    tier: np.ndarray | None = None
    any_word: bool = False
    every: np.ndarray | None = None   # the matches that hold every group


def _term(view: IndexView, unit: Unit, term: str, opts: RankingOptions) -> tuple[np.ndarray, np.ndarray]:
    """(score contribution, presence) of one term over the unit's fields, dense arrays."""
    n = view.n
    score = np.zeros(n, dtype=np.float64)
    present = np.zeros(n, dtype=bool)
    fields = unit.fields
    if opts.title_boost is not None and len(fields) == 2:
        fields = tuple((f, opts.title_boost if f == "title" else b) for f, b in fields)
    if opts.combine == "fields":
        for fname, boost in fields:
            docs, tfs = view.postings(fname, term)
            if not len(docs):
                continue
            idf = bm25_idf(n, len(docs))
            b = opts.field_b.get(fname, 0.75)
            score[docs] += boost * idf * bm25_tf(tfs, view.lengths[fname][docs], view.avg_length[fname], opts.k1, b)
            present[docs] = True
        return score, present
    combined = np.zeros(n, dtype=np.float64)
    for fname, boost in fields:
        docs, tfs = view.postings(fname, term)
        if not len(docs):
            continue
        b = opts.field_b.get(fname, 0.75)
        combined[docs] += boost * tfs / length_norm(view.lengths[fname][docs], view.avg_length[fname], b)
        present[docs] = True
    df = int(present.sum())
    if df:
        score[present] = bm25_idf(n, df) * saturate(combined[present], opts.k1)
    return score, present


def phrase_docs(view: IndexView, fname: str, terms: list[str]) -> np.ndarray:
    """The documents where ``terms`` stand in this order side by side in field ``fname``.

    Each term's occurrences are keys (document, position); shifting the i-th term's positions
    back by i, a phrase is a key every term shares. The rarest term's keys are looked up in the
    others' with a binary search (all arrays are sorted), so the work is a few passes over the
    terms' positions in NumPy, however common they are.
    """
    shifted = []
    for i, term in enumerate(terms):
        keys = view.term_positions(fname, term)
        if not len(keys):
            return np.zeros(0, dtype=np.int64)
        shifted.append(keys - i)
    shifted.sort(key=len)
    found = shifted[0]
    for other in shifted[1:]:
        if not len(found):
            break
        at = np.minimum(np.searchsorted(other, found), len(other) - 1)
        found = found[other[at] == found]
    return np.unique(found >> 24)


def unit_scores(view: IndexView, unit: Unit, opts: RankingOptions) -> tuple[np.ndarray, np.ndarray]:
    """(scores, matches) of one unit of the plan."""
    score = np.zeros(view.n, dtype=np.float64)
    present = np.zeros(view.n, dtype=bool)
    for term in unit.terms:
        s, p = _term(view, unit, term, opts)
        score += s
        present |= p if unit.kind != "phrase" else False
    if unit.kind == "phrase":
        for fname, _ in unit.fields:
            docs = phrase_docs(view, fname, unit.terms)
            present[docs] = True
        score *= present
    return score, present


def idf_weight(view: IndexView, unit: Unit) -> float:
    """How much a unit counts toward coordination: the idf of its rarest... of its terms' mean."""
    dfs = [max(view.doc_frequency(f, t) for f, _ in unit.fields) for t in unit.terms] or [0]
    return float(np.mean([bm25_idf(max(view.n, 1), df) for df in dfs]))


def _adjacency_bonus(view: IndexView, plan: QueryPlan) -> np.ndarray:
    """For each pair of query words typed next to each other (single words searched in title and
    body), the pair's idf in every article where they stand side by side, in that order."""
    bonus = np.zeros(view.n, dtype=np.float64)
    singles = [g[0] for g in plan.groups]
    for a, b in zip(singles, singles[1:]):
        if a.kind != "term" or b.kind != "term" or len(a.fields) != 2 or len(b.fields) != 2:
            continue
        docs = np.union1d(phrase_docs(view, "body", [a.terms[0], b.terms[0]]),
                          phrase_docs(view, "title", [a.terms[0], b.terms[0]]))
        if len(docs):
            bonus[docs] += bm25_idf(view.n, len(docs))
    return bonus


def evaluate(view: IndexView, plan: QueryPlan, opts: RankingOptions, browse: bool = False) -> Evaluation:
    """Scores and matches of the whole plan (negations applied; filters are the caller's)."""
    n = view.n
    if plan.empty:
        matched = view.live.copy() if (browse or plan.negatives) else np.zeros(n, dtype=bool)
        scores = np.zeros(n, dtype=np.float64)
    else:
        group_scores, group_hits, weights = [], [], []
        for group in plan.groups:
            gs = np.zeros(n, dtype=np.float64)
            gh = np.zeros(n, dtype=bool)
            w = 0.0
            for unit in group:
                s, p = unit_scores(view, unit, opts)
                gs += s
                gh |= p
                w = max(w, idf_weight(view, unit)) if opts.mode in ("and_fill", "coord") else 1.0
            group_scores.append(gs)
            group_hits.append(gh)
            weights.append(w)
        scores = np.sum(group_scores, axis=0)
        if opts.proximity:
            scores = scores + opts.proximity * _adjacency_bonus(view, plan)
        every = np.logical_and.reduce(group_hits) & view.live
        any_ = np.logical_or.reduce(group_hits) & view.live
        if opts.mode == "and_or":
            if every.any() or len(plan.groups) == 1:
                matched = every
                ev = Evaluation(scores, matched)
            else:
                ev = Evaluation(scores, any_, any_word=bool(any_.any()))
            matched = ev.matched
            any_word = ev.any_word
            tier = None
        else:
            matched = any_
            tier = None
            any_word = False
            if opts.mode in ("and_fill", "coord"):
                share = np.zeros(n, dtype=np.float64)
                for gh, w in zip(group_hits, weights):
                    share += gh * w
                share /= max(sum(weights), 1e-9)
                if opts.mode == "and_fill":
                    tier = np.round(share, 6)
                else:
                    scores = scores * share ** opts.coord_power
        for unit in plan.negatives:
            _, p = unit_scores(view, unit, opts)
            matched &= ~p
        matched &= view.live
        if opts.feedback and tier is None and not browse and len(plan.groups) >= opts.fb_min_words:
            scores = rerank(view, scores, matched, opts.k1, opts.field_b, opts.fb_docs, opts.fb_terms,
                            opts.fb_lambda)
        return Evaluation(scores, matched, tier, any_word, every & matched)
    for unit in plan.negatives:
        _, p = unit_scores(view, unit, opts)
        matched &= ~p
    return Evaluation(scores, matched & view.live)
