"""The tree ensemble the headline ranker is shipped as (index/extract/trees.py)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from index.extract.trees import TreeEnsemble

# Tree 0: x0 <= 1 ? (x1 <= 5 ? 1.0 : 2.0) : 3.0   (leaves at depth 2 and 1)
# Tree 1: a lone leaf worth 0.5 (a tree that never split)
SPEC = {
    "features": ["x0", "x1"], "depth": 2,
    "feature": [[0, 1, -1, -1, -1], [-1, -1, -1, -1, -1]],
    "threshold": [[1.0, 5.0, 0, 0, 0], [0, 0, 0, 0, 0]],
    "left": [[1, 3, 2, 3, 4], [0, 1, 2, 3, 4]],
    "right": [[2, 4, 2, 3, 4], [0, 1, 2, 3, 4]],
    "value": [[0, 0, 3.0, 1.0, 2.0], [0.5, 0, 0, 0, 0]],
}


def by_hand(x0: float, x1: float) -> float:
    return (3.0 if x0 > 1 else (1.0 if x1 <= 5 else 2.0)) + 0.5


def test_unbalanced_trees_score_as_walked_by_hand():
    rows = [[0.0, 0.0], [1.0, 5.0], [1.0, 5.5], [1.5, 0.0], [9.0, 9.0]]
    assert TreeEnsemble(SPEC).scores(rows).tolist() == [by_hand(*r) for r in rows]


def test_no_rows_and_no_trees():
    assert TreeEnsemble(SPEC).scores(np.zeros((0, 2))).shape == (0,)
    empty = dict(SPEC, feature=[], threshold=[], left=[], right=[], value=[])
    assert TreeEnsemble(empty).scores([[1.0, 2.0]]).tolist() == [0.0]


def test_shipped_ranker_reads_the_headline_features():
    from index.extract.headline import FEATURES
    spec = json.loads((Path(__file__).resolve().parents[1] / "index" / "extract" / "weights.json").read_text())
    ranker = TreeEnsemble(spec["headline"]["ranker"])
    assert ranker.features == FEATURES
    assert ranker.feature.max() < len(FEATURES) and len(ranker.feature) >= 10
    scores = ranker.scores(np.zeros((3, len(FEATURES))))
    assert np.isfinite(scores).all() and len(set(scores.tolist())) == 1


def test_contributions_follow_the_path_and_add_up_to_the_score():
    # SPEC with the inner nodes' values (as exported with inner_values): the root 2.0, its left child 1.5.
    spec = dict(SPEC, value=[[2.0, 1.5, 3.0, 1.0, 2.0], [0.5, 0, 0, 0, 0]])
    trees = TreeEnsemble(spec)
    roots = 2.0 + 0.5
    for row in ([0.0, 0.0], [1.0, 6.0], [2.0, 0.0]):
        parts = dict(trees.contributions(row, top=2))
        assert abs(sum(parts.values()) - (trees.scores([row])[0] - roots)) < 1e-12
    assert trees.contributions([0.0, 0.0]) == [("x0", -0.5), ("x1", -0.5)]
    assert trees.contributions([2.0, 0.0]) == [("x0", 1.0)]        # x1 is never reached


def test_shipped_line_model_context_trees_read_context_and_line_signals():
    from index.extract.classify import CONTEXT, model_for
    from index.extract.features import FEATURES
    spec = json.loads((Path(__file__).resolve().parents[1] / "index" / "extract" / "weights.json").read_text())
    model = model_for(spec["line"])
    assert model.context.trees is not None and model.context.features == CONTEXT + FEATURES
    rows = np.zeros((4, len(FEATURES)))
    rows[:, FEATURES.index("bias")] = 1.0
    probs = model.probabilities(rows)
    assert probs.shape == (4,) and ((probs >= 0) & (probs <= 1)).all()


def walked(spec: dict, row) -> float:
    """The ensemble's score of one row, each tree walked node by node in Python."""
    total = 0.0
    for f, t, left, right, value in zip(spec["feature"], spec["threshold"], spec["left"], spec["right"],
                                        spec["value"]):
        k = 0
        while f[k] >= 0:
            k = left[k] if row[f[k]] <= t[k] else right[k]
        total += value[k]
    return total


def test_shipped_trees_score_as_walked_node_by_node_on_awkward_rows():
    # Values on the split thresholds themselves, missing values (NaN goes right, as "<=" is
    # false), one row and many: the bit-mask scoring must reach the leaves a walk reaches.
    spec = json.loads((Path(__file__).resolve().parents[1] / "index" / "extract" / "weights.json").read_text())
    rng = np.random.default_rng(7)
    for trees in (spec["headline"]["ranker"], spec["line"]["context"]["trees"]):
        ensemble = TreeEnsemble(trees)
        splits = [(f, t) for fs, ts in zip(trees["feature"], trees["threshold"]) for f, t in zip(fs, ts) if f >= 0]
        for n in (1, 2, 5, 17):
            x = rng.normal(size=(n, len(trees["features"]))) * rng.choice([0.1, 1.0, 10.0], size=len(trees["features"]))
            for k in rng.integers(0, len(splits), size=3 * n):
                f, t = splits[k]
                x[rng.integers(0, n), f] = t
            x[0, rng.integers(0, x.shape[1])] = np.nan
            expected = [walked(trees, row) for row in x]
            assert np.allclose(ensemble.scores(x), expected, rtol=1e-12, atol=1e-12)


def test_a_tree_of_more_than_64_leaves_still_scores():
    # A chain: node k tests x0 <= k and sends the row left to leaf value k, right to the next test.
    n = 70
    feature, threshold, left, right, value = [], [], [], [], []
    for k in range(n):
        inner, leaf = 2 * k, 2 * k + 1
        feature += [0, -1]
        threshold += [float(k), 0.0]
        left += [leaf, leaf]
        right += [inner + 2 if k < n - 1 else leaf, leaf]
        value += [0.0, float(k)]
    spec = {"features": ["x0"], "depth": n, "feature": [feature], "threshold": [threshold], "left": [left],
            "right": [right], "value": [value]}
    rows = [[-1.0], [0.0], [0.5], [33.0], [68.9], [1e9]]
    assert TreeEnsemble(spec).scores(rows).tolist() == [walked(spec, r) for r in rows]
