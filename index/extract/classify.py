"""Line classification: a fitted logistic model over the line signals, smoothed along the page.

Each line gets the probability that it is article text from a logistic regression over
:data:`index.extract.features.FEATURES` (weights fitted by ``scripts/fit_extraction.py`` and
shipped as JSON in ``index/extract/weights.json``). Lines are not independent: article text comes
in runs and chrome in blocks, so a two-state hidden-Markov smoothing (Viterbi over
body/chrome, with transition probabilities counted on the labelled pages) gives each line its
final label. Plain Python: no fitting library is needed at run time.

>>> model = LineModel({"features": ["a", "bias"], "mean": [0, 0], "scale": [1, 1],
...                    "coef": [2.0, -1.0], "stay": [0.9, 0.9], "threshold": 0.5})
>>> [round(p, 2) for p in model.probabilities([[0.0, 1.0], [1.0, 1.0]])]
[0.27, 0.73]
>>> model.smooth([0.9, 0.4, 0.9, 0.1, 0.1])
[True, True, True, False, False]
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

__all__ = ["LineModel", "load_weights", "WEIGHTS_PATH"]

WEIGHTS_PATH = Path(__file__).with_name("weights.json")


class LineModel:
    """A logistic model over named features plus a two-state smoothing of its outputs.

    ``spec``: ``features`` (names, in row order), ``mean`` and ``scale`` (standardisation),
    ``coef`` (one weight per feature), ``stay`` ([P(chrome->chrome), P(body->body)]) and
    ``threshold`` (the probability at which a line on its own is as likely article text as not;
    chosen by cross-validation, see ``scripts/fit_extraction.py``).
    """

    def __init__(self, spec: dict):
        self.features = list(spec["features"])
        self.mean = [float(x) for x in spec["mean"]]
        self.scale = [float(x) or 1.0 for x in spec["scale"]]
        self.coef = [float(x) for x in spec["coef"]]
        self.stay = [float(x) for x in spec.get("stay", (0.5, 0.5))]
        self.threshold = float(spec.get("threshold", 0.5))
        self.context = LineModel(spec["context"]) if spec.get("context") else None
        # Fold standardisation into the weights: w·((x-m)/s) = (w/s)·x - Σ w m / s.
        self._w = [c / s for c, s in zip(self.coef, self.scale)]
        self._b = -sum(c * m / s for c, m, s in zip(self.coef, self.mean, self.scale))

    def logit(self, row: list[float]) -> float:
        """The model's log-odds that a line with these signals is article text."""
        return self._b + sum(w * x for w, x in zip(self._w, row))

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """P(article text) of every row; with a ``context`` stage in the spec, a second logistic
        model re-weighs each line's log-odds with its neighbours' (:func:`context_rows`)."""
        z = [self.logit(row) for row in rows]
        if self.context is not None:
            z = [self.context.logit(row) for row in context_rows(z)]
        return [1.0 / (1.0 + math.exp(-v)) if v > -40 else 0.0 for v in z]

    def contributions(self, row: list[float], top: int = 3) -> list[tuple[str, float]]:
        """The signals that pushed this row's log-odds most, strongest first: (name, amount),
        each measured against an average line (positive: towards article text)."""
        parts = [(name, c * (x - m) / s) for name, c, x, m, s
                 in zip(self.features, self.coef, row, self.mean, self.scale) if name != "bias"]
        parts.sort(key=lambda p: -abs(p[1]))
        return parts[:top]

    def smooth(self, probs: list[float]) -> list[bool]:
        """Viterbi path over (chrome, body) given each line's P(body): True for body lines."""
        if not probs:
            return []
        eps = 1e-6
        prior = min(max(self.threshold, eps), 1 - eps)
        stay0, stay1 = (min(max(s, eps), 1 - eps) for s in self.stay)
        t = [[math.log(stay0), math.log(1 - stay0)], [math.log(1 - stay1), math.log(stay1)]]

        def emit(p: float) -> tuple[float, float]:
            p = min(max(p, eps), 1 - eps)
            return math.log((1 - p) / (1 - prior)), math.log(p / prior)

        e0, e1 = emit(probs[0])
        score = [e0, e1]
        back: list[tuple[int, int]] = []
        for p in probs[1:]:
            e0, e1 = emit(p)
            from0 = (score[0] + t[0][0], score[1] + t[1][0])
            from1 = (score[0] + t[0][1], score[1] + t[1][1])
            b0 = 0 if from0[0] >= from0[1] else 1
            b1 = 0 if from1[0] >= from1[1] else 1
            score = [from0[b0] + e0, from1[b1] + e1]
            back.append((b0, b1))
        state = 0 if score[0] >= score[1] else 1
        path = [state]
        for b in reversed(back):
            state = b[state]
            path.append(state)
        path.reverse()
        return [s == 1 for s in path]


CONTEXT = ["z", "z_prev", "z_next", "z_prev2", "z_next2", "win5", "win10", "above_max", "below_max",
           "share_above", "share_below", "bias"]


def context_rows(z: list[float]) -> list[list[float]]:
    """Second-stage signals of each line from the first stage's log-odds: its own, its
    neighbours', the mean over windows of 5 and 10 lines each side, the strongest line above and
    below it, and the share of likely article lines above and below (an article is one run)."""
    n = len(z)
    c = [max(min(v, 10.0), -10.0) for v in z]
    pre = [0.0]
    pos = [0]
    for v in c:
        pre.append(pre[-1] + v)
        pos.append(pos[-1] + (v > 0))
    up = [-10.0] * n
    down = [-10.0] * n
    for i in range(1, n):
        up[i] = max(up[i - 1], c[i - 1])
    for i in range(n - 2, -1, -1):
        down[i] = max(down[i + 1], c[i + 1])

    def mean(a: int, b: int) -> float:
        a, b = max(a, 0), min(b, n)
        return (pre[b] - pre[a]) / (b - a) if b > a else 0.0

    total = pos[n] or 1
    rows = []
    for i in range(n):
        rows.append([c[i], c[i - 1] if i else -10.0, c[i + 1] if i + 1 < n else -10.0,
                     c[i - 2] if i >= 2 else -10.0, c[i + 2] if i + 2 < n else -10.0,
                     mean(i - 5, i + 6), mean(i - 10, i + 11), up[i], down[i],
                     pos[i] / total, (pos[n] - pos[i + 1]) / total, 1.0])
    return rows


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> dict:
    """The shipped weights (``{"line": spec, "headline": spec, ...}``) as a dict."""
    p = Path(path) if path else WEIGHTS_PATH
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"extraction weights missing: {p} (run scripts/fit_extraction.py)") from exc
