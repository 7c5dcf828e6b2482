"""The OpenSearch backend (:class:`search.backend.Backend`): one page of ranked hits with facets
and grouping per request, articles, stories and stats, from the alias a Newsdesk index is
written under (:mod:`index.opensearch.writer`).

How each behaviour maps (the embedded index is the reference, :mod:`search.local.backend`):

* **ranking**: the plan's units as BM25 queries (:mod:`.translate`), with
  ``dfs_query_then_fetch`` so every shard scores with the whole index's term statistics; ties
  by article id; a ``preference`` per query, so paging reads the same shard copies;
* **filters**: dates in the query's ``filter``; the outlet list as a ``post_filter``, so the
  outlet facet (a ``terms`` aggregation) counts before it, as the embedded index does; the month
  facet, and the story count, inside a ``filter`` aggregation with it;
* **grouping**: field collapsing on ``cluster`` (the best-ranked member of each story stands
  for it); ``total`` is a ``cardinality`` aggregation of the stories (exact below 40,000
  stories, HyperLogLog++ above); each hit's story size is counted for the page's stories;
* **sorts**: ``_score`` or ``published`` (undated last), then score, then id; browsing (an
  empty plan with filters) lists newest first;
* **any word**: in the ``and_or`` mode, when no article has every group (filters and negations
  aside) the query is run again with any group, as the embedded index does.
"""
from __future__ import annotations

import hashlib
import math
import threading
from contextlib import nullcontext

import numpy as np
from datetime import datetime, timezone
from typing import Iterator

from index.opensearch.target import Target

from ..backend import RankedHit, SearchOutcome, SearchSpec
from ..local.backend import DAY_US, MAX_DAYS, timeline
from ..local.scoring import RankingOptions
from ..ranking import B, K1, bm25_idf
from .connection import Connection
from .lexicon import Lexicon
from .translate import (Compiled, PlanStats, adjacent_pairs, compile_plan, filter_clauses, needs_stats, pair_match,
                        sort_clause, source_filter, tier_of)

