"""What an incremental run needs to know of the index it adds to: which files it holds (with
their fingerprints and articles), where each live article is, and which to delete.

Read from the segments' sidecar arrays, so it costs a few array loads, not a pass over every
stored document.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .sidecar import SegmentArrays, SidecarDamaged
from .store import IndexDamaged


class ExistingIndex:
    """The live contents of one generation (its table of contents' segments)."""

    def __init__(self, index_dir: Path, gen: Path, segments: list):
        self.segments = list(segments)
        self.arrays: list[SegmentArrays] = []
        try:
            for seg in self.segments:
                self.arrays.append(SegmentArrays(gen, seg.segment_id()))
        except SidecarDamaged as e:
            raise IndexDamaged(index_dir, str(e)) from None
        self._files: dict[str, tuple[str, list[tuple[int, int]]]] | None = None
        self._ids: dict[str, tuple[int, int]] | None = None
        self.removed_ids: list[str] = []  # articles deleted in this run (their stories change)

    # ---------------------------------------------------------------- files

    def _index_files(self):
        files: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        for si, (seg, arr) in enumerate(zip(self.segments, self.arrays)):
            names, hashes = arr.meta["files"], arr.meta["file_hashes"]
            codes = arr.docs["files"]
            deleted = seg.deleted_docs() if seg.has_deletions() else ()
            for docnum in np.flatnonzero(codes >= 0):
                if docnum in deleted:
                    continue
                c = int(codes[docnum])
                entry = files.get(names[c])
                if entry is None:
                    entry = files[names[c]] = (hashes[c], [])
                entry[1].append((si, int(docnum)))
        self._files = files

    def file_hash(self, key: str) -> str | None:
        if self._files is None:
            self._index_files()
        entry = self._files.get(key)
        return entry[0] if entry else None

    def docs_of_file(self, key: str) -> list[tuple[int, int]]:
        if self._files is None:
            self._index_files()
        entry = self._files.get(key)
        return list(entry[1]) if entry else []

    def files(self) -> list[str]:
        if self._files is None:
            self._index_files()
        return list(self._files)

    # ---------------------------------------------------------------- articles

    def _index_ids(self):
        ids: dict[str, tuple[int, int]] = {}
        for si, (seg, arr) in enumerate(zip(self.segments, self.arrays)):
            deleted = seg.deleted_docs() if seg.has_deletions() else ()
            for docnum, raw in enumerate(arr.docs["ids"]):
                if docnum not in deleted:
                    ids[raw.decode("ascii")] = (si, docnum)
        self._ids = ids

    def locate(self, article_id: str) -> tuple[int, int] | None:
        """(segment, docnum) of the live article with this id, or None."""
        if self._ids is None:
            self._index_ids()
        return self._ids.get(article_id)

    def body_chars(self, where: tuple[int, int]) -> int:
        si, docnum = where
        return int(self.arrays[si].docs["body_chars"][docnum])

    def origin_file(self, where: tuple[int, int]) -> str:
        si, docnum = where
        arr = self.arrays[si]
        return arr.meta["files"][int(arr.docs["files"][docnum])]

    def delete(self, where: tuple[int, int]) -> None:
        """Delete one article (it stays in its segment's files until that segment is rewritten)."""
        si, docnum = where
        self.segments[si].delete_document(docnum)
        raw = self.arrays[si].docs["ids"][docnum].decode("ascii")
        self.removed_ids.append(raw)
        if self._ids is not None and self._ids.get(raw) == where:
            del self._ids[raw]
        if self._files is not None:
            docs = self._files.get(self.origin_file(where), (None, []))[1]
            if where in docs:
                docs.remove(where)

    def delete_file(self, key: str) -> int:
        """Delete every article read from one source file; returns how many."""
        docs = self.docs_of_file(key)
        for where in docs:
            self.delete(where)
        if self._files is not None:
            self._files.pop(key, None)
        return len(docs)

    def live_count(self) -> int:
        return sum(seg.doc_count() for seg in self.segments)

    def live_ids(self) -> set[str]:
        if self._ids is None:
            self._index_ids()
        return set(self._ids)
