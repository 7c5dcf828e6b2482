"""The side index: what an OpenSearch-backed Newsdesk keeps beside its articles, in a small index
of the same generation (``N-<stamp>-side``, alias ``N-side``), so that every indexer and every
search process reaches it through the cluster:

* the **lexicon**: every index term of titles and bodies with its document frequency (title and
  body counted apart, as the embedded index counts them), for ``prefix*`` expansion. OpenSearch
  2.19 has no terms-enumeration API, and a terms aggregation over the articles would read every
  document on every prefix query, so the counts are kept here, one small document per term
  (``t:<term>``), changed by the writer in bulk;
* the **vocabulary** for "did you mean": every word as people wrote it with the number of
  articles holding it, as one compressed JSON blob (``words``), read whole by a search process;
* the **story clusters' state** (:class:`index.stories.StoryClusters`: every text's shingle
  sample and the links between texts): its ``.npz`` bytes as a blob (``stories``);

A blob is stored in parts of a few MB (``<name>:<run>:<i>``) and a manifest naming the current
run (``<name>``), replaced only once every part has landed;
* the last run's **summary** (``last-build``) that ``newsdesk status`` shows.

>>> lex = LexiconDelta()
>>> lex.add({"export"}, {"export", "control"}, ["export", "controls"])
>>> lex.terms["export"], lex.words["controls"]
(2, 1)
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
import time
from collections import Counter
import zlib
from pathlib import Path

from ..stories import StoryClusters, StoryStateMissing
from .bulk import BulkWriter

TERM = "t:"
STATE_PART_BYTES = 3 * 1024 * 1024  # raw bytes per state part (about 4 MB once in base64)


def side_body() -> dict:
    """Settings and mappings of a side index: one shard, a replica whenever a second node exists."""
    kw = {"type": "keyword"}
    return {
        "settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
        "mappings": {"dynamic": "strict", "properties": {
            "kind": kw, "text": kw, "n": {"type": "long"},
            "run": kw, "part": {"type": "integer"}, "parts": {"type": "integer"},
            "data": {"type": "binary"},
            "report": {"type": "object", "enabled": False},
            "at": {"type": "keyword", "index": False},
        }},
    }


# ---------------------------------------------------------------------- lexicon

class LexiconDelta:
    """Changes to the lexicon's counts gathered over a run (added articles +1, removed -1)."""

    def __init__(self):
        self.terms: Counter = Counter()
        self.words: Counter = Counter()

    def add(self, title_terms, body_terms, words, sign: int = 1) -> None:
        for t in title_terms:
            self.terms[t] += sign
        for t in body_terms:
            self.terms[t] += sign
        for w in words:
            self.words[w] += sign

    def write(self, client, bulk: BulkWriter, side_index: str, fresh: bool) -> int:
        """Send the terms' changes: counts into a fresh side index, else the stored counts read
        and written back changed (the writer holds the lock: nobody else changes them; no
        script is needed, so a cluster without a scripting module works too). A count that
        reaches zero removes its document. Returns how many documents were written or removed.
        (Words go as one blob: :meth:`apply_words`.)"""
        changes = {TERM + t: (t, d) for t, d in self.terms.items()
                   if d and len((TERM + t).encode("utf-8", "surrogatepass")) <= 512}  # OpenSearch's id limit
        ids = sorted(changes)
        n = 0
        for i in range(0, len(ids), 1000):
            batch = ids[i:i + 1000]
            stored = {}
            if not fresh:
                got = client.mget(index=side_index, body={"ids": batch}, params={"_source_includes": "n"},
                                  request_timeout=120)
                stored = {doc["_id"]: int(doc["_source"].get("n", 0)) for doc in got["docs"] if doc.get("found")}
            for doc_id in batch:
                text, d = changes[doc_id]
                count = stored.get(doc_id, 0) + d
                if count > 0:
                    bulk.index(side_index, doc_id, {"kind": "term", "text": text, "n": count})
                    n += 1
                elif doc_id in stored:
                    bulk.delete(side_index, doc_id)
                    n += 1
        return n

    def apply_words(self, words: dict[str, int]) -> dict[str, int]:
        """``words`` with this run's changes (a word no article holds any more is dropped)."""
        for w, d in self.words.items():
            n = words.get(w, 0) + d
            if n > 0:
                words[w] = n
            else:
                words.pop(w, None)
        return words


# ---------------------------------------------------------------------- blobs

