"""One numbering of the title and body terms of every segment of a view.

Each segment's sidecar numbers its own terms (field by field, in sorted order), so what ten
articles from several segments hold could only be added up by their strings: a dictionary per
article, built term by term in Python (about 70 µs an article, most of pseudo-relevance
feedback's time). Mapped once per view into one space, an article's terms become an array of
integers, and feedback's relevance model is a few NumPy operations (:mod:`.feedback`).
"""
from __future__ import annotations

import numpy as np

FIELDS = ("title", "body")


class TermSpace:
    """Every distinct term of ``FIELDS`` across a view's segments, numbered once: ``terms[g]``
    is term ``g``; ``local[s][field]`` maps segment ``s``'s term numbers of that field to it."""

    def __init__(self, arrays):
        number: dict[str, int] = {}
        setdefault = number.setdefault
        self.local: list[dict[str, np.ndarray]] = []
        for arr in arrays:
            maps = {}
            for fname in FIELDS:
                post = arr.postings.get(fname)
                if post is not None:
                    maps[fname] = np.fromiter((setdefault(t, len(number)) for t in post.terms),
                                              dtype=np.int64, count=len(post.terms))
            self.local.append(maps)
        self.terms: list[str] = list(number)
        # Feedback's own test of a term worth suggesting: longer than two characters, not a number.
        self.suggestible = np.fromiter((len(t) > 2 and not t.isdigit() for t in self.terms),
                                       dtype=bool, count=len(self.terms))
        # Articles holding each term in their body, over all segments (deleted ones included, as
        # the per-segment postings count them).
        self.body_df = np.zeros(len(self.terms), dtype=np.int64)
        for arr, maps in zip(arrays, self.local):
            if "body" in maps:
                self.body_df[maps["body"]] += np.diff(arr.postings["body"].starts)

    def documents_terms(self, view, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What the documents hold, field by field: (which of ``docnums`` by position, term
        numbers, frequencies), in the order each document's title then body lists its terms
        (the same term may appear once per field)."""
        segs = np.searchsorted(view.offsets, docnums, side="right") - 1
        owner, ids, tfs = [], [], []
        for i, (d, s) in enumerate(zip(docnums.tolist(), segs.tolist())):
            local = d - int(view.offsets[s])
            for fname, mapping in self.local[s].items():
                numbers, freqs = view.arrays[s].postings[fname].document_terms(local)
                if len(numbers):
                    ids.append(mapping[numbers])
                    tfs.append(freqs)
                    owner.append(i)
        if not ids:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        which = np.repeat(np.array(owner, dtype=np.int64), [len(x) for x in ids])
        return which, np.concatenate(ids), np.concatenate(tfs).astype(np.int64)
