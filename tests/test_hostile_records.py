"""Hostile records end to end (issue 7, cases 5, 6 and 8): a record with a lone surrogate or an
absurd date is read, indexed and shown without breaking any search, page or command, and a bad
value costs only that value."""
from __future__ import annotations

import json

import pytest

from index.build import build_index
from search.engine import SearchEngine, SearchRequest

LINES = [
    '{"title": "lone \\ud800 surrogate in the headline", "body": "Surrogate story about harbour cranes \\udfff here."}',
    '{"title": "Far future", "body": "Harbour cranes story dated far ahead.", "published": "9999-12-31T23:59:59-14:00"}',
    '{"title": "Far past", "body": "Harbour cranes story dated long ago.", "published": "0001-01-01T00:00:00+14:00"}',
    '{"title": "Huge number", "body": "Harbour cranes story with a numeric date.", "published": 1e300}',
    '{"title": "Boolean date", "body": "Harbour cranes story with a boolean date.", "published": true}',
    '{"title": "Plain good", "body": "Harbour cranes story that is perfectly normal.", "published": "2024-09-12T08:30:00+02:00"}',
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    src = tmp / "hostile.jsonl"
    deep = '{"title": "deep", "body": ' + "[" * 100_000 + "]" * 100_000 + "}"
    src.write_text("\n".join(LINES[:3] + [deep] + LINES[3:]) + "\n", encoding="utf-8")
    ix = tmp / "ix"
    report = build_index([src], ix, rebuild=True)
    return src, ix, report


def test_every_good_line_lands(hostile):
    src, ix, report = hostile
    assert report.indexed == len(LINES), report.as_dict()
    assert [s.origin for s in report.skipped] == [f"{src}#4"]
    result = SearchEngine(ix).search(SearchRequest(q="harbour cranes", per_page=50, group=False))
    assert result["total"] == len(LINES)
    json.dumps(result, ensure_ascii=False).encode("utf-8")  # nothing unencodable left


def test_bad_dates_cost_only_the_date(hostile):
    src, ix, report = hostile
    hits = SearchEngine(ix).search(SearchRequest(q="harbour cranes", per_page=50, group=False))["hits"]
    dates = {h["title"]: h["published"] for h in hits}
    assert dates["Far future"] is None and dates["Far past"] is None
    assert dates["Huge number"] is None and dates["Boolean date"] is None
    assert dates["Plain good"] == "2024-09-12T06:30:00+00:00"
    noted = " ".join(report.notes)
    for lineno in (2, 3, 5, 6):
        assert f"#{lineno}" in noted or f"line {lineno}" in noted, noted


def test_cli_every_format_and_extract(hostile, cli):
    src, ix, _ = hostile
    for fmt in ("text", "json", "csv", "jsonl"):
        r = cli(["search", "surrogate", "--index", ix, "--format", fmt])
        assert r.code == 0, r.err
        r.out.encode("utf-8")
    r = cli(["extract", src, "--json"])
    assert r.code == 0, r.err
    titles = [json.loads(line)["title"] for line in r.out.splitlines()]
    assert any(t.startswith("lone") for t in titles)


def test_web_pages(hostile):
    from web import create_app

    src, ix, _ = hostile
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    hit = client.get("/api/search?q=surrogate").get_json()["hits"][0]
    for path in ("/search?q=surrogate", "/api/search?q=surrogate", "/export?q=surrogate&format=csv",
                 "/export?q=surrogate&format=jsonl", "/feed?q=surrogate", f"/article/{hit['id']}",
                 f"/api/articles/{hit['id']}", "/"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
