"""The candidate index: which stored texts might be copies of a new one, found cheaply.

Every text puts a sample of its shingles in the index: those whose hash is 0 modulo
:data:`SAMPLE_MOD` (Broder's "mod-m" sketch for containment). The sample is a function of the
shingle alone, so two texts that share a passage share the sampled shingles of that passage,
however long either text is; a MinHash LSH tuned for Jaccard misses a short copy inside a
long text, or a copy with much new material (``scripts/bench_clusters.py
--compare-datasketch`` measures both on the labelled pairs). A stored text is a candidate
when it shares at least :data:`MIN_SAMPLES` sampled shingles; candidates are then compared
exactly (:func:`index.stories.similarity.compare`).

Texts restored from a saved state are indexed at once in sorted NumPy arrays; texts added
since, in a dict of lists. Removed texts stay in the arrays and are skipped by the caller.

>>> import numpy as np
>>> index = CandidateIndex()
>>> text = np.arange(0, 400, 3, dtype=np.uint32)          # shingle hashes, sorted
>>> index.add(7, text)
>>> [a.tolist() for a in index.count_arrays(text[:40])]    # 40 shingles, 10 of them sampled
[[7], [10]]
"""
from __future__ import annotations

from itertools import chain

import numpy as np

# One shingle in SAMPLE_MOD (by hash) is put in the index. Two copies sharing s shingles
# share about s / SAMPLE_MOD sampled ones.
SAMPLE_MOD = 4
# A candidate must share at least this many sampled shingles before it is compared exactly.
# Two texts sharing 20 shingles share 2 or more sampled ones with probability 0.976 (binomial,
# p = 1/SAMPLE_MOD); real copies share far more. One shared sample is mostly a common phrase:
# on BBC News it was 92% of the candidates and none of the matches.
MIN_SAMPLES = 2
# A sampled shingle found in more texts than this is boilerplate ("said in a statement"): it
# is not followed (copies share plenty of rarer ones).
MAX_POSTING = 400


