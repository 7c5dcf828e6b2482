"""One generation of the embedded index, loaded for searching: every segment's sidecar arrays
joined into one document space (the order Whoosh's own multi-segment reader uses), plus the
Whoosh index for stored fields and phrase matching.

A view never changes once built; :class:`ViewCache` builds a new one when the live generation
or its table of contents changes, reusing the arrays of segments it has loaded before (segments
are immutable; only their deletions change).
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage

from index.analysis import remember_stems
from index.sidecar import NO_DATE, SegmentArrays, SidecarDamaged
from index.stories.index_map import read_map, story_codes
from index.store import INDEX_NAME, IndexDamaged, NoIndex, current_generation, read_toc

from .terms import TermSpace

TEXT_FIELDS = ("title", "body", "source_text")


class IndexView:
    """The searchable state of one table of contents."""

    def __init__(self, index_dir: Path, gen: Path, toc, cache: dict[str, SegmentArrays]):
        self.index_dir, self.gen, self.toc_generation = Path(index_dir), gen, toc.generation
        self.segments = list(toc.segments)
        self.arrays: list[SegmentArrays] = []
        try:
            for seg in self.segments:
                sid = seg.segment_id()
                arr = cache.get(sid) or SegmentArrays(gen, sid)
                cache[sid] = arr
                self.arrays.append(arr)
        except SidecarDamaged as e:
            raise IndexDamaged(index_dir, str(e)) from None
        sizes = [a.doc_count for a in self.arrays]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64) if sizes else np.zeros(1, np.int64)
        self.n = int(self.offsets[-1])
        live = np.ones(self.n, dtype=bool)
        for seg, off in zip(self.segments, self.offsets):
            if seg.has_deletions():
                dels = np.fromiter(seg.deleted_docs(), dtype=np.int64)
                live[off + dels] = False
        self.live = live
        self.doc_count = int(live.sum())
        self._join_docs()
        self.lengths = {f: self._concat(f"len_{f}", np.uint32).astype(np.float32) for f in TEXT_FIELDS}
        self.avg_length = {f: float(self.lengths[f][live].mean()) if self.doc_count else 1.0
                           for f in TEXT_FIELDS}
        # Each document's story (its founding article's id) and a number per story.
        self.story_ids, self.stories = story_codes(self.ids, read_map(gen, toc.generation))
        self.story_sizes = np.bincount(self.stories[self.live], minlength=int(self.stories.max()) + 1 if self.n else 0)
        self._lock = threading.Lock()
        self._vocabulary = None
        self._term_space = None
        self._id_index = None
        self._reader = None
        self._reader_lock = threading.RLock()

    # ---------------------------------------------------------------- per-document arrays

    def _concat(self, key: str, dtype) -> np.ndarray:
        if not self.arrays:
            return np.zeros(0, dtype=dtype)
        return np.concatenate([a.docs[key] for a in self.arrays]).astype(dtype, copy=False)

    def _join_docs(self) -> None:
        self.published = self._concat("published", np.int64)
        self.body_chars = self._concat("body_chars", np.uint32)
        self.ids = self._concat("ids", "S16")
        self.source_names, self.source = self._global_codes("sources", "source")
        self.month_names, self.month = self._global_codes("months", "month")
        self.dated = self.published != NO_DATE

    def _global_codes(self, meta_key: str, doc_key: str) -> tuple[list[str], np.ndarray]:
        """Per-segment codes (outlets, months) renumbered into one list of names."""
        names: list[str] = []
        index: dict[str, int] = {}
        parts = []
        for arr in self.arrays:
            local = arr.meta[meta_key]
            mapping = np.empty(len(local) + 1, dtype=np.int32)
            mapping[-1] = -1  # code -1 (no value) maps to -1
            for i, name in enumerate(local):
                code = index.get(name)
                if code is None:
                    code = index[name] = len(names)
                    names.append(name)
                mapping[i] = code
            parts.append(mapping[arr.docs[doc_key]])
        return names, (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32))

    # ---------------------------------------------------------------- postings

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(global document numbers, term frequencies) of a term in a field, all segments."""
        docs, tfs = [], []
        for arr, off in zip(self.arrays, self.offsets):
            post = arr.postings.get(fieldname)
            if post is None:
                continue
            d, tf = post.get(term)
            if len(d):
                docs.append(d.astype(np.int64) + off)
                tfs.append(tf)
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32)
        if len(docs) == 1:
            return docs[0], np.asarray(tfs[0])
        return np.concatenate(docs), np.concatenate(tfs)

    def term_positions(self, fieldname: str, term: str) -> np.ndarray:
        """Every occurrence of a term in a field as one sorted key: global docnum × 2**24 +
        position (a document's positions stay below 2**24)."""
        keys = []
        for arr, off in zip(self.arrays, self.offsets):
            post = arr.postings.get(fieldname)
            if post is None:
                continue
            docs, tfs, pos = post.positions_of(term)
            if len(docs):
                keys.append((np.repeat(docs.astype(np.int64) + off, tfs.astype(np.int64)) << 24)
                            | pos.astype(np.int64))
        if not keys:
            return np.zeros(0, dtype=np.int64)
        return keys[0] if len(keys) == 1 else np.concatenate(keys)

    def document_terms(self, docnum: int, fields=("title", "body")) -> dict[str, int]:
        """What one document holds: term -> frequency over ``fields``, from the sidecar's
        by-document postings (no analysis of its text)."""
        si = int(np.searchsorted(self.offsets, docnum, side="right")) - 1
        local = docnum - int(self.offsets[si])
        out: dict[str, int] = {}
        for fname in fields:
            post = self.arrays[si].postings.get(fname)
            if post is None:
                continue
            numbers, tfs = post.document_terms(local)
            names = map(post.terms.__getitem__, numbers.tolist())
            if out:
                get = out.get
                for t, tf in zip(names, tfs.tolist()):
                    out[t] = get(t, 0) + tf
            else:  # the first field: its terms are distinct
                out = dict(zip(names, tfs.tolist()))
        return out

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return sum(a.postings[fieldname].doc_frequency(term) for a in self.arrays if fieldname in a.postings)

    def expand(self, forms: list[str], limit: int, fields=("title", "body")) -> tuple[list[str], int]:
        """Up to ``limit`` terms of ``fields`` that start with one of ``forms``, the most frequent
        first, and how many such terms there are (looked at up to a bound)."""
        scan = max(limit * 20, 2000)
        freq: dict[str, int] = {}
        for form in forms:
            if not form:
                continue
            for arr in self.arrays:
                for fname in fields:
                    post = arr.postings.get(fname)
                    if post is None:
                        continue
                    for t in post.with_prefix(form, scan):
                        freq[t] = freq.get(t, 0) + post.doc_frequency(t)
        ranked = sorted(freq, key=lambda t: (-freq[t], t))
        return ranked[:limit], len(ranked)

    # ---------------------------------------------------------------- words, ids, stored fields

    def vocabulary(self) -> dict[str, int]:
        """Every word people wrote (folded, lower case) with the number of articles holding it."""
        if self._vocabulary is None:
            with self._lock:
                if self._vocabulary is None:
                    merged: dict[str, int] = {}
                    for arr in self.arrays:
                        words = arr.meta.get("words", {})
                        for w, n in words.items():
                            merged[w] = merged.get(w, 0) + n
                        stems = arr.meta.get("stems")
                        if isinstance(stems, list) and len(stems) == len(words):
                            remember_stems(words, stems)  # snippets need not stem these words
                    self._vocabulary = merged
        return self._vocabulary

    def term_space(self) -> TermSpace:
        """The title and body terms of every segment numbered once (built on first use)."""
        if self._term_space is None:
            with self._lock:
                if self._term_space is None:
                    self._term_space = TermSpace(self.arrays)
        return self._term_space

    def docnum(self, article_id: str) -> int | None:
        """The live document with this id, or None."""
        if self._id_index is None:
            with self._lock:
                if self._id_index is None:
                    order = np.argsort(self.ids, kind="stable")
                    self._id_index = (self.ids[order], order)
        keys, order = self._id_index
        try:
            key = article_id.encode("ascii")
        except UnicodeEncodeError:
            return None
        lo = int(np.searchsorted(keys, key, side="left"))
        hi = int(np.searchsorted(keys, key, side="right"))
        for i in range(lo, hi):
            d = int(order[i])
            if self.live[d]:
                return d
        return None

    def reader(self):
        """The Whoosh reader of the generation (for stored fields), one per view and process,
        opened on first use. Its files are read with seek-then-read, so :meth:`stored` holds
        ``_reader_lock`` around each read: every server thread shares the open segments, instead
        of each thread opening them all again on its first request (about 10 ms at 100,000
        articles, paid by the first request of each of a server's threads)."""
        r = self._reader
        if r is None:
            with self._reader_lock:
                if self._reader is None:
                    try:
                        ix = FileStorage(str(self.gen)).open_index(INDEX_NAME)
                        self._reader = ix.reader()
                    except Exception as e:
                        raise IndexDamaged(self.index_dir,
                                           f"a segment cannot be opened: {type(e).__name__}") from None
                r = self._reader
        return r

    def stored(self, docnum: int) -> dict:
        reader = self.reader()
        try:
            with self._reader_lock:
                return reader.stored_fields(int(docnum))
        except Exception as e:
            raise IndexDamaged(self.index_dir, f"stored articles cannot be read: {type(e).__name__}") from None