def save_blob(name: str, raw: bytes, client, bulk: BulkWriter, side_index: str) -> None:
    """Write ``raw`` as parts (``<name>:<run>:<i>``), then the manifest ``<name>`` naming them (one
    document write, so a reader sees the old blob or the new one), then remove the old parts."""
    old = _get(client, side_index, name)
    run = f"{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"
    parts = max(1, -(-len(raw) // STATE_PART_BYTES))
    for i in range(parts):
        chunk = raw[i * STATE_PART_BYTES:(i + 1) * STATE_PART_BYTES]
        bulk.index(side_index, f"{name}:{run}:{i}", {"kind": f"{name}-part", "run": run, "part": i,
                                                     "data": base64.b64encode(chunk).decode("ascii")})
        bulk.flush()
    bulk.index(side_index, name, {"kind": name, "run": run, "parts": parts})
    bulk.flush()
    if old is not None:
        for i in range(int(old.get("parts", 0))):
            bulk.delete(side_index, f"{name}:{old['run']}:{i}")
        bulk.flush()


def blob_run(client, side_index: str, name: str) -> str | None:
    """The run that wrote the current blob ``name`` (it changes whenever the blob does)."""
    manifest = _get(client, side_index, name)
    return manifest["run"] if manifest else None


def load_blob(client, side_index: str, name: str) -> bytes | None:
    """The blob ``name``, or None when there is none (or a part is missing)."""
    manifest = _get(client, side_index, name)
    if manifest is None:
        return None
    run, parts = manifest["run"], int(manifest["parts"])
    ids = [f"{name}:{run}:{i}" for i in range(parts)]
    data = bytearray()
    for i in range(0, len(ids), 8):
        got = client.mget(index=side_index, body={"ids": ids[i:i + 8]}, request_timeout=120)
        for doc in got["docs"]:
            if not doc.get("found"):
                return None
            data += base64.b64decode(doc["_source"]["data"])
    return bytes(data)


# ---------------------------------------------------------------------- story clusters

def load_stories(client, side_index: str) -> StoryClusters:
    """The story clusters saved in the side index; :class:`StoryStateMissing` when there are
    none, or a ``StoryStateError`` when they cannot be used (the writer then rebuilds them from
    the articles)."""
    raw = load_blob(client, side_index, "stories")
    if raw is None:
        raise StoryStateMissing(f"no story-cluster state in {side_index}")
    with tempfile.TemporaryDirectory(prefix="newsdesk-stories-") as tmp:
        path = Path(tmp) / "stories.npz"
        path.write_bytes(raw)
        return StoryClusters.load(path)


def save_stories(clusters: StoryClusters, client, bulk: BulkWriter, side_index: str) -> int:
    """Save the clusters' state (:meth:`StoryClusters.save`'s ``.npz``) as a blob. Returns bytes."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-stories-") as tmp:
        path = Path(tmp) / "stories.npz"
        clusters.save(path)
        raw = path.read_bytes()
    save_blob("stories", raw, client, bulk, side_index)
    return len(raw)


# ---------------------------------------------------------------------- vocabulary

def load_words(client, side_index: str) -> dict[str, int]:
    """Every word as people wrote it with the number of articles holding it ({} when none)."""
    raw = load_blob(client, side_index, "words")
    return json.loads(zlib.decompress(raw)) if raw else {}


def save_words(words: dict[str, int], client, bulk: BulkWriter, side_index: str) -> int:
    raw = zlib.compress(json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"), 6)
    save_blob("words", raw, client, bulk, side_index)
    return len(raw)


# ---------------------------------------------------------------------- the last run

def write_last_build(client, side_index: str, report: dict) -> None:
    """Keep the last run's summary (best effort, like :func:`index.store.write_last_build`)."""
    record = dict(report, finished=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                  skipped_count=len(report.get("skipped", [])), skipped=report.get("skipped", [])[:50],
                  host=os.uname().nodename, pid=os.getpid())
    try:
        client.index(index=side_index, id="last-build", body={"kind": "last-build", "report": record},
                     request_timeout=60)
    except Exception:  # noqa: BLE001 - a written index is not failed for want of its summary
        pass


def read_last_build(client, side_index: str) -> dict | None:
    doc = _get(client, side_index, "last-build")
    return doc.get("report") if doc else None


def _get(client, index: str, doc_id: str):
    from opensearchpy.exceptions import NotFoundError

    try:
        return client.get(index=index, id=doc_id, request_timeout=60)["_source"]
    except NotFoundError:
        return None
