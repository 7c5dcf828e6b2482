"""The first half of an OpenSearch index run: read the sources and prepare their articles, in
worker processes, into spool files on local disk; only small records of each article travel back
(id, file, size, place), so the parent decides duplicates and stories with every result in hand,
as the embedded build does, without holding every article's text in memory.

Reading, extraction, fingerprints and preparation are the embedded build's own
(:class:`index.indexer.ShareIndexer`, :func:`index.documents.prepare`): only where a prepared
article goes differs (a spool record instead of a Whoosh segment).

A spool record holds what the writer sends and counts: the stored fields, the distinct index
terms of title and body (for the lexicon), the article's vocabulary words and its story
fingerprint (:func:`index.indexer.story_fingerprint`, taken here, in the workers).
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path

from ..documents import prepare
from ..indexer import FileJob, FileOutcome, ShareIndexer
from ..workers import run_in_workers


@dataclass
class SpooledDoc:
    """One prepared article, as the parent needs to know it."""

    id: str
    key: str              # the source file's key (its absolute path)
    body_chars: int
    origin: str
    order: tuple          # (the source's place, the span's start, the record's place)
    spool: int            # which worker's spool file
    offset: int           # where its record starts in that file


@dataclass
class SpoolResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    docs: list[SpooledDoc] = field(default_factory=list)


class SpoolIndexer(ShareIndexer):
    """Reads jobs like :class:`~index.indexer.ShareIndexer` and writes prepared articles to a
    spool file instead of a segment."""

    def __init__(self, spool_path: Path, number: int, default_source: str | None = None):
        super().__init__(Path(spool_path).parent)
        self.number, self.default_source = number, default_source
        self.out = open(spool_path, "wb")
        self.spooled = SpoolResult()

    def add_article(self, article, job: FileJob, outcome: FileOutcome) -> None:
        if not article.source and self.default_source:  # the run's --source, for articles naming none
            article.source = self.default_source
        if not outcome.digest and job.source.is_stdin:
            outcome.digest = "stdin"
        p = prepare(article, job.key, outcome.digest)
        offset = self.out.tell()
        record = (p.stored, sorted(p.fields["title"][1]), sorted(p.fields["body"][1]), p.words, self.signer(article))
        pickle.dump(record, self.out, protocol=pickle.HIGHEST_PROTOCOL)
        self.spooled.docs.append(SpooledDoc(p.id, job.key, p.body_chars, article.origin,
                                            (job.order, job.span[0] if job.span else 0, outcome.articles),
                                            self.number, offset))
        outcome.articles += 1

    def finish(self) -> SpoolResult:
        self.out.close()
        return self.spooled

    def cancel(self) -> None:
        self.out.close()


def spool_share(spool_dir: Path, number: int, jobs, progress=None, default_source: str | None = None) -> SpoolResult:
    """Read ``jobs`` in this process into spool file ``number``."""
    share = SpoolIndexer(spool_path(spool_dir, number), number, default_source)
    try:
        for job in jobs:
            share.spooled.outcomes.append(share.index(job))
            if progress is not None:
                progress(1)
    except BaseException:
        share.cancel()
        raise
    return share.finish()


def spool_path(spool_dir: Path, number: int) -> Path:
    return Path(spool_dir) / f"spool-{number}.pickle"


def spool_all(spool_dir: Path, jobs: list[FileJob], workers: int, progress=None,
              default_source: str | None = None) -> list[SpoolResult]:
    """Spool every job, in ``workers`` forked processes (:func:`index.workers.run_in_workers`:
    fixed shares, results in worker order) or in this one."""
    if workers <= 1:
        return [spool_share(spool_dir, 0, jobs, progress, default_source)]

    def work(number, share, progress):
        return spool_share(spool_dir, number, share, progress, default_source)
    return run_in_workers(work, jobs, workers, progress)


class SpoolReader:
    """Reads spooled records back by (spool, offset)."""

    def __init__(self, spool_dir: Path):
        self.dir = Path(spool_dir)
        self._files: dict[int, object] = {}

    def record(self, doc: SpooledDoc) -> tuple:
        """(stored fields, title terms, body terms, words, story fingerprint)."""
        f = self._files.get(doc.spool)
        if f is None:
            f = self._files[doc.spool] = open(spool_path(self.dir, doc.spool), "rb")
        f.seek(doc.offset)
        return pickle.load(f)

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        self._files.clear()


def document(stored: dict, cluster: str, body_chars: int) -> dict:
    """The OpenSearch document of a stored article (``search/opensearch_schema.py``'s mappings,
    plus ``body_chars``, which the writer compares when the same article is read twice).

    >>> from datetime import datetime
    >>> d = document({"id": "a1", "title": "T", "body": "B", "source": "Reuters",
    ...               "published": datetime(2024, 4, 26, 9, 30)}, "a1", 1)
    >>> d["published"], d["month"], d["source_text"], d["cluster"]
    ('2024-04-26T09:30:00+00:00', '2024-04', 'Reuters', 'a1')
    """
    doc = {k: v for k, v in stored.items() if k != "published" and v is not None}
    published = stored.get("published")
    if published is not None:
        doc["published"] = published.replace(tzinfo=timezone.utc).isoformat()
        doc["month"] = published.strftime("%Y-%m")
    if stored.get("source"):
        doc["source_text"] = stored["source"]
    doc["cluster"] = cluster
    doc["body_chars"] = body_chars
    return doc
