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

from index.extract.classify import LineModel
from index.extract.features import BASE
from index.extract.lines import WORD, Line
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
    parts = _CRUMBS.split(text)
    if len(parts) >= 3 and len(parts[-1].split()) >= 3 and all(len(p.split()) <= 4 for p in parts[:-1]):
        text = parts[-1]
    m = _PREFIX_SPLIT.match(text)
    if m and all(w.casefold() in HEADLINE_PREFIXES for w in m.group(1).split()) and len(text) > m.end() + 8:
        return text[m.end():].strip()
    return text.strip()


def _has_prefix(text: str) -> bool:
    return clean_headline(text) != text.strip()


def _content(text: str) -> set[str]:
    return {k for k in (w.casefold() for w in WORD.findall(text) if len(w) > 2) if k not in ALL_STOPWORDS}


def candidates(lines: list[Line], rows: list[list[float]], probs: list[float],
               body: list[bool]) -> list[tuple[int, list[float]]]:
    """(line index, :data:`FEATURES` row) of every headline candidate."""
    if not lines:
        return []
    first = next((i for i, b in enumerate(body) if b), None)
    if first is None:
        first = max(range(len(lines)), key=lambda i: probs[i])
    lo, hi = max(0, first - ABOVE), min(len(lines), first + BELOW + 1)
    body_words: set[str] = set()
    seen = 0
    for i in range(first, len(lines)):
        if body[i]:
            body_words |= _content(lines[i].text)
            seen += lines[i].words
            if seen > 400:
                break
    logit = [math.log(max(p, 1e-6) / max(1 - p, 1e-6)) for p in probs]
    cands = [i for i in range(lo, hi) if 1 <= lines[i].words <= MAX_WORDS and not lines[i].flags & _NEVER]
    by_words = sorted(cands, key=lambda i: -lines[i].words)
    rank_words = {i: r for r, i in enumerate(by_words)}
    out = []
    for rank, i in enumerate(reversed(cands)):
        ln, row = lines[i], rows[i]
        words = _content(ln.text)
        overlap = len(words & body_words) / max(len(words), 1)
        d = first - i
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        prv = lines[i - 1] if i else None
        nrow = rows[i + 1] if nxt is not None else None
        feats = [row[_COL[name]] for name in _FROM_BASE] + [
            max(min(logit[i], 8.0), -8.0), float(d > 0), math.log1p(abs(d)), float(abs(d) == 1),
            float(2 <= abs(d) <= 3), float(d == 0), float(body[i]), overlap, float(overlap >= 0.5),
            math.log1p(rank_words[i]), float(_has_prefix(ln.text)),
            float(nrow is not None and nrow[_COL["date_like"]] > 0),
            float(nxt is not None and nxt.text.split()[0].casefold() in BYLINE_WORDS),
            float(nxt is not None and nxt.words <= 40 and not body[i + 1]),
            max(min(logit[i + 1], 8.0), -8.0) if nxt is not None else 0.0,
            float(prv is not None and prv.words <= 6),
            max(min(logit[i - 1], 8.0), -8.0) if prv is not None else 0.0,
            float(i == 0), math.log1p(rank), 1.0,
        ]
        out.append((i, feats))
    return out


def choose(lines: list[Line], rows: list[list[float]], probs: list[float], body: list[bool],
           spec: dict, floor: float = DEFAULT_FLOOR) -> tuple[int | None, float, list]:
    """(index of the headline line or None, its probability, its strongest signals)."""
    model = LineModel(spec)
    best, best_z, best_row = None, -1e9, None
    for i, row in candidates(lines, rows, probs, body):
        z = model.logit(row)
        if z > best_z:
            best, best_z, best_row = i, z, row
    if best is None:
        return None, 0.0, []
    p = 1.0 / (1.0 + math.exp(-max(min(best_z, 40), -40)))
    why = model.contributions(best_row)
    return (best if p >= floor else None), p, why
