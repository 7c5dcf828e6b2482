"""Bad input never breaks it: every parameter is validated, with a 400 that says what is wrong,
and nothing a client sends produces a 500."""
from __future__ import annotations

import itertools
import time
from urllib.parse import quote

import pytest

from web_html import Page

SEARCHING = ["/search", "/api/search", "/feed", "/export"]

# (query string, words the message must contain)
BAD = [
    ("page=abc", "page must be a whole number"),
    ("page=-1", "page must be a whole number"),
    ("page=0", "page must be a whole number"),
    ("page=1.5", "page must be a whole number"),
    ("page=99999999999999999999", "page must be a whole number"),
    ("page=%EF%BC%91", "page must be a whole number"),  # a full-width digit
    ("page=1001", "from 1 to 1000"),
    ("per_page=0", "per_page must be a whole number"),
    ("per_page=101", "from 1 to 100"),
    ("per_page=ten", "per_page must be a whole number"),
    ("sort=best", "sort must be one of relevance, newest, oldest"),
    ("sort=%3Cscript%3E", "sort must be one of"),
    ("from=2024-13-01", "from must be a date written YYYY-MM-DD"),
    ("from=yesterday", "from must be a date"),
    ("to=2024-02-30", "to must be a date"),
    ("from=2025-01-01&to=2024-01-01", "from must not be later than to"),
    ("group=maybe", "group must be 1 or 0"),
    ("q=" + "a" * 2001, "q is too long"),
    ("source=" + "x" * 201, "source must be an outlet"),
    ("&".join(f"source=s{i}" for i in range(51)), "at most 50 source filters"),
]


@pytest.mark.parametrize("endpoint", SEARCHING)
@pytest.mark.parametrize("query,message", BAD, ids=[b[0][:30] for b in BAD])
def test_bad_parameters_get_a_400_that_says_what_is_wrong(client, endpoint, query, message):
    r = client.get(f"{endpoint}?q=tariffs&{query}" if not query.startswith("q=") else f"{endpoint}?{query}")
    assert r.status_code == 400, (endpoint, query, r.data[:300])
    if endpoint == "/search":
        assert r.mimetype == "text/html"
        assert message in Page(r.data).find("p", class_="error-message").text
    else:
        assert r.mimetype == "application/json"
        assert message in r.get_json()["error"]


def test_the_message_quotes_the_bad_value_escaped(client):
    r = client.get("/search?q=x&sort=%3Cscript%3Ealert(1)%3C/script%3E")
    assert r.status_code == 400
    assert b"<script>alert(1)" not in r.data
    assert "&lt;script&gt;" in r.get_data(as_text=True)


def test_export_format_is_validated(client):
    r = client.get("/export?q=tariffs&format=xlsx")
    assert r.status_code == 400 and "format must be one of csv, jsonl" in r.get_json()["error"]


@pytest.mark.parametrize("endpoint", ["/feed", "/export"])
def test_feed_and_export_need_a_query(client, endpoint):
    r = client.get(endpoint)
    assert r.status_code == 400 and "q is required" in r.get_json()["error"]


def test_empty_values_mean_not_given(client):
    r = client.get("/api/search?q=tariffs&page=&per_page=&sort=&from=&to=&source=&group=")
    assert r.status_code == 200
    data = r.get_json()
    assert data["page"] == 1 and data["per_page"] == 10 and data["total"] > 10


def test_accepted_spellings(client):
    for q in ("group=false", "group=no", "group=1", "group=TRUE", "page=%202%20", "sort=newest",
              "from=2024-01-01&to=2024-01-01", "source=Meridian%20%20Post"):
        assert client.get(f"/api/search?q=tariffs&{q}").status_code == 200, q
    data = client.get("/api/search?q=tariffs&source=Meridian%20%20Post&per_page=50").get_json()
    assert {h["source"] for h in data["hits"]} == {"Meridian Post"}


