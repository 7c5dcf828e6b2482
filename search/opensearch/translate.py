"""A query plan (:mod:`search.plan`) as OpenSearch's query DSL, scored as the embedded index
scores it (:mod:`search.local.scoring`, the reference).

* A **term** or **prefix** unit is a ``bool`` of ``term`` queries, one per (term, field), each
  boosted by the field's weight (title 2.5, body 1): the plan's terms are already Newsdesk's index
  terms, so they are looked up as they are, never analysed again. A prefix unit's terms are its
  expansion (within the plan's budget). Scores add up per field and term: Lucene's BM25 with
  search.ranking's k1 and per-field b, the ``fields`` combination. With ``combine=bm25f`` each
  term is one ``cross_fields`` query (one idf, the largest field df; OpenSearch has no BM25F,
  which adds the fields' frequencies before saturating).
* A **phrase** unit matches with ``match_phrase`` on the clause as typed (OpenSearch's analyzer
  keeps stopword gaps: "bank of england"), and is scored by its terms, as the embedded index
  scores a phrase.
* The units of a **group** are alternatives (``OR``): a ``bool`` ``should``. Groups are joined
  by the ranking mode: ``and_or`` requires every group (``must``; the backend falls back to any
  group when no article has them all); ``or`` lets any group match; ``coord`` multiplies the
  score by the share of the query's idf weight an article holds, to the power ``coord_power``
  (``function_score`` with one weighted filter per group, summed, nested once per power);
  ``and_fill`` adds ``TIER_SCALE`` × that share as a named constant (taken off the shown score
  again) so that tiers come first and BM25 orders each tier.
* ``proximity``: query words typed side by side that stand side by side in an article add the
  pair's idf (a ``match_phrase`` of the two terms, constant score).
* **Negations** are ``must_not``; dates and outlets are the caller's filters.

>>> from search.plan import build_plan
>>> from search.query import lex
>>> c = compile_plan(build_plan(lex('"export controls" -tariffs')), RankingOptions(mode="and_or"))
>>> c.query["bool"]["must_not"][0]
{'bool': {'should': [{'term': {'title': 'tariff'}}, {'term': {'body': 'tariff'}}], 'minimum_should_match': 1}}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from ..local.scoring import RankingOptions
from ..plan import QueryPlan, Unit

TIER_SCALE = 1000.0
# Lucene counts every leaf of a query against indices.query.bool.max_clause_count (1024 by
# default); prefix expansions beyond this many scored leaves are matched without scores.
MAX_SCORED_LEAVES = 900
MAX_SUBSET_GROUPS = 6


@dataclass
class PlanStats:
    """What the query needs from the whole index: each group's share of the query's idf weight,
    and the idf of each pair of adjacent words (proximity)."""

    shares: list[float] = field(default_factory=list)
    pair_idf: dict[tuple[str, str], float] = field(default_factory=dict)


@dataclass
class Compiled:
    """What the backend runs for a plan: ``query`` (negations in, no filters), the groups' match
    conditions (``groups``; ``every`` holds them all), the ``and_or`` fallback, and how to turn a
    hit's score back into the embedded index's (``tiered``: take the named tiers off)."""

    query: dict
    groups: list[dict] = field(default_factory=list)
    units: list[list[Unit]] = field(default_factory=list)
    fallback: dict | None = None
    tiered: bool = False
    shares: list[float] | None = None
    pairs: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def every(self) -> dict | None:
        return {"bool": {"filter": self.groups}} if self.groups else None


def _bool(should: list[dict], **extra) -> dict:
    if len(should) == 1 and not extra:
        return should[0]
    return {"bool": {"should": should, "minimum_should_match": 1, **extra}}


def _term(fname: str, term: str, boost: float) -> dict:
    return {"term": {fname: term if boost == 1 else {"value": term, "boost": boost}}}


def unit_fields(unit: Unit, opts: RankingOptions) -> tuple[tuple[str, float], ...]:
    if opts.title_boost is not None and len(unit.fields) == 2:
        return tuple((f, opts.title_boost if f == "title" else b) for f, b in unit.fields)
    return unit.fields


def unit_match(unit: Unit) -> dict:
    """Where a unit matches (filter context: no scores)."""
    if unit.kind == "phrase":
        return _bool([{"match_phrase": {f: unit.clause.text}} for f, _ in unit.fields])
    if len(unit.terms) > 8:
        return _bool([{"terms": {f: list(unit.terms)}} for f, _ in unit.fields])
    return {"bool": {"should": [{"term": {f: t}} for t in unit.terms for f, _ in unit.fields],
                     "minimum_should_match": 1}}


def term_scores(unit: Unit, opts: RankingOptions) -> list[dict]:
    """The scoring clauses of a unit's terms."""
    fields = unit_fields(unit, opts)
    if opts.combine == "bm25f" and len(fields) > 1:
        names = [f"{f}^{b:g}" for f, b in fields]
        return [{"multi_match": {"query": t, "type": "cross_fields", "fields": names, "analyzer": "whitespace",
                                 "tie_breaker": 1.0}} for t in unit.terms]
    return [_term(f, t, b) for t in unit.terms for f, b in fields]


