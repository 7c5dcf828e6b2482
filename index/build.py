"""Building an index from sources: incremental by default, or a full rebuild swapped in atomically.

Incremental: a file whose bytes are unchanged since it was last indexed is not read again; a
changed file's old articles are replaced by its new ones. Rebuild: a new generation is written
beside the live index and made live only once it is complete (see :mod:`index.store`).
"""
from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from tqdm import tqdm
from whoosh import index as whoosh_index

from .article import Article
from .readers import Ignored, Skipped, find_sources, read_file
from .schema import article_schema, to_document
from .store import current_generation, make_live, new_generation, write_lock


@dataclass
class BuildReport:
    """What an index run did, for the summary a user reads."""

    index_dir: Path
    rebuilt: bool = False
    files: int = 0
    files_unchanged: int = 0
    articles_read: int = 0
    indexed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int = 0
    seconds: float = 0.0

    @property
    def usable(self) -> bool:
        """True when the run read at least one good article (new, changed or unchanged)."""
        return self.indexed + self.unchanged + self.duplicates > 0

    def as_dict(self) -> dict:
        return {
            "index": str(self.index_dir), "rebuilt": self.rebuilt, "files": self.files,
            "files_unchanged": self.files_unchanged, "articles_read": self.articles_read,
            "indexed": self.indexed, "unchanged": self.unchanged, "duplicates": self.duplicates,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "notes": self.notes, "total": self.total, "seconds": round(self.seconds, 2),
        }


def file_key(path: Path) -> str:
    """How a source file is known in the index: its absolute path."""
    return str(path.resolve())


def _known_files(ix) -> dict[str, tuple[str, int]]:
    """origin_file → (file hash, number of articles) for every file already in the index."""
    known: dict[str, tuple[str, int]] = {}
    with ix.searcher() as s:
        for fields in s.all_stored_fields():
            key = fields.get("origin_file")
            if key:
                h, n = known.get(key, (fields.get("file_hash", ""), 0))
                known[key] = (h, n + 1)
    return known


def build_index(sources: Iterable[str | Path], index_dir: Path, rebuild: bool = False,
                show_progress: bool = False) -> BuildReport:
    """Index every article under ``sources`` into ``index_dir``. Never raises for bad input
    files (they are reported in the result); raises :class:`index.store.IndexLocked` when
    another writer holds the index and ``OSError`` when the index cannot be written."""
    started = time.monotonic()
    index_dir = Path(index_dir)
    report = BuildReport(index_dir=index_dir)
    paths: list[Path] = []
    ignored: dict[str, int] = {}
    for item in find_sources(sources):
        if isinstance(item, Ignored):
            suffix = Path(item.origin).suffix.lower() or "(no suffix)"
            ignored[suffix] = ignored.get(suffix, 0) + 1
        elif isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            paths.append(item)
    report.files = len(paths)
    if ignored:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(ignored.items()))
        report.notes.append(f"left out files of kinds no reader handles: {kinds}")

    with write_lock(index_dir):
        live = current_generation(index_dir)
        fresh = rebuild or live is None
        report.rebuilt = fresh
        gen = new_generation(index_dir) if fresh else live
        try:
            ix = (whoosh_index.create_in(str(gen), article_schema()) if fresh
                  else whoosh_index.open_dir(str(gen)))
            known = {} if fresh else _known_files(ix)
            writer = _LazyWriter(ix)
            try:
                seen: set[str] = set()
                for path in tqdm(paths, desc="indexing", unit="file", disable=not show_progress,
                                 leave=False, dynamic_ncols=True):
                    _index_file(path, writer, known, seen, fresh, report)
                if fresh:
                    writer.get()
                writer.commit(optimize=fresh)
            except BaseException:
                writer.cancel()
                raise
            with ix.searcher() as s:
                report.total = s.doc_count()
            ix.close()
        except BaseException:
            if fresh:
                shutil.rmtree(gen, ignore_errors=True)
            raise
        if fresh:
            make_live(index_dir, gen)
    report.seconds = time.monotonic() - started
    return report


class _LazyWriter:
    """Opens a Whoosh writer only when something is to be written, so that a run over
    unchanged sources leaves the index's files exactly as they were."""

    def __init__(self, ix):
        self.ix, self.writer = ix, None

    def get(self):
        if self.writer is None:
            self.writer = self.ix.writer(limitmb=256)
        return self.writer

    def commit(self, optimize: bool = False):
        if self.writer is not None:
            self.writer.commit(optimize=optimize)
            self.writer = None

    def cancel(self):
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None


def _index_file(path: Path, lazy: _LazyWriter, known: dict, seen: set, fresh: bool,
                report: BuildReport) -> None:
    """Index one file's articles (or count them unchanged)."""
    key = file_key(path)
    try:
        data = path.read_bytes()
        digest = hashlib.sha1(data).hexdigest()
    except OSError as e:
        report.skipped.append(Skipped(str(path), f"cannot read: {e.strerror or e}"))
        return
    if key in known and known[key][0] == digest:
        report.files_unchanged += 1
        report.unchanged += known[key][1]
        return
    if key in known:
        lazy.get().delete_by_term("origin_file", key)
    articles: list[Article] = []
    for item in read_file(path, data):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        report.articles_read += 1
        report.notes.extend(f"{item.origin}: {n}" for n in item.notes)
        if item.id in seen:
            report.duplicates += 1
            continue
        seen.add(item.id)
        articles.append(item)
    for article in articles:
        doc = to_document(article, key, digest)
        if fresh:
            lazy.get().add_document(**doc)
        else:
            lazy.get().update_document(**doc)
        report.indexed += 1
