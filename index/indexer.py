"""The indexing work on a share of the sources: read each one, extract its articles, prepare them
(analysis, story signature) and write them into new segments. It runs in worker processes (one
per core) or in the calling process, and decides nothing that needs the other workers' results:
the build settles duplicates and clusters once every share is read (while the segments are being
written) and writes the table of contents once they are.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article
from .documents import PreparedArticle, prepare
from .faults import pause_point
from .readers import Skipped, Source, file_fingerprint, read_jsonl_span, read_source
from .schema import article_schema
from .segment import SegmentBuilder
from .stories.shingles import fingerprint


def story_fingerprint(article: Article):
    """What story clusters compare an article by (taken here, in the worker processes)."""
    return fingerprint(article.body)

# A segment is closed and a new one started after this many articles or analysed terms, which
# bounds a worker's memory on any input size.
SEGMENT_MAX_DOCS = 20_000
SEGMENT_MAX_TERMS = 8_000_000
_READ_WHOLE_BELOW = 4 * 1024 * 1024  # smaller files are read once, hashed and parsed from memory


@dataclass
class FileJob:
    """One source to index, with what the index knows of it: its key and last fingerprint. A
    large JSON Lines file is shared out in ``span`` s (start byte, end byte, first line number)
    whose ``digest`` the build has already taken."""

    source: Source
    key: str
    known_hash: str | None = None
    span: tuple[int, int, int] | None = None
    digest: str | None = None
    order: int = 0


@dataclass
class FileOutcome:
    """What happened to one source."""

    key: str
    origin: str
    digest: str = ""
    unchanged: bool = False
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: str | None = None  # the source could not be read at all


@dataclass
class NewDoc:
    """An article written into a new segment, as the build needs to know it."""

    id: str
    segment: int          # index into the share's segment list
    docnum: int
    key: str
    body_chars: int
    origin: str
    published_us: int | None = None
    signature: object = None
    order: tuple[int, int, int] = (0, 0, 0)  # (the source's place, the span's start, the record's place)


@dataclass
class ShareResult:
    segments: list = field(default_factory=list)
    docs: list[NewDoc] = field(default_factory=list)
    outcomes: list[FileOutcome] = field(default_factory=list)
    taken: int = 0  # jobs of this share another worker read (and handed back)


class ShareIndexer:
    """Indexes jobs one at a time into segments of the generation folder ``gen``."""

    def __init__(self, gen: Path, signer=None, default_source: str | None = None):
        self.gen = Path(gen)
        self.schema = article_schema()
        self.signer = signer or story_fingerprint
        self.default_source = default_source
        self.result = ShareResult()
        self.builder: SegmentBuilder | None = None
        self._terms = 0

    def index(self, job: FileJob) -> FileOutcome:
        outcome = FileOutcome(job.key, job.source.origin)
        source = job.source
        try:
            if job.span is not None:
                outcome.digest = job.digest or ""
                records = read_jsonl_span(source.path, *job.span, source.origin)
            elif source.is_stdin:
                records = read_source(source)
            else:
                size = source.path.stat().st_size
                if size < _READ_WHOLE_BELOW:
                    data = source.path.read_bytes()
                    outcome.digest = hashlib.sha1(data).hexdigest()
                    if outcome.digest == job.known_hash:
                        outcome.unchanged = True
                        return outcome
                    records = read_source(io.BytesIO(data), origin=source.origin,
                                          kind=source.kind)
                else:
                    outcome.digest = file_fingerprint(source)
                    if outcome.digest == job.known_hash:
                        outcome.unchanged = True
                        return outcome
                    records = read_source(source)
            pause_point("reading")
            for item in records:
                if isinstance(item, Skipped):
                    outcome.skipped.append(item)
                    continue
                outcome.notes.extend(f"{item.origin}: {n}" for n in item.notes)
                self.add_article(item, job, outcome)
        except OSError as e:
            outcome.failed = f"cannot read: {e.strerror or e}"
        return outcome

    def add_article(self, article: Article, job: FileJob, outcome: FileOutcome) -> None:
        self._add(self._prepare(article, job, outcome), article.origin, job, outcome)

    def _prepare(self, article: Article, job: FileJob, outcome: FileOutcome) -> PreparedArticle:
        if not article.source and self.default_source:
            article.source = self.default_source
        if not outcome.digest and job.source.is_stdin:
            outcome.digest = "stdin"
        prepared = prepare(article, job.key, outcome.digest)
        if self.signer is not None:
            prepared.signature = self.signer(article)
        return prepared

    def _add(self, prepared: PreparedArticle, origin: str, job: FileJob, outcome: FileOutcome) -> None:
        if self.builder is None:
            self.builder = SegmentBuilder(self.gen, self.schema)
            self._terms = 0
        docnum = self.builder.add(prepared)
        self._terms += sum(n for n, _ in prepared.fields.values())
        self.result.docs.append(NewDoc(
            id=prepared.id, segment=len(self.result.segments), docnum=docnum, key=job.key,
            body_chars=prepared.body_chars, origin=origin,
            published_us=prepared.published_us, signature=prepared.signature,
            order=(job.order, job.span[0] if job.span else 0, outcome.articles)))
        outcome.articles += 1
        if len(self.builder) >= SEGMENT_MAX_DOCS or self._terms >= SEGMENT_MAX_TERMS:
            self._close_segment()

    def _close_segment(self) -> None:
        if self.builder is not None and len(self.builder):
            self.result.segments.append(self.builder.finish())
            pause_point("segment-written")
        self.builder = None

    def finish(self) -> ShareResult:
        self._close_segment()
        return self.result

    def cancel(self) -> None:
        if self.builder is not None:
            self.builder.cancel()
            self.builder = None


class TakenIndexer(ShareIndexer):
    """Reads and prepares the jobs a worker takes from the back of another worker's share, and
    holds them for that worker (:meth:`held`), which writes them into its own segment after its
    own jobs: the share's articles are numbered as if its worker had read them all."""

    def __init__(self, gen: Path, default_source: str | None = None):
        super().__init__(gen, None, default_source)
        self._held: list[tuple[FileJob, FileOutcome, list]] = []
        self._items: list = []  # the job being read: its prepared articles with their origins

    def index(self, job: FileJob) -> FileOutcome:
        items: list = []
        self._items = items
        outcome = super().index(job)
        self._held.append((job, outcome, items))
        return outcome

    def add_article(self, article: Article, job: FileJob, outcome: FileOutcome) -> None:
        self._items.append((self._prepare(article, job, outcome), article.origin))

    def held(self) -> list[tuple[FileJob, FileOutcome, list]]:
        """What was taken, first job first (the jobs came last first): (job, its outcome, its
        prepared articles with their origins)."""
        return self._held[::-1]


