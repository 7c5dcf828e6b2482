"""BM25F: the pure formulas, and Whoosh's scores checked against an independent computation."""
import math

import pytest

from index.analysis import analyze
from search.engine import SearchEngine
from search.ranking import B, K1, bm25_idf, bm25_tf
from tests.conftest import write_jsonl

DOCS = [
    {"title": "Chip export controls widen", "body": "New export controls cover chips and chip tools. Controls bite."},
    {"title": "Harvest report", "body": "Wheat harvest was strong. Export demand rose a little for wheat and barley."},
    {"title": "Taiwan vote", "body": "Taiwan voters chose a new president amid tension with Beijing over chips."},
    {"title": "Markets", "body": "Stocks rose. " * 20 + "A mention of export at the end."},
]


def test_idf_and_tf_formulas():
    assert bm25_idf(10, 1) == pytest.approx(math.log(1 + 9.5 / 1.5))
    assert bm25_idf(10, 10) > 0  # never negative
    assert bm25_tf(1, 10, 10, k1=1.2, b=0.75) == pytest.approx(1.0)
    assert bm25_tf(0, 10, 10) == 0
    assert bm25_tf(5, 10, 10) > bm25_tf(1, 10, 10)        # more occurrences, more score
    assert bm25_tf(1, 100, 10) < bm25_tf(1, 10, 10)       # longer field, less score


def independent_bm25(docs, term, field, boost):
    """BM25 computed from the raw texts, without Whoosh."""
    toks = [analyze(d[field]) for d in docs]
    n = len(docs)
    df = sum(1 for t in toks if term in t)
    avg = sum(len(t) for t in toks) / n
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    out = []
    for t in toks:
        tf = t.count(term)
        b = B[field]
        out.append(boost * idf * tf * (K1 + 1) / (tf + K1 * (1 - b + b * len(t) / avg)) if tf else 0.0)
    return out


def test_whoosh_scores_match_independent_implementation(tmp_path):
    from index.build import build_index
    from search.plan import TITLE_BOOST

    build_index([write_jsonl(tmp_path / "d.jsonl", DOCS)], tmp_path / "ix", rebuild=True)
    result = SearchEngine(tmp_path / "ix").search(q="export", group=False, per_page=10)
    expected = [a + b for a, b in zip(independent_bm25(DOCS, "export", "title", TITLE_BOOST),
                                      independent_bm25(DOCS, "export", "body", 1.0))]
    by_title = {h["title"]: h["score"] for h in result["hits"]}
    for doc, want in zip(DOCS, expected):
        if want:
            # The sidecar keeps exact field lengths (Whoosh's own are one byte), so scores agree.
            assert by_title[doc["title"]] == pytest.approx(want, abs=1e-4)  # scores are rounded to 4 places
        else:
            assert doc["title"] not in by_title
    assert result["hits"][0]["title"] == "Chip export controls widen"
