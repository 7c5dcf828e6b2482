"""Settling an index run's shares: what each file came to, and which copy of an article read twice
stays.

The decisions need only what the workers read (their articles and file outcomes), not the
segments they write: :func:`settle_shares` takes them as soon as every article is read, while the
workers are still writing their segments (the build groups the stories in that time), and
:func:`new_segments` then applies them to the segments once they are written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .readers import Skipped

if TYPE_CHECKING:
    from .build import BuildReport
    from .existing import ExistingIndex
    from .indexer import FileJob, NewDoc, ShareResult

__all__ = ["Settled", "new_segments", "settle_shares", "tally_outcomes"]


def tally_outcomes(shares, jobs: list[FileJob], report: BuildReport, unchanged_articles,
                   replace_file) -> set[str]:
    """Count every file's outcome in ``report``, in the order of the sources. A file read again
    that the index held before is replaced: ``replace_file(key)`` drops (or marks for dropping)
    its old articles and says how many, or None when the index never held it;
    ``unchanged_articles(key)``: how many articles an unchanged file holds. Returns the keys of
    the files replaced. Shared by the embedded build and the OpenSearch writer."""
    order = {job.key: job.order for job in jobs}
    replaced: set[str] = set()
    for o in sorted((o for s in shares for o in s.outcomes), key=lambda o: order.get(o.key, 0)):
        if o.failed:
            report.skipped.append(Skipped(o.origin, o.failed))
            continue
        if o.unchanged:
            report.files_unchanged += 1
            report.unchanged += unchanged_articles(o.key)
            continue
        report.skipped.extend(o.skipped)
        report.notes.extend(o.notes)
        report.articles_read += o.articles
        if o.key not in replaced:
            removed = replace_file(o.key)
            if removed is not None:
                replaced.add(o.key)
                report.removed += removed
    return replaced


@dataclass
class Settled:
    """The articles that stay, in the order of the sources, and the copies to delete from the
    new segments: (share, the share's segment, document number)."""

    live: list[NewDoc] = field(default_factory=list)
    dropped: list[tuple[int, int, int]] = field(default_factory=list)
    wrote_any: bool = False   # some share wrote an article (so it has a segment)


def settle_shares(shares: list[ShareResult], jobs: list[FileJob], existing: ExistingIndex,
                  report: BuildReport) -> Settled:
    """Count outcomes, delete changed files' old articles from the index, and keep one copy of
    every article read twice (the fuller one). Reads the shares' ``docs`` and ``outcomes`` only."""
    tally_outcomes(shares, jobs, report, lambda key: len(existing.docs_of_file(key)),
                   lambda key: existing.delete_file(key) if existing.file_hash(key) is not None else None)
    out = Settled(wrote_any=any(s.docs for s in shares))
    docs = [(d.order, si, d) for si, s in enumerate(shares) for d in s.docs]
    docs.sort(key=lambda t: (t[0], t[1], t[2].segment, t[2].docnum))
    kept: dict[str, tuple[int, NewDoc]] = {}
    live = out.live
    for _, si, d in docs:
        held = kept.get(d.id)
        if held is not None:  # read twice in this run
            rival_share, rival = held
            report.duplicates += 1
            if d.body_chars > rival.body_chars:
                out.dropped.append((rival_share, rival.segment, rival.docnum))
                live.remove(rival)
                kept[d.id] = (si, d)
                live.append(d)
                report.notes.append(f"{d.origin}: the same article as {rival.origin} (same URL), and "
                                    f"fuller: kept this copy")
            else:
                out.dropped.append((si, d.segment, d.docnum))
                report.notes.append(f"{d.origin}: the same article as {rival.origin} (same URL); kept "
                                    f"the {'fuller' if d.body_chars < rival.body_chars else 'first'} copy")
            continue
        where = existing.locate(d.id)
        if where is not None:  # already in the index, read from another file
            old_chars = existing.body_chars(where)
            report.duplicates += 1
            if d.body_chars > old_chars:
                existing.delete(where)
                report.replaced += 1
                report.notes.append(f"{d.origin}: a fuller copy of an indexed article (same URL, from "
                                    f"{existing.origin_file(where)}): replaced it")
            else:
                out.dropped.append((si, d.segment, d.docnum))
                report.notes.append(f"{d.origin}: already indexed from {existing.origin_file(where)} "
                                    f"(same URL, {'fuller' if old_chars > d.body_chars else 'same'} text): "
                                    "kept that copy")
                continue
        kept[d.id] = (si, d)
        live.append(d)
    report.indexed = len(live)
    return out


def new_segments(shares: list[ShareResult], settled: Settled) -> list:
    """The shares' segments, in share order, with the settled copies deleted from them."""
    segments, offsets = [], []
    for s in shares:
        offsets.append(len(segments))
        segments.extend(s.segments)
    for si, segment, docnum in settled.dropped:
        segments[offsets[si] + segment].delete_document(docnum)
    return segments
