"""Phrases matched on the sidecar's positions find exactly what Whoosh's own phrase matcher finds
on its positional postings (the same index, every two- and three-word run of sample text)."""
from __future__ import annotations

import random

from whoosh import query as Q
from whoosh.searching import Searcher

from index.analysis import index_terms
from search.local.scoring import phrase_docs
from search.local.view import ViewCache


def test_phrase_docs_agree_with_whoosh(samples_index):
    view = ViewCache(samples_index).get()
    searcher = Searcher(view.reader())
    rng = random.Random(3)
    phrases = set()
    for d in rng.sample(range(view.n), min(20, view.n)):
        body = view.stored(d)["body"]
        _, positions = index_terms(body)
        by_pos = sorted((p, t) for t, ps in positions.items() for p in ps)
        for i in range(0, len(by_pos) - 3, 7):
            phrases.add(tuple(t for _, t in by_pos[i:i + 2]))
            phrases.add(tuple(t for _, t in by_pos[i:i + 3]))
    phrases.add(("us", "china"))
    assert len(phrases) > 100
    for terms in sorted(phrases):
        for field in ("body", "title"):
            m = Q.Phrase(field, list(terms)).matcher(searcher)
            whoosh_docs = sorted(m.all_ids()) if m.is_active() else []
            ours = sorted(int(d) for d in phrase_docs(view, field, list(terms)))
            assert ours == whoosh_docs, (field, terms)
