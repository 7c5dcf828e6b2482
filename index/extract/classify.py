"""Line classification: a fitted two-stage model over the line signals, smoothed along the page.

Each line gets the probability that it is article text in two stages: a logistic regression
over :data:`index.extract.features.FEATURES`, then a context stage that re-weighs the line with
its neighbours' first-stage log-odds (:func:`context_rows`). The shipped context stage is a
gradient-boosted tree ensemble (:class:`index.extract.trees.TreeEnsemble`) over those context
signals and the line's own signals (``with_rows``); a stage may also be a logistic regression
(``coef``). Fitted by ``scripts/fit_extraction.py`` and ``scripts/fit_lines.py``, shipped as
JSON in ``index/extract/weights.json``. Lines are not independent: article text comes in runs
and chrome in blocks, so a two-state hidden-Markov smoothing (Viterbi over body/chrome) gives
each line its final label (the cross-validation chose no preference for staying, so today it is
a threshold on the probability). NumPy only: no fitting library is needed at run time, and a
page's lines are scored at once (one matrix product or one pass down the trees per stage).

>>> model = LineModel({"features": ["a", "bias"], "mean": [0, 0], "scale": [1, 1],
...                    "coef": [2.0, -1.0], "stay": [0.9, 0.9], "threshold": 0.5})
>>> [round(float(p), 2) for p in model.probabilities([[0.0, 1.0], [1.0, 1.0]])]
[0.27, 0.73]
>>> model.smooth([0.9, 0.4, 0.9, 0.1, 0.1])
[True, True, True, False, False]
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.extract.trees import TreeEnsemble

__all__ = ["LineModel", "model_for", "load_weights", "WEIGHTS_PATH"]

WEIGHTS_PATH = Path(__file__).with_name("weights.json")


class LineModel:
    """A logistic model (or trees) over named features plus a two-state smoothing of its outputs.

    ``spec``: ``features`` (names, in row order), ``mean`` and ``scale`` (standardisation),
    ``coef`` (one weight per feature) or instead ``trees`` (a :class:`TreeEnsemble` spec whose
    raw score is the log-odds), ``context`` (an optional second stage, itself such a spec over
    :data:`CONTEXT`, followed by ``features`` when it has ``with_rows``), ``stay``
    ([P(chrome->chrome), P(body->body)]), ``threshold`` (the probability at which a line on its own is as likely article text as not;
    chosen by cross-validation, see ``scripts/fit_extraction.py``) and ``body_threshold`` (the
    same for the article's own lines once its headline is found; ``threshold`` when absent).
    """

    def __init__(self, spec: dict):
        self.features = list(spec["features"])
        self.trees = TreeEnsemble(spec["trees"]) if spec.get("trees") else None
        self.with_rows = bool(spec.get("with_rows"))
        self.context = LineModel(spec["context"]) if spec.get("context") else None
        self.stay = [float(x) for x in spec.get("stay", (0.5, 0.5))]
        self.threshold = float(spec.get("threshold", 0.5))
        self.body_threshold = float(spec.get("body_threshold", self.threshold))
        if self.trees is not None:
            return
        self.mean = [float(x) for x in spec["mean"]]
        self.scale = [float(x) or 1.0 for x in spec["scale"]]
        self.coef = [float(x) for x in spec["coef"]]
        # Fold standardisation into the weights: w·((x-m)/s) = (w/s)·x - Σ w m / s.
        self._w = np.array([c / s for c, s in zip(self.coef, self.scale)])
        self._b = -sum(c * m / s for c, m, s in zip(self.coef, self.mean, self.scale))
        named = [k for k, name in enumerate(self.features) if name != "bias"]
        self._named = np.array(named, dtype=int)
        self._names = [self.features[k] for k in named]
        self._coef, self._mean, self._scale = (np.array([v[k] for k in named]) for v in (self.coef, self.mean, self.scale))

    def logit(self, row) -> float:
        """The model's log-odds that a line with these signals is article text."""
        if self.trees is not None:
            return float(self.trees.scores([row])[0])
        return self._b + float(np.dot(self._w, row))

    def logits(self, rows) -> np.ndarray:
        """:meth:`logit` of every row of a matrix, at once."""
        x = np.asarray(rows, dtype=float)
        if not len(x):
            return np.zeros(0)
        if self.trees is not None:
            return self.trees.scores(x)
        return x @ self._w + self._b

    def probabilities(self, rows) -> np.ndarray:
        """P(article text) of every row; with a ``context`` stage in the spec, a second logistic
        model re-weighs each line's log-odds with its neighbours' (:func:`context_rows`)."""
        z = self.logits(rows)
        if self.context is not None and len(z):
            z = self.context.logits(self.context_inputs(rows, z))
        with np.errstate(over="ignore"):
            return np.where(z > -40, 1.0 / (1.0 + np.exp(-z)), 0.0)

    def context_inputs(self, rows, z=None) -> np.ndarray:
        """The context stage's rows for a page: :func:`context_rows` of the first stage's
        log-odds ``z``, followed by the line signals themselves when the stage reads them."""
        ctx = context_rows(self.logits(rows) if z is None else z)
        return np.hstack([ctx, np.asarray(rows, dtype=float)]) if self.context.with_rows else ctx

    def contributions(self, row, top: int = 3) -> list[tuple[str, float]]:
        """The signals that pushed this row's log-odds most, strongest first: (name, amount),
        each measured against an average line (positive: towards article text); for trees,
        along the path the row took (:meth:`index.extract.trees.TreeEnsemble.contributions`)."""
        if self.trees is not None:
            return self.trees.contributions(row, top)
        parts = self._coef * (np.asarray(row, dtype=float)[self._named] - self._mean) / self._scale
        order = (-np.abs(parts)).argsort(kind="stable")[:top]
        return [(self._names[k], float(parts[k])) for k in order]

    def smooth(self, probs, threshold: float | None = None) -> list[bool]:
        """Viterbi path over (chrome, body) given each line's P(body): True for body lines. The
        model's own threshold is the prior unless ``threshold`` is given."""
        if not len(probs):
            return []
        eps = 1e-6
        prior = min(max(self.threshold if threshold is None else threshold, eps), 1 - eps)
        stay0, stay1 = (min(max(s, eps), 1 - eps) for s in self.stay)
        t00, t01, t10, t11 = math.log(stay0), math.log(1 - stay0), math.log(1 - stay1), math.log(stay1)
        p = np.minimum(np.maximum(np.asarray(probs, dtype=float), eps), 1 - eps)
        emit0 = np.log((1 - p) / (1 - prior)).tolist()
        emit1 = np.log(p / prior).tolist()
        s0, s1 = emit0[0], emit1[0]
        back: list[tuple[int, int]] = []
        for e0, e1 in zip(emit0[1:], emit1[1:]):
            a0, b0 = s0 + t00, s1 + t10          # into chrome from chrome, from body
            a1, b1 = s0 + t01, s1 + t11          # into body from chrome, from body
            k0 = 0 if a0 >= b0 else 1
            k1 = 0 if a1 >= b1 else 1
            s0 = (a0 if k0 == 0 else b0) + e0
            s1 = (a1 if k1 == 0 else b1) + e1
            back.append((k0, k1))
        state = 0 if s0 >= s1 else 1
        path = [state]
        for b in reversed(back):
            state = b[state]
            path.append(state)
        path.reverse()
        return [s == 1 for s in path]


CONTEXT = ["z", "z_prev", "z_next", "z_prev2", "z_next2", "win5", "win10", "above_max", "below_max",
           "share_above", "share_below", "bias"]


def context_rows(z) -> np.ndarray:
    """Second-stage signals of each line from the first stage's log-odds: its own, its
    neighbours', the mean over windows of 5 and 10 lines each side, the strongest line above and
    below it, and the share of likely article lines above and below (an article is one run).
    One row of :data:`CONTEXT` per line."""
    c = np.minimum(np.maximum(np.asarray(z, dtype=float), -10.0), 10.0)
    n = len(c)
    out = np.empty((n, len(CONTEXT)))
    out[:, 0] = c
    out[:, 1:5] = -10.0                       # neighbours beyond the page's ends
    out[1:, 1], out[:-1, 2], out[2:, 3], out[:-2, 4] = c[:-1], c[1:], c[:-2], c[2:]
    pre = np.zeros(n + 1)
    c.cumsum(out=pre[1:])
    idx = np.arange(n)
    for col, k in ((5, 5), (6, 10)):          # means over windows of 5 and 10 lines each side
        a, b = np.maximum(idx - k, 0), np.minimum(idx + k + 1, n)
        out[:, col] = (pre[b] - pre[a]) / (b - a)
    out[:, 7:9] = -10.0
    if n > 1:
        out[1:, 7] = np.maximum.accumulate(c[:-1])
        out[:-1, 8] = np.maximum.accumulate(c[:0:-1])[::-1]
    pos = np.zeros(n + 1)
    (c > 0).cumsum(out=pos[1:])
    total = pos[n] or 1.0
    out[:, 9] = pos[:n] / total
    out[:, 10] = (pos[n] - pos[1:]) / total
    out[:, 11] = 1.0
    return out


_MODELS: dict[int, tuple[dict, LineModel]] = {}


def model_for(spec: dict) -> LineModel:
    """The :class:`LineModel` of a spec, built once per spec object (the spec is held, so its id
    is not reused while it is cached; a few specs at most, as cross-validation makes new ones)."""
    hit = _MODELS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_MODELS) >= 8:
        _MODELS.clear()
    model = LineModel(spec)
    _MODELS[id(spec)] = (spec, model)
    return model


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> dict:
    """The shipped weights (``{"line": spec, "headline": spec, ...}``) as a dict."""
    p = Path(path) if path else WEIGHTS_PATH
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"extraction weights missing: {p} (run scripts/fit_extraction.py)") from exc