def run_share(gen: Path, jobs, signer=None, progress=None, default_source: str | None = None,
              on_read=None, helping=None) -> ShareResult:
    """Index ``jobs`` (an iterable of :class:`FileJob`) in this process. ``on_read(result)``,
    when given, is called once every job is read, before the last segment is written: the
    result's ``docs`` and ``outcomes`` are complete by then. With ``helping`` (a worker of
    :func:`index.workers.run_in_workers` with ``steal``), once ``jobs`` are done the worker
    takes jobs from the back of the next worker's share and hands what it read to that worker,
    then writes into its own segment what a helper read from the back of its share."""
    share = ShareIndexer(gen, signer, default_source)
    try:
        for job in jobs:
            share.result.outcomes.append(share.index(job))
            if progress is not None:
                progress(1)
        if helping is not None:
            helper = TakenIndexer(gen, default_source)
            for job in helping.taken():
                helper.index(job)
                if progress is not None:
                    progress(1)
            taken = helper.held()
            if taken:
                helping.hand_back(taken)
            for job, outcome, items in helping.taken_from_me():
                for prepared, origin in items:
                    share._add(prepared, origin, job, outcome)
                share.result.outcomes.append(outcome)
                share.result.taken += 1
        if on_read is not None:
            on_read(share.result)
    except BaseException:
        share.cancel()
        raise
    return share.finish()
