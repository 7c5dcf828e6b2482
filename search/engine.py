"""Answering searches against an index: the object behind the CLI's ``search`` and the web API.

:class:`SearchEngine` opens the live index once and reuses it (one searcher per thread), picking
up an atomic swap or an incremental commit on the next request. :meth:`SearchEngine.search`
returns the API's search object (DESIGN.md "HTTP"), so every caller prints or serves the same dict.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from whoosh import query as Q
from whoosh.util.times import long_to_datetime

from index.store import NoIndex, current_generation, default_index_dir, open_live_index  # noqa: F401 (re-exported for web/)

from .query import ParsedQuery, highlight_terms, lex, parse_date_limit, to_whoosh
from .ranking import NewsBM25F
from .snippets import snippet
from .suggest import suggest

SORTS = ("relevance", "newest", "oldest")
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_PAGE = 1000
DEFAULT_OPERATOR = "AND"
_MISSING = 2**64 - 1  # Whoosh's column value for a document without a date


class BadRequest(ValueError):
    """A search parameter a client sent is not valid; the message says what is wrong."""


@dataclass
class SearchRequest:
    """Everything a search can be asked: the query and its options (one object, validated once)."""

    q: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "relevance"
    sources: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    group: bool = True

    def __post_init__(self):
        if self.sort not in SORTS:
            raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not isinstance(self.page, int) or not 1 <= self.page <= MAX_PAGE:
            raise BadRequest(f"page must be a whole number from 1 to {MAX_PAGE}")
        if not isinstance(self.per_page, int) or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page must be a whole number from 1 to {MAX_PER_PAGE}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadRequest("from must not be later than to")
        self.q = self.q or ""
        self.sources = [s for s in self.sources if s]


def parse_day(value: str | None, name: str) -> date | None:
    """A ``YYYY-MM-DD`` parameter as a date; :class:`BadRequest` naming the parameter otherwise."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise BadRequest(f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None


def iso(value) -> str | None:
    """A stored (naive UTC) datetime as ISO 8601 with its zone, or None."""
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=timezone.utc).isoformat()


