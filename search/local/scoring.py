"""Scoring a query plan over an index view with NumPy: every posting of every query term at once.

A unit's score for each document comes from the named formulas of :mod:`search.ranking` applied
to whole posting arrays; the query's groups are then combined by the ranking mode:

* ``and_or``: articles with every group, or — when none has them all — with any group;
* ``and_fill`` (coordination): every article with any group, those with more of the query's
  groups (weighted by idf) first, each tier by score; the list is never cut short by a word
  that is not essential, and the articles with every word still come first.

Phrases are matched on Whoosh's positional postings (only where all their words occur).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q
from whoosh.searching import Searcher

from ..plan import QueryPlan, Unit
from ..ranking import B, K1, bm25_idf, bm25_tf, length_norm, saturate
from .view import IndexView

MODES = ("and_or", "and_fill")
COMBINES = ("fields", "bm25f")


@dataclass
class RankingOptions:
    """How matches are scored and combined (chosen by measurement: docs/relevance.md)."""

    combine: str = "fields"
    mode: str = "and_or"
    k1: float = K1
    field_b: dict = field(default_factory=lambda: dict(B))

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


def _term(view: IndexView, unit: Unit, term: str, opts: RankingOptions) -> tuple[np.ndarray, np.ndarray]:
    """(score contribution, presence) of one term over the unit's fields, dense arrays."""
    n = view.n
    score = np.zeros(n, dtype=np.float64)
    present = np.zeros(n, dtype=bool)
    if opts.combine == "fields":
        for fname, boost in unit.fields:
            docs, tfs = view.postings(fname, term)
            if not len(docs):
                continue
            idf = bm25_idf(n, len(docs))
            b = opts.field_b.get(fname, 0.75)
            score[docs] += boost * idf * bm25_tf(tfs, view.lengths[fname][docs], view.avg_length[fname], opts.k1, b)
            present[docs] = True
        return score, present
    combined = np.zeros(n, dtype=np.float64)
    for fname, boost in unit.fields:
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


def _phrase_docs(view: IndexView, fname: str, terms: list[str]) -> np.ndarray:
    searcher = Searcher(view.reader())
    try:
        matcher = Q.Phrase(fname, terms).matcher(searcher)
        return np.fromiter(matcher.all_ids(), dtype=np.int64) if matcher.is_active() else np.zeros(0, np.int64)
    except Exception:  # a term missing from a segment gives Whoosh a null matcher; nothing matches
        return np.zeros(0, dtype=np.int64)


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
            docs = _phrase_docs(view, fname, unit.terms)
            present[docs] = True
        score *= present
    return score, present


def idf_weight(view: IndexView, unit: Unit) -> float:
    """How much a unit counts toward coordination: the idf of its rarest... of its terms' mean."""
    dfs = [max(view.doc_frequency(f, t) for f, _ in unit.fields) for t in unit.terms] or [0]
    return float(np.mean([bm25_idf(max(view.n, 1), df) for df in dfs]))


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
                w = max(w, idf_weight(view, unit)) if opts.mode == "and_fill" else 1.0
            group_scores.append(gs)
            group_hits.append(gh)
            weights.append(w)
        scores = np.sum(group_scores, axis=0)
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
            tier = np.zeros(n, dtype=np.float64)
            for gh, w in zip(group_hits, weights):
                tier += gh * w
            tier = np.round(tier / max(sum(weights), 1e-9), 6)
            any_word = False
        for unit in plan.negatives:
            _, p = unit_scores(view, unit, opts)
            matched &= ~p
        return Evaluation(scores, matched & view.live, tier, any_word)
    for unit in plan.negatives:
        _, p = unit_scores(view, unit, opts)
        matched &= ~p
    return Evaluation(scores, matched & view.live)
