"""Building an index from sources: incremental by default, or a full rebuild swapped in atomically.

Incremental: a file whose bytes are unchanged since it was last indexed is not parsed again; a
changed file's old articles are replaced by its new ones. Rebuild: a new generation is written
beside the live one and made live only once it is complete and holds at least one article (a
rebuild that reads nothing usable leaves the live index as it was, and says so).

The work on the sources (reading, extraction, analysis, writing segments) is shared among worker
processes (:mod:`index.indexer`). Once every article is read, while the workers are still writing
their segments, this process settles which copy of a repeated article stays
(:mod:`index.settle`) and groups the new articles into stories (:mod:`index.story_index`); it
then commits the new table of contents (:mod:`index.store`).
"""
from __future__ import annotations

import gc
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .existing import ExistingIndex
from .faults import pause_point
from .progress import progress_bar
from .article import Article
from .indexer import FileJob, FileOutcome, ShareIndexer, ShareResult, run_share
from .readers import (STDIN, Ignored, Skipped, Source, file_fingerprint, find_sources, jsonl_spans,
                      kind_by_name)
from .workers import run_in_workers
from .settle import new_segments, settle_shares
from .story_index import commit_stories, drop_old_maps, load_stories, update_stories
from .store import (clean_up, current_generation, live_generation_or_none, make_live,
                    new_generation, read_toc, remove_scratch, write_last_build, write_lock, write_toc)

IGNORED_NAMED_PER_KIND = 3
SPLIT_JSONL_BYTES = 2 * 1024 * 1024   # a JSON Lines file larger than this is shared out in spans
SPAN_BYTES = 8 * 1024 * 1024          # of at most this size, and at least eight of them (so every
MIN_SPAN_BYTES = 256 * 1024           # worker gets a share) unless that makes them smaller than this
_PARALLEL_MIN_BYTES = 1_000_000   # below this, starting worker processes costs more than it saves
_PARALLEL_MIN_FILES = 8
# Young-generation collections during a run: an index run allocates millions of small
# containers that live until its segment is written, and the default threshold (700) ran the
# cyclic collector over them thousands of times (4% of a BBC build).
_GC_YOUNG_THRESHOLD = 50_000


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
    replaced: int = 0
    removed: int = 0
    pruned: int = 0
    stories: int | None = None   # stories in the index after the run (None: not changed)
    copies: int | None = None    # articles that are copies within a story
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int = 0
    seconds: float = 0.0
    workers: int = 1
    jobs_handed_over: int = 0   # jobs a worker read for another one that was behind

    @property
    def usable(self) -> bool:
        """True when the run read at least one good article (new, changed or unchanged)."""
        return self.indexed + self.unchanged + self.duplicates > 0

    def as_dict(self) -> dict:
        return {
            "index": str(self.index_dir), "rebuilt": self.rebuilt, "files": self.files,
            "files_unchanged": self.files_unchanged, "articles_read": self.articles_read,
            "indexed": self.indexed, "unchanged": self.unchanged, "duplicates": self.duplicates,
            "replaced": self.replaced, "removed": self.removed, "pruned": self.pruned,
            "stories": self.stories, "copies": self.copies,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "notes": self.notes, "total": self.total, "seconds": round(self.seconds, 2),
            "workers": self.workers, "jobs_handed_over": self.jobs_handed_over,
        }


def file_key(source: Source, real_dirs: dict[str, str] | None = None) -> str:
    """How a source file is known in the index: its absolute path, symbolic links resolved.
    ``real_dirs``: folders resolved already in this run (a file that is not a link itself is its
    resolved folder and its name: one ``lstat`` instead of one per part of the path, 30 µs a
    file)."""
    path = source.path
    if real_dirs is None or path is None or path.is_symlink():
        return str(source.resolve())
    folder = str(path.parent)
    real = real_dirs.get(folder)
    if real is None:
        real = real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real, path.name)


def _discover(sources, report: BuildReport, kind, sniff_unknown) -> list[Source]:
    found: list[Source] = []
    ignored: dict[str, list[Ignored]] = {}
    for item in find_sources(sources, kind=kind, sniff_unknown=sniff_unknown):
        if isinstance(item, Ignored):
            ignored.setdefault(item.kind, []).append(item)
        elif isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            found.append(item)
    for k, items in sorted(ignored.items()):
        shown = ", ".join(i.origin for i in items[:IGNORED_NAMED_PER_KIND])
        more = f" and {len(items) - IGNORED_NAMED_PER_KIND} more" if len(items) > IGNORED_NAMED_PER_KIND else ""
        report.notes.append(f"left out {len(items)} file{'s' if len(items) != 1 else ''} "
                            f"({items[0].reason}): {shown}{more}")
    return found


