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
from datetime import datetime, timezone
from typing import Iterator

from index.opensearch.target import Target

from ..backend import RankedHit, SearchOutcome, SearchSpec
from ..local.scoring import RankingOptions
from ..ranking import bm25_idf
from .connection import Connection
from .lexicon import Lexicon
from .translate import Compiled, compile_plan, filter_clauses, sort_clause, source_filter, tier_of

SOURCE_FIELDS = ["id", "title", "body", "source", "published", "byline", "url", "origin", "cluster"]
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
        self.conn = Connection(self.target, timeout)
        self.lexicon = Lexicon(self.conn)
        self.dfs = dfs
        self._k1 = self.ranking.k1

    @property
    def alias(self) -> str:
        return self.target.alias

    def describe(self) -> str:
        return self.target.describe()

    # ---------------------------------------------------------------- queries

    def _compile(self, spec: SearchSpec) -> Compiled | None:
        c = compile_plan(spec.plan, self.ranking, browse=spec.browse)
        if c is not None and c.tiered:
            c = compile_plan(spec.plan, self.ranking, browse=spec.browse, weights=self._weights(c))
        return c

    def _weights(self, c: Compiled) -> list[float]:
        """Each group's share of the query's weight, as :func:`search.local.scoring.idf_weight`
        gives it: the largest, over the group's units, of the mean idf of a unit's terms."""
        filters, keys = {}, []
        for g, units in enumerate(c.units):
            for u, unit in enumerate(units):
                for t, term in enumerate(unit.terms):
                    for f, _ in unit.fields:
                        key = f"{g}.{u}.{t}.{f}"
                        filters[key] = {"term": {f: term}}
                        keys.append(key)
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": 0, "track_total_hits": True, "aggs": {"df": {"filters": {"filters": filters}}}}))
        n = max(1, r["hits"]["total"]["value"])
        df = {k: b["doc_count"] for k, b in r["aggregations"]["df"]["buckets"].items()}
        weights = []
        for g, units in enumerate(c.units):
            w = 0.0
            for u, unit in enumerate(units):
                dfs = [max(df.get(f"{g}.{u}.{t}.{f}", 0) for f, _ in unit.fields) for t in range(len(unit.terms))] or [0]
                w = max(w, sum(float(bm25_idf(n, d)) for d in dfs) / len(dfs))
            weights.append(w)
        total = sum(weights) or 1.0
        return [w / total for w in weights]

    def _body(self, query: dict, spec: SearchSpec, sort: str, aggs: bool = True) -> dict:
        sources = source_filter(spec.filters)
        body = {
            "query": {"bool": {"must": [query], "filter": filter_clauses(spec.filters)}},
            "sort": sort_clause(sort), "track_scores": True, "track_total_hits": True,
            "_source": SOURCE_FIELDS,
        }
        if sources:
            body["post_filter"] = sources
        if aggs:
            inner = {"months": {"terms": {"field": "month", "size": FACET_SIZE, "order": {"_key": "desc"}}}}
            if spec.group:
                inner["stories"] = {"cardinality": {"field": "cluster", "precision_threshold": 40000}}
            body["aggs"] = {"sources": {"terms": {"field": "source", "size": FACET_SIZE}},
                            "filtered": {"filter": sources or {"match_all": {}}, "aggs": inner}}
        return body

    def _run(self, body: dict, key: str) -> dict:
        params = {"allow_partial_search_results": "false", "preference": key}
        if self.dfs:
            params["search_type"] = "dfs_query_then_fetch"
        return self.conn.call(lambda cl: cl.search(index=self.alias, body=body, params=params))

    def _count(self, query: dict) -> int:
        return int(self.conn.call(lambda cl: cl.count(index=self.alias, body={"query": query}))["count"])

    def _resolve(self, c: Compiled, spec: SearchSpec, sort: str, body_of) -> tuple[dict, bool, dict]:
        """Run ``body_of(query)``; in the ``and_or`` mode fall back to any group when no article
        (filters and negations aside) has every group. Returns (response, any_word, query)."""
        key = hashlib.sha1(repr(spec.plan.parsed.reading).encode()).hexdigest()[:12]
        r = self._run(body_of(c.query), key)
        if c.fallback is None or r["hits"]["total"]["value"] > 0:
            return r, False, c.query
        if self._count({"bool": {"must": c.groups}}) > 0:
            return r, False, c.query
        r = self._run(body_of(c.fallback), key)
        any_word = r["hits"]["total"]["value"] > 0 or self._count({"bool": {"should": c.groups,
                                                                              "minimum_should_match": 1}}) > 0
        return r, any_word, c.fallback

    def _sort(self, spec: SearchSpec) -> str:
        if spec.sort == "relevance" and (spec.browse or spec.plan.empty):
            return "newest"  # nothing scores: the embedded index lists newest first
        return spec.sort

    def search(self, spec: SearchSpec) -> SearchOutcome:
        c = self._compile(spec)
        if c is None:
            return SearchOutcome([], 0, 0, [], [])
        sort = self._sort(spec)

        def body_of(query):
            body = self._body(query, spec, sort)
            body.update({"from": spec.offset, "size": spec.limit})
            if spec.group:
                body["collapse"] = {"field": "cluster"}
            return body

        r, any_word, _ = self._resolve(c, spec, sort, body_of)
        weights = self._tier_weights(c)
        hits = [self._hit(h, weights) for h in r["hits"]["hits"]]
        self._story_sizes(hits)
        aggs = r.get("aggregations", {})
        articles = int(r["hits"]["total"]["value"])
        total = int(aggs.get("filtered", {}).get("stories", {}).get("value", 0)) if spec.group else articles
        if spec.group:
            total = min(total, articles)
        sources = sorted(((b["key"], b["doc_count"]) for b in aggs.get("sources", {}).get("buckets", [])),
                         key=lambda kv: (-kv[1], kv[0].lower()))
        months = [(b["key"], b["doc_count"]) for b in aggs.get("filtered", {}).get("months", {}).get("buckets", [])]
        return SearchOutcome(hits, total, articles, sources, months, any_word)

    def ranked(self, spec: SearchSpec) -> Iterator[RankedHit]:
        """Every match in order (search_after pages); grouped, the first member of each story."""
        c = self._compile(spec)
        if c is None:
            return
        sort = self._sort(spec)
        weights = self._tier_weights(c)
        _, _, query = self._resolve(c, spec, sort, lambda q: dict(self._body(q, spec, sort, aggs=False), size=0))
        seen: set[str] = set()
        after = None
        while True:
            body = dict(self._body(query, spec, sort, aggs=False), size=EXPORT_PAGE)
            if after is not None:
                body["search_after"] = after
            hits = self._run(body, "export")["hits"]["hits"]
            for h in hits:
                hit = self._hit(h, weights)
                if spec.group:
                    if hit.story in seen:
                        continue
                    seen.add(hit.story)
                yield hit
            if len(hits) < EXPORT_PAGE:
                return
            after = hits[-1]["sort"]

    @staticmethod
    def _tier_weights(c: Compiled) -> list[float] | None:
        return c.weights if c.tiered else None

    def _hit(self, h: dict, weights: list[float] | None) -> RankedHit:
        src = h["_source"]
        score = h.get("_score")
        score = 0.0 if score is None or (isinstance(score, float) and math.isnan(score)) else float(score)
        if weights:
            score -= tier_of(h.get("matched_queries", []), weights)
        # Lucene's BM25 leaves out the constant (k1 + 1) of the formula search.ranking uses
        score = max(0.0, score) * (self._k1 + 1.0)
        return RankedHit(src.get("id") or h["_id"], score, stored_fields(src), src.get("cluster") or h["_id"])

    def _story_sizes(self, hits: list[RankedHit]) -> None:
        stories = sorted({h.story for h in hits})
        if not stories:
            return
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": 0, "query": {"terms": {"cluster": stories}},
            "aggs": {"s": {"terms": {"field": "cluster", "size": len(stories)}}}}))
        sizes = {b["key"]: b["doc_count"] for b in r["aggregations"]["s"]["buckets"]}
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
        r = self.conn.call(lambda cl: cl.search(index=self.alias, body={
            "size": FACET_SIZE, "query": {"term": {"cluster": story}}, "_source": SOURCE_FIELDS,
            "sort": [{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]}))
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

    def close(self) -> None:
        self.conn.close()
