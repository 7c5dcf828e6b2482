"""Prefix expansion and "did you mean" words, read from the side index's lexicon
(:mod:`index.opensearch.side`): OpenSearch 2.19 cannot list a field's terms, so the writer keeps
every index term and every written word with its document count, one small document each.

``expand`` is one search (a ``prefix`` query on the terms, most frequent first, with the total);
``vocabulary`` reads the words' blob once and keeps it until a run writes a new one (checked at
most every :data:`RECHECK_SECONDS`).
"""
from __future__ import annotations

import threading
import time

from index.opensearch.side import blob_run, load_words

RECHECK_SECONDS = 10.0


class Lexicon:
    def __init__(self, conn):
        self.conn = conn
        self._lock = threading.Lock()
        self._words: dict[str, int] | None = None
        self._version = None
        self._checked = 0.0

    @property
    def side(self) -> str:
        return self.conn.target.side_alias

    def expand(self, forms: list[str], limit: int) -> tuple[list[str], int]:
        """Up to ``limit`` index terms starting with one of ``forms``, the most frequent first
        (document frequency in titles plus in bodies, as the embedded index counts), and how
        many terms start with them."""
        forms = [f for f in dict.fromkeys(forms) if f]
        if not forms or limit <= 0:
            return [], 0
        body = {"query": {"bool": {"filter": [{"term": {"kind": "term"}}, {"range": {"n": {"gt": 0}}},
                                              {"bool": {"should": [{"prefix": {"text": f}} for f in forms],
                                                        "minimum_should_match": 1}}]}},
                "sort": [{"n": "desc"}, {"text": "asc"}], "size": limit, "_source": ["text"],
                "track_total_hits": True}
        r = self.conn.call(lambda cl: cl.search(index=self.side, body=body))
        terms = [h["_source"]["text"] for h in r["hits"]["hits"]]
        return terms, int(r["hits"]["total"]["value"])

    def vocabulary(self) -> dict[str, int]:
        """Every word as people wrote it (folded, lower case) with how many articles hold it."""
        now = time.monotonic()
        if self._words is not None and now - self._checked < RECHECK_SECONDS:
            return self._words
        with self._lock:
            if self._words is not None and now - self._checked < RECHECK_SECONDS:
                return self._words
            run = self.conn.call(lambda cl: blob_run(cl, self.side, "words"))
            if self._words is None or run != self._version:
                self._words = self.conn.call(lambda cl: load_words(cl, self.side))
                self._version = run
            self._checked = time.monotonic()
            return self._words
