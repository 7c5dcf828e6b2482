"""Per-segment arrays beside each Whoosh segment: what ranking, filters, facets and grouping read.

Whoosh keeps a segment's postings in pickled blocks and its columns behind per-document Python
calls; reading them for every match of a common word grows with the collection. So every
segment the indexer writes gets a few plain files next to it, named after the segment (Whoosh's
own clean-up removes them with the segment):

    MAIN_<segid>.nd.meta.json          format, counts, outlets/months/files named by code, vocabulary
    MAIN_<segid>.nd.docs.npz           per document: id, published (µs since epoch, UTC), outlet,
                                       month and file codes, field lengths, body characters
    MAIN_<segid>.nd.<field>.terms.json the field's terms, sorted
    MAIN_<segid>.nd.<field>.post.npy   per term (in that order), its documents then its frequencies:
                                       one uint32 array, term k at [starts[k], starts[k+1]) for
                                       documents and the same span + n for frequencies
    MAIN_<segid>.nd.<field>.starts.npy int64 offsets into the above, one per term plus one
    MAIN_<segid>.nd.<field>.pos.npy    every posting's positions, in the same order (uint32): how
                                       phrases are matched, with NumPy, without Whoosh's matchers
    MAIN_<segid>.nd.<field>.pstarts.npy int64 offset of each term's first position, plus one
    MAIN_<segid>.nd.<field>.fwd.npy    the same postings by document: each document's terms (their
                                       numbers in terms.json) then their frequencies (uint32), with
    MAIN_<segid>.nd.<field>.fstarts.npy int64 offsets per document: what a document is about,
                                       without analysing its text again (feedback, similar articles)

The postings file is memory-mapped, so a query touches only the pages of its own terms.
Everything is plain JSON and NumPy ``.npy`` (no pickles), and a damaged file raises
:class:`SidecarDamaged` with the file's name.
"""
from __future__ import annotations

import json
import os
from bisect import bisect_left
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .analysis import stem

FORMAT = 3
PREFIX_FIELDS = ("title", "body", "source_text")
NO_DATE = np.iinfo(np.int64).min


class SidecarDamaged(RuntimeError):
    """A segment's arrays are missing or unreadable."""


