"""A parsed query turned into what a backend runs: analysed terms per clause, prefixes expanded
within a budget, and notes on anything not taken literally. Backend-neutral: the embedded index
(:mod:`search.local`) scores a plan with NumPy; the OpenSearch backend turns it into the query DSL.

Structure: ``groups`` are joined by AND (or, by the ranking, by "as many as possible"); the units
inside one group are alternatives (``OR``); ``negatives`` exclude. The work a query can cause is
bounded: at most :data:`MAX_PREFIX_EXPANSION` words for one prefix and
:data:`MAX_TOTAL_EXPANSION` across the whole query, the most frequent first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from index.analysis import ANALYZER, fold

from .query import Clause, ParsedQuery

TITLE_BOOST = 2.5
MAX_PREFIX_EXPANSION = 200
MAX_TOTAL_EXPANSION = 400

# expand(prefix_forms, limit) -> (terms, how many terms start with those forms in all)
Expander = Callable[[list[str], int], tuple[list[str], int]]


def terms_of(text: str) -> list[str]:
    """The analyzer's terms for a piece of query text."""
    return [t.text for t in ANALYZER(text, mode="query")]


def prefix_forms(text: str) -> list[str]:
    """Index-term prefixes for a typed prefix: its folded lowercase form and, when different, its
    stem ("stabiliz*" must reach the stored stem "stabil").

    >>> prefix_forms("Stabilizing")
    ['stabilizing', 'stabil']
    """
    low = fold(text).lower().replace("'", "")
    forms = [low]
    terms = terms_of(text)
    if len(terms) == 1 and terms[0] != low and terms[0].lower() == terms[0]:
        forms.append(terms[0])
    return forms


@dataclass
class Unit:
    """One clause, analysed: the fields it searches (with boosts) and its terms."""

    kind: str                               # term | phrase | prefix
    fields: tuple[tuple[str, float], ...]
    terms: list[str]
    clause: Clause

    @property
    def searches_text(self) -> bool:
        return any(f in ("title", "body") for f, _ in self.fields)


@dataclass
class QueryPlan:
    groups: list[list[Unit]] = field(default_factory=list)
    negatives: list[Unit] = field(default_factory=list)
    parsed: ParsedQuery = field(default_factory=ParsedQuery)
    dropped_positive: bool = False   # a positive clause could not be searched (only stopwords, no prefix match)

    @property
    def notes(self) -> list[str]:
        return self.parsed.notes

    @property
    def empty(self) -> bool:
        """True when nothing positive is searched for (the query lists, or matches nothing)."""
        return not self.groups

    def units(self):
        for g in self.groups:
            yield from g

    def expanded_terms(self) -> list[str]:
        """Every term the query's prefixes expanded to."""
        return [t for u in [*self.units(), *self.negatives] if u.kind == "prefix" for t in u.terms]

    def highlight_terms(self) -> set[str]:
        """Every index term a positive text clause can match: what snippets mark."""
        return {t for u in self.units() if u.searches_text for t in u.terms}


def fields_for(clause: Clause) -> tuple[tuple[str, float], ...]:
    if clause.field == "title":
        return (("title", 1.0),)
    if clause.field == "source":
        return (("source_text", 1.0),)
    return (("title", TITLE_BOOST), ("body", 1.0))


def build_plan(parsed: ParsedQuery, expand: Expander | None = None) -> QueryPlan:
    """The plan for a parsed query. ``expand`` looks prefixes up in the index (most frequent
    terms first); without it, a prefix clause is dropped with a note."""
    plan = QueryPlan(parsed=parsed)
    budget = MAX_TOTAL_EXPANSION
    dropped: list[Clause] = []
    for c in parsed.clauses:
        fields = fields_for(c)
        if c.kind == "prefix":
            if expand is None or budget <= 0:
                terms, found = [], 0
                if budget <= 0:
                    parsed.notes.append(f"{c.show()} left out: the query's prefixes already "
                                        f"expanded to {MAX_TOTAL_EXPANSION} words")
                    dropped.append(c)
                    continue
            else:
                limit = min(MAX_PREFIX_EXPANSION, budget)
                terms, found = expand(prefix_forms(c.text), limit)
                if found > len(terms):
                    parsed.notes.append(f"{c.show()} matches {found} words: only the first {len(terms)} "
                                        "(the most frequent) were searched")
                budget -= len(terms)
            if not terms:
                parsed.notes.append(f"nothing in the index starts with {c.text!r}")
                dropped.append(c)
                continue
            unit = Unit("prefix", fields, terms, c)
        else:
            terms = terms_of(c.text)
            if not terms:
                if not c.negated:
                    parsed.notes.append(f"{c.text!r} is too common to search for; ignored")
                dropped.append(c)
                continue
            unit = Unit("term" if len(terms) == 1 else "phrase", fields, terms, c)
        if c.negated:
            plan.negatives.append(unit)
        elif c.either and plan.groups and not _group_starts_here(c, parsed, dropped):
            plan.groups[-1].append(unit)
        else:
            plan.groups.append([unit])
    parsed.clauses = [c for c in parsed.clauses if c not in dropped]
    plan.dropped_positive = any(not c.negated for c in dropped)
    return plan


def _group_starts_here(c: Clause, parsed: ParsedQuery, dropped: list[Clause]) -> bool:
    """An ``OR`` whose left side was dropped starts a new group rather than join an unrelated one."""
    i = parsed.clauses.index(c)
    prev = parsed.clauses[i - 1] if i > 0 else None
    return prev is None or prev in dropped or prev.negated
