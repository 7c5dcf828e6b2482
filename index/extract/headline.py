"""The headline: the best-scoring candidate line above (or opening) the article, with a floor.

Candidates are the lines from about forty lines above the article's first line down to its
second line, of one to sixty words. Each is described by shape signals (length, capitals,
closing punctuation, symbols), layout (blank lines around it, its distance to the article, a
run of short lines around it as menus print), the line model's own view of it, whether its
words come back in the article's first paragraphs, whether it is printed twice on the page,
and what sits around it (a date or byline line under it, a deck, the site's name above). A
logistic model fitted on labelled headlines (``scripts/fit_extraction.py``) scores them; the
best one is the headline when its probability clears the floor, else the page has none.

Printed prefixes that say what kind of piece it is ("VIDEO:", "LIVE:", "Opinion |") are cut
from the headline (:func:`clean_headline`).

>>> clean_headline("VIDEO: Storm hits the coast")
'Storm hits the coast'
>>> clean_headline("Opinion | Why the bridge matters")
'Why the bridge matters'
>>> clean_headline("Why the bridge matters")
'Why the bridge matters'
"""
from __future__ import annotations

import math
import re

import numpy as np

from index.extract.classify import model_for
from index.extract.features import BASE
from index.extract.lines import Line
from index.extract.words import ALL_STOPWORDS, BYLINE_WORDS, HEADLINE_PREFIXES

__all__ = ["FEATURES", "DEFAULT_FLOOR", "candidates", "choose", "clean_headline"]

DEFAULT_FLOOR = 0.05          # below this probability no line is taken for the headline
ABOVE, BELOW, MAX_WORDS = 40, 2, 60

_FROM_BASE = ["words", "words_1", "words_2_3", "words_4_7", "words_8_15", "words_16_40", "words_41_",
              "stop_any", "end_punct", "sentences", "commas", "caps", "all_caps", "title_case", "digits",
              "symbols", "pipes", "service", "service_only", "reader", "credit", "link_like", "copyright",
              "date_like", "bullet", "colon_end", "truncated", "lower_start", "quote", "repeat",
              "gap_before", "gap_after", "block_lines", "block_short", "short_run", "site_name"]
FEATURES = _FROM_BASE + [
    "logit", "above", "dist", "dist_1", "dist_2_3", "first_body", "in_body", "overlap", "overlap_title",
    "rank_words", "prefix", "next_date", "next_byline", "next_short", "next_logit", "prev_short",
    "prev_logit", "first_line", "candidate_rank", "bias",
]
_COL = {name: k for k, name in enumerate(BASE)}
# Furniture marked by its form (index.extract.markers) is never the headline.
_NEVER = frozenset({"byline", "date", "label", "credit", "utility", "url", "copyright"})
_CRUMBS = re.compile(r"\s+/\s+|\s*[»>›]\s*")
_LEAD_ORNAMENT = re.compile(r"^[^\w\"'“‘„«(¿¡]+")
_PREFIX_SPLIT = re.compile(r"^\s*([^\W\d_]+(?:\s[^\W\d_]+)?)\s*(?::|\||[-–—]{1,2}(?=\s))\s*(?=\S)")


def clean_headline(text: str) -> str:
    """The headline without a printed kind prefix ("VIDEO: ...", "LIVE | ..."), without the
    breadcrumb trail printed before it ("Home » Blog » Title") and without leading ornaments.

    >>> clean_headline("Start » Blog » Council approves the new library")
    'Council approves the new library'
    """
    text = _LEAD_ORNAMENT.sub("", text)
    parts = _CRUMBS.split(text) if any(c in text for c in "/»>›") else [text]
    if len(parts) >= 3 and len(parts[-1].split()) >= 3 and all(len(p.split()) <= 4 for p in parts[:-1]):
        text = parts[-1]
    m = _PREFIX_SPLIT.match(text)
    if m and all(w.casefold() in HEADLINE_PREFIXES for w in m.group(1).split()) and len(text) > m.end() + 8:
        return text[m.end():].strip()
    return text.strip()