def unit_query(unit: Unit, opts: RankingOptions, scored: bool = True) -> dict:
    """A unit as a scoring query (``scored=False``: matched, with no score of its own)."""
    if not scored:
        return {"constant_score": {"filter": unit_match(unit), "boost": 0.0}}
    if unit.kind == "phrase":
        return {"bool": {"filter": [unit_match(unit)], "should": term_scores(unit, opts)}}
    return _bool(term_scores(unit, opts))


def adjacent_pairs(plan: QueryPlan) -> list[tuple[str, str]]:
    """Pairs of single words typed side by side, searched in title and body (proximity)."""
    singles = [g[0] for g in plan.groups]
    return [(a.terms[0], b.terms[0]) for a, b in zip(singles, singles[1:])
            if a.kind == "term" and b.kind == "term" and len(a.fields) == 2 and len(b.fields) == 2]


def pair_match(pair: tuple[str, str]) -> dict:
    text = " ".join(pair)
    return _bool([{"match_phrase": {f: {"query": text, "analyzer": "whitespace"}}} for f in ("title", "body")])


def _leaves(unit: Unit) -> int:
    return len(unit.terms) * len(unit.fields)


def needs_stats(plan: QueryPlan, opts: RankingOptions) -> bool:
    return (not plan.empty and ((opts.mode in ("coord", "and_fill") and len(plan.groups) > 1)
                                or (opts.proximity and adjacent_pairs(plan))))


