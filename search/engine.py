"""Answering searches: the object behind the CLI's ``search`` and the web API.

:class:`SearchEngine` reads the query (:mod:`search.query`), plans it (:mod:`search.plan`), asks
a backend (:mod:`search.backend`) for the page of ranked hits, and builds the API's search object
(DESIGN.md "HTTP") with snippets and suggestions, so every caller prints or serves the same dict.
It knows nothing of how the backend stores or ranks articles.
"""
from __future__ import annotations

import dataclasses
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from index.credits import credited_agency
from index.store import IndexDamaged, NoIndex, default_index_dir, live_article_count  # noqa: F401 (re-exported for web/ and the CLI)

from .backend import Backend, Filters, RankedHit, SearchSpec
from .plan import QueryPlan, build_plan
from .query import lex, parse_date_limit
from .request import (DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, SORTS, BadRequest,  # noqa: F401
                      SearchRequest, parse_day)
from .snippets import snippet
from .suggest import suggest, unknown_words

_UNENCODABLE = re.compile("[\ud800-\udfff]")


def clean(value):
    """Text that always encodes as UTF-8 (an unpaired surrogate becomes U+FFFD): the last guard
    before anything is printed or served, whatever an index holds."""
    if isinstance(value, str) and _UNENCODABLE.search(value):
        return _UNENCODABLE.sub("\ufffd", value)
    return value


def iso(value) -> str | None:
    """A stored (naive UTC) datetime as ISO 8601 with its zone, or None."""
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=timezone.utc).isoformat()


def story_origin(members: list[dict]) -> dict:
    """Where a story of several copies came from, as far as its copies say (never guessed):
    ``first_published`` and ``origin_source``, the earliest dated copy's date and outlet (null
    when no copy is dated), and ``credit``, the wire or outlet a copy's own text credits in a
    dateline or a closing credit line (null when none does).

    >>> from datetime import datetime
    >>> story_origin([{"source": "B", "published": datetime(2024, 5, 2), "body": "x"},
    ...               {"source": "A", "published": datetime(2024, 5, 1), "body": "PARIS (AFP) - y"}])
    {'first_published': '2024-05-01T00:00:00+00:00', 'origin_source': 'A', 'credit': 'AFP'}
    """
    if len(members) < 2:
        return {"first_published": None, "origin_source": None, "credit": None}
    dated = [m for m in members if isinstance(m.get("published"), datetime)]
    first = min(dated, key=lambda m: m["published"]) if dated else None
    credit = None
    for m in members:
        credit = credited_agency(m.get("body", ""))
        if credit:
            break
    return {"first_published": iso(first["published"]) if first else None,
            "origin_source": clean(first.get("source")) if first else None, "credit": credit}


def brief(f: dict) -> dict:
    """An article's identity and metadata: how copies and similar articles are listed."""
    return {"id": f.get("id"), "title": clean(f.get("title", "")), "source": clean(f.get("source")),
            "published": iso(f.get("published")), "url": clean(f.get("url"))}


