"""The embedded backend: the Whoosh index and its sidecar arrays on local disk.

Each search scores the plan over whole posting arrays (:mod:`.scoring`), applies the filters as
array masks, counts the facets with ``bincount`` and picks the page with a partial sort, so the
work for a page grows with the posting lists' lengths at NumPy's speed, and Python only touches
the documents of the page itself.
"""
from __future__ import annotations

import dataclasses
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import numpy as np
import numpy.ma  # noqa: F401  np.unique imports it on first use (~30 ms): loaded with the engine, not in a search

from index.sidecar import NO_DATE

from ..backend import Filters, RankedHit, SearchOutcome, SearchSpec
from .scoring import Evaluation, RankingOptions, evaluate
from .view import IndexView, ViewCache

_EPOCH = datetime(1970, 1, 1)


def _micros(value: datetime | None) -> int | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    delta = value - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _by_count(names: list[str], counts: np.ndarray) -> list[tuple[str, int]]:
    nz = np.flatnonzero(counts)
    return sorted(((names[i], int(counts[i])) for i in nz), key=lambda kv: (-kv[1], kv[0].lower()))


class LocalBackend:
    """Searches one index directory. Safe to share between threads."""

    def __init__(self, index_dir: str | Path, ranking: RankingOptions | None = None):
        self.index_dir = Path(index_dir)
        self.ranking = ranking or RankingOptions()
        self.views = ViewCache(self.index_dir)
        self._pinned = threading.local()

    def view(self) -> IndexView:
        pinned = getattr(self._pinned, "view", None)
        return pinned if pinned is not None else self.views.get()

    @contextmanager
    def pinned(self):
        """Within this (in one thread), every call reads the generation that was live when it
        began: one search and the story members of its hits come from one state of the index, and
        the table of contents is looked up once rather than once per call."""
        if getattr(self._pinned, "view", None) is not None:
            yield
            return
        self._pinned.view = self.views.get()
        try:
            yield
        finally:
            self._pinned.view = None

    # ---------------------------------------------------------------- searching

    def _matches(self, view: IndexView, spec: SearchSpec) -> tuple[Evaluation, np.ndarray, list, list]:
        opts = self.ranking
        if spec.count_only and opts.feedback:
            opts = dataclasses.replace(opts, feedback=False)
        ev = evaluate(view, spec.plan, opts, browse=spec.browse)
        mask = ev.matched
        f: Filters = spec.filters
        lo, hi = _micros(f.after), _micros(f.before)
        if lo is not None or hi is not None:
            window = view.dated.copy()
            if lo is not None:
                window &= view.published >= lo
            if hi is not None:
                window &= view.published < hi
            mask = mask & window
        # The outlet facet ignores the outlet filter, so that more outlets can be added to it.
        with_source = view.source >= 0
        source_counts = np.bincount(view.source[mask & with_source], minlength=len(view.source_names))
        if f.sources:
            codes = [i for i, name in enumerate(view.source_names) if name in set(f.sources)]
            mask = mask & np.isin(view.source, codes)
        with_month = view.month >= 0
        month_counts = np.bincount(view.month[mask & with_month], minlength=len(view.month_names))
        sources = _by_count(view.source_names, source_counts)
        months = sorted(((view.month_names[i], int(month_counts[i])) for i in np.flatnonzero(month_counts)),
                        reverse=True)
        return ev, mask, sources, months

    @staticmethod
    def _primary(view: IndexView, ev: Evaluation, docs: np.ndarray, sort: str) -> np.ndarray:
        """The main sort key of ``docs`` (smaller first), before the tie-breaks."""
        if sort == "relevance" and not (ev.scores[docs] == 0).all():
            key = -ev.scores[docs]
            if ev.tier is not None:
                key = key - 1e9 * ev.tier[docs]  # a higher tier always first
            return key
        published = view.published[docs].astype(np.float64)
        undated = view.published[docs] == NO_DATE
        key = -published if sort != "oldest" else published
        return np.where(undated, np.inf, key)

    def _order(self, view: IndexView, ev: Evaluation, docs: np.ndarray, sort: str) -> np.ndarray:
        """``docs`` in the order of the request: the main key, then score, then document number
        (a stable order, so pages never overlap)."""
        primary = self._primary(view, ev, docs, sort)
        return docs[np.lexsort([docs, -ev.scores[docs], primary])]

    def _page(self, view: IndexView, ev: Evaluation, mask: np.ndarray, spec: SearchSpec, want: int | None):
        """The first ``want`` hits in order (all when None), one per story when grouping, and the
        total (stories or articles). Only the best few are sorted: the candidates whose main key is
        at least the ``k``-th best (ties at the edge included, so the order is exact), widened
        until enough stories are found."""
        docs = np.flatnonzero(mask)
        total = len(docs)
        if spec.group and total:
            total = int(np.count_nonzero(np.bincount(view.stories[docs])))
        if want is None or want >= len(docs):
            chosen = docs
        else:
            primary = self._primary(view, ev, docs, spec.sort)
            k = max(want * (4 if spec.group else 1) + 8, 64)
            while True:
                if k >= len(docs):
                    chosen = docs
                    break
                edge = np.partition(primary, k - 1)[k - 1]
                chosen = docs[primary <= edge]
                if not spec.group or len(np.unique(view.stories[chosen])) >= want:
                    break
                k *= 4
        ordered = self._order(view, ev, chosen, spec.sort)
        if spec.group:
            _, first = np.unique(view.stories[ordered], return_index=True)
            first.sort()
            ordered = ordered[first]
        return (ordered if want is None else ordered[:want]), total

    def search(self, spec: SearchSpec) -> SearchOutcome:
        view = self.view()
        if view.n == 0:
            return SearchOutcome([], 0, 0, [], [])
        if spec.browse and spec.sort == "relevance":
            spec.sort = "newest"
        ev, mask, sources, months = self._matches(view, spec)
        if spec.count_only:
            every = int((ev.every & mask).sum()) if ev.every is not None else None
            return SearchOutcome([], int(mask.sum()), int(mask.sum()), sources, months, ev.any_word, every)
        ordered, total = self._page(view, ev, mask, spec, spec.offset + spec.limit)
        page = ordered[spec.offset:spec.offset + spec.limit]
        hits = [self._hit(view, int(d), float(ev.scores[d])) for d in page]
        every = int((ev.every & mask).sum()) if ev.every is not None else None
        unit, buckets = timeline(view.published[mask & view.dated], months)
        return SearchOutcome(hits, total, int(mask.sum()), sources, months, ev.any_word, every, buckets, unit)

    def ranked(self, spec: SearchSpec) -> Iterator[RankedHit]:
        view = self.view()
        if view.n == 0:
            return
        if spec.browse and spec.sort == "relevance":
            spec.sort = "newest"
        ev, mask, _, _ = self._matches(view, spec)
        ordered, _ = self._page(view, ev, mask, spec, None)
        for d in ordered:
            yield self._hit(view, int(d), float(ev.scores[d]))

    def _hit(self, view: IndexView, docnum: int, score: float) -> RankedHit:
        fields = view.stored(docnum)
        size = int(view.story_sizes[view.stories[docnum]])
        return RankedHit(fields["id"], score, fields, view.story_ids[docnum].decode("ascii"), max(1, size))

    # ---------------------------------------------------------------- articles

    def fetch(self, article_id: str) -> dict | None:
        view = self.view()
        d = view.docnum(article_id)
        if d is None:
            return None
        fields = dict(view.stored(d))
        fields["_story"] = view.story_ids[d].decode("ascii")
        return fields

    def members(self, story: str) -> list[dict]:
        view = self.view()
        try:
            key = story.encode("ascii")
        except UnicodeEncodeError:
            return []
        docs = np.flatnonzero((view.story_ids == key) & view.live)
        out = [view.stored(int(x)) for x in docs]
        out.sort(key=lambda m: (m.get("published") is None, m.get("published") or datetime.min))
        return out

    def similar(self, article_id: str, limit: int = 5) -> list[dict]:
        from .similar import similar_articles

        return similar_articles(self.view(), article_id, limit)

    def expand(self, forms: list[str], limit: int) -> tuple[list[str], int]:
        return self.view().expand(forms, limit)

    def vocabulary(self) -> dict[str, int]:
        return self.view().vocabulary()

    def warm(self) -> None:
        """Open the segments' stored fields now (a server process does, before it answers), so
        that no search waits for them: one stored article read from each segment."""
        view = self.view()
        for start, end in zip(view.offsets[:-1].tolist(), view.offsets[1:].tolist()):
            if end > start:
                view.stored(start)

    def count(self) -> int:
        view = self.view()
        view.reader()  # a health check: the segments must open, not only their arrays
        return view.doc_count

    def stats(self) -> dict:
        view = self.view()
        live_dated = view.live & view.dated
        dates = view.published[live_dated]
        counts = np.bincount(view.source[view.live & (view.source >= 0)], minlength=len(view.source_names))
        return {
            "articles": view.doc_count,
            "stories": int(len(np.unique(view.stories[view.live]))),
            "first_published": _iso_us(int(dates.min())) if len(dates) else None,
            "last_published": _iso_us(int(dates.max())) if len(dates) else None,
            "sources": [{"value": v, "count": n} for v, n in _by_count(view.source_names, counts)],
        }

    def close(self) -> None:
        pass


