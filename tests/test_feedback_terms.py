"""Feedback's relevance model on one numbering of every segment's terms (search.local.terms)
chooses exactly what the plain definition over each article's term dictionary chooses."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from index.build import build_index
from search.local import feedback
from search.local.view import ViewCache
from tests.conftest import SAMPLES, SEEDS


@pytest.fixture(scope="module")
def two_segment_view(tmp_path_factory):
    ix = tmp_path_factory.mktemp("fb") / "ix"
    build_index([SEEDS], ix, rebuild=True)
    build_index([SAMPLES], ix)  # an incremental run adds a second segment
    view = ViewCache(ix).get()
    assert len(view.arrays) >= 2
    return view


def plain_relevance_model(view, top, weights, fb_terms):
    """The definition, one dictionary per article (search/local/feedback.py's steps 2 and 3)."""
    docs = [view.document_terms(int(d)) for d in top]
    seen_in = Counter(t for counts in docs for t in counts)
    total_w = float(weights.sum()) or 1.0
    model: dict[str, float] = {}
    for counts, w in zip(docs, weights):
        length = sum(counts.values()) or 1
        for t, tf in counts.items():
            if seen_in[t] >= feedback.MIN_DOCS_WITH_TERM and len(t) > 2 and not t.isdigit():
                model[t] = model.get(t, 0) + (tf / length) * (w / total_w)
    limit = feedback.MAX_TERM_SHARE * view.n
    chosen = [(t, p) for t, p in sorted(model.items(), key=lambda kv: -kv[1])
              if view.doc_frequency("body", t) <= limit][:fb_terms]
    norm = sum(p for _, p in chosen) or 1.0
    return [(t, p / norm) for t, p in chosen]


def test_term_space_numbers_every_segments_terms_once(two_segment_view):
    view = two_segment_view
    space = view.term_space()
    assert len(set(space.terms)) == len(space.terms)
    for arr, maps in zip(view.arrays, space.local):
        for fname, mapping in maps.items():
            assert [space.terms[g] for g in mapping.tolist()] == arr.postings[fname].terms
    for g in range(0, len(space.terms), 7):
        assert space.body_df[g] == view.doc_frequency("body", space.terms[g])


def test_relevance_model_matches_its_definition_across_segments(two_segment_view):
    view = two_segment_view
    rng = np.random.default_rng(3)
    for trial in range(40):
        top = rng.choice(view.n, size=min(10, view.n), replace=False)
        # Equal weights in some trials: ties between terms must keep the articles' order.
        weights = np.ones(len(top)) if trial % 4 == 0 else rng.uniform(0.5, 9.0, len(top))
        got = feedback.relevance_model(view, top, weights, 10)
        want = plain_relevance_model(view, top, weights, 10)
        assert list(got.items()) == want
        assert want  # seeds share words: every trial chooses some terms