class SearchEngine:
    """Searches one index (a directory, or any :class:`~search.backend.Backend`; a string is an
    OpenSearch backend setting, ``URL[,URL...][/name]``). Safe to share between threads.
    ``ranking`` options (see :class:`search.local.RankingOptions`) apply to the embedded backend
    and to an OpenSearch backend given as a string."""

    def __init__(self, index_dir: str | Path | None = None, backend: Backend | str | None = None, **ranking):
        if backend is None:
            from .local import LocalBackend, RankingOptions

            backend = LocalBackend(default_index_dir(index_dir), RankingOptions(**ranking))
        elif isinstance(backend, str):
            from .local import RankingOptions
            from .opensearch.backend import OpenSearchBackend

            backend = OpenSearchBackend(backend, RankingOptions(**ranking))
        self.backend = backend
        self.index_dir = Path(getattr(backend, "index_dir", index_dir or "")) if index_dir or hasattr(backend, "index_dir") else None

    # ---------------------------------------------------------------- queries

    def plan(self, q: str) -> QueryPlan:
        """How a query will be run: its clauses analysed and its prefixes expanded."""
        return build_plan(lex(q), self.backend.expand)

    def _spec(self, req: SearchRequest, offset: int, limit: int) -> SearchSpec:
        plan = self.plan(req.q)
        after, before = plan.parsed.after, plan.parsed.before
        if req.date_from:
            d = datetime(req.date_from.year, req.date_from.month, req.date_from.day)
            after = max(after, d) if after else d
        if req.date_to:
            d = parse_date_limit(req.date_to.isoformat(), end=True) or datetime.max
            before = min(before, d) if before else d
        filters = Filters(sources=list(req.sources), after=after, before=before)
        # A query with nothing positive in it but filters (an outlet, dates, exclusions) lists
        # everything that passes, newest first; one whose every word was too common to search,
        # or an empty query with no filter at all, finds nothing.
        limited = bool(req.sources or after or before or plan.negatives)
        browse = plan.empty and not plan.dropped_positive and limited
        return SearchSpec(plan=plan, filters=filters, sort=req.sort, offset=offset, limit=limit,
                          group=req.group, browse=browse)

    def search(self, request: SearchRequest | None = None, **kwargs) -> dict:
        """Run a search; the result is the API's search object."""
        req = request or SearchRequest(**kwargs)
        with self.backend.pinned():  # one state of the index for the hits, their copies and counts
            return self._search(req)

    def _search(self, req: SearchRequest) -> dict:
        started = time.perf_counter()
        spec = self._spec(req, (req.page - 1) * req.per_page, req.per_page)
        outcome = self.backend.search(spec)
        suggestion, showing = self._correction(req, spec, outcome)
        if showing:
            spec = self._spec(dataclasses.replace(req, q=showing), (req.page - 1) * req.per_page, req.per_page)
            outcome = self.backend.search(spec)
        parsed = spec.plan.parsed
        if outcome.any_word:
            parsed.any_word = True
        if outcome.every_word is not None and len(spec.plan.groups) > 1 and outcome.articles > outcome.every_word:
            parsed.notes.append(_coverage_note(outcome.every_word, outcome.articles - outcome.every_word))
        terms = spec.plan.highlight_terms() if outcome.hits else set()
        hits = [self._hit(h, terms, req.group) for h in outcome.hits]
        return {
            "query": clean(req.q),
            "parsed": clean(parsed.reading),
            "notes": [clean(n) for n in parsed.notes],
            "total": outcome.total,
            "articles": outcome.articles,
            "page": req.page,
            "per_page": req.per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
            "hits": hits,
            "facets": {
                "source": [{"value": clean(v), "count": n} for v, n in outcome.sources],
                "month": [{"value": v, "count": n} for v, n in outcome.months],
            },
            "timeline": {"unit": outcome.timeline_unit,
                         "counts": [{"period": p, "count": n} for p, n in outcome.timeline]},
            "suggestion": clean(suggestion),
            "showing_results_for": clean(showing),
        }

    def _correction(self, req: SearchRequest, spec: SearchSpec, outcome) -> tuple[str | None, str | None]:
        """("did you mean" text or None, the corrected query whose results are shown instead or
        None). Results are replaced, Google-style, only when the query as typed finds little
        (at most two articles with every word) and its correction finds clearly more; the page
        then offers the query as typed one click away (spell=0)."""
        parsed = spec.plan.parsed
        if not parsed.positive:
            return None, None
        every = outcome.every_word if outcome.every_word is not None else outcome.articles
        unknown = unknown_words(parsed, self.backend.vocabulary())
        if not (unknown or every < 3 or outcome.any_word):
            return None, None
        suggestion = suggest(self, req.q, parsed)
        if not suggestion or not req.spell or every > 2:
            return suggestion, None
        fixed_every, _ = self.count_matches(suggestion, req)
        return suggestion, (suggestion if fixed_every >= 2 * every + 1 else None)

    def count_matches(self, q: str, req: SearchRequest | None = None) -> tuple[int, int]:
        """(articles holding every word of ``q``, articles matching it), with ``req``'s filters."""
        req = dataclasses.replace(req, q=q) if req else SearchRequest(q=q)
        spec = self._spec(req, 0, 0)
        spec.count_only, spec.group = True, False
        if spec.plan.empty:
            return 0, 0
        out = self.backend.search(spec)
        return (out.every_word if out.every_word is not None else out.articles), out.articles

    def export(self, request: SearchRequest | None = None, **kwargs):
        """Every article the request matches (all pages, in its sort order, copies included), as
        flat records for CSV/JSONL export: id, title, source, published, byline, url, score, cluster.
        A generator, so a caller can stream it."""
        req = request or SearchRequest(**kwargs)
        spec = self._spec(req, 0, 0)
        spec.group = False  # every article, copies included: the cluster column groups them
        for h in self.backend.ranked(spec):
            f = h.fields
            yield {"id": h.id, "title": clean(f.get("title", "")), "source": clean(f.get("source")),
                   "published": iso(f.get("published")), "byline": clean(f.get("byline")),
                   "url": clean(f.get("url")), "score": round(h.score, 4), "cluster": h.story}

    def _hit(self, h: RankedHit, terms: set[str], group: bool) -> dict:
        f = h.fields
        members = self.backend.members(h.story) if h.story_size > 1 else []
        copies = [brief(m) for m in members if m.get("id") != h.id] if group else []
        return {
            "id": h.id,
            "title": clean(f.get("title", "")),
            "source": clean(f.get("source")),
            "published": iso(f.get("published")),
            "url": clean(f.get("url")),
            "snippet": clean(snippet(f.get("body", ""), terms)),
            "score": round(h.score, 4),
            "cluster": h.story,
            "cluster_size": h.story_size,
            "copies": copies,
            **story_origin(members),
        }

    # ---------------------------------------------------------------- articles and stats

    def article(self, article_id: str, q: str | None = None) -> dict | None:
        """The stored article, its cluster's other members and similar coverage; None if unknown.
        With ``q``, ``highlight_terms`` lists the query's terms (for marking them in the page)."""
        f = self.backend.fetch(article_id)
        if f is None:
            return None
        story = f.get("_story") or f["id"]
        members = self.backend.members(story)
        try:
            similar = [dict(brief(s), shared_terms=s.get("_shared_terms", []))
                       for s in self.backend.similar(article_id, 5)]
        except (NoIndex, IndexDamaged):
            raise
        except Exception:  # "similar" is an extra: it never breaks the page
            similar = []
        out = {
            "id": f["id"], "title": clean(f.get("title", "")), "source": clean(f.get("source")),
            "byline": clean(f.get("byline")), "published": iso(f.get("published")), "url": clean(f.get("url")),
            "origin": clean(f.get("origin")), "body": clean(f.get("body", "")), "cluster": story,
            "cluster_size": max(1, len(members)),
            "copies": [brief(m) for m in members if m.get("id") != f["id"]],
            **story_origin(members),
            "similar": similar,
        }
        if q:
            out["highlight_terms"] = sorted(self.plan(q).highlight_terms())
        return out

    def count(self) -> int:
        """How many articles the index holds (cheap enough for a health check)."""
        return self.backend.count()

    def stats(self) -> dict:
        """Size of the index, its date range and its outlets."""
        s = self.backend.stats()
        s["sources"] = [{"value": clean(x["value"]), "count": x["count"]} for x in s["sources"]]
        return s

    def close(self):
        self.backend.close()


def _coverage_note(every: int, some: int) -> str:
    """How many matches hold every word of the query and how many only some.

    >>> _coverage_note(0, 5), _coverage_note(1, 2)
    ('no article holds every word; 5 hold some of them', '1 article holds every word and comes first; 2 more hold some of them')
    """
    if not every:
        return f"no article holds every word; {some} hold{'s' if some == 1 else ''} some of them"
    one = every == 1
    return (f"{every} article{'' if one else 's'} hold{'s' if one else ''} every word and come{'s' if one else ''} "
            f"first; {some} more hold{'s' if some == 1 else ''} some of them")


def day_before(day):
    """An exclusive ``--before`` day as the request's inclusive ``date_to``."""
    return day - timedelta(days=1) if day else None