def test_far_dates_do_not_break_it(client):
    for q in ("from=0001-01-01", "to=9999-12-31", "from=9999-12-31", "to=0001-01-01",
              "from=0001-01-01&to=9999-12-31"):
        r = client.get(f"/api/search?q=tariffs&{q}")
        assert r.status_code == 200, (q, r.data[:300])


GARBAGE_VALUES = ["", " ", "-1", "0", "999999999999", "abc", "%00", "%FF%FE", "1e3", "null", "[]",
                  "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "javascript:alert(1)", "%E2%80%AE", "\u00e9",
                  "2024-02-30", "2024-01-01T00:00", "..%2F..%2Fetc%2Fpasswd", "%22", "*", "OR",
                  "title:", "-", "%5C", "a" * 300]
GARBAGE_NAMES = ["q", "page", "per_page", "sort", "source", "from", "to", "group", "format", "x"]
ROUTES = ["/", "/search", "/api/search", "/feed", "/export", "/opensearch.xml", "/openapi.json",
          "/healthz", "/api/stats", "/article/{id}", "/api/articles/{id}", "/static/style.css"]


def test_no_request_produces_a_500(app, client, ids):
    """Every route with every garbage value in every parameter, and garbage ids."""
    assert {r.rule for r in app.url_map.iter_rules()} >= {
        r.replace("{id}", "<article_id>") for r in ROUTES} - {"/static/style.css"}
    checked = 0
    for route, name, value in itertools.product(ROUTES, GARBAGE_NAMES, GARBAGE_VALUES):
        url = route.replace("{id}", ids["hostile"]) + f"?q=tariffs&{name}={quote(value, safe='%')}"
        r = client.get(url)
        assert r.status_code < 500, (url, r.status_code, r.data[:300])
        r.close()
        checked += 1
    for bad_id in ["x", "%00", "..", "a" * 500, "%3Cscript%3E", "%E2%80%AE", "%FF"]:
        for route in ("/article/", "/api/articles/"):
            r = client.get(route + bad_id)
            assert r.status_code == 404, (route + bad_id, r.status_code)
    assert checked > 2000


def test_other_methods_are_refused_cleanly(client):
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/search?q=x")
        assert r.status_code == 405 and r.mimetype == "application/json"
        r = getattr(client, method)("/search?q=x")
        assert r.status_code == 405 and r.mimetype == "text/html"
    r = client.head("/search?q=tariffs")
    assert r.status_code == 200


@pytest.mark.parametrize("q", [
    "a" * 2000,
    " ".join(f"w{i}" for i in range(400))[:2000],
    '"' * 2000,
    "* " * 1000,
    "OR " * 666,
    "-" * 2000,
    " ".join("t*" for _ in range(600)),
    "title:" * 333,
    "(" * 1000 + ")" * 1000,
    "\u0000\u0001\u0002" * 600,
    "tariff* OR steel* OR solar* OR " * 60,
])
def test_hostile_or_huge_queries_return_quickly(client, q):
    started = time.perf_counter()
    for url in (f"/api/search?q={quote(q)}", f"/search?q={quote(q)}"):
        r = client.get(url)
        assert r.status_code == 200, r.data[:200]
    assert time.perf_counter() - started < 2.0


def test_parameters_survive_a_round_trip_through_the_url(app):
    from werkzeug.datastructures import MultiDict

    from web.params import parse_search_params

    raw = MultiDict([("q", "tariffs -steel"), ("page", "2"), ("per_page", "20"), ("sort", "oldest"),
                     ("source", "Meridian Post"), ("source", "Capitol Brief"), ("from", "2023-01-01"),
                     ("to", "2024-12-31"), ("group", "0")])
    params = parse_search_params(raw)
    again = parse_search_params(MultiDict([(k, str(v)) for k, vs in params.args(page=params.page).items()
                                           for v in (vs if isinstance(vs, list) else [vs])]))
    assert again == params
    assert params.args()["page"] == 2
    assert "page" not in params.args(sort="newest")  # any other change goes back to page 1
    assert parse_search_params(MultiDict()).args() == {}
