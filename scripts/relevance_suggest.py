#!/usr/bin/env python3
"""Measuring "did you mean": misspell real query words, search, and check the suggestion.

For each judged query, one word of four or more letters is misspelled with one edit and, in a
second case, with two edits (each edit a deletion, insertion, transposition of neighbours or
substitution, at any position, from a seeded random generator). A misspelling that is itself a
word of the collection is drawn again, since no speller can tell it from a real query. Each
misspelled query goes to the engine; its ``suggestion`` is *correct* when it equals the intended
query (ignoring case and spacing), *wrong* when it is something else, *none* when absent.

    python scripts/relevance_suggest.py "crude oil prices" --seed 3     # show some misspellings
    python scripts/relevance_eval.py --suggest --set samples             # the measurement

>>> import random
>>> misspell("tariffs", random.Random(1), 1)
'tarizffs'
"""
from __future__ import annotations

import argparse
import random
import re
import string
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass

LETTERS = string.ascii_lowercase
EDITS = ("deletion", "insertion", "transposition", "substitution")
MIN_LENGTH = 4
SEED = 11


def edit_once(word: str, rng: random.Random) -> str:
    """One random edit of ``word`` (lower-case letters)."""
    kind = rng.choice(EDITS if len(word) > 1 else ("insertion", "substitution"))
    i = rng.randrange(len(word))
    if kind == "deletion":
        return word[:i] + word[i + 1:]
    if kind == "insertion":
        return word[:i] + rng.choice(LETTERS) + word[i:]
    if kind == "transposition":
        i = min(i, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1:]


def misspell(word: str, rng: random.Random, edits: int, vocabulary: set[str] | frozenset = frozenset(),
             tries: int = 50) -> str | None:
    """``word`` with ``edits`` random edits, never the word itself nor a word of ``vocabulary``
    (None when ``tries`` draws all fail)."""
    word = word.lower()
    for _ in range(tries):
        out = word
        for _ in range(edits):
            out = edit_once(out, rng)
        if out != word and out not in vocabulary and len(out) >= 2:
            return out
    return None


@dataclass
class Case:
    intended: str
    typed: str
    word: str
    misspelled: str
    edits: int

    @property
    def first_letter_changed(self) -> bool:
        return self.word[:1].lower() != self.misspelled[:1]


def make_cases(queries: Iterable[str], vocabulary: set[str], seed: int = SEED) -> list[Case]:
    """Two cases per query (one and two edits) in one word of :data:`MIN_LENGTH` letters or more;
    the same queries and seed always give the same cases."""
    rng = random.Random(seed)
    cases = []
    for q in queries:
        words = [w for w in q.split() if len(w) >= MIN_LENGTH and w.isalpha()]
        if not words:
            continue
        for edits in (1, 2):
            word = rng.choice(words)
            bad = misspell(word, rng, edits, vocabulary)
            if bad is None:
                continue
            typed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", bad, q, count=1)
            cases.append(Case(q, typed, word, bad, edits))
    return cases


def normalise(q: str | None) -> str:
    return " ".join((q or "").lower().split())


def measure(engine, cases: list[Case]) -> dict:
    """Run every case through ``engine.search`` and count correct, wrong and missing suggestions,
    overall, by number of edits and by whether the first letter was changed."""
    from search.engine import SearchRequest

    started = time.perf_counter()
    rows = []
    for c in cases:
        result = engine.search(SearchRequest(q=c.typed, per_page=1, group=False))
        s = result.get("suggestion")
        outcome = "none" if not s else ("correct" if normalise(s) == normalise(c.intended) else "wrong")
        rows.append({"intended": c.intended, "typed": c.typed, "edits": c.edits,
                     "first_letter_changed": c.first_letter_changed, "suggestion": s, "outcome": outcome,
                     "total": result["total"]})
    seconds = time.perf_counter() - started

    def count(selected):
        selected = list(selected)
        out = {"n": len(selected)}
        for o in ("correct", "wrong", "none"):
            out[o] = sum(r["outcome"] == o for r in selected)
        out["correct_share"] = out["correct"] / len(selected) if selected else 0.0
        return out
    return {"all": count(rows), "1 edit": count(r for r in rows if r["edits"] == 1),
            "2 edits": count(r for r in rows if r["edits"] == 2),
            "first letter changed": count(r for r in rows if r["first_letter_changed"]),
            "seconds": seconds, "cases": rows}


def vocabulary_of(texts: Iterable[str]) -> set[str]:
    """Lower-case words of a collection (what a misspelling must not collide with)."""
    vocab: set[str] = set()
    for t in texts:
        vocab.update(re.findall(r"[a-z]+", t.lower()))
    return vocab


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("query", nargs="+", help="queries to misspell")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    for c in make_cases(args.query, set(), args.seed):
        print(f"{c.edits} edit(s): {c.typed!r:<32} intended {c.intended!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
