""""Did you mean": corrections drawn from the index's own vocabulary (words as people wrote them,
with how many articles hold each), found with RapidFuzz's Levenshtein distance."""
from __future__ import annotations

import re
import threading

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from index.analysis import fold

from .query import ParsedQuery, lex

MAX_EDITS = 2
MIN_WORD = 3

_lock = threading.Lock()
_by_letter_cache: list = []  # [(vocabulary dict, {first letter: (words, counts)})], newest last


def _by_first_letter(vocab: dict[str, int]) -> dict[str, tuple[list[str], list[int]]]:
    """The vocabulary grouped by first letter (a correction keeps the first letter: people rarely
    mistype it, and it makes the search ten times smaller)."""
    with _lock:
        for v, index in _by_letter_cache:
            if v is vocab:
                return index
        index: dict[str, tuple[list[str], list[int]]] = {}
        for w, n in vocab.items():
            words, counts = index.setdefault(w[0], ([], []))
            words.append(w)
            counts.append(n)
        _by_letter_cache.append((vocab, index))
        del _by_letter_cache[:-2]
        return index


def correct_word(word: str, vocab: dict[str, int]) -> str | None:
    """The most frequent indexed word within two edits of ``word`` (same first letter), the
    nearest first; None when the word is known or nothing is near.

    >>> correct_word("ecnomy", {"economy": 40, "enemy": 3, "econ": 1})
    'economy'
    """
    if len(word) < MIN_WORD or word in vocab:
        return None
    words, counts = _by_first_letter(vocab).get(word[0], ([], []))
    if not words:
        return None
    found = process.extract(word, words, scorer=Levenshtein.distance, score_cutoff=MAX_EDITS,
                            limit=25)
    if not found:
        return None
    best = min(found, key=lambda m: (m[1], -counts[m[2]], m[0]))
    return best[0] if best[0] != word else None


def suggest(engine, text: str, parsed: ParsedQuery) -> str | None:
    """The query with each unknown word replaced by its correction, when the corrected query
    finds something; None when there is nothing better."""
    vocab = engine.backend.vocabulary()
    if not vocab:
        return None
    out, changed = text, False
    for clause in parsed.positive:
        if clause.kind == "prefix" or clause.field == "source":
            continue
        for word in re.findall(r"\w+", clause.text):
            fix = correct_word(fold(word).lower(), vocab)
            if fix:
                out = re.sub(rf"\b{re.escape(word)}\b", fix, out, count=1)
                changed = True
    if not changed:
        return None
    from .backend import SearchSpec
    from .plan import build_plan

    plan = build_plan(lex(out), engine.backend.expand)
    if plan.empty:
        return None
    # The engine falls back to any word when no article has every word: so does this check.
    return out if engine.backend.search(SearchSpec(plan=plan, limit=1, group=False)).articles else None
