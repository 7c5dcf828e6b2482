"""Property tests: any query a person or a program can type, with any options, against an index of
several segments with and without every optional field, never raises, always returns a
well-formed search object, and stays within a (generous) time budget."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.build import build_index
from search.engine import SearchEngine, SearchRequest
from tests.conftest import write_jsonl

WORDS = ["tariff", "tariffs", "china", "U.S.", "us", "export", "controls", "wheat", "harvest", "the",
         "growth", "Zürich", "naïve", "émigré", "co-op", "1.5bn", "OR", "AND", "-", "*", ":", '"']
OPERATORS = ["OR", "-", "title:", "source:", "after:", "before:", "*", '"', "(", ")", "foo:", "-title:"]
DATES = ["2023", "2023-06", "2023-06-01", "2023-13-45", "yesterday", "9999-12-31", "0000", ""]

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(OPERATORS),
    st.builds(lambda op, d: op + d, st.sampled_from(["after:", "before:"]), st.sampled_from(DATES)),
    st.builds(lambda w: w[:3] + "*", st.sampled_from(WORDS)),
    st.builds(lambda a, b: f'"{a} {b}"', st.sampled_from(WORDS), st.sampled_from(WORDS)),
    st.text(min_size=1, max_size=8),  # any unicode, control characters and surrogates included
)
queries = st.lists(piece, max_size=12).map(" ".join)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("props")
    ix = tmp / "ix"
    batches = [
        [{"title": f"China tariff story {i}", "body": f"US tariffs on China's exports, item {i}. Wheat harvest.",
          "source": ["Reuters", "Harbor Times"][i % 2], "published": f"2023-0{1 + i % 9}-1{i % 9}T10:00:00+00:00"}
         for i in range(12)],
        [{"title": f"Undated note {i}", "body": f"Growth in Zürich and a naïve émigré co-op, {i}."} for i in range(6)],
        [{"title": f"Export controls {i}", "body": "Export controls widen; the U.S. says 1.5bn.",
          "published": "2024-02-0{}T00:00:00Z".format(1 + i)} for i in range(5)],
    ]
    for n, batch in enumerate(batches):
        write_jsonl(tmp / f"b{n}.jsonl", batch)
        build_index([tmp / f"b{n}.jsonl"], ix)
    return SearchEngine(ix)


@settings(max_examples=300, deadline=2000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(q=queries, sort=st.sampled_from(["relevance", "newest", "oldest"]), group=st.booleans(),
       page=st.integers(1, 4), sources=st.lists(st.sampled_from(["Reuters", "Harbor Times", "Nobody", ""]), max_size=2),
       span=st.sampled_from([(None, None), (date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 2, 2), None)]))
def test_any_query_gives_a_well_formed_answer(engine, q, sort, group, page, sources, span):
    result = engine.search(SearchRequest(q=q, sort=sort, group=group, page=page, per_page=5,
                                         sources=sources, date_from=span[0], date_to=span[1]))
    json.dumps(result, ensure_ascii=False).encode("utf-8")
    assert isinstance(result["parsed"], str) and isinstance(result["notes"], list)
    assert result["total"] >= len(result["hits"]) and result["articles"] >= result["total"] or group
    assert len(result["hits"]) <= 5
    for hit in result["hits"]:
        assert "<" not in hit["snippet"].replace("<mark>", "").replace("</mark>", "")
        if sources and [s for s in sources if s]:
            assert hit["source"] in sources
    counted = sum(f["count"] for f in result["facets"]["month"])
    assert counted <= result["articles"]


@settings(max_examples=100, deadline=2000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries)
def test_any_query_exports_and_plans(engine, q):
    plan = engine.plan(q)
    assert len(plan.expanded_terms()) <= 400
    rows = list(engine.export(SearchRequest(q=q, group=False)))
    assert len({r["id"] for r in rows}) == len(rows)