DAY_US = 86_400_000_000
MAX_DAYS = 62  # matches spread over at most this many days are counted per day
MAX_MONTHS = 120  # and over more than this many months, per year


def timeline(published_us: np.ndarray, months: list[tuple[str, int]]) -> tuple[str, list[tuple[str, int]]]:
    """Matches per period, every period from the first to the last (empty ones too): per day
    when they span two months or less, per year when they span ten years or more, else per month.

    >>> us = np.array([0, DAY_US, 3 * DAY_US], dtype=np.int64)
    >>> timeline(us, [("1970-01", 3)])
    ('day', [('1970-01-01', 1), ('1970-01-02', 1), ('1970-01-03', 0), ('1970-01-04', 1)])
    """
    if not len(published_us):
        return "month", []
    first, last = int(published_us.min()) // DAY_US, int(published_us.max()) // DAY_US
    if last - first < MAX_DAYS:
        counts = np.bincount(published_us // DAY_US - first, minlength=last - first + 1)
        start = datetime(1970, 1, 1) + timedelta(days=first)
        return "day", [((start + timedelta(days=i)).strftime("%Y-%m-%d"), int(c)) for i, c in enumerate(counts)]
    by_month = dict(months)
    lo, hi = min(by_month), max(by_month)
    if (int(hi[:4]) - int(lo[:4])) * 12 + int(hi[5:7]) - int(lo[5:7]) >= MAX_MONTHS:
        by_year: dict[str, int] = {}
        for key, n in months:
            by_year[key[:4]] = by_year.get(key[:4], 0) + n
        return "year", [(str(y), by_year.get(str(y), 0)) for y in range(int(lo[:4]), int(hi[:4]) + 1)]
    out, (y, m) = [], (int(lo[:4]), int(lo[5:7]))
    while f"{y:04d}-{m:02d}" <= hi:
        key = f"{y:04d}-{m:02d}"
        out.append((key, by_month.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return "month", out


def _iso_us(us: int) -> str:
    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=us)).isoformat()
