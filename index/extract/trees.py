"""A fitted ensemble of decision trees, read from JSON and scored with NumPy.

The headline ranker (:mod:`index.extract.headline`) is a gradient-boosted tree ensemble fitted
by ``scripts/fit_extraction.py`` (LightGBM's lambdarank, which learns which candidate line of a
page is more headline-like than the others), and so is the line model's context stage
(:mod:`index.extract.classify`; LightGBM's binary objective, fitted by ``scripts/fit_lines.py``,
its score the log-odds that a line is article text). Only the fitting needs LightGBM: the trees
are shipped in ``weights.json`` as flat arrays, one row per tree and one column per node, and
scored here for all rows of a page at once.

Scoring follows QuickScorer (Lucchese et al., SIGIR 2015): every inner node of every tree is
tested at once, and a node whose test sends a row right rules out the leaves of its left
subtree, a bit each; the leaf a row reaches in a tree is the leftmost one no test ruled out. A
page's handful of rows then costs a few array operations whatever the trees' depth, instead of
a round of them per level (the level-by-level walk stays for trees of more than 64 leaves).

A node with ``feature`` -1 is a leaf; an inner node sends a row left when its feature's value is
at most the node's ``threshold``. A leaf's ``left`` and ``right`` point to itself, so a row that
reached a leaf stays there while deeper trees go on.

>>> spec = {"features": ["a", "b"], "depth": 1,
...         "feature": [[0, -1, -1]], "threshold": [[0.5, 0, 0]], "left": [[1, 1, 2]],
...         "right": [[2, 1, 2]], "value": [[0.0, -1.0, 2.0]]}
>>> TreeEnsemble(spec).scores([[0.0, 9.0], [1.0, 9.0]]).tolist()
[-1.0, 2.0]
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["TreeEnsemble"]


class TreeEnsemble:
    """Sum of the leaf values the rows reach in every tree (higher is better: a ranking score,
    or log-odds for a binary model)."""

    def __init__(self, spec: dict):
        self.features = list(spec["features"])
        self.depth = int(spec["depth"])
        self.feature = np.array(spec["feature"], dtype=np.intp)
        self.threshold = np.array(spec["threshold"], dtype=float)
        self.left = np.array(spec["left"], dtype=np.intp)
        self.right = np.array(spec["right"], dtype=np.intp)
        self.value = np.array(spec["value"], dtype=float)
        # A leaf tests feature 0 against +inf and goes "left" to itself: no special case per step.
        # Every tree's nodes are laid end to end, so a step is a few one-dimensional takes.
        leaf = self.feature < 0
        width = self.feature.shape[1] if self.feature.ndim == 2 else 0
        base = (np.arange(len(self.feature)) * width)[:, None]
        self._roots = base.ravel()
        self._feature = np.where(leaf, 0, self.feature).ravel()
        self._threshold = np.where(leaf, np.inf, self.threshold).ravel()
        self._left = (self.left + base).ravel()
        self._right = (self.right + base).ravel()
        # Node k's children side by side: child[2k] right, child[2k + 1] left, so a step is
        # child[2 * node + go_left] (one take instead of two and a choice).
        self._child = np.stack([self._right, self._left], axis=1).ravel()
        self._value = self.value.ravel()
        self._masks = _leaf_masks(self.feature, self.threshold, self.left, self.right, self.value)

    def scores(self, rows) -> np.ndarray:
        """The ensemble's score of every row of a matrix."""
        x = np.asarray(rows, dtype=float)
        if not len(x) or not len(self._roots):
            return np.zeros(len(x))
        if self._masks is not None:
            m = self._masks
            # Per row, slot by slot (one slot of every tree side by side): the leaves ruled out.
            right = ~(x.take(m.feature, axis=1) <= m.threshold)
            gone = np.bitwise_or.reduce((m.rules_out * right).reshape(len(x), m.slots, m.trees), axis=1)
            first = (gone + 1) & ~gone             # the lowest bit not ruled out
            leaf = np.frexp(first.astype(float))[1] - 1
            return m.value.take(m.leaf_base + leaf).sum(axis=1)
        flat = x.ravel()
        row_start = (np.arange(len(x)) * x.shape[1])[:, None]
        node = np.broadcast_to(self._roots, (len(x), len(self._roots)))
        for _ in range(self.depth):
            go_left = flat.take(row_start + self._feature.take(node)) <= self._threshold.take(node)
            node = self._child.take(2 * node + go_left)
        return self._value.take(node).sum(axis=1)

    def contributions(self, row, top: int = 3) -> list[tuple[str, float]]:
        """The features that moved one row's score most, strongest first: (name, amount). Each
        split on the row's path adds the change from the node's value to the value of the child
        it took to the split's feature (the path attribution of Saabas), so the amounts sum to the
        score less the trees' root values. Needs the inner nodes' values in ``value`` (trees
        exported with ``inner_values``); without them the amounts are meaningless."""
        x = np.asarray(row, dtype=float)
        parts = np.zeros(len(self.features))
        node = self._roots.copy()
        for _ in range(self.depth):
            inner = self.feature.ravel()[node] >= 0
            go_left = x[self._feature[node]] <= self._threshold[node]
            child = np.where(go_left, self._left[node], self._right[node])
            np.add.at(parts, self._feature[node][inner], (self._value[child] - self._value[node])[inner])
            node = child
        order = (-np.abs(parts)).argsort(kind="stable")[:top]
        return [(self.features[k], float(parts[k])) for k in order if parts[k]]


