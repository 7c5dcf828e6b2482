#!/usr/bin/env python3
"""Ranking measures as trec_eval defines them, for one query's ranked list and its judgements.

A ranking is a list of document keys, best first; judgements (qrels) map a document key to a
grade (0 not relevant, 1 marginally, 2 relevant, 3 highly relevant; binary sets use 1). A document
counts as relevant when its grade is 1 or more. Unjudged documents are not relevant.

    >>> qrels = {"a": 3, "b": 1, "c": 2}
    >>> scores = evaluate(["a", "x", "c", "y"], qrels)
    >>> [round(scores[m], 4) for m in MEASURES]
    [0.5556, 0.84, 0.2, 0.6667]

Run it to print the measures of a small example: ``python scripts/relevance_metrics.py``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

DEPTH = 100
MEASURES = ("map@100", "ndcg@10", "p@10", "recall@100")
KINDS = ("1 word", "2 words", "3+ words")


def query_kind(q: str) -> str:
    """How many words a query has, as a user typed it: '1 word', '2 words' or '3+ words'.

    >>> [query_kind(q) for q in ("oil", "crude oil", "opec output cut")]
    ['1 word', '2 words', '3+ words']
    """
    n = len(q.split())
    return KINDS[min(n, 3) - 1] if n else KINDS[0]


def precision_at(ranking: list[str], qrels: Mapping[str, int], k: int = 10) -> float:
    """Share of the first ``k`` places held by relevant documents (an empty place counts as a miss).

    >>> precision_at(["a", "x"], {"a": 1}, 10)
    0.1
    """
    return sum(1 for d in ranking[:k] if qrels.get(d, 0) > 0) / k


def recall_at(ranking: list[str], qrels: Mapping[str, int], k: int = DEPTH) -> float:
    """Share of all relevant documents found in the first ``k`` places (trec_eval ``recall_k``).

    >>> recall_at(["a", "x"], {"a": 1, "b": 2}, 100)
    0.5
    """
    relevant = sum(1 for g in qrels.values() if g > 0)
    if not relevant:
        return 0.0
    return sum(1 for d in ranking[:k] if qrels.get(d, 0) > 0) / relevant


def average_precision(ranking: list[str], qrels: Mapping[str, int], k: int = DEPTH) -> float:
    """Average precision over the first ``k`` places, normalised by min(R, k), R = relevant count.

    With min(R, k) a perfect list of ``k`` relevant documents scores 1 even for a topic with
    thousands of relevant stories; trec_eval's ``map_cut_k`` divides by R instead, which caps such
    topics near k/R. Both agree whenever R <= k.

    >>> round(average_precision(["a", "x", "b"], {"a": 1, "b": 1}), 4)
    0.8333
    """
    relevant = sum(1 for g in qrels.values() if g > 0)
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, d in enumerate(ranking[:k]):
        if qrels.get(d, 0) > 0:
            hits += 1
            total += hits / (i + 1)
    return total / min(relevant, k)


def ndcg_at(ranking: list[str], qrels: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at ``k`` with the grade as the gain and a log2(rank + 1)
    discount (trec_eval ``ndcg_cut_k``); the ideal list orders every judged document by grade.

    >>> round(ndcg_at(["b", "a"], {"a": 2, "b": 1}), 4)
    0.8597
    """
    dcg = sum(qrels.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal_grades = sorted((g for g in qrels.values() if g > 0), reverse=True)[:k]
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(ideal_grades))
    return dcg / ideal if ideal else 0.0


def evaluate(ranking: list[str], qrels: Mapping[str, int]) -> dict[str, float]:
    """Every measure of :data:`MEASURES` for one query."""
    return {"map@100": average_precision(ranking, qrels, DEPTH), "ndcg@10": ndcg_at(ranking, qrels, 10),
            "p@10": precision_at(ranking, qrels, 10), "recall@100": recall_at(ranking, qrels, DEPTH)}


def mean_scores(rows: Iterable[Mapping[str, float]]) -> dict[str, float] | None:
    """Macro average of each measure over queries; None when there is no query.

    >>> mean_scores([{"p@10": 1.0}, {"p@10": 0.5}])
    {'p@10': 0.75}
    """
    rows = list(rows)
    if not rows:
        return None
    return {m: sum(r[m] for r in rows) / len(rows) for m in rows[0]}


def group_means(per_query: list[dict], system: str) -> dict[str, dict]:
    """Means of one system's scores by split and by query kind.

    ``per_query`` rows hold ``split``, ``kind`` and ``scores[system]``. Keys are ``"SPLIT/KIND"``
    with ``all`` for either, e.g. ``"report/all"``, ``"all/2 words"``; each value has ``n`` (queries)
    and the mean of every measure. Groups without a query are left out.
    """
    out: dict[str, dict] = {}
    for split in ("all", "tune", "report"):
        for kind in ("all",) + KINDS:
            rows = [r["scores"][system] for r in per_query
                    if (split == "all" or r["split"] == split) and (kind == "all" or r["kind"] == kind)]
            means = mean_scores(rows)
            if means is not None:
                out[f"{split}/{kind}"] = {"n": len(rows), **means}
    return out


if __name__ == "__main__":
    import argparse
    import doctest
    import sys

    argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    qrels = {"a": 3, "b": 1, "c": 2}
    ranking = ["a", "x", "c", "y"]
    print(f"ranking {ranking} judged {qrels}:")
    for name, value in evaluate(ranking, qrels).items():
        print(f"  {name:<11} {value:.4f}")
    sys.exit(doctest.testmod().failed)
