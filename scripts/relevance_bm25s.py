#!/usr/bin/env python3
"""The reference ranker of the relevance harness: bm25s over the same articles' title + body.

bm25s (https://github.com/xhluca/bm25s) with ``method="lucene"`` (Lucene's BM25, its defaults
k1 = 1.5, b = 0.75), bm25s's tokenizer (lower case, words of two or more letters), the project's
stopword list (index/stopwords.py) and PyStemmer's Snowball English stemmer. It is not a product
dependency: install the evaluation extra (``bash scripts/setup-env.sh eval`` or
``.venv/bin/pip install -e '.[test,eval]'``). Without it the harness prints Newsdesk's figures
alone and says why.

    python scripts/relevance_bm25s.py "crude oil prices" --set samples   # one query's top ten
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index.stopwords import STOPWORDS  # noqa: E402

MISSING_MESSAGE = ("bm25s is not installed, so the bm25s reference column is left out. Install the "
                   "evaluation extra: bash scripts/setup-env.sh eval  (or: .venv/bin/pip install -e '.[test,eval]')")
K1, B = 1.5, 0.75


def available() -> str | None:
    """None when bm25s and PyStemmer import, else the message to print."""
    try:
        import bm25s  # noqa: F401
        import Stemmer  # noqa: F401
    except ImportError as e:
        return f"{MISSING_MESSAGE} [{e}]"
    return None


class Bm25sReference:
    """bm25s indexed over ``texts``; :meth:`rank` gives document positions, best first.

    >>> ref = Bm25sReference(["crude oil prices rose", "wheat exports", "oil and gas"])  # doctest: +SKIP
    >>> ref.rank("crude oil")  # doctest: +SKIP
    ([0, 2], 2)
    """

    def __init__(self, texts: list[str], k1: float = K1, b: float = B):
        import bm25s
        import Stemmer

        started = time.perf_counter()
        self._bm25s = bm25s
        self.stemmer = Stemmer.Stemmer("english")
        self.stopwords = sorted(STOPWORDS)
        tokens = bm25s.tokenize(texts, stopwords=self.stopwords, stemmer=self.stemmer, show_progress=False)
        self.retriever = bm25s.BM25(method="lucene", k1=k1, b=b)
        self.retriever.index(tokens, show_progress=False)
        self.size = len(texts)
        self.index_seconds = time.perf_counter() - started

    def rank(self, query: str, depth: int = 100) -> tuple[list[int], int]:
        """(positions of the documents that share a term with the query, best first (ties: earlier
        document first), at most ``depth``; how many documents share a term with it)."""
        import numpy as np

        tokens = self._bm25s.tokenize([query], stopwords=self.stopwords, stemmer=self.stemmer,
                                      return_ids=False, show_progress=False)[0]
        tokens = [t for t in tokens if t in self.retriever.vocab_dict and t]
        if not tokens:
            return [], 0
        scores = self.retriever.get_scores(tokens)
        order = np.argsort(-scores, kind="stable")[:depth]
        return [int(i) for i in order if scores[i] > 0], int((scores > 0).sum())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("query")
    ap.add_argument("--set", default="samples", help="a judged set of scripts/relevance_sets.py (default samples)")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args(argv)
    missing = available()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    import tempfile

    sys.path.insert(0, str(REPO / "scripts"))
    import relevance_sets

    with tempfile.TemporaryDirectory() as tmp:
        prepared = relevance_sets.prepare(relevance_sets.SETS[args.set](), Path(tmp))
    docs = list(prepared.docs.values())
    ref = Bm25sReference([d.title + "\n" + d.body for d in docs])
    for rank, i in enumerate(ref.rank(args.query, args.top)[0], 1):
        print(f"{rank:>3}  {docs[i].key:<50} {docs[i].title[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
