"""Phrases matched on the sidecar's positions find exactly what Whoosh's own phrase matcher finds
on positional postings: the articles of the sample index are indexed again, by Whoosh's own
writer into positional fields with the same analyzer, and every two- and three-word run of
sample text is looked for in both."""
from __future__ import annotations

import random

from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from index.analysis import index_terms, news_analyzer
from search.local.scoring import phrase_docs
from search.local.view import ViewCache


def positional_copy(view):
    """A Whoosh index in memory of the view's live articles, title and body with positions."""
    analyzer = news_analyzer()
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=analyzer, phrase=True),
                    body=TEXT(analyzer=analyzer, phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for d in range(view.n):
            if view.live[d]:
                f = view.stored(d)
                w.add_document(id=f["id"], title=f.get("title", ""), body=f.get("body", ""))
    return ix


def test_phrase_docs_agree_with_whoosh(samples_index):
    view = ViewCache(samples_index).get()
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
    with positional_copy(view).searcher() as searcher:
        found = 0
        for terms in sorted(phrases):
            for field in ("body", "title"):
                m = Q.Phrase(field, list(terms)).matcher(searcher)
                whoosh_ids = sorted(searcher.stored_fields(d)["id"] for d in m.all_ids()) if m.is_active() else []
                ours = sorted(view.stored(int(d))["id"] for d in phrase_docs(view, field, list(terms)))
                assert ours == whoosh_ids, (field, terms)
                found += bool(ours)
        assert found > 100
