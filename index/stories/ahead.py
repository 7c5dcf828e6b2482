"""Screening the candidates of many new texts ahead of adding them, in worker processes.

Adding articles one by one (:meth:`StoryClusters.add`) is sequential: each new text is linked
to the texts before it. Most of that time is finding each new text's candidates and counting
the shingles they share (the screen and the exact count), and that part depends only on the
texts, not on the clusters: which texts will be in the candidate index when a text is added is
known in advance (every text before it, in order). So for a large run the screening is done
first, for every new text at once, shared among worker processes; the adds then take each
text's screened candidates as they are and only decide the links and clusters, exactly as they
would have (the same candidates, the same counts, the same links: a test compares both ways).

It reads the clusters' own tables (their candidate index, texts and sizes) as a part of
:class:`~index.stories.clusters.StoryClusters` kept in a module of its own; it changes nothing
in them.

A run that would replace an article already clustered (its text is taken out midway, which
changes the candidates of the texts after it) is not screened ahead: its articles are added
one by one.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..workers import run_in_workers
from .candidates import screen
from .clusters import StoryClusters
from .shingles import Fingerprint
from .similarity import shared_counts

__all__ = ["PARALLEL_MIN_TEXTS", "screen_ahead"]

# Below this many new texts, starting worker processes costs more than the screening they share.
PARALLEL_MIN_TEXTS = 5000
CHUNK = 256  # texts per job handed to a worker

Screened = tuple[list[int], list[int]]


def screen_ahead(clusters: StoryClusters, items: list[tuple[str, Fingerprint | None]],
                 workers: int, progress: Callable[[int], None] | None = None) -> dict[str, Screened]:
    """For each article of ``items`` (article id, its body's fingerprint), in the order they will
    be added, whose text will be new to ``clusters``: its screened candidates and the shingles
    each shares with it, as :meth:`StoryClusters.add` would find them at that moment. Empty
    when the run cannot be screened ahead (see the module docstring)."""
    plan = _new_texts(clusters, items)
    if not plan:
        return {}
    candidates = clusters._candidates
    base = len(clusters._key)
    texts = {node: shingles for _, node, shingles in plan}
    planned = candidates.plan([(node, shingles) for _, node, shingles in plan])
    sizes = np.zeros(max(texts) + 1, dtype=np.int64)
    sizes[:base] = clusters._sizes[:base]
    for node, shingles in texts.items():
        sizes[node] = len(shingles)

    def text_of(o: int) -> np.ndarray:
        return texts[o] if o >= base else clusters._shingles[o]

    owner = {node: article_id for article_id, node, _ in plan}

    def work(_, chunks, done) -> list[tuple[str, list[int], list[int]]]:
        out = []
        for chunk in chunks:  # node numbers only cross to the workers: the rest they inherit
            for node in chunk:
                shingles = texts[node]
                others, counts = candidates.count_arrays_as_of(shingles, node, planned)
                kept = screen(node, len(shingles), others, counts, sizes[others], clusters.rule, clusters.sample_mod)
                out.append((owner[node], kept, shared_counts(shingles, [text_of(o) for o in kept])))
            if done is not None:
                done(len(chunk))
        return out

    nodes = [node for _, node, _ in plan]
    chunks = [nodes[i:i + CHUNK] for i in range(0, len(nodes), CHUNK)]  # dealt out in turn
    parts = run_in_workers(work, chunks, workers, progress) if workers > 1 else [work(0, chunks, progress)]
    return {article_id: (kept, shared) for part in parts for article_id, kept, shared in part}


def _new_texts(clusters: StoryClusters, items) -> list[tuple[str, int, np.ndarray]]:
    """(article id, node number, shingles) of each text the adds will create and index, in
    order; [] when an add would replace an article (or one id comes twice)."""
    base = len(clusters._key)
    seen_ids: set[str] = set()
    seen_keys: set[str] = set()
    out = []
    made = 0
    for article_id, fp in items:
        if article_id in clusters or article_id in seen_ids:
            return []
        seen_ids.add(article_id)
        fp, key = clusters.text_of(article_id, None, fp)
        if key in clusters._node_by_key or key in seen_keys:
            continue
        seen_keys.add(key)
        node = base + made
        made += 1
        if len(fp.shingles) >= clusters.rule.min_shared:  # only these are indexed and linked
            out.append((article_id, node, fp.shingles))
    return out