def build_index(sources: Iterable[str | os.PathLike | Source], index_dir: Path, rebuild: bool = False,
                show_progress: bool = False, kind: str | None = None, sniff_unknown: bool = False,
                workers: int | None = None, prune: bool = False, source: str | None = None) -> BuildReport:
    """Index every article under ``sources`` into ``index_dir``. Never raises for bad input
    files (they are reported in the result); raises :class:`index.store.IndexLocked` when
    another writer holds the index, :class:`index.store.IndexDamaged` when an incremental run
    finds the index unreadable, and ``OSError`` when the index cannot be written. With
    ``prune``, an incremental run also removes the articles of source files that no longer
    exist (wherever they were read from). ``source`` is the outlet of every article read in
    this run that names none (a folder of one outlet's pages)."""
    report = BuildReport(index_dir=Path(index_dir))
    found = _discover(sources, report, kind, sniff_unknown)
    report.files = len(found)

    def produce(gen: Path, existing: ExistingIndex | None, on_read):
        jobs = _jobs(found, existing, report)

        def read(shares: list[ShareResult]) -> None:
            if prune and existing is not None:
                _prune(existing, report)
            on_read(jobs, shares)
        return jobs, _run(gen, jobs, report, show_progress, workers, source, read)

    with fewer_collections():
        report = _index_run(Path(index_dir), rebuild, report, produce, show_progress)
    write_last_build(Path(index_dir), report.as_dict())
    return report


def _jobs(found: list[Source], existing: ExistingIndex | None, report: BuildReport) -> list[FileJob]:
    """A job per source, and for a large uncompressed JSON Lines file one per span of it, so
    that every worker shares in one big file."""
    jobs = []
    real_dirs: dict[str, str] = {}
    for order, s in enumerate(found):
        key = file_key(s, real_dirs)
        known = existing.file_hash(key) if existing else None
        size = _size_of(s)
        if size > SPLIT_JSONL_BYTES and (s.kind or kind_by_name(s.name)) == "jsonl" and not _gzipped(s):
            try:
                digest = file_fingerprint(s)
                if digest != known:
                    jobs.extend(FileJob(s, key, known, span=span, digest=digest, order=order)
                                for span in jsonl_spans(s.path, _span_bytes(size)))
                    continue
            except OSError:
                pass  # the job reports it
        jobs.append(FileJob(s, key, known, order=order))
    return jobs


