"""Prefix expansion and "did you mean" words, read from the side index's lexicon
(:mod:`index.opensearch.side`): OpenSearch 2.19 cannot list a field's terms, so the writer keeps
every index term and every written word with its document count, one small document each.

``expand`` is one search (a ``prefix`` query on the terms, most frequent first, with the total);
``vocabulary`` reads every word once and keeps it until the writer's version number moves
(checked at most every :data:`RECHECK_SECONDS`).
"""
from __future__ import annotations

import threading
import time

from index.opensearch.side import read_version

RECHECK_SECONDS = 10.0
PAGE = 10_000


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
            version = self.conn.call(lambda cl: read_version(cl, self.side))
            if self._words is None or version != self._version:
                self._words = self._read_words()
                self._version = version
            self._checked = time.monotonic()
            return self._words

    def _read_words(self) -> dict[str, int]:
        words: dict[str, int] = {}
        after = None
        while True:
            body = {"query": {"bool": {"filter": [{"term": {"kind": "word"}}, {"range": {"n": {"gt": 0}}}]}},
                    "sort": [{"text": "asc"}], "size": PAGE, "_source": ["text", "n"], "track_total_hits": False}
            if after is not None:
                body["search_after"] = after
            hits = self.conn.call(lambda cl: cl.search(index=self.side, body=body))["hits"]["hits"]
            for h in hits:
                words[h["_source"]["text"]] = int(h["_source"]["n"])
            if len(hits) < PAGE:
                return words
            after = hits[-1]["sort"]
