"""The story of every article, as searchers read it: a small file per table of contents.

The indexer keeps its full cluster state (shingles, links: :mod:`.state`) for the next run;
searchers need only which story each article belongs to. That goes in ``stories-<N>.npz``
beside the ``N``-th table of contents, written before that table of contents is, so a searcher
that sees table ``N`` finds its map: two sorted arrays, article ids and their story ids (the
founding article's id). An article missing from the map (an index written before stories were
kept) is a story of its own.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

_NAME = re.compile(r"stories-(\d+)\.npz")


def map_path(gen: Path, toc_generation: int) -> Path:
    return Path(gen) / f"stories-{toc_generation}.npz"


def write_map(gen: Path, toc_generation: int, assignments: dict[str, str]) -> None:
    """Write the article → story map for table of contents ``toc_generation`` (atomically)."""
    ids = sorted(assignments)
    arrays = {"article_ids": np.array(ids, dtype="S16").reshape(-1),
              "story_ids": np.array([assignments[a] for a in ids], dtype="S16").reshape(-1)}
    path = map_path(gen, toc_generation)
    tmp = path.with_name("." + path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_map(gen: Path, toc_generation: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(sorted article ids, their story ids) for a table of contents; None when there is none."""
    path = map_path(gen, toc_generation)
    try:
        with np.load(path, allow_pickle=False) as z:
            ids, stories = z["article_ids"], z["story_ids"]
    except (OSError, ValueError, KeyError):
        return None
    if len(ids) != len(stories):
        return None
    return ids, stories


def remove_old_maps(gen: Path, keep: int) -> None:
    """Remove the maps of earlier tables of contents (a searcher switches to a new table at its
    next request; the one before is kept for a searcher in the middle of one)."""
    for p in Path(gen).glob("stories-*.npz"):
        m = _NAME.fullmatch(p.name)
        if m and int(m.group(1)) < keep - 1:
            p.unlink(missing_ok=True)


def story_codes(ids: np.ndarray, mapping: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
    """For documents' ``ids`` (bytes): each one's story id, and a number per story (documents of
    one story share it). A document the map does not know is a story of its own.

    >>> ids = np.array([b"a", b"b", b"c"], dtype="S16")
    >>> story, code = story_codes(ids, (np.array([b"a", b"b", b"c"], dtype="S16"), np.array([b"b", b"b", b"c"], dtype="S16")))
    >>> story.tolist(), code.tolist()
    ([b'b', b'b', b'c'], [0, 0, 1])
    """
    n = len(ids)
    if mapping is None or not n or not len(mapping[0]):
        return ids.copy(), np.arange(n, dtype=np.int64)
    keys, stories = mapping
    pos = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
    story_of = np.where(keys[pos] == ids, stories[pos], ids).astype("S16")
    _, code = np.unique(story_of, return_inverse=True)
    return story_of, code.astype(np.int64)
