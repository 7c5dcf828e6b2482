"""The web app and the command line on the OpenSearch backend: the same JSON object, and a cluster
that cannot answer (or has no index yet) answered with 503 and a message, never a 500."""
from __future__ import annotations

import pytest

from search.engine import SearchEngine, SearchRequest
from tests.opensearch_cluster import free_ports


@pytest.fixture(scope="module")
def app(opensearch_suite):
    from web import create_app

    return create_app({"BACKEND": opensearch_suite})


@pytest.fixture(scope="module")
def dead_backend() -> str:
    return f"http://127.0.0.1:{free_ports(1)[0]},http://127.0.0.1:{free_ports(1)[0]}"


def test_api_search_is_the_engines_object(app, opensearch_suite):
    r = app.test_client().get("/api/search?q=tariffs&per_page=5&sort=newest&source=Reuters&source=Valley+Courier")
    assert r.status_code == 200
    data = r.get_json()
    direct = SearchEngine(backend=opensearch_suite).search(SearchRequest(
        q="tariffs", per_page=5, sort="newest", sources=["Reuters", "Valley Courier"]))
    for d in (data, direct):
        d.pop("took_ms")
    assert data == direct and data["total"] > 0


def test_pages_and_health_on_the_cluster(app):
    c = app.test_client()
    assert c.get("/").status_code == 200
    page = c.get("/search?q=swap+line")
    assert page.status_code == 200 and b"Pacific" in page.data
    health = c.get("/healthz").get_json()
    assert health["status"] == "ok" and health["articles"] > 50
    hit = c.get("/api/search?q=swap+line").get_json()["hits"][0]
    assert c.get(f"/api/articles/{hit['id']}").get_json()["cluster_size"] == 3
    assert c.get("/api/articles/no-such-id").status_code == 404


def test_a_cluster_that_cannot_be_reached_is_a_503_with_a_message(dead_backend):
    from web import create_app

    c = create_app({"BACKEND": dead_backend}).test_client()
    r = c.get("/api/search?q=tariffs")
    assert r.status_code == 503 and r.mimetype == "application/json"
    assert "cannot answer" in r.get_json()["error"] and r.headers["Retry-After"] == "5"
    page = c.get("/search?q=tariffs", headers={"Accept": "text/html"})
    assert page.status_code == 503 and b"cannot answer" in page.data
    for url in ("/api/stats", "/api/articles/abc", "/export?q=x", "/feed?q=x"):
        assert c.get(url).status_code == 503, url
    assert c.get("/healthz").status_code == 503


def test_a_cluster_without_the_index_says_how_to_build_it(opensearch_cluster):
    from web import create_app

    spec = ",".join(opensearch_cluster.urls) + "/never-built"
    r = create_app({"BACKEND": spec}).test_client().get("/api/search?q=x")
    assert r.status_code == 503 and "no search index" in r.get_json()["error"].lower()
    with pytest.raises(Exception, match="newsdesk index SOURCE... --backend"):
        SearchEngine(backend=spec).count()


def test_cli_on_the_cluster(cli, opensearch_suite, dead_backend):
    r = cli(["search", "swap", "line", "--backend", opensearch_suite, "--json"])
    assert r.code == 0
    direct = SearchEngine(backend=opensearch_suite).search(SearchRequest(q="swap line"))
    got = r.json()
    for d in (got, direct):
        d.pop("took_ms")
    assert got == direct
    status = cli(["status", "--backend", opensearch_suite, "--json"])
    assert status.code == 0 and status.json()["state"] == "ok" and status.json()["last_build"]["indexed"] > 50
    down = cli(["search", "x", "--backend", dead_backend])
    assert down.code == 2 and "cannot answer" in down.err
    assert cli(["status", "--backend", dead_backend]).code == 2
    bad = cli(["index", "samples/corpus", "--backend", "http://127.0.0.1:9200/Bad_Name"])
    assert bad.code == 2 and "cannot name an index" in bad.err


def test_the_backend_comes_from_the_environment_unless_index_is_given(cli, opensearch_suite, monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSDESK_BACKEND", opensearch_suite)
    assert cli(["search", "swap", "--json"]).json()["total"] > 0
    r = cli(["search", "swap", "--index", str(tmp_path / "none")])
    assert r.code == 2 and "no index" in r.err.lower()
