"""Fitting the line model's context stage: gradient-boosted trees over each line's signals and
its neighbours' first-stage log-odds.

The line model (:class:`index.extract.classify.LineModel`) has two stages. The first is the
logistic regression over :data:`index.extract.features.FEATURES` fitted in
``scripts/fit_extraction.py``. The second, fitted here, is LightGBM's binary objective over one
row per line: the :data:`index.extract.classify.CONTEXT` signals (the first stage's log-odds of
the line, of its neighbours one and two lines away, window means, the strongest line above and
below, the share of likely article lines above and below) followed by the line's own
:data:`~index.extract.features.FEATURES`. Trees can weigh a line's signals differently by what
surrounds it (a short line inside a run of prose, a sentence-like line in a block of link
cards), which a second logistic model over the log-odds alone cannot. The trees' raw score is
the log-odds the smoothing reads.

Labelled lines and their weights are those of :func:`fit_extraction.derive_labels`. The first
stage's log-odds are its in-sample ones (a logistic model over a few dozen signals fits its
training pages hardly better than unseen ones). Settings (:data:`CONTEXT_TREES`) were chosen by
the by-site cross-validation (``fit_extraction.py --cv 5``); the fit is deterministic (fixed
seeds, ``deterministic``, row-wise histograms, two threads), so ``--write`` reproduces
``weights.json``. LightGBM is needed only here: the trees ship as flat arrays
(:func:`flat_trees`) scored with NumPy by :class:`index.extract.trees.TreeEnsemble`.
"""
from __future__ import annotations

import sys

import numpy as np

from index.extract.classify import CONTEXT, LineModel, context_rows
from index.extract.features import FEATURES
from index.extract.trees import TreeEnsemble

# LightGBM settings of the context stage (binary objective), chosen by by-site 5-fold
# cross-validation (body F1 / headlines right of 801, at the best threshold of each): 200 trees
# of depth 3, 7 leaves, 500 lines a leaf 0.888 / 561; 100 trees of depth 5, 15 leaves, 200 lines
# a leaf 0.888 / 551 (but it took a run of twelve link titles between two parts of a story for
# article text); 200 of those at half the rate 0.889 / 555; 300 trees of up to 31 leaves 0.888 /
# 558; the first stage as trees too, with a logistic or no context stage, 0.878 / 537 and
# 0.868 / 545; the neighbours' own signals (one line either side) added 0.891 / 558, not kept
# for a threefold wider row. The logistic context stage it replaces: 0.872 / 538.
CONTEXT_TREES = dict(objective="binary", num_boost_round=200, learning_rate=0.1, num_leaves=7, max_depth=3,
                     min_data_in_leaf=500, lambda_l2=1.0, feature_fraction=0.8, bagging_fraction=0.8,
                     bagging_freq=1, seed=0, deterministic=True, num_threads=2, force_row_wise=True, verbose=-1)

# The labelled headline line is a line that is not article text (weight 1) for this stage; the
# first stage leaves it out (see fit_extraction.derive_labels). Without it the trees took a
# title right above the story's first paragraph for article text (p 0.41) and the headline went
# to a banner slogan; with it CV F1 0.885 / 558 headlines at threshold 0.25 (0.888 / 561 without).
HEAD_NEGATIVE = True


def flat_trees(booster, features: list[str], inner_values: bool = False) -> dict:
    """A LightGBM booster's trees as the flat arrays :class:`index.extract.trees.TreeEnsemble`
    reads (one row per tree, one column per node; padding nodes are leaves worth nothing).
    With ``inner_values`` an inner node's ``value`` is LightGBM's value of the node (the mean
    output of the rows reaching it), which :meth:`~index.extract.trees.TreeEnsemble.contributions`
    needs; scoring reads leaves only either way."""
    trees, depth = [], 0
    for info in booster.dump_model()["tree_info"]:
        nodes = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

        def add(node, level):
            nonlocal depth
            k = len(nodes["feature"])
            for key, v in (("feature", -1), ("threshold", 0.0), ("left", k), ("right", k), ("value", 0.0)):
                nodes[key].append(v)
            if "split_feature" not in node:
                nodes["value"][k] = float(node["leaf_value"])
                depth = max(depth, level)
                return k
            if inner_values:
                nodes["value"][k] = float(node["internal_value"])
            if node["decision_type"] != "<=":
                raise ValueError(f"unexpected split {node['decision_type']}")
            nodes["feature"][k], nodes["threshold"][k] = int(node["split_feature"]), float(node["threshold"])
            nodes["left"][k] = add(node["left_child"], level + 1)
            nodes["right"][k] = add(node["right_child"], level + 1)
            return k
        add(info["tree_structure"], 0)
        trees.append(nodes)
    width = max(len(t["feature"]) for t in trees)
    out = {"features": list(features), "depth": depth}
    for key in ("feature", "threshold", "left", "right", "value"):
        out[key] = []
    for t in trees:
        for k in range(len(t["feature"]), width):
            for key, v in (("feature", -1), ("threshold", 0.0), ("left", k), ("right", k), ("value", 0.0)):
                t[key].append(v)
        for key in ("feature", "threshold", "left", "right", "value"):
            out[key].append(t[key])
    return out


def check_trees(trees: dict, booster, x: np.ndarray) -> None:
    """Fail when the exported trees do not score ``x`` as LightGBM does."""
    diff = np.abs(TreeEnsemble(trees).scores(x) - booster.predict(x, raw_score=True))
    if len(diff) and diff.max() > 1e-6:
        raise AssertionError(f"exported trees disagree with LightGBM by {diff.max()}")


def context_matrix(first: LineModel, rows) -> np.ndarray:
    """The context stage's input rows of one page: :data:`CONTEXT` then :data:`FEATURES`."""
    rows = np.asarray(rows, dtype=float)
    return np.hstack([context_rows(first.logits(rows)), rows])


def fit_context_trees(pages: list[dict], first_spec: dict, settings: dict | None = None,
                      page_weight=lambda page: 1.0) -> dict:
    """The context stage's spec (``trees`` over ``CONTEXT + FEATURES``, ``with_rows``) fitted on
    the labelled lines of ``pages`` given the first stage ``first_spec``, each page's lines
    weighted by ``page_weight(page)`` on top of their own weights."""
    try:
        import lightgbm
    except ImportError:
        sys.exit("fitting the line model's context stage needs lightgbm (pip install lightgbm==4.7.0)")
    params = dict(CONTEXT_TREES, **(settings or {}))
    rounds = params.pop("num_boost_round")
    first = LineModel({k: v for k, v in first_spec.items() if k != "context"})
    xs, ys, ws = [], [], []
    for p in pages:
        pw = page_weight(p)
        y, w = list(p["y"]), [v * pw for v in p["w"]]
        if HEAD_NEGATIVE and p.get("head") is not None:
            y[p["head"]], w[p["head"]] = 0.0, 1.0
        keep = [i for i, v in enumerate(y) if v is not None]
        if not keep:
            continue
        xs.append(context_matrix(first, p["rows"])[keep])
        ys.extend(int(y[i]) for i in keep)
        ws.extend(w[i] for i in keep)
    x = np.vstack(xs)
    booster = lightgbm.train(params, lightgbm.Dataset(x, np.asarray(ys), weight=np.asarray(ws)),
                             num_boost_round=rounds)
    names = CONTEXT + FEATURES
    trees = flat_trees(booster, names, inner_values=True)
    check_trees(trees, booster, x[:2000])
    return {"features": names, "with_rows": True, "trees": trees}