def _has_prefix(text: str) -> bool:
    return clean_headline(text) != text.strip()


def _content(ln: Line) -> set[str]:
    """The line's content words: casefolded, longer than two letters, not function words."""
    if ln.text.isascii():       # casefolding keeps an ASCII word's length
        return {k for k in set(ln.low).difference(ALL_STOPWORDS) if len(k) > 2}
    return {k for w, k in zip(ln.tokens, ln.low) if len(w) > 2} - ALL_STOPWORDS


_FROM_IDX = np.array([_COL[name] for name in _FROM_BASE])


def candidates(lines: list[Line], rows, probs, body: list[bool]) -> tuple[list[int], np.ndarray]:
    """The headline candidates, bottom-up: (their line indices, their :data:`FEATURES` rows)."""
    if not lines:
        return [], np.zeros((0, len(FEATURES)))
    first = next((i for i, b in enumerate(body) if b), None)
    if first is None:
        first = int(np.asarray(probs).argmax())
    lo, hi = max(0, first - ABOVE), min(len(lines), first + BELOW + 1)
    cands = [i for i in range(lo, hi) if 1 <= lines[i].words <= MAX_WORDS and not lines[i].flags & _NEVER]
    if not cands:
        return [], np.zeros((0, len(FEATURES)))
    # The words of the article's first 400 words or so. A candidate's own content words are
    # compared with them, so an ASCII line may give all its words (casefolding keeps their length).
    body_words: set[str] = set()
    seen = 0
    for i in range(first, len(lines)):
        if body[i]:
            if lines[i].text.isascii():
                body_words.update(lines[i].low)
            else:
                body_words |= _content(lines[i])
            seen += lines[i].words
            if seen > 400:
                break
    p = np.asarray(probs, dtype=float)
    logit = np.minimum(np.maximum(np.log(np.maximum(p, 1e-6) / np.maximum(1 - p, 1e-6)), -8.0), 8.0).tolist()
    by_words = sorted(cands, key=lambda i: -lines[i].words)
    rank_words = {i: r for r, i in enumerate(by_words)}
    order = cands[::-1]
    date_col = rows[:, _COL["date_like"]]
    extra = []
    for rank, i in enumerate(order):
        ln = lines[i]
        words = _content(ln)
        overlap = len(words & body_words) / max(len(words), 1)
        d = first - i
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        prv = lines[i - 1] if i else None
        extra.append([
            logit[i], float(d > 0), math.log1p(abs(d)), float(abs(d) == 1),
            float(2 <= abs(d) <= 3), float(d == 0), float(body[i]), overlap, float(overlap >= 0.5),
            math.log1p(rank_words[i]), float(_has_prefix(ln.text)),
            float(nxt is not None and date_col[i + 1] > 0),
            float(nxt is not None and nxt.text.split()[0].casefold() in BYLINE_WORDS),
            float(nxt is not None and nxt.words <= 40 and not body[i + 1]),
            logit[i + 1] if nxt is not None else 0.0,
            float(prv is not None and prv.words <= 6),
            logit[i - 1] if prv is not None else 0.0,
            float(i == 0), math.log1p(rank), 1.0,
        ])
    return order, np.hstack([rows[order][:, _FROM_IDX], np.array(extra)])


def choose(lines: list[Line], rows, probs, body: list[bool],
           spec: dict, floor: float = DEFAULT_FLOOR) -> tuple[int | None, float, list]:
    """(index of the headline line or None, its probability, its strongest signals)."""
    order, x = candidates(lines, rows, probs, body)
    if not order:
        return None, 0.0, []
    model = model_for(spec)
    z = model.logits(x)
    k = int(z.argmax())
    p = 1.0 / (1.0 + math.exp(-max(min(float(z[k]), 40), -40)))
    why = model.contributions(x[k])
    return (order[k] if p >= floor else None), p, why
