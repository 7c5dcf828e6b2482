"""Story clusters kept with the index: the indexer's side of :mod:`index.stories`.

Each index run loads the clusters saved in the generation (``stories.npz``), takes out the
articles it deleted, puts in the ones it wrote (their fingerprints were taken by the worker
processes), and saves the state and the article → story map for the new table of contents
before that table is written (:mod:`index.stories.index_map`). A state that is missing, damaged
or out of step with the index (a run killed between its steps) is brought back in step from the
articles themselves, with a note; nothing else is needed to recover.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from .existing import ExistingIndex
from .progress import progress_bar
from .schema import INDEX_NAME
from .stories import STATE_FILE, StoryClusters, StoryStateError
from .stories.ahead import PARALLEL_MIN_TEXTS, screen_ahead
from .stories.index_map import remove_old_maps, write_map


def _seconds(published) -> float | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.replace(tzinfo=published.tzinfo or timezone.utc).timestamp()
    return published / 1e6  # microseconds since the epoch (the sidecar's unit)


def load_stories(gen: Path, existing: ExistingIndex, fresh: bool, notes: list[str]) -> StoryClusters:
    """The clusters of the generation's live articles, in step with them."""
    if fresh:
        return StoryClusters()
    try:
        stories = StoryClusters.load(Path(gen) / STATE_FILE)
    except StoryStateError as e:
        if existing.live_count():
            notes.append(f"story clusters recomputed from the index ({type(e).__name__})")
        stories = StoryClusters()
    _reconcile(gen, existing, stories, notes)
    return stories


def _reconcile(gen: Path, existing: ExistingIndex, stories: StoryClusters, notes: list[str]) -> None:
    live = existing.live_ids()
    known = set(stories.assignments())
    for extra in known - live:
        stories.remove(extra)
    missing = live - known
    if not missing:
        return
    reader = FileStorage(str(gen)).open_index(INDEX_NAME).reader()
    try:
        for docnum, fields in reader.iter_docs():
            if fields.get("id") in missing:
                stories.add(fields["id"], fields.get("body", ""), _seconds(fields.get("published")))
    finally:
        reader.close()
    if len(missing) != len(live):
        notes.append(f"story clusters: {len(missing)} article{'s' if len(missing) != 1 else ''} "
                     "added that an interrupted run had left out")


def update_stories(stories: StoryClusters, existing: ExistingIndex, docs, workers: int = 1,
                   show_progress: bool = False) -> None:
    """Take out what this run deleted; put in what it wrote. With ``workers`` above one and
    many new articles, their candidates are screened first in that many processes
    (:mod:`index.stories.ahead`); the clusters are the same either way. ``show_progress``:
    bars on the terminal for the screening and the grouping (minutes on a large corpus)."""
    for article_id in existing.removed_ids:
        stories.remove(article_id)
    ahead = {}
    if workers > 1 and len(docs) >= PARALLEL_MIN_TEXTS:
        with _bar(len(docs), "screening stories", show_progress) as bar:
            ahead = screen_ahead(stories, [(d.id, d.signature) for d in docs], workers, bar.update)
            bar.update(bar.total - bar.n)  # texts already known (copies) were not screened
    with _bar(len(docs), "grouping stories", show_progress and len(docs) >= PARALLEL_MIN_TEXTS) as bar:
        for d in docs:
            stories.add(d.id, None, _seconds(d.published_us), fp=d.signature, ahead=ahead.get(d.id))
            bar.update(1)


def _bar(total: int, what: str, show: bool):
    return progress_bar(total, what, "article", show, dynamic_ncols=True, mininterval=0.5)


def commit_stories(gen: Path, toc_generation: int, stories: StoryClusters) -> dict[str, int]:
    """Save the state and the map for table of contents ``toc_generation`` (call before writing
    it); returns the number of stories and of articles that are copies in one."""
    assignments = stories.assignments()
    stories.save(Path(gen) / STATE_FILE)
    write_map(gen, toc_generation, assignments)
    n_stories = len(set(assignments.values()))
    return {"stories": n_stories, "copies": len(assignments) - n_stories}


def drop_old_maps(gen: Path, toc_generation: int) -> None:
    remove_old_maps(gen, toc_generation)
