"""Indexes built in several incremental runs (several segments), with articles that have and lack
each optional field: search, every filter, sort, facet, grouping and export must agree with an
independent computation over the records themselves (issue 7, case 1)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from index.build import build_index
from search.engine import SearchEngine, SearchRequest
from tests.conftest import write_jsonl

OUTLETS = ["Reuters", "Harbor Times", None]


def _records(batch: int, n: int) -> list[dict]:
    """n articles that all mention growth; outlet, date and byline present or absent by turns."""
    out = []
    for i in range(n):
        k = batch * 100 + i
        rec = {"title": f"Growth report {k}",
               "body": f"Quarterly growth figure number {k} surprised economists in region {k % 7}.",
               "url": f"https://news.example/{batch}/{i}"}
        outlet = OUTLETS[(k + batch) % 3]
        if outlet:
            rec["source"] = outlet
        if (k + batch) % 4 != 0:
            rec["published"] = datetime(2020 + k % 4, 1 + k % 12, 1 + k % 27, 8, tzinfo=timezone.utc).isoformat()
        if k % 5 == 0:
            rec["byline"] = f"Writer {k}"
        out.append(rec)
    return out


def _build(tmp_path, batches: list[list[dict]]):
    ix = tmp_path / "ix"
    for n, batch in enumerate(batches):
        src = tmp_path / f"batch{n}"
        src.mkdir()
        write_jsonl(src / "a.jsonl", batch)
        report = build_index([src], ix)
        assert report.indexed == len(batch), report.as_dict()
    return ix


def _orders():
    with_fields = _records(0, 9)
    bare = [{"title": f"Growth note {i}", "body": f"A growth note without outlet or date, number {i}."}
            for i in range(4)]
    mixed = _records(2, 7)
    return {"fields-first": [with_fields, bare, mixed], "bare-first": [bare, with_fields, mixed],
            "bare-last": [mixed, with_fields, bare]}


@pytest.fixture(params=sorted(_orders()), scope="module")
def built(request, tmp_path_factory):
    batches = _orders()[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    ix = _build(tmp, batches)
    records = [r for b in batches for r in b]
    return SearchEngine(ix), records


def _expected(records, source=None, lo=None, hi=None):
    out = []
    for r in records:
        if source is not None and r.get("source") != source:
            continue
        if lo or hi:
            if "published" not in r:
                continue
            day = r["published"][:10]
            if (lo and day < lo) or (hi and day > hi):
                continue
        out.append(r)
    return out


def test_every_article_is_found(built):
    engine, records = built
    result = engine.search(SearchRequest(q="growth", per_page=100, group=False))
    assert result["total"] == len(records)
    assert sorted(h["title"] for h in result["hits"]) == sorted(r["title"] for r in records)


@pytest.mark.parametrize("outlet", ["Reuters", "Harbor Times"])
def test_source_filter_matches_only_that_outlet(built, outlet):
    engine, records = built
    result = engine.search(SearchRequest(q="growth", sources=[outlet], per_page=100, group=False))
    expected = _expected(records, source=outlet)
    assert result["total"] == len(expected)
    assert {h["source"] for h in result["hits"]} == {outlet}
    assert sorted(h["title"] for h in result["hits"]) == sorted(r["title"] for r in expected)


def test_source_facet_counts_are_exact(built):
    engine, records = built
    result = engine.search(SearchRequest(q="growth", group=False))
    counts = {f["value"]: f["count"] for f in result["facets"]["source"]}
    expected = {}
    for r in records:
        if r.get("source"):
            expected[r["source"]] = expected.get(r["source"], 0) + 1
    assert counts == expected


def test_month_facet_counts_are_exact(built):
    engine, records = built
    result = engine.search(SearchRequest(q="growth", group=False))
    counts = {f["value"]: f["count"] for f in result["facets"]["month"]}
    expected = {}
    for r in records:
        if r.get("published"):
            m = r["published"][:7]
            expected[m] = expected.get(m, 0) + 1
    assert counts == expected


def test_date_filters(built):
    from datetime import date

    engine, records = built
    result = engine.search(SearchRequest(q="growth", date_from=date(2021, 3, 1), date_to=date(2022, 12, 31),
                                         per_page=100, group=False))
    expected = _expected(records, lo="2021-03-01", hi="2022-12-31")
    assert sorted(h["title"] for h in result["hits"]) == sorted(r["title"] for r in expected)
    by_query = engine.search(SearchRequest(q="growth after:2021-03-01 before:2023", per_page=100, group=False))
    assert sorted(h["title"] for h in by_query["hits"]) == sorted(r["title"] for r in expected)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sorts_put_undated_last(built, sort):
    engine, records = built
    hits = engine.search(SearchRequest(q="growth", sort=sort, per_page=100, group=False))["hits"]
    assert len(hits) == len(records)
    dated = [h["published"] for h in hits if h["published"]]
    assert dated == sorted(dated, reverse=(sort == "newest"))
    flags = [h["published"] is None for h in hits]
    assert flags == sorted(flags)
    by_title = {r["title"]: r for r in records}
    for h in hits:
        rec = by_title[h["title"]]
        assert (h["published"] is None) == ("published" not in rec)
        assert h["source"] == rec.get("source")


def test_grouped_search_and_stats(built):
    engine, records = built
    grouped = engine.search(SearchRequest(q="growth", per_page=100))
    assert grouped["total"] == len(records)  # no copies among these records
    stats = engine.stats()
    assert stats["articles"] == len(records)
    assert {s["value"] for s in stats["sources"]} == {r["source"] for r in records if r.get("source")}


def test_export_lists_every_match_with_its_fields(built):
    engine, records = built
    rows = list(engine.export(SearchRequest(q="growth", sort="oldest", group=False)))
    assert len(rows) == len(records)
    by_title = {r["title"]: r for r in records}
    for row in rows:
        rec = by_title[row["title"]]
        assert row["source"] == rec.get("source")
        assert row["byline"] == rec.get("byline")
        assert (row["published"] or "")[:10] == rec.get("published", "")[:10]
    filtered = list(engine.export(SearchRequest(q="growth", sources=["Reuters"], group=False)))
    assert len(filtered) == len(_expected(records, source="Reuters"))


def test_cli_search_on_multisegment_index(built, cli):
    engine, records = built
    for fmt in ("text", "json", "csv", "jsonl"):
        r = cli(["search", "growth", "--index", engine.index_dir, "--format", fmt, "--source", "Reuters"])
        assert r.code == 0, r.err
    r = cli(["search", "growth", "--index", engine.index_dir, "--json", "--no-group", "--limit", "100"])
    assert json.loads(r.out)["total"] == len(records)