SOURCE_FIELDS = ["id", "title", "body", "source", "published", "byline", "url", "origin", "cluster"]
MEMBER_ORDER = [{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
PREFETCH_MEMBERS = 300
FACET_SIZE = 10_000
EXPORT_PAGE = 1000


def stored_fields(src: dict) -> dict:
    """A document's ``_source`` as the embedded index's stored fields (published: naive UTC).

    >>> stored_fields({"id": "a", "published": "2024-04-26T11:30:00+02:00", "cluster": "a"})["published"]
    datetime.datetime(2024, 4, 26, 9, 30)
    """
    out = {k: v for k, v in src.items() if k in SOURCE_FIELDS and k != "cluster"}
    if isinstance(src.get("published"), str):
        dt = datetime.fromisoformat(src["published"].replace("Z", "+00:00"))
        out["published"] = dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt
    return out


def _iso_ms(value) -> str | None:
    if value is None:
        return None
    return datetime.fromtimestamp(value / 1000.0, tz=timezone.utc).isoformat()


class OpenSearchBackend:
    """Searches one Newsdesk index on an OpenSearch cluster. Safe to share between threads;
    opens no connection until the first request."""

    def __init__(self, target: Target | str, ranking: RankingOptions | None = None, timeout: float = 20.0,
                 dfs: bool = True):
        self.target = Target.parse(target) if isinstance(target, str) else target
        self.ranking = ranking or RankingOptions()
        if self.ranking.k1 != K1 or dict(self.ranking.field_b) != dict(B):
            raise ValueError("k1 and field_b are set in the OpenSearch index's similarity "
                             "(search/opensearch_schema.py) and cannot change per query")
        self.conn = Connection(self.target, timeout)
        self.lexicon = Lexicon(self.conn)
        self.dfs = dfs
        self._local = threading.local()

    @property
    def alias(self) -> str:
        return self.target.alias

    def describe(self) -> str:
        return self.target.describe()

    # ---------------------------------------------------------------- queries

    def raw_search(self, body: dict, key: str = "newsdesk") -> dict:
        """One search request on the articles (whole-index term statistics, complete answers)."""
        params = {"allow_partial_search_results": "false", "preference": key}
        if self.dfs:
            params["search_type"] = "dfs_query_then_fetch"
        return self.conn.call(lambda cl: cl.search(index=self.alias, body=body, params=params))

    def _count(self, query: dict) -> int:
        return int(self.conn.call(lambda cl: cl.count(index=self.alias, body={"query": query}))["count"])

    def body_df(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Document frequencies of ``terms`` in bodies, and the number of articles."""
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": 0, "track_total_hits": True,
            "aggs": {"df": {"filters": {"filters": {str(i): {"term": {"body": t}} for i, t in enumerate(terms)}}}}}))
        buckets = r["aggregations"]["df"]["buckets"]
        return {t: buckets[str(i)]["doc_count"] for i, t in enumerate(terms)}, int(r["hits"]["total"]["value"])

    def plan_stats(self, plan) -> PlanStats:
        """Each group's share of the query's idf weight (as :func:`search.local.scoring.idf_weight`
        gives it: the largest, over a group's units, of the mean idf of a unit's terms) and the
        idf of adjacent word pairs, from one request of document counts."""
        opts = self.ranking
        filters = {}
        shares_needed = opts.mode in ("coord", "and_fill") and len(plan.groups) > 1
        if shares_needed:
            for g, units in enumerate(plan.groups):
                for u, unit in enumerate(units):
                    for t, term in enumerate(unit.terms):
                        for f, _ in unit.fields:
                            filters[f"{g}.{u}.{t}.{f}"] = {"term": {f: term}}
        pairs = adjacent_pairs(plan) if opts.proximity else []
        for i, pair in enumerate(pairs):
            filters[f"pair.{i}"] = pair_match(pair)
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": 0, "track_total_hits": True, "aggs": {"df": {"filters": {"filters": filters}}}}))
        n = max(1, r["hits"]["total"]["value"])
        df = {k: b["doc_count"] for k, b in r["aggregations"]["df"]["buckets"].items()}
        stats = PlanStats(pair_idf={p: float(bm25_idf(n, df[f"pair.{i}"])) for i, p in enumerate(pairs)
                                    if df.get(f"pair.{i}")})
        if shares_needed:
            weights = []
            for g, units in enumerate(plan.groups):
                w = 0.0
                for u, unit in enumerate(units):
                    dfs = [max(df.get(f"{g}.{u}.{t}.{f}", 0) for f, _ in unit.fields)
                           for t in range(len(unit.terms))] or [0]
                    w = max(w, sum(float(bm25_idf(n, d)) for d in dfs) / len(dfs))
                weights.append(w)
            total = sum(weights) or 1e-9
            stats.shares = [w / total for w in weights]
        return stats

    def _compile(self, spec: SearchSpec) -> Compiled | None:
        # (a count needs no scores: the matches are the same without the statistics)
        stats = self.plan_stats(spec.plan) if needs_stats(spec.plan, self.ranking) and not spec.count_only else None
        return compile_plan(spec.plan, self.ranking, browse=spec.browse, stats=stats)

    def _sort(self, spec: SearchSpec) -> str:
        if spec.sort == "relevance" and (spec.browse or spec.plan.empty):
            return "newest"  # nothing scores: the embedded index lists newest first
        return spec.sort

    def _prepare(self, spec: SearchSpec):
        """(compiled plan, the query to run, any_word, whether feedback re-ranked it, sort)."""
        c = self._compile(spec)
        if c is None:
            return None
        sort = self._sort(spec)
        query, any_word, fed = c.query, False, False
        if c.fallback is not None and self._count(c.every) == 0:  # and_or: no article has every group
            query = c.fallback
            any_word = self._count({"bool": {"should": c.groups, "minimum_should_match": 1}}) > 0
        opts = self.ranking
        if (opts.feedback and not c.tiered and not spec.browse and not spec.count_only and sort == "relevance"
                and len(spec.plan.groups) >= opts.fb_min_words):
            from .feedback import rerank

            query, fed = rerank(self, query, opts)
        return c, query, any_word, fed, sort

    def _body(self, query: dict, spec: SearchSpec, sort: str, c: Compiled, aggs: bool = True) -> dict:
        sources = source_filter(spec.filters)
        body = {
            "query": {"bool": {"must": [query], "filter": filter_clauses(spec.filters)}},
            "sort": sort_clause(sort), "track_scores": True, "track_total_hits": True,
            "_source": SOURCE_FIELDS,
        }
        if sources:
            body["post_filter"] = sources
        if aggs:
            inner = {} if spec.count_only else {
                "months": {"terms": {"field": "month", "size": FACET_SIZE, "order": {"_key": "desc"}}}}
            if spec.group and not spec.count_only:
                inner["stories"] = {"cardinality": {"field": "cluster", "precision_threshold": 40000}}
            if not spec.count_only:
                inner["first"] = {"min": {"field": "published"}}
                inner["last"] = {"max": {"field": "published"}}
            if len(c.groups) > 1:
                inner["every"] = {"filter": c.every}
            body["aggs"] = {"filtered": {"filter": sources or {"match_all": {}}, "aggs": inner}}
            if not spec.count_only:
                body["aggs"]["sources"] = {"terms": {"field": "source", "size": FACET_SIZE}}
        return body

    @staticmethod
    def _key(spec: SearchSpec) -> str:
        return hashlib.sha1(spec.plan.parsed.reading.encode("utf-8", "replace")).hexdigest()[:12]

    def search(self, spec: SearchSpec) -> SearchOutcome:
        prepared = self._prepare(spec)
        if prepared is None:
            return SearchOutcome([], 0, 0, [], [])
        c, query, any_word, fed, sort = prepared
        body = self._body(query, spec, sort, c)
        body.update({"from": 0 if spec.count_only else spec.offset, "size": 0 if spec.count_only else spec.limit})
        if spec.group and not spec.count_only:
            body["collapse"] = {"field": "cluster"}
        r = self.raw_search(body, self._key(spec))
        aggs = r.get("aggregations", {})
        articles = int(r["hits"]["total"]["value"])
        filtered = aggs.get("filtered", {})
        every = None
        if c.groups:
            every = int(filtered["every"]["doc_count"]) if "every" in filtered else articles
        sources = sorted(((b["key"], b["doc_count"]) for b in aggs.get("sources", {}).get("buckets", [])),
                         key=lambda kv: (-kv[1], kv[0].lower()))
        months = [(b["key"], b["doc_count"]) for b in filtered.get("months", {}).get("buckets", [])]
        if spec.count_only:
            return SearchOutcome([], articles, articles, sources, months, any_word, every)
        hits = [self._hit(h, c, fed) for h in r["hits"]["hits"]]
        self._story_sizes(hits)
        total = min(int(filtered.get("stories", {}).get("value", 0)), articles) if spec.group else articles
        unit, timeline = self._timeline(body, filtered, months)
        return SearchOutcome(hits, total, articles, sources, months, any_word, every, timeline, unit)

    def _timeline(self, body: dict, filtered: dict, months) -> tuple[str, list]:
        """Matches per day, month or year, as :func:`search.local.backend.timeline` counts them:
        the month facet is enough unless the matches span fewer than ``MAX_DAYS`` days; then
        one more request counts them per day."""
        first, last = filtered.get("first", {}).get("value"), filtered.get("last", {}).get("value")
        if first is None or last is None:
            return timeline(np.zeros(0, dtype=np.int64), months)
        first_us, last_us = int(first) * 1000, int(last) * 1000
        if last_us // DAY_US - first_us // DAY_US >= MAX_DAYS:
            return timeline(np.array([first_us, last_us], dtype=np.int64), months)
        days = {k: v for k, v in body.items() if k in ("query", "post_filter")}
        days.update(size=0, track_total_hits=False, aggs={"days": {"date_histogram": {
            "field": "published", "calendar_interval": "day", "min_doc_count": 1}}})
        if "post_filter" in days:  # the day counts are after every filter
            days["query"] = {"bool": {"must": [days.pop("query")], "filter": [body["post_filter"]]}}
        buckets = self.raw_search(days)["aggregations"]["days"]["buckets"]
        stamps = np.repeat(np.array([int(b["key"]) * 1000 for b in buckets], dtype=np.int64),
                           [b["doc_count"] for b in buckets])
        return timeline(stamps, months)

    def ranked(self, spec: SearchSpec) -> Iterator[RankedHit]:
        """Every match in order (search_after pages); grouped, the first member of each story."""
        prepared = self._prepare(spec)
        if prepared is None:
            return
        c, query, _, fed, sort = prepared
        seen: set[str] = set()
        after = None
        while True:
            body = dict(self._body(query, spec, sort, c, aggs=False), size=EXPORT_PAGE)
            if after is not None:
                body["search_after"] = after
            hits = self.raw_search(body, "export")["hits"]["hits"]
            for h in hits:
                hit = self._hit(h, c, fed)
                if spec.group:
                    if hit.story in seen:
                        continue
                    seen.add(hit.story)
                yield hit
            if len(hits) < EXPORT_PAGE:
                return
            after = hits[-1]["sort"]

    def _hit(self, h: dict, c: Compiled, fed: bool) -> RankedHit:
        src = h["_source"]
        score = h.get("_score")
        score = 0.0 if score is None or (isinstance(score, float) and math.isnan(score)) else float(score)
        if not fed and c.tiered and c.shares:
            score = max(0.0, score - tier_of(h.get("matched_queries", []), c.shares))
        return RankedHit(src.get("id") or h["_id"], score, stored_fields(src), src.get("cluster") or h["_id"])

    def _story_sizes(self, hits: list[RankedHit]) -> None:
        """Each hit's story size, and the members of the page's stories (oldest first), in one
        request: the engine asks :meth:`members` for them next, from the same thread."""
        stories = sorted({h.story for h in hits})
        self._local.members = {}
        if not stories:
            return
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": PREFETCH_MEMBERS, "query": {"terms": {"cluster": stories}}, "_source": SOURCE_FIELDS,
            "sort": MEMBER_ORDER, "aggs": {"s": {"terms": {"field": "cluster", "size": len(stories)}}}}))
        sizes = {b["key"]: b["doc_count"] for b in r["aggregations"]["s"]["buckets"]}
        members: dict[str, list[dict]] = {}
        for h in r["hits"]["hits"]:
            members.setdefault(h["_source"].get("cluster"), []).append(stored_fields(h["_source"]))
        self._local.members = {k: v for k, v in members.items() if len(v) == sizes.get(k)}  # complete ones
        for h in hits:
            h.story_size = max(1, sizes.get(h.story, 1))

    # ---------------------------------------------------------------- articles

    def fetch(self, article_id: str) -> dict | None:
        from opensearchpy.exceptions import NotFoundError

        def get(cl):
            try:
                return cl.get(index=self.alias, id=article_id, params={"_source_includes": ",".join(SOURCE_FIELDS)})
            except NotFoundError as e:
                if "index_not_found" in str(e.error):
                    raise
                return None

        if not article_id or len(article_id) > 512:
            return None
        doc = self.conn.call(get)
        if doc is None or not doc.get("found"):
            return None
        fields = stored_fields(doc["_source"])
        fields["_story"] = doc["_source"].get("cluster") or doc["_id"]
        return fields

    def members(self, story: str) -> list[dict]:
        """The articles of a story, oldest first (undated last); just after a search, the page's
        stories come from what that search fetched."""
        prefetched = getattr(self._local, "members", None) or {}
        if story in prefetched:
            return [dict(m) for m in prefetched[story]]
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": FACET_SIZE, "query": {"term": {"cluster": story}}, "_source": SOURCE_FIELDS,
            "sort": MEMBER_ORDER}))
        return [stored_fields(h["_source"]) for h in r["hits"]["hits"]]

    def similar(self, article_id: str, limit: int = 5) -> list[dict]:
        from .similar import similar_articles

        return similar_articles(self, article_id, limit)

    def expand(self, forms: list[str], limit: int) -> tuple[list[str], int]:
        return self.lexicon.expand(forms, limit)

    def vocabulary(self) -> dict[str, int]:
        return self.lexicon.vocabulary()

    def count(self) -> int:
        return int(self.conn.call(lambda cl: cl.count(index=self.alias))["count"])

    def stats(self) -> dict:
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": 0, "track_total_hits": True,
            "aggs": {"stories": {"cardinality": {"field": "cluster", "precision_threshold": 40000}},
                     "first": {"min": {"field": "published"}}, "last": {"max": {"field": "published"}},
                     "sources": {"terms": {"field": "source", "size": FACET_SIZE}}}}))
        a = r["aggregations"]
        sources = sorted(((b["key"], b["doc_count"]) for b in a["sources"]["buckets"]),
                         key=lambda kv: (-kv[1], kv[0].lower()))
        return {"articles": int(r["hits"]["total"]["value"]), "stories": int(a["stories"]["value"]),
                "first_published": _iso_ms(a["first"]["value"]), "last_published": _iso_ms(a["last"]["value"]),
                "sources": [{"value": v, "count": n} for v, n in sources]}

    def pinned(self):
        """Nothing to pin: each request to the cluster reads what it holds then."""
        return nullcontext()

    def warm(self) -> None:
        """Nothing to open ahead: the cluster holds the index."""

    def close(self) -> None:
        self.conn.close()