def sidecar_name(segment_id: str, part: str) -> str:
    """A sidecar file's name: the Whoosh segment's id (``MAIN_<segid>``), so that Whoosh's
    clean-up of a dead segment's files takes its sidecar too."""
    return f"{segment_id}.nd.{part}"


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    with open(tmp, "wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@dataclass
class Codes:
    """Strings numbered in order of first appearance (outlets, months, files)."""

    names: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def code(self, name: str | None) -> int:
        if name is None:
            return -1
        c = self.index.get(name)
        if c is None:
            c = self.index[name] = len(self.names)
            self.names.append(name)
        return c


class SidecarWriter:
    """Collects one segment's per-document values and postings, then writes the files."""

    def __init__(self, fields=PREFIX_FIELDS):
        self.fields = tuple(fields)
        self.ids: list[str] = []
        self.published: list[int] = []
        self.lengths = {f: [] for f in self.fields}
        self.body_chars: list[int] = []
        self.sources, self.months, self.files = Codes(), Codes(), Codes()
        self.source_codes: list[int] = []
        self.month_codes: list[int] = []
        self.file_codes: list[int] = []
        self.file_hashes: dict[str, str] = {}
        self.words: Counter[str] = Counter()  # each vocabulary word's documents, in first-seen order

    def add(self, docnum: int, *, id: str, published_us: int | None, source: str | None,
            month: str | None, origin_file: str, file_hash: str, body_chars: int,
            lengths: dict[str, int], words) -> None:
        assert docnum == len(self.ids)
        self.ids.append(id)
        self.published.append(NO_DATE if published_us is None else published_us)
        self.source_codes.append(self.sources.code(source))
        self.month_codes.append(self.months.code(month))
        self.file_codes.append(self.files.code(origin_file))
        self.file_hashes[origin_file] = file_hash
        self.body_chars.append(body_chars)
        for fname in self.fields:
            self.lengths[fname].append(lengths.get(fname, 0))
        self.words.update(words)  # counted in C

    def write(self, directory: Path, segment_id: str, postings: dict[str, dict]) -> None:
        """Write the files; ``postings`` is field -> term -> (documents, frequencies, position lists)."""
        directory = Path(directory)
        n = len(self.ids)

        def path(part):
            return directory / sidecar_name(segment_id, part)

        for fname in self.fields:
            post = postings.get(fname, {})
            terms = sorted(post)
            counts = np.fromiter((len(post[t][0]) for t in terms), dtype=np.int64, count=len(terms))
            starts = np.zeros(len(terms) + 1, dtype=np.int64)
            np.cumsum(counts, out=starts[1:])
            total = int(starts[-1])
            data = np.empty(2 * total, dtype=np.uint32)
            docs_part, tfs_part = data[:total], data[total:]
            docs_part[:] = np.fromiter(chain.from_iterable(post[t][0] for t in terms), dtype=np.uint32, count=total)
            tfs_part[:] = np.fromiter(chain.from_iterable(post[t][1] for t in terms), dtype=np.uint32, count=total)
            running = np.zeros(total + 1, dtype=np.int64)   # positions before each posting
            np.cumsum(tfs_part, dtype=np.int64, out=running[1:])
            pstarts = running[starts]
            positions = np.fromiter(chain.from_iterable(chain.from_iterable(post[t][2] for t in terms)),
                                    dtype=np.uint32, count=int(pstarts[-1]))
            _atomic_write(path(f"{fname}.terms.json"),
                          lambda f, terms=terms: f.write(json.dumps(terms, ensure_ascii=False).encode("utf-8")))
            _atomic_write(path(f"{fname}.starts.npy"), lambda f, a=starts: np.save(f, a))
            _atomic_write(path(f"{fname}.post.npy"), lambda f, a=data: np.save(f, a))
            _atomic_write(path(f"{fname}.pstarts.npy"), lambda f, a=pstarts: np.save(f, a))
            _atomic_write(path(f"{fname}.pos.npy"), lambda f, a=positions: np.save(f, a))
            forward, fstarts = _by_document(docs_part, tfs_part, counts, n)
            _atomic_write(path(f"{fname}.fwd.npy"), lambda f, a=forward: np.save(f, a))
            _atomic_write(path(f"{fname}.fstarts.npy"), lambda f, a=fstarts: np.save(f, a))
        arrays = {
            "ids": np.array(self.ids, dtype="S16") if n else np.zeros(0, dtype="S16"),
            "published": np.array(self.published, dtype=np.int64),
            "source": np.array(self.source_codes, dtype=np.int32),
            "month": np.array(self.month_codes, dtype=np.int32),
            "files": np.array(self.file_codes, dtype=np.int32),
            "body_chars": np.array(self.body_chars, dtype=np.uint32),
        }
        for fname in self.fields:
            arrays[f"len_{fname}"] = np.array(self.lengths[fname], dtype=np.uint32)
        _atomic_write(path("docs.npz"), lambda f: np.savez(f, **arrays))  # noqa: E731
        meta = {"format": FORMAT, "doc_count": n, "fields": list(self.fields),
                "sources": self.sources.names, "months": self.months.names,
                "files": self.files.names, "file_hashes": [self.file_hashes[f] for f in self.files.names],
                "words": self.words,
                # Each word's stem, null where the word is its own stem: a server that seeds its
                # analysis with these stems no word of its index with NLTK again (snippets).
                "stems": [None if t == w else t for w, t in zip(self.words, map(stem, self.words))]}
        # meta.json goes last: its presence says the segment's arrays are complete.
        _atomic_write(path("meta.json"), lambda f: f.write(json.dumps(meta, ensure_ascii=False).encode("utf-8")))


def _by_document(docs: np.ndarray, tfs: np.ndarray, counts: np.ndarray, n_docs: int):
    """The postings (in term order) turned around: per document, its term numbers then their
    frequencies, one uint32 array, and the int64 offset of each document's terms."""
    term_numbers = np.repeat(np.arange(len(counts), dtype=np.uint32), counts)
    order = np.argsort(docs, kind="stable")
    per_doc = np.bincount(docs, minlength=n_docs) if len(docs) else np.zeros(n_docs, dtype=np.int64)
    fstarts = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(per_doc, out=fstarts[1:])
    total = len(docs)
    forward = np.empty(2 * total, dtype=np.uint32)
    forward[:total] = term_numbers[order]
    forward[total:] = tfs[order]
    return forward, fstarts


class Postings:
    """One field's postings in one segment: term -> (document numbers, frequencies, positions)."""

    def __init__(self, terms: list[str], starts: np.ndarray, data: np.ndarray,
                 pstarts: np.ndarray, positions: np.ndarray, forward: np.ndarray, fstarts: np.ndarray):
        self.terms, self.starts, self.data = terms, starts, data
        self.pstarts, self.positions = pstarts, positions
        self.forward, self.fstarts = forward, fstarts
        self.total = int(starts[-1]) if len(starts) else 0

    def _find(self, term: str) -> int:
        i = bisect_left(self.terms, term)
        return i if i < len(self.terms) and self.terms[i] == term else -1

    def doc_frequency(self, term: str) -> int:
        i = self._find(term)
        return 0 if i < 0 else int(self.starts[i + 1] - self.starts[i])

    def get(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, term frequencies) for a term; empty arrays when absent."""
        i = self._find(term)
        if i < 0:
            empty = np.zeros(0, dtype=np.uint32)
            return empty, empty
        a, b = int(self.starts[i]), int(self.starts[i + 1])
        return self.data[a:b], self.data[self.total + a:self.total + b]

    def positions_of(self, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(docnums, frequencies, positions) of a term: each document's positions follow one
        another in document order, ``frequencies[i]`` of them for ``docnums[i]``."""
        i = self._find(term)
        if i < 0:
            empty = np.zeros(0, dtype=np.uint32)
            return empty, empty, empty
        a, b = int(self.starts[i]), int(self.starts[i + 1])
        return (self.data[a:b], self.data[self.total + a:self.total + b],
                self.positions[int(self.pstarts[i]):int(self.pstarts[i + 1])])

    def document_terms(self, docnum: int) -> tuple[np.ndarray, np.ndarray]:
        """(term numbers, frequencies) of one document of the segment."""
        a, b = int(self.fstarts[docnum]), int(self.fstarts[docnum + 1])
        return self.forward[a:b], self.forward[self.total + a:self.total + b]

    def with_prefix(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` terms that start with ``prefix``, in sorted order."""
        i = bisect_left(self.terms, prefix)
        out = []
        while i < len(self.terms) and len(out) < limit and self.terms[i].startswith(prefix):
            out.append(self.terms[i])
            i += 1
        return out


def _mapped(file: Path) -> np.ndarray:
    """A large array mapped from its file, not read, as a plain ndarray: slices of a
    ``np.memmap`` run Python code (``memmap.__array_finalize__``) each time, and a search slices
    these arrays hundreds of times (6% of a server's CPU at 100,000 articles). The mapping stays
    open as the array's base."""
    return np.load(file, mmap_mode="r", allow_pickle=False).view(np.ndarray)


class SegmentArrays:
    """The sidecar of one segment, loaded (postings memory-mapped)."""

    def __init__(self, directory: Path, segment_id: str):
        self.segment_id = segid = segment_id

        def path(part):
            return Path(directory) / sidecar_name(segment_id, part)

        try:
            meta = json.loads(path("meta.json").read_bytes())
            if meta.get("format") != FORMAT:
                raise SidecarDamaged(f"{path('meta.json').name}: format {meta.get('format')!r}, "
                                     f"expected {FORMAT}")
            self.meta = meta
            self.doc_count = int(meta["doc_count"])
            with np.load(path("docs.npz"), allow_pickle=False) as z:
                self.docs = {k: z[k] for k in z.files}
            self.postings = {}
            for fname in meta["fields"]:
                terms = json.loads(path(f"{fname}.terms.json").read_bytes())
                starts = np.load(path(f"{fname}.starts.npy"), allow_pickle=False)
                data = _mapped(path(f"{fname}.post.npy"))
                pstarts = np.load(path(f"{fname}.pstarts.npy"), allow_pickle=False)
                positions = _mapped(path(f"{fname}.pos.npy"))
                forward = _mapped(path(f"{fname}.fwd.npy"))
                fstarts = np.load(path(f"{fname}.fstarts.npy"), allow_pickle=False)
                if (len(starts) != len(terms) + 1 or data.shape[0] != 2 * int(starts[-1])
                        or len(pstarts) != len(starts) or positions.shape[0] != int(pstarts[-1])
                        or forward.shape[0] != data.shape[0] or len(fstarts) != self.doc_count + 1):
                    raise SidecarDamaged(f"{path(f'{fname}.post.npy').name}: sizes do not agree")
                self.postings[fname] = Postings(terms, starts, data, pstarts, positions, forward, fstarts)
        except SidecarDamaged:
            raise
        except (OSError, ValueError, KeyError, TypeError, EOFError, UnicodeDecodeError) as e:
            raise SidecarDamaged(f"segment {segid}: {type(e).__name__}: {e}") from None
        for k, v in self.docs.items():
            if len(v) != self.doc_count:
                raise SidecarDamaged(f"segment {segid}: {k} holds {len(v)} values for {self.doc_count} documents")