class ViewCache:
    """The current view of an index directory, rebuilt when a rebuild swaps generations or an
    incremental run commits a new table of contents."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._view: IndexView | None = None
        self._key = None
        self._arrays: dict[str, SegmentArrays] = {}
        self._lock = threading.Lock()

    def _key_now(self):
        gen = current_generation(self.index_dir)
        if gen is None:
            raise NoIndex(f"no index at {self.index_dir}: build one with "
                          f"`newsdesk index SOURCE... --index {self.index_dir}`")
        try:
            st = gen.stat()
        except OSError:
            raise IndexDamaged(self.index_dir, f"{gen.name} cannot be read") from None
        return gen, st.st_mtime_ns

    def get(self) -> IndexView:
        key = self._key_now()
        view = self._view
        if view is not None and key == self._key:
            return view
        with self._lock:
            if self._view is not None and key == self._key:
                return self._view
            gen = key[0]
            toc = read_toc(self.index_dir, gen)
            if self._view is not None and self._view.gen == gen and self._view.toc_generation == toc.generation:
                self._key = key
                return self._view
            if self._view is None or self._view.gen != gen:
                self._arrays = {}
            view = IndexView(self.index_dir, gen, toc, self._arrays)
            live_ids = {s.segment_id() for s in toc.segments}
            self._arrays = {k: v for k, v in self._arrays.items() if k in live_ids}
            self._view, self._key = view, key
            return view
