"""What an incremental run needs to know of the live OpenSearch index, asked of the cluster: the
source files it holds (with their fingerprints and article counts), whether an article id is
there already (and from which file, how long), and the ids and texts of articles to remove.

Every article carries ``origin_file`` and ``file_hash``; a file whose articles carry more than
one fingerprint was left half-replaced by a run that died, and counts as changed (read again).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

MIXED = "(several versions)"
_PAGE = 1000


class LiveIndex:
    """The live article index ``index`` (a concrete index name, not the alias)."""

    def __init__(self, client, index: str):
        self.client, self.index = client, index
        self._files: dict[str, tuple[str, int]] | None = None

    # ------------------------------------------------------------------ files

    def _load_files(self) -> None:
        files: dict[str, tuple[set, int]] = {}
        after = None
        while True:
            comp = {"size": _PAGE, "sources": [{"file": {"terms": {"field": "origin_file"}}},
                                               {"hash": {"terms": {"field": "file_hash"}}}]}
            if after:
                comp["after"] = after
            r = self.client.search(index=self.index, body={"size": 0, "aggs": {"f": {"composite": comp}}},
                                   request_timeout=300)
            agg = r["aggregations"]["f"]
            for b in agg["buckets"]:
                hashes, n = files.get(b["key"]["file"], (set(), 0))
                hashes.add(b["key"]["hash"])
                files[b["key"]["file"]] = (hashes, n + b["doc_count"])
            after = agg.get("after_key")
            if not agg["buckets"] or not after:
                break
        self._files = {k: (next(iter(h)) if len(h) == 1 else MIXED, n) for k, (h, n) in files.items()}

    def file_hash(self, key: str) -> str | None:
        """The fingerprint of the file the index last read as ``key``; None when unknown."""
        if self._files is None:
            self._load_files()
        entry = self._files.get(key)
        return entry[0] if entry else None

    def docs_of_file(self, key: str) -> int:
        if self._files is None:
            self._load_files()
        entry = self._files.get(key)
        return entry[1] if entry else 0

    def files(self) -> list[str]:
        if self._files is None:
            self._load_files()
        return list(self._files)

    def count(self) -> int:
        return int(self.client.count(index=self.index, request_timeout=120)["count"])

    # ------------------------------------------------------------------ articles

    def lookup(self, ids: Iterable[str], fields=("origin_file", "body_chars")) -> dict[str, dict]:
        """The stored ``fields`` of those ``ids`` that are in the index."""
        ids = list(ids)
        found: dict[str, dict] = {}
        for i in range(0, len(ids), _PAGE):
            r = self.client.mget(index=self.index, body={"ids": ids[i:i + _PAGE]},
                                 params={"_source_includes": ",".join(fields)}, request_timeout=300)
            for doc in r["docs"]:
                if doc.get("found"):
                    found[doc["_id"]] = doc.get("_source", {})
        return found

    def ids_of_files(self, keys: Iterable[str]) -> list[str]:
        """Every article id read from one of ``keys``."""
        keys = list(keys)
        out: list[str] = []
        for i in range(0, len(keys), 500):
            query = {"terms": {"origin_file": keys[i:i + 500]}}
            out.extend(h["_id"] for h in self.scan(query, source=False))
        return out

    def scan(self, query: dict, source=("id",)) -> Iterator[dict]:
        """Every matching document (``_id`` and the ``source`` fields), in id order."""
        after = None
        while True:
            body = {"query": query, "size": _PAGE, "sort": [{"id": "asc"}], "_source": source,
                    "track_total_hits": False}
            if after is not None:
                body["search_after"] = after
            hits = self.client.search(index=self.index, body=body, request_timeout=300)["hits"]["hits"]
            yield from hits
            if len(hits) < _PAGE:
                return
            after = hits[-1]["sort"]