class _LeafMasks(NamedTuple):
    """The ensemble laid out for QuickScorer: inner-node slots, slot-major (slot k of every tree,
    then slot k + 1), each with its test and the leaf bits it rules out when a row goes right;
    unused slots never rule anything out. ``value``: each tree's leaves, left to right."""
    trees: int
    slots: int
    feature: np.ndarray
    threshold: np.ndarray
    rules_out: np.ndarray
    value: np.ndarray
    leaf_base: np.ndarray


def _leaf_masks(feature, threshold, left, right, value) -> _LeafMasks | None:
    """:class:`_LeafMasks` of flat tree arrays, or None when a tree has more than 64 leaves."""
    trees = []
    for t in range(len(feature)):
        leaves: list[int] = []
        inner: list[tuple[int, int]] = []    # (node, the leaf bits of its left subtree)

        def walk(k: int) -> None:
            if feature[t, k] < 0:
                leaves.append(k)
                return
            start = len(leaves)
            walk(int(left[t, k]))
            inner.append((k, ((1 << len(leaves)) - 1) ^ ((1 << start) - 1)))
            walk(int(right[t, k]))

        walk(0)
        trees.append((leaves, inner))
    if not trees:
        return None
    n_leaves = max(len(leaves) for leaves, _ in trees)
    if n_leaves > 64:
        return None
    dtype = np.uint16 if n_leaves <= 16 else np.uint32 if n_leaves <= 32 else np.uint64
    slots = max(1, max(len(inner) for _, inner in trees))
    feat = np.zeros((slots, len(trees)), dtype=np.intp)
    thr = np.full((slots, len(trees)), np.inf)
    rules_out = np.zeros((slots, len(trees)), dtype=dtype)
    values = np.zeros((len(trees), n_leaves))
    for t, (leaves, inner) in enumerate(trees):
        for k, (node, bits) in enumerate(inner):
            feat[k, t], thr[k, t], rules_out[k, t] = feature[t, node], threshold[t, node], bits
        values[t, :len(leaves)] = value[t, leaves]
    return _LeafMasks(len(trees), slots, feat.ravel(), thr.ravel(), rules_out.ravel(), values.ravel(),
                      np.arange(len(trees)) * n_leaves)
