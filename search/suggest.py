""""Did you mean": corrections drawn from the index's own vocabulary (words as people wrote them,
with how many articles hold each).

A word the index does not know gets candidates within two edits (one for short words), where an
edit is an insertion, a deletion, a substitution or two neighbouring letters swapped ("mraket" is
one edit from "market"), found with RapidFuzz among the words of about the same length, the
first letter included. Candidates are ranked the noisy-channel way: fewer edits first, then more
frequent. When the query has other words, the correction that shares the most articles with them
wins ("stock mraket" becomes "stock market", not "stock make").
"""
from __future__ import annotations

import re
import threading
from itertools import product

from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.analysis import fold

from .query import ParsedQuery, lex

MIN_WORD = 3
CANDIDATES = 3
MAX_COMBINATIONS = 9

_lock = threading.Lock()
_by_length_cache: list = []  # [(vocabulary dict, {length: (words, counts)})], newest last


def _by_length(vocab: dict[str, int]) -> dict[int, tuple[list[str], list[int]]]:
    with _lock:
        for v, index in _by_length_cache:
            if v is vocab:
                return index
        index: dict[int, tuple[list[str], list[int]]] = {}
        for w, n in vocab.items():
            words, counts = index.setdefault(len(w), ([], []))
            words.append(w)
            counts.append(n)
        _by_length_cache.append((vocab, index))
        del _by_length_cache[:-2]
        return index


def max_edits(word: str) -> int:
    """Two edits for words of five letters or more, one for shorter ones."""
    return 2 if len(word) >= 5 else 1


def _squeezed(word: str) -> str:
    """A word with its doubled letters single ("tariffs" → "tarifs")."""
    return re.sub(r"(.)\1+", r"\1", word)


def edit_cost(word: str, other: str) -> float:
    """Edits between two words, where swapping two neighbouring letters is one edit and a letter
    typed once instead of twice (or twice instead of once) is half of one: the common slips.

    >>> edit_cost("tarifs", "tariffs"), edit_cost("tarifs", "tariff"), edit_cost("mraket", "market")
    (0.5, 1, 1)
    """
    if _squeezed(word) == _squeezed(other):
        return 0.5
    return OSA.distance(word, other)


def candidates(word: str, vocab: dict[str, int], limit: int = CANDIDATES) -> list[tuple[str, float, int]]:
    """``(word, edits, articles)`` for the likeliest corrections of an unknown word, best first;
    [] when the word is known or nothing is near.

    >>> candidates("ecnomy", {"economy": 40, "enemy": 3, "econ": 1})
    [('economy', 1, 40), ('enemy', 2, 3)]
    >>> candidates("mraket", {"market": 30, "make": 90, "racket": 2})[0]
    ('market', 1, 30)
    """
    if len(word) < MIN_WORD or word in vocab:
        return []
    edits = max_edits(word)
    found = []
    index = _by_length(vocab)
    for length in range(len(word) - edits, len(word) + edits + 1):
        words, counts = index.get(length, ([], []))
        if not words:
            continue
        for w, d, i in process.extract(word, words, scorer=OSA.distance, score_cutoff=edits, limit=50):
            found.append((w, edit_cost(word, w), counts[i]))
    found.sort(key=lambda c: (c[1], -c[2], c[0]))
    return found[:limit]


def correct_word(word: str, vocab: dict[str, int]) -> str | None:
    """The best correction of one word, or None.

    >>> correct_word("tarifs", {"tariffs": 12, "tariff": 30, "tarts": 1})
    'tariffs'
    """
    found = candidates(word, vocab)
    return found[0][0] if found else None


def suggest(engine, text: str, parsed: ParsedQuery) -> str | None:
    """The query with its unknown words corrected, when the corrected query finds something;
    None when there is nothing better. Fewer edits win; between corrections as near, the one that
    shares the most articles with the rest of the query, then the more frequent one."""
    vocab = engine.backend.vocabulary()
    if not vocab:
        return None
    slots: list[tuple[str, list[tuple[str, int, int]]]] = []
    for clause in parsed.positive:
        if clause.kind == "prefix" or clause.field == "source":
            continue
        for word in re.findall(r"\w+", clause.text):
            found = candidates(fold(word).lower(), vocab)
            if found:
                slots.append((word, found))
    if not slots:
        return None
    best, best_key = None, None
    for combo in list(product(*(found for _, found in slots)))[:MAX_COMBINATIONS]:
        out = text
        for (word, _), (fix, _, _) in zip(slots, combo):
            out = re.sub(rf"\b{re.escape(word)}\b", fix, out, count=1)
        every, articles = engine.count_matches(out)
        if not articles:
            continue
        key = (-sum(c[1] for c in combo), every, sum(c[2] for c in combo))
        if best_key is None or key > best_key:
            best, best_key = out, key
    return best


def unknown_words(parsed: ParsedQuery, vocab: dict[str, int]) -> list[str]:
    """The query's words (outside prefixes and source:) that no indexed article holds."""
    out = []
    for clause in parsed.positive:
        if clause.kind == "prefix" or clause.field == "source":
            continue
        for word in re.findall(r"\w+", clause.text):
            w = fold(word).lower()
            if len(w) >= MIN_WORD and w not in vocab and w.isalpha():
                out.append(word)
    return out


__all__ = ["candidates", "correct_word", "suggest", "unknown_words", "lex"]
