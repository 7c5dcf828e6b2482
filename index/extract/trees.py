"""A fitted ensemble of decision trees, read from JSON and scored with NumPy.

The headline ranker (:mod:`index.extract.headline`) is a gradient-boosted tree ensemble fitted
by ``scripts/fit_extraction.py`` (LightGBM's lambdarank, which learns which candidate line of a
page is more headline-like than the others). Only the fitting needs LightGBM: the trees are
shipped in ``weights.json`` as flat arrays, one row per tree and one column per node, and scored
here for all candidates of a page at once, one tree level per step.

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

import numpy as np

__all__ = ["TreeEnsemble"]


class TreeEnsemble:
    """Sum of the leaf values the rows reach in every tree (a ranking score: higher is better)."""

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
        self._value = self.value.ravel()

    def scores(self, rows) -> np.ndarray:
        """The ensemble's score of every row of a matrix."""
        x = np.asarray(rows, dtype=float)
        if not len(x) or not len(self._roots):
            return np.zeros(len(x))
        flat = x.ravel()
        row_start = (np.arange(len(x)) * x.shape[1])[:, None]
        node = np.broadcast_to(self._roots, (len(x), len(self._roots)))
        for _ in range(self.depth):
            go_left = flat.take(row_start + self._feature.take(node)) <= self._threshold.take(node)
            node = np.where(go_left, self._left.take(node), self._right.take(node))
        return self._value.take(node).sum(axis=1)