class CandidateIndex:
    """Sampled shingle hash → the texts (node numbers) that hold it."""

    def __init__(self, sample_mod: int = SAMPLE_MOD):
        if sample_mod < 1 or sample_mod & (sample_mod - 1):
            raise ValueError("sample_mod must be a power of two")
        self.sample_mod = sample_mod
        self._postings: dict[int, list[int]] = {}
        self._keys = np.zeros(0, dtype=np.uint32)      # restored texts: sorted hashes,
        self._starts = np.zeros(1, dtype=np.int64)     # where each hash's nodes start,
        self._nodes = np.zeros(0, dtype=np.int64)      # and the nodes

    def sample(self, shingles: np.ndarray) -> np.ndarray:
        """The shingles of a text that go in the index."""
        return shingles[(shingles & np.uint32(self.sample_mod - 1)) == 0]

    def add(self, node: int, shingles: np.ndarray) -> None:
        postings = self._postings
        for h in self.sample(shingles).tolist():
            nodes = postings.get(h)
            if nodes is None:
                postings[h] = [node]
            else:
                nodes.append(node)

    def remove(self, node: int, shingles: np.ndarray) -> None:
        """Forget a text added with :meth:`add` (a restored text is skipped by the caller)."""
        for h in self.sample(shingles).tolist():
            nodes = self._postings.get(h)
            if nodes is not None and node in nodes:
                nodes.remove(node)
                if not nodes:
                    del self._postings[h]

    def restore(self, texts: list[np.ndarray]) -> None:
        """Index every restored text at once (node i holds ``texts[i]``)."""
        sampled = [self.sample(sh) for sh in texts]
        hashes = np.concatenate(sampled) if sampled else np.zeros(0, dtype=np.uint32)
        nodes = np.repeat(np.arange(len(sampled), dtype=np.int64), [len(x) for x in sampled])
        order = np.argsort(hashes, kind="stable")
        hashes, self._nodes = hashes[order], nodes[order]
        self._keys, starts = np.unique(hashes, return_index=True)
        self._starts = np.append(starts, len(hashes)).astype(np.int64)

    def count_arrays(self, shingles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which nodes hold sampled shingles of ``shingles`` and how many (boilerplate left out):
        two arrays, nodes ascending."""
        sampled = self.sample(shingles)
        postings = self._postings
        parts = [nodes for h in sampled.tolist() if (nodes := postings.get(h)) is not None and len(nodes) <= MAX_POSTING]
        return self._counted(sampled, parts)

    def plan(self, texts) -> np.ndarray:
        """Texts to be added later, ``(node, shingles)`` pairs, as one sorted array of keys
        (sampled hash × 2**32 + node) for :meth:`count_arrays_as_of`."""
        sampled = [self.sample(sh) for _, sh in texts]
        if not sampled:
            return np.zeros(0, dtype=np.uint64)
        nodes = np.repeat(np.array([node for node, _ in texts], dtype=np.uint64), [len(x) for x in sampled])
        keys = (np.concatenate(sampled).astype(np.uint64) << np.uint64(32)) | nodes
        keys.sort()
        return keys

    def count_arrays_as_of(self, shingles: np.ndarray, node: int, planned: np.ndarray):
        """:meth:`count_arrays` as it will answer right after ``node`` is added, when the texts
        of ``planned`` (:meth:`plan`; ``node`` among them) will have been added in the order of
        their node numbers: what a text's candidates will be, found before the texts ahead of
        it are added (so that many texts can be screened at once, in worker processes)."""
        sampled = self.sample(shingles)
        wide = sampled.astype(np.uint64) << np.uint64(32)
        lo = np.searchsorted(planned, wide, side="left")
        later = np.searchsorted(planned, wide | np.uint64(node), side="right") - lo  # planned, up to node
        postings = self._postings
        parts = []
        if postings:  # texts added before (an incremental run): they count first
            now = [postings.get(h) for h in sampled.tolist()]
            held = np.fromiter((len(x) if x else 0 for x in now), dtype=np.int64, count=len(now)) + later
            parts = [x for x, n in zip(now, held.tolist()) if x and n <= MAX_POSTING]
        else:
            held = later
        take = (held > 0) & (held <= MAX_POSTING) & (later > 0)
        starts, counts = lo[take], later[take]
        if len(starts):  # every planned key in [start, start + count) of each kept hash
            shift = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
            at = shift + np.arange(int(counts.sum()))
            return self._counted(sampled, parts, (planned[at] & np.uint64(0xFFFFFFFF)).astype(np.int64))
        return self._counted(sampled, parts)

    def _counted(self, sampled: np.ndarray, parts: list, more: np.ndarray | None = None):
        """The nodes in ``parts`` (lists of the added texts), in ``more`` and in the restored
        arrays that hold one of ``sampled``, with how many of them each holds."""
        hits = [np.fromiter(chain.from_iterable(parts), dtype=np.int64)] if parts else []
        if more is not None:
            hits.append(more)
        if len(self._keys) and len(sampled):
            keys, starts = self._keys, self._starts
            at = np.searchsorted(keys, sampled).clip(max=len(keys) - 1)
            at = at[keys[at] == sampled]
            lo, hi = starts[at], starts[at + 1]
            keep = (hi - lo) <= MAX_POSTING
            hits += [self._nodes[a:b] for a, b in zip(lo[keep].tolist(), hi[keep].tolist())]
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(hits) if len(hits) > 1 else hits[0], return_counts=True)


# A candidate must share at least this part of the samples a copy would share (see screen).
SCREEN = 0.5


def screen(node: int, size: int, others: np.ndarray, counts: np.ndarray, sizes: np.ndarray,
           rule, sample_mod: int) -> list[int]:
    """The candidates (``others``, sharing ``counts`` samples with the text of ``node``, of
    ``size`` shingles; ``sizes``: theirs) worth an exact check. A copy shares at least
    min_containment of the smaller text, so about that share of its samples; half of that
    expectation is a safe floor that spares the exact check for the many texts that only share
    a few stock phrases (articles built from common sentences). One shared sample is mostly a
    stock phrase. A node of size 0 is gone. ``rule``: the
    :class:`~index.stories.similarity.PairRule` the exact check applies."""
    share = SCREEN * rule.min_containment / sample_mod
    keep = (counts >= MIN_SAMPLES) & (sizes > 0) & (others != node) & (counts >= share * np.minimum(size, sizes))
    return others[keep].tolist()
