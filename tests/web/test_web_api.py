"""The JSON API, the OpenAPI description and the health check."""
from __future__ import annotations

import re

from search.engine import SearchEngine, SearchRequest

HIT_KEYS = {"id", "title", "source", "published", "url", "snippet", "score", "cluster", "cluster_size", "copies",
            "first_published", "origin_source", "credit"}
SEARCH_KEYS = {"query", "parsed", "notes", "total", "articles", "page", "per_page", "took_ms", "hits", "facets", "timeline",
               "suggestion", "showing_results_for"}


def test_api_search_is_the_engines_search_object(client, index_dir):
    r = client.get("/api/search?q=tariffs&page=2&per_page=5&sort=newest&source=Meridian+Post&source=Capitol+Brief")
    assert r.status_code == 200 and r.mimetype == "application/json"
    data = r.get_json()
    assert list(data) == ["query", "parsed", "notes", "total", "articles", "page", "per_page", "took_ms", "hits", "facets",
                          "timeline", "suggestion", "showing_results_for"]
    assert set(data["hits"][0]) == HIT_KEYS
    assert (data["page"], data["per_page"]) == (2, 5)
    direct = SearchEngine(index_dir).search(SearchRequest(
        q="tariffs", page=2, per_page=5, sort="newest", sources=["Meridian Post", "Capitol Brief"]))
    for d in (data, direct):
        d.pop("took_ms")
    assert data == direct


def test_api_search_defaults_and_empty_query(client):
    data = client.get("/api/search").get_json()
    assert data["total"] == 0 and data["hits"] == [] and data["query"] == ""
    data = client.get("/api/search?q=tariffs").get_json()
    assert data["page"] == 1 and data["per_page"] == 10 and len(data["hits"]) == 10


def test_api_search_dates_are_iso_or_null_and_filters_apply(client):
    data = client.get("/api/search?q=tariffs&from=2024-01-01&to=2024-03-31&per_page=100").get_json()
    assert data["total"] > 0
    for hit in data["hits"]:
        assert "2024-01-01" <= hit["published"][:10] <= "2024-03-31"
    data = client.get("/api/search?q=shipping").get_json()
    assert data["hits"][0]["published"] is None


def test_api_search_groups_copies_unless_group_0(client, ids):
    grouped = client.get("/api/search?q=truce").get_json()
    assert grouped["total"] == 1
    assert grouped["hits"][0]["cluster_size"] == 2 and len(grouped["hits"][0]["copies"]) == 1
    flat = client.get("/api/search?q=truce&group=0").get_json()
    assert flat["total"] == 2 and all(h["copies"] == [] for h in flat["hits"])


def test_api_article_and_its_highlight_terms(client, ids):
    r = client.get(f"/api/articles/{ids['wire_first']}?q=tariffs")
    assert r.status_code == 200
    data = r.get_json()
    assert data["id"] == ids["wire_first"] and data["source"] == "Meridian Post"
    assert data["copies"][0]["id"] == ids["wire_second"]
    assert "tariff" in data["highlight_terms"]
    assert "highlight_terms" not in client.get(f"/api/articles/{ids['wire_first']}").get_json()


def test_api_unknown_article_is_a_json_404(client):
    r = client.get("/api/articles/doesnotexist")
    assert r.status_code == 404 and r.mimetype == "application/json"
    assert "no article" in r.get_json()["error"]
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.mimetype == "application/json"


def test_api_stats_is_the_home_pages_dict(client):
    data = client.get("/api/stats").get_json()
    assert data["articles"] == 37
    assert data["first_published"].startswith("2023-01-03") and data["last_published"].startswith("2025-06-01")
    assert {"value": "Meridian Post", "count": 6} in data["sources"]
    assert data["examples"]


def test_healthz(client, empty_app):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json() == {"status": "ok", "index_open": True, "articles": 37}
    r = empty_app.test_client().get("/healthz")
    assert r.status_code == 503
    assert r.get_json()["index_open"] is False and r.get_json()["articles"] == 0


def test_api_without_an_index_is_a_json_503(empty_app):
    c = empty_app.test_client()
    for url in ("/api/search?q=x", "/api/articles/abc", "/api/stats", "/feed?q=x", "/export?q=x"):
        r = c.get(url)
        assert r.status_code == 503, url
        assert r.mimetype == "application/json" and "no search index" in r.get_json()["error"].lower()


def _flask_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_openapi_describes_every_endpoint(app, client):
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    described = set(doc["paths"])
    routes = {_flask_path(r.rule) for r in app.url_map.iter_rules()}
    assert routes - described == set(), "endpoints missing from /openapi.json"
    assert described - routes == set(), "/openapi.json describes endpoints that do not exist"
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert op.get("summary"), path
            assert "200" in op["responses"], path
            for p in op.get("parameters", []):
                if p["in"] == "path":
                    assert "{" + p["name"] + "}" in path


def test_openapi_search_parameters_match_the_parser(client):
    from web.params import PARAMS

    doc = client.get("/openapi.json").get_json()
    names = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert names == set(PARAMS)
    export = {p["name"] for p in doc["paths"]["/export"]["get"]["parameters"]}
    assert export == set(PARAMS) - {"page", "per_page"} | {"format"}
