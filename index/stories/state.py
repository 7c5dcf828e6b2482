"""The story clusters on disk: one NumPy ``.npz`` file of plain arrays, written atomically.

The file sits in the index generation it belongs to (the caller gives the path; the usual name
is :data:`STATE_FILE`). It holds no pickled objects (it is read with ``allow_pickle=False``):

| array | dtype | what |
|---|---|---|
| ``meta`` | uint8 | UTF-8 JSON: format name and version, shingle size, sample rate, hash scheme, the pair rule |
| ``article_ids`` | unicode | every article id |
| ``article_node`` | int64 | the text (node) each article has, an index into the node arrays |
| ``article_time`` | float64 | publication time, seconds since the epoch (NaN: not known) |
| ``node_keys`` | unicode | each distinct normalised text's key (exact copies share one) |
| ``shingles`` | uint32 | every node's sorted distinct shingle hashes, one after another |
| ``shingles_offsets`` | int64 | node i's shingles are ``shingles[offsets[i]:offsets[i + 1]]`` |
| ``links`` | int64 (n, 2) | pairs of nodes judged the same story |

Clusters are not stored: they are the connected parts of the links, and their ids follow from
the articles' dates and ids, so they come back the same. A file that is missing, unreadable,
inconsistent or written with other settings raises a :class:`StoryStateError` subclass whose
message says what to do; nothing is guessed.
"""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

STATE_FILE = "stories.npz"
FORMAT = "newsdesk-story-clusters"
VERSION = 1
# Names the text normalisation and hashing of index.stories.shingles: changing either makes
# stored shingles incomparable with new ones, and must change this.
HASH_SCHEME = "fold-v1/words-crc32-fmix64/numberwords/shingles-top32"

ARRAYS = ("meta", "article_ids", "article_node", "article_time", "node_keys", "shingles", "shingles_offsets",
          "links")


class StoryStateError(Exception):
    """The saved story clusters cannot be used; rebuild them from the index's articles."""


class StoryStateMissing(StoryStateError, FileNotFoundError):
    """There is no saved state at that path."""


class StoryStateCorrupt(StoryStateError):
    """The file is not a readable, self-consistent story-cluster state."""


class StoryStateIncompatible(StoryStateError):
    """The state was written with other settings (format version, shingles, hashing, rule)."""


def write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write the arrays to ``path`` atomically: a temporary file beside it, flushed to disk,
    then renamed over it, so a reader (or a crash) sees the old file or the new one."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def read(path: Path, expected_meta: dict) -> dict[str, np.ndarray]:
    """The arrays of a state file, checked against ``expected_meta`` and for consistency."""
    path = Path(path)
    if not path.is_file():
        raise StoryStateMissing(f"no story-cluster state at {path}")
    try:
        with np.load(path, allow_pickle=False) as z:
            missing = [name for name in ARRAYS if name not in z.files]
            if missing:
                raise StoryStateCorrupt(f"story-cluster state {path} lacks {', '.join(missing)}; rebuild it")
            arrays = {name: z[name] for name in ARRAYS}
    except StoryStateError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise StoryStateCorrupt(f"story-cluster state {path} cannot be read ({e}); rebuild it") from None
    try:
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StoryStateCorrupt(f"story-cluster state {path} has unreadable settings ({e}); rebuild it") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise StoryStateCorrupt(f"{path} is not a story-cluster state file")
    for name, want in expected_meta.items():
        if meta.get(name) != want:
            raise StoryStateIncompatible(
                f"story-cluster state {path} was written with {name}={meta.get(name)!r}, this version uses "
                f"{want!r}; rebuild the clusters")
    _check(path, arrays)
    return arrays


def pack(name: str, arrays: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays of uint32 as one array and the offsets where each starts (``name``, ``name_offsets``)."""
    sizes = np.array([len(a) for a in arrays], dtype=np.int64)
    return {name: np.concatenate(arrays).astype(np.uint32) if arrays else np.zeros(0, dtype=np.uint32),
            f"{name}_offsets": np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)}


def unpack(arrays: dict[str, np.ndarray], name: str) -> list[np.ndarray]:
    """The arrays that :func:`pack` joined (views into the joined array)."""
    data, offsets = arrays[name], arrays[f"{name}_offsets"].tolist()
    return [data[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]


def encode_meta(meta: dict) -> np.ndarray:
    return np.frombuffer(json.dumps({"format": FORMAT, **meta}, sort_keys=True).encode("utf-8"), dtype=np.uint8)


def _check(path: Path, a: dict[str, np.ndarray]) -> None:
    """Shapes, types and index ranges agree with each other."""
    def bad(why: str):
        raise StoryStateCorrupt(f"story-cluster state {path} is inconsistent ({why}); rebuild it")

    n_art, n_node = len(a["article_ids"]), len(a["node_keys"])
    if a["article_ids"].dtype.kind != "U" or a["node_keys"].dtype.kind != "U":
        bad("ids are not text")
    if len(a["article_node"]) != n_art or len(a["article_time"]) != n_art:
        bad("article arrays differ in length")
    if len(set(a["article_ids"].tolist())) != n_art or len(set(a["node_keys"].tolist())) != n_node:
        bad("repeated ids")
    if a["article_node"].dtype.kind not in "iu" or a["article_time"].dtype.kind != "f":
        bad("article arrays have the wrong types")
    if n_art and (a["article_node"].min() < 0 or a["article_node"].max() >= n_node):
        bad("an article points at no text")
    offsets = a["shingles_offsets"]
    if offsets.dtype.kind not in "iu" or offsets.ndim != 1 or len(offsets) != n_node + 1 or offsets[0] != 0:
        bad("shingle offsets")
    if np.any(np.diff(offsets) < 0) or offsets[-1] != len(a["shingles"]) or a["shingles"].dtype != np.uint32:
        bad("shingle offsets")
    links = a["links"]
    if links.dtype.kind not in "iu" or links.ndim != 2 or links.shape[1] != 2:
        bad("links")
    if len(links) and (links.min() < 0 or links.max() >= n_node):
        bad("a link points at no text")
