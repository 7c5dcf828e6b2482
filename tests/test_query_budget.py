"""The work one query can cause is bounded (issue 7, case 4): prefixes expand to a bounded number
of terms across the whole query, not only per prefix, and the result says what was cut."""
from __future__ import annotations

import itertools
import string

import pytest

from index.build import build_index
from search.engine import SearchEngine, SearchRequest
from search.plan import MAX_PREFIX_EXPANSION, MAX_TOTAL_EXPANSION
from tests.conftest import write_jsonl


@pytest.fixture(scope="module")
def many_terms(tmp_path_factory):
    """An index whose vocabulary has 260 words under every two-letter prefix xa..xz."""
    tmp = tmp_path_factory.mktemp("many-terms")
    letters = string.ascii_lowercase
    words = ["x" + a + b + c + "q" for a, b, c in itertools.product(letters, letters, letters[:10])]
    records = []
    for i in range(0, len(words), 40):
        chunk = words[i:i + 40]
        records.append({"title": f"Word list {i}", "body": "Vocabulary sample: " + " ".join(chunk) + "."})
    write_jsonl(tmp / "words.jsonl", records)
    ix = tmp / "ix"
    build_index([tmp / "words.jsonl"], ix, rebuild=True)
    return SearchEngine(ix), words


def test_one_prefix_is_bounded_and_says_so(many_terms):
    engine, words = many_terms
    result = engine.search(SearchRequest(q="xa*"))
    assert result["total"] > 0
    expanded = engine.plan("xa*").expanded_terms()
    assert 0 < len(expanded) <= MAX_PREFIX_EXPANSION
    assert any("xa*" in n and "first" in n for n in result["notes"]), result["notes"]


def test_many_prefixes_share_one_budget(many_terms):
    engine, words = many_terms
    q = " OR ".join(f"x{a}*" for a in string.ascii_lowercase) + " " + " ".join(
        f"x{a}{b}*" for a, b in itertools.product("abc", "abcdefghijkl"))
    plan = engine.plan(q)
    assert len(plan.expanded_terms()) <= MAX_TOTAL_EXPANSION
    result = engine.search(SearchRequest(q=q))
    assert any("prefix" in n for n in result["notes"]), result["notes"]


def test_sixty_short_prefixes_are_cut_to_the_budget(many_terms):
    engine, _ = many_terms
    q = " ".join(["xx*"] * 30 + [f"x{c}*" for c in string.ascii_lowercase[:30]])
    assert len(q) < 300
    plan = engine.plan(q)
    assert len(plan.expanded_terms()) <= MAX_TOTAL_EXPANSION
    result = engine.search(SearchRequest(q=q, group=False))
    assert isinstance(result["total"], int)
    assert result["notes"]


def test_an_ordinary_query_is_not_cut(many_terms):
    engine, words = many_terms
    result = engine.search(SearchRequest(q=words[0]))
    assert result["total"] == 1 and result["notes"] == []
