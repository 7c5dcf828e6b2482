"""When two texts are one story: shared shingles, containment, dates, and the rule.

Copies of one story share long runs of words, so they share many shingles; stories that are
merely on one subject share few (a quote, a name with its title). Because a copy may be cut
short, or a wire story may sit inside a longer article with material of its own, the decision
looks at **containment** (the share of the smaller text found in the other), not only at
Jaccard (shared over all). Two more signals keep apart texts written to one template (a
wire's dividend notices, price postings, monthly statistics), which share their wording and
none of their news:

- a minimum of shared shingles, so that two short notices are not copies of each other;
- **dates**: copies run within days of each other. Texts published further apart (when both
  dates are known) must be near-identical to count as copies (a story re-run later), which
  keeps a monthly report apart from last month's.

The thresholds are chosen on labelled pairs by ``scripts/eval_clusters.py`` (see
:data:`SHIPPED_RULE`).

>>> import numpy as np
>>> a = np.array([1, 2, 3, 4], np.uint32)
>>> ev = compare(a, np.array([3, 4, 5, 6, 7, 8], np.uint32))
>>> ev.shared, round(ev.containment, 2), round(ev.jaccard, 2)
(2, 0.5, 0.25)
>>> rule = PairRule(min_containment=0.5, min_shared=2, max_days=7)
>>> rule.same_story(ev), rule.same_story(Evidence(2, 4, 6, days_apart=40.0))
(True, False)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Evidence:
    """What two texts have in common (shingle counts; ``days_apart`` None when a date is unknown)."""

    shared: int
    size_a: int
    size_b: int
    days_apart: float | None = None

    @property
    def containment(self) -> float:
        """Shared shingles over the smaller set's size (1.0: the smaller text is all in the other)."""
        smaller = min(self.size_a, self.size_b)
        return self.shared / smaller if smaller else 0.0

    @property
    def jaccard(self) -> float:
        """Shared shingles over all distinct shingles of both."""
        union = self.size_a + self.size_b - self.shared
        return self.shared / union if union else 0.0


def compare(a: np.ndarray, b: np.ndarray, days_apart: float | None = None) -> Evidence:
    """Exact evidence for two sorted arrays of distinct shingle hashes (and how many days
    apart the texts were published, when both dates are known)."""
    if len(a) == 0 or len(b) == 0:
        return Evidence(0, len(a), len(b), days_apart)
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    at = np.searchsorted(large, small).clip(max=len(large) - 1)
    return Evidence(int(np.count_nonzero(large[at] == small)), len(a), len(b), days_apart)


def shared_counts(a: np.ndarray, others: list[np.ndarray]) -> list[int]:
    """``compare(a, o).shared`` for every ``o`` of ``others`` at once (sorted arrays of distinct
    hashes): one search of all their hashes in ``a`` instead of one call per pair.

    >>> shared_counts(np.array([1, 3, 5], np.uint32), [np.array([3, 5, 9], np.uint32), np.array([2], np.uint32)])
    [2, 0]
    """
    if not others or not len(a):
        return [0] * len(others)
    lengths = np.fromiter((len(o) for o in others), dtype=np.int64, count=len(others))
    every = np.concatenate(others)
    if not len(every):
        return [0] * len(others)
    at = np.searchsorted(a, every).clip(max=len(a) - 1)
    hit = np.concatenate(([0], np.cumsum(a[at] == every)))
    ends = np.cumsum(lengths)
    return (hit[ends] - hit[ends - lengths]).tolist()


@dataclass(frozen=True)
class PairRule:
    """Two texts are one story when

    - at least ``min_shared`` shingles are common to both, and they make up at least
      ``min_containment`` of the smaller text;
    - when both dates are known and more than ``max_days`` apart: the containment is at
      least ``far_containment``.

    A text with fewer than ``min_shared`` shingles can only be a copy of a text with the same
    words (the exact-copy path in :mod:`index.stories.clusters`)."""

    min_containment: float
    min_shared: int
    max_days: float = float("inf")
    far_containment: float = 1.0

    def same_story(self, ev: Evidence) -> bool:
        c = ev.containment
        if ev.shared < self.min_shared or c < self.min_containment:
            return False
        if ev.days_apart is not None and ev.days_apart > self.max_days and c < self.far_containment:
            return False
        return True

    def as_dict(self) -> dict:
        return {k: (v if v != float("inf") else None) for k, v in asdict(self).items()}


# Chosen on the tuning pairs of scripts/make_cluster_pairs.py by scripts/eval_clusters.py
# (the table it prints gives precision and recall at every candidate threshold, on tuning
# and held-out pairs).
SHIPPED_RULE = PairRule(min_containment=0.30, min_shared=10, max_days=14, far_containment=0.9)