class SearchEngine:
    """Searches one index directory. Safe to share between threads."""

    def __init__(self, index_dir: str | Path, default_operator: str = DEFAULT_OPERATOR):
        self.index_dir = Path(index_dir)
        self.default_operator = default_operator
        self.weighting = NewsBM25F()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._gen: Path | None = None
        self._ix = None

    # ------------------------------------------------------------ index handling

    def _index(self):
        """The live index, reopened when a rebuild has swapped in a new generation."""
        gen = current_generation(self.index_dir)
        if gen is None:
            raise NoIndex(f"no index at {self.index_dir}: build one with "
                          f"`newsdesk index SOURCE... --index {self.index_dir}`")
        if gen != self._gen:
            with self._lock:
                if gen != self._gen:
                    self._ix = open_live_index(self.index_dir)
                    self._gen = gen
        return self._ix

    def searcher(self):
        """This thread's searcher on the live index, refreshed when the index has changed."""
        ix = self._index()
        s = getattr(self._local, "searcher", None)
        if s is None or self._local.ix is not ix:
            s = ix.searcher(weighting=self.weighting)
            self._local.searcher, self._local.ix = s, ix
        elif not s.up_to_date():
            s = s.refresh()
            self._local.searcher = s
        return s

    # ------------------------------------------------------------ search

    def _rank(self, req: SearchRequest):
        """Every match of a request in order, after filters: (searcher, parsed query,
        [(score, docnum)], source counts, month counts, cluster column)."""
        s = self.searcher()
        reader = s.reader()
        parsed = lex(req.q)
        wq = to_whoosh(parsed, reader, self.default_operator)
        lo, hi = _date_bounds(parsed, req)

        results = s.search(wq, limit=None) if wq is not Q.NullQuery else None
        if results is not None and not results.top_n and self.default_operator == "AND" \
                and len([c for c in parsed.positive if not c.either]) > 1:
            # No article has every word: rank those with any of them rather than show nothing.
            wq = to_whoosh(parsed, reader, "OR")
            results = s.search(wq, limit=None)
            if results.top_n:
                parsed.any_word = True
        ranked = list(results.top_n) if results else []

        published = reader.column_reader("published", translate=False)
        sources = reader.column_reader("source")
        if lo is not None or hi is not None:
            ranked = [(sc, d) for sc, d in ranked if _within(published[d], lo, hi)]
        # Outlet counts ignore the outlet filter, so that more outlets can be added to it.
        source_counts = _count(sources[d] for _, d in ranked)
        if req.sources:
            wanted = set(req.sources)
            ranked = [(sc, d) for sc, d in ranked if sources[d] in wanted]
        months = reader.column_reader("month")
        month_counts = _count(months[d] for _, d in ranked)

        if req.sort != "relevance":
            newest = req.sort == "newest"
            ranked.sort(key=lambda h: (published[h[1]] == _MISSING,
                                       -published[h[1]] if newest else published[h[1]]))

        clusters = reader.column_reader("cluster")
        if req.group:
            seen, grouped = set(), []
            for sc, d in ranked:
                c = clusters[d]
                if c not in seen:
                    seen.add(c)
                    grouped.append((sc, d))
            ranked = grouped
        return s, parsed, ranked, source_counts, month_counts, clusters

    def search(self, request: SearchRequest | None = None, **kwargs) -> dict:
        """Run a search; the result is the API's search object."""
        req = request or SearchRequest(**kwargs)
        started = time.perf_counter()
        s, parsed, ranked, source_counts, month_counts, clusters = self._rank(req)
        start = (req.page - 1) * req.per_page
        page_hits = ranked[start:start + req.per_page]
        terms = highlight_terms(parsed, s.reader()) if page_hits else set()
        hits = [self._hit(s, d, sc, terms, clusters[d], req.group) for sc, d in page_hits]

        suggestion = None
        if (len(ranked) < 3 or parsed.any_word) and parsed.positive:
            suggestion = suggest(s, req.q, parsed)

        return {
            "query": req.q,
            "parsed": parsed.reading,
            "total": len(ranked),
            "page": req.page,
            "per_page": req.per_page,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
            "hits": hits,
            "facets": {
                "source": [{"value": v, "count": n} for v, n in _top(source_counts)],
                "month": [{"value": v, "count": n} for v, n in sorted(month_counts.items(), reverse=True)],
            },
            "suggestion": suggestion,
        }

    def export(self, request: SearchRequest | None = None, **kwargs):
        """Every article the request matches (all pages, in its sort order), as flat records
        for CSV/JSONL export: id, title, source, published, byline, url, score, cluster.
        A generator, so a caller can stream it."""
        req = request or SearchRequest(**kwargs)
        s, _, ranked, _, _, clusters = self._rank(req)
        for score, d in ranked:
            f = s.stored_fields(d)
            yield {"id": f["id"], "title": f.get("title", ""), "source": f.get("source"),
                   "published": iso(f.get("published")), "byline": f.get("byline"),
                   "url": f.get("url"), "score": round(float(score), 4),
                   "cluster": clusters[d] or f["id"]}

    def _hit(self, s, docnum: int, score: float, terms: set[str], cluster: str, group: bool) -> dict:
        f = s.stored_fields(docnum)
        members = self._cluster_members(s, cluster) if cluster else []
        copies = [_brief(m) for m in members if m.get("id") != f["id"]] if group else []
        return {
            "id": f["id"],
            "title": f.get("title", ""),
            "source": f.get("source"),
            "published": iso(f.get("published")),
            "url": f.get("url"),
            "snippet": snippet(f.get("body", ""), terms),
            "score": round(float(score), 4),
            "cluster": cluster or f["id"],
            "cluster_size": max(1, len(members)),
            "copies": copies,
        }

    @staticmethod
    def _cluster_members(s, cluster: str) -> list[dict]:
        members = list(s.documents(cluster=cluster))
        members.sort(key=lambda m: (m.get("published") is None, m.get("published") or datetime.min))
        return members

    # ------------------------------------------------------------ articles and stats

    def article(self, article_id: str, q: str | None = None) -> dict | None:
        """The stored article, its cluster's other members and similar coverage; None if unknown.
        With ``q``, ``highlight_terms`` lists the query's terms (for marking them in the page)."""
        s = self.searcher()
        docnum = s.document_number(id=article_id)
        if docnum is None:
            return None
        f = s.stored_fields(docnum)
        cluster = f.get("cluster") or f["id"]
        members = self._cluster_members(s, cluster)
        similar = []
        try:
            for hit in s.more_like(docnum, "body", top=8):
                if hit.get("cluster") != cluster and len(similar) < 5:
                    similar.append(_brief(hit.fields()))
        except Exception:  # more_like needs stored text; never let "similar" break the page
            similar = []
        out = {
            "id": f["id"], "title": f.get("title", ""), "source": f.get("source"),
            "byline": f.get("byline"), "published": iso(f.get("published")), "url": f.get("url"),
            "origin": f.get("origin"), "body": f.get("body", ""), "cluster": cluster,
            "cluster_size": max(1, len(members)),
            "copies": [_brief(m) for m in members if m.get("id") != f["id"]],
            "similar": similar,
        }
        if q:
            out["highlight_terms"] = sorted(highlight_terms(lex(q), s.reader()))
        return out

    def count(self) -> int:
        """How many articles the live index holds (cheap enough for a health check)."""
        return self.searcher().doc_count()

    def stats(self) -> dict:
        """Size of the index, its date range and its outlets."""
        s = self.searcher()
        reader = s.reader()
        published = reader.column_reader("published", translate=False)
        sources = reader.column_reader("source")
        dates, outlets = [], {}
        for d in reader.all_doc_ids():
            v = published[d]
            if v != _MISSING:
                dates.append(v)
            src = sources[d]
            if src:
                outlets[src] = outlets.get(src, 0) + 1
        return {
            "articles": s.doc_count(),
            "first_published": iso(long_to_datetime(min(dates))) if dates else None,
            "last_published": iso(long_to_datetime(max(dates))) if dates else None,
            "sources": [{"value": v, "count": n} for v, n in _top(outlets)],
        }

    def close(self):
        s = getattr(self._local, "searcher", None)
        if s is not None:
            s.close()
            self._local.searcher = None


def _brief(f: dict) -> dict:
    return {"id": f.get("id"), "title": f.get("title", ""), "source": f.get("source"),
            "published": iso(f.get("published")), "url": f.get("url")}


def _count(values) -> dict:
    out: dict = {}
    for v in values:
        if v:
            out[v] = out.get(v, 0) + 1
    return out


def _top(counts: dict) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))


def _date_bounds(parsed: ParsedQuery, req: SearchRequest) -> tuple[int | None, int | None]:
    """Inclusive-start, exclusive-end bounds (Whoosh column longs) from the query and options."""
    from whoosh.util.times import datetime_to_long

    lo = parsed.after
    hi = parsed.before
    if req.date_from:
        d = datetime(req.date_from.year, req.date_from.month, req.date_from.day)
        lo = max(lo, d) if lo else d
    if req.date_to:
        d = parse_date_limit(req.date_to.isoformat(), end=True)
        hi = min(hi, d) if hi else d
    return (datetime_to_long(lo) if lo else None, datetime_to_long(hi) if hi else None)


def _within(value: int, lo: int | None, hi: int | None) -> bool:
    if value == _MISSING:
        return False
    return (lo is None or value >= lo) and (hi is None or value < hi)