def _span_bytes(size: int) -> int:
    return max(min(MIN_SPAN_BYTES, SPAN_BYTES), min(SPAN_BYTES, size // 8))


def _size_of(s: Source) -> int:
    try:
        return 0 if s.is_stdin else s.path.stat().st_size
    except OSError:
        return 0


def _gzipped(s: Source) -> bool:
    try:
        with open(s.path, "rb") as f:
            return f.read(2) == b"\x1f\x8b"
    except OSError:
        return False


def _prune(existing: ExistingIndex, report: BuildReport) -> None:
    """Remove the articles of files that are gone from disk (not standard input or programs)."""
    gone = [key for key in existing.files() if key.startswith(os.sep) and not os.path.exists(key)]
    n = sum(existing.delete_file(key) for key in gone)
    report.pruned = n
    if gone:
        shown = ", ".join(gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
        report.notes.append(f"pruned {n} article{'s' if n != 1 else ''} of {len(gone)} file"
                            f"{'s' if len(gone) != 1 else ''} no longer on disk: {shown}")


def add_articles(articles: Iterable[Article], index_dir: Path, origin_file: str = "(added by a program)") -> BuildReport:
    """Add finished articles (ids set) to the live index, as a program that builds them itself
    would: the same preparation, duplicate and story handling as files get."""
    report = BuildReport(index_dir=Path(index_dir))

    def produce(gen: Path, existing: ExistingIndex | None, on_read):
        job = FileJob(STDIN, origin_file, None)
        share = ShareIndexer(gen)
        outcome = FileOutcome(origin_file, origin_file, digest="added")
        for a in articles:
            share.add_article(a, job, outcome)
        share.result.outcomes.append(outcome)
        on_read([job], [share.result])
        return [job], [share.finish()]

    with fewer_collections():
        return _index_run(Path(index_dir), False, report, produce)


@contextmanager
def fewer_collections():
    """Run the cyclic garbage collector less often for the duration (worker processes forked
    inside inherit it), and put the threshold back after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], _GC_YOUNG_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _index_run(index_dir: Path, rebuild: bool, report: BuildReport, produce,
               show_progress: bool = False) -> BuildReport:
    started = time.monotonic()
    with write_lock(index_dir):
        clean_up(index_dir)
        live = live_generation_or_none(index_dir) if rebuild else current_generation(index_dir)
        fresh = rebuild or live is None
        report.rebuilt = fresh
        gen = new_generation(index_dir) if fresh else live
        try:
            toc = read_toc(index_dir, gen)
            existing = ExistingIndex(index_dir, gen, toc.segments)
            read: dict = {}

            def on_read(jobs: list[FileJob], shares: list[ShareResult]) -> None:
                """Every article is read (the workers are writing their segments): settle the
                copies and group the stories meanwhile."""
                settled = read["settled"] = settle_shares(shares, jobs, existing, report)
                changed = read["changed"] = bool(settled.wrote_any or report.removed or report.replaced
                                                 or report.pruned)
                if (changed or fresh) and not (fresh and not settled.live):
                    read["stories"] = load_stories(gen, existing, fresh, report.notes)
                    update_stories(read["stories"], existing, settled.live, workers=report.workers,
                                   show_progress=show_progress)

            _, shares = produce(gen, None if fresh else existing, on_read)
            segments = new_segments(shares, read["settled"])
            docs, changed = read["settled"].live, read["changed"]
            if fresh and not docs:
                shutil.rmtree(gen, ignore_errors=True)
                if live is not None:
                    kept = read_toc(index_dir, live)
                    report.total = sum(s.doc_count() for s in kept.segments)
                    report.notes.append("nothing usable was read: the live index was kept unchanged "
                                        f"({report.total} articles)")
                report.seconds = time.monotonic() - started
                return report
            if changed or fresh:
                counts = commit_stories(gen, toc.generation + 1, read["stories"])
                report.stories, report.copies = counts["stories"], counts["copies"]
                pause_point("before-toc")
                write_toc(gen, existing.segments + segments, toc.generation + 1)
                drop_old_maps(gen, toc.generation + 1)
                pause_point("after-toc")
            report.total = sum(s.doc_count() for s in existing.segments + segments)
            remove_scratch(gen)
        except BaseException:
            if fresh:
                shutil.rmtree(gen, ignore_errors=True)
            raise
        if fresh:
            pause_point("before-swap")
            make_live(index_dir, gen)
    report.seconds = time.monotonic() - started
    return report


def _worker_count(jobs: list[FileJob], requested: int | None) -> int:
    if requested is None and os.environ.get("NEWSDESK_WORKERS", "").isdigit():
        requested = int(os.environ["NEWSDESK_WORKERS"])
    if requested is not None:
        return max(1, requested)
    if len(jobs) < _PARALLEL_MIN_FILES:
        return 1
    size = 0
    for job in jobs:
        if job.source.is_stdin:
            return 1
        try:
            size += job.source.path.stat().st_size
        except OSError:
            pass
    if size < _PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 4, len(jobs)))


def _run(gen: Path, jobs: list[FileJob], report: BuildReport, show_progress: bool,
         workers: int | None, source: str | None, on_read) -> list[ShareResult]:
    """Every job's articles written into new segments, in ``n`` worker processes or in this
    one. ``on_read(shares)`` is called here once every article is read, before the segments are
    written (in worker processes, while they are being written): the shares then hold their
    ``docs`` and ``outcomes``."""
    n = _worker_count(jobs, workers)
    report.workers = n
    bar = progress_bar(len(jobs), "indexing", "file", show_progress, dynamic_ncols=True)
    try:
        if n == 1:
            return [run_share(gen, jobs, progress=bar.update, default_source=source,
                              on_read=lambda result: on_read([result]))]

        def work(_, share, progress, read, helping):  # the docs cross once, ahead of the segments
            return run_share(gen, share, progress=progress, default_source=source, helping=helping,
                             on_read=lambda r: read(ShareResult(docs=list(r.docs), outcomes=list(r.outcomes),
                                                                taken=r.taken))).segments
        reads: list[ShareResult] = []

        def all_read(parts: list[ShareResult]) -> None:
            reads.extend(parts)
            report.jobs_handed_over = sum(part.taken for part in parts)
            on_read(parts)
        written = run_in_workers(work, jobs, n, bar.update, on_early=all_read, steal=True)
        return [ShareResult(segments, r.docs, r.outcomes) for segments, r in zip(written, reads)]
    finally:
        bar.close()