def compile_plan(plan: QueryPlan, opts: RankingOptions, browse: bool = False,
                 stats: PlanStats | None = None) -> Compiled | None:
    """The plan as queries; None when it can match nothing (no positive unit, no negation, not
    browsing). ``stats`` come from :meth:`OpenSearchBackend.plan_stats` when :func:`needs_stats`."""
    negatives = [unit_match(u) for u in plan.negatives]
    if plan.empty:
        if not (browse or plan.negatives):
            return None
        return Compiled({"bool": {"must": [{"match_all": {}}], "must_not": negatives}})
    stats = stats or PlanStats()
    budget = MAX_SCORED_LEAVES - sum(_leaves(u) for u in plan.units() if u.kind != "prefix")
    scored: dict[int, bool] = {}
    notes = []
    for u in sorted((u for u in plan.units() if u.kind == "prefix"), key=_leaves):
        scored[id(u)] = _leaves(u) <= budget
        budget -= _leaves(u) if scored[id(u)] else 0
        if not scored[id(u)]:
            notes.append(f"{u.clause.show()} matched without ranking its words (too many for one query)")
    group_queries = [_bool([unit_query(u, opts, scored.get(id(u), True)) for u in g]) for g in plan.groups]
    matches = [_bool([unit_match(u) for u in g]) for g in plan.groups]
    c = Compiled(query={}, groups=matches, units=[list(g) for g in plan.groups], notes=notes,
                 pairs=adjacent_pairs(plan) if opts.proximity else [])
    bonus = [{"constant_score": {"filter": pair_match(p), "boost": opts.proximity * stats.pair_idf[p]}}
             for p in c.pairs if stats.pair_idf.get(p, 0) > 0]
    several = len(plan.groups) > 1
    if opts.mode == "and_or":
        c.query = {"bool": {"must": group_queries, "should": bonus, "must_not": negatives}}
        if several:
            c.fallback = {"bool": {"should": group_queries + bonus, "minimum_should_match": 1,
                                   "must_not": negatives}}
        return c
    anything = {"bool": {"should": group_queries + bonus, "minimum_should_match": 1}}
    if opts.mode == "and_fill" and several:
        c.tiered, c.shares = True, stats.shares or None
        tiers = [{"constant_score": {"filter": m, "boost": TIER_SCALE * w, "_name": f"g{i}"}}
                 for i, (m, w) in enumerate(zip(matches, stats.shares)) if w > 0]
        anything["bool"]["should"] += tiers
    elif opts.mode == "coord" and several and stats.shares:
        anything = coordinate(anything, matches, stats.shares, opts.coord_power)
    c.query = {"bool": {"must": [anything], "must_not": negatives}}
    return c


def coordinate(query: dict, matches: list[dict], shares: list[float], power: float) -> dict:
    """``query``'s score × (the share of the groups it matches) ** ``power``: for a whole power,
    one ``function_score`` per unit of it, each multiplying by the sum of the matched groups'
    shares; otherwise (few groups) one function per combination of groups, weighted by its
    share ** power."""
    def wrap(q, functions):
        return {"function_score": {"query": q, "functions": functions, "score_mode": "sum",
                                   "boost_mode": "multiply"}}

    if float(power).is_integer() or len(matches) > MAX_SUBSET_GROUPS:
        functions = [{"filter": m, "weight": w} for m, w in zip(matches, shares) if w > 0]
        for _ in range(max(1, round(power))):
            query = wrap(query, functions)
        return query
    functions = []
    groups = range(len(matches))
    for k in range(1, len(matches) + 1):
        for subset in combinations(groups, k):
            share = sum(shares[i] for i in subset)
            if share <= 0:
                continue
            inside = [matches[i] for i in subset]
            outside = [matches[i] for i in groups if i not in subset]
            functions.append({"filter": {"bool": {"filter": inside, "must_not": outside}},
                              "weight": share ** power})
    return wrap(query, functions)


def tier_of(matched: list[str], shares: list[float]) -> float:
    """The tier part of a hit's score, from the names of the groups it matched.

    >>> tier_of(["g0", "g2"], [0.5, 0.3, 0.2])
    700.0
    """
    return TIER_SCALE * sum(shares[int(n[1:])] for n in matched if n.startswith("g") and n[1:].isdigit()
                            and int(n[1:]) < len(shares))


def filter_clauses(filters) -> list[dict]:
    """The time window as a range on ``published`` (after inclusive, before exclusive, naive UTC)."""
    window = {}
    if filters.after is not None:
        window["gte"] = filters.after.replace(tzinfo=None).isoformat()
    if filters.before is not None:
        window["lt"] = filters.before.replace(tzinfo=None).isoformat()
    return [{"range": {"published": window}}] if window else []


def source_filter(filters) -> dict | None:
    """The outlet list (exact names), applied after the outlet facet is counted."""
    return {"terms": {"source": list(filters.sources)}} if filters.sources else None


def sort_clause(sort: str) -> list:
    """Relevance, then id (a stable order for paging); by date, undated articles last."""
    if sort == "relevance":
        return [{"_score": "desc"}, {"id": "asc"}]
    order = "asc" if sort == "oldest" else "desc"
    return [{"published": {"order": order, "missing": "_last"}}, {"_score": "desc"}, {"id": "asc"}]
