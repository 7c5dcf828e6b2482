"""The OpenAPI 3.1 description of every endpoint (served at ``/openapi.json``).

A test checks that every route the application registers is described here.
"""
from __future__ import annotations

from search.engine import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, SORTS
from search.export import EXPORT_FIELDS

from .params import MAX_Q_CHARS, MAX_SOURCES

_Q = {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": MAX_Q_CHARS},
      "description": 'The query: words, "exact phrases", -excluded, a OR b, title:, source:, '
                     "prefix*, after:YYYY-MM-DD, before:YYYY-MM-DD."}
_FILTERS = [
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"}},
    {"name": "source", "in": "query", "style": "form", "explode": True,
     "schema": {"type": "array", "items": {"type": "string"}, "maxItems": MAX_SOURCES},
     "description": "Only articles from this outlet; repeat for several (any of them)."},
    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"},
     "description": "Only articles published on or after this day (YYYY-MM-DD)."},
    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"},
     "description": "Only articles published on or before this day (YYYY-MM-DD)."},
    {"name": "group", "in": "query", "schema": {"type": "integer", "enum": [0, 1], "default": 1},
     "description": "1: one hit per story, its other copies in `copies`; 0: every article on its own."},
    {"name": "spell", "in": "query", "schema": {"type": "integer", "enum": [0, 1], "default": 1},
     "description": "1: a query that finds little is replaced by its spelling correction when that finds "
                    "clearly more (`showing_results_for` says so); 0: the query exactly as typed."},
]
_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}},
]
_ID = {"name": "article_id", "in": "path", "required": True, "schema": {"type": "string"}}
_Q_OR_FILTER = {**_Q, "description": _Q["description"] + " Required unless a source, from or to filter "
                                                     "says which articles: then it may be empty (every article "
                                                     "that passes the filters)."}
_HIGHLIGHT = {"name": "q", "in": "query", "schema": {"type": "string"},
              "description": "A query whose terms to highlight (the page) or list in `highlight_terms` (JSON)."}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _html(description="An HTML page"):
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


_BAD = _json(_ref("Error"), "A parameter is not valid; `error` says which and why")
_NO_INDEX = _json(_ref("Error"), "There is no index yet, or it cannot be read (`error` says how to rebuild it)")
_NOT_FOUND = _json(_ref("Error"), "No article with this id")

_ORIGIN = {
    "first_published": {"type": ["string", "null"], "format": "date-time",
                        "description": "a story of several copies: the earliest dated copy's date"},
    "origin_source": {"type": ["string", "null"], "description": "the outlet of that earliest copy"},
    "credit": {"type": ["string", "null"],
               "description": "the wire or outlet a copy's own text credits (dateline, closing credit line)"},
}
_BRIEF = {"type": "object", "properties": {
    "id": {"type": "string"}, "title": {"type": "string"}, "source": {"type": ["string", "null"]},
    "published": {"type": ["string", "null"], "format": "date-time"},
    "url": {"type": ["string", "null"]}}}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Brief": _BRIEF,
    "Hit": {"type": "object", "properties": {
        **_BRIEF["properties"],
        "snippet": {"type": "string", "description": "HTML in which only <mark> is markup"},
        "score": {"type": "number"}, "cluster": {"type": "string", "description": "the story's id"},
        "cluster_size": {"type": "integer", "description": "articles in the story (copies included)"},
        "copies": {"type": "array", "items": _ref("Brief")}, **_ORIGIN}},
    "Facet": {"type": "array", "items": {"type": "object", "properties": {
        "value": {"type": "string"}, "count": {"type": "integer"}}}},
    "SearchResult": {"type": "object", "properties": {
        "query": {"type": "string"}, "parsed": {"type": "string", "description": "how the query was read"},
        "notes": {"type": "array", "items": {"type": "string"},
                  "description": "what was not taken literally (dropped words, prefixes cut to the budget)"},
        "total": {"type": "integer", "description": "stories when grouped (group=1), else articles"},
        "articles": {"type": "integer", "description": "matching articles"},
        "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "took_ms": {"type": "number"}, "hits": {"type": "array", "items": _ref("Hit")},
        "facets": {"type": "object", "description": "counts of matching articles (copies included)",
                   "properties": {"source": _ref("Facet"), "month": _ref("Facet")}},
        "timeline": {"type": "object", "description": "matching articles per period, every period from the first "
                                                      "to the last: per day over two months or less, per year over ten years or more",
                     "properties": {"unit": {"type": "string", "enum": ["day", "month", "year"]},
                                    "counts": {"type": "array", "items": {"type": "object", "properties": {
                                        "period": {"type": "string"}, "count": {"type": "integer"}}}}}},
        "suggestion": {"type": ["string", "null"], "description": '"did you mean"'},
        "showing_results_for": {"type": ["string", "null"],
                                "description": "the corrected query whose results are shown instead of the "
                                               "query as typed (which found little); null otherwise"}}},
    "Article": {"type": "object", "properties": {
        **_BRIEF["properties"], "byline": {"type": ["string", "null"]},
        "origin": {"type": ["string", "null"]},
        "body": {"type": "string", "description": "paragraphs separated by blank lines"},
        "cluster": {"type": "string"}, "cluster_size": {"type": "integer"},
        "copies": {"type": "array", "items": _ref("Brief")}, **_ORIGIN,
        "similar": {"type": "array", "items": {"type": "object", "properties": {
            **_BRIEF["properties"], "shared_terms": {"type": "array", "items": {"type": "string"},
                                                     "description": "key terms it shares with this article"}}}},
        "highlight_terms": {"type": "array", "items": {"type": "string"}}}},
    "Stats": {"type": "object", "properties": {
        "articles": {"type": "integer"},
        "first_published": {"type": ["string", "null"], "format": "date-time"},
        "last_published": {"type": ["string", "null"], "format": "date-time"},
        "sources": _ref("Facet"), "examples": {"type": "array", "items": {"type": "string"}}}},
    "Health": {"type": "object", "properties": {
        "status": {"type": "string"}, "index_open": {"type": "boolean"}, "articles": {"type": "integer"}}},
}


def openapi_document(base_url: str = "/") -> dict:
    search_params = [_Q, *_PAGING, *_FILTERS]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Newsdesk", "version": "1",
                 "description": "Search news coverage: BM25-ranked articles with highlighted snippets. "
                                "Every HTML page has a JSON twin under /api/."},
        "servers": [{"url": base_url.rstrip("/") or "/"}],
        "paths": {
            "/": {"get": {"summary": "Home page: a search box, the index's size and date range",
                          "responses": {"200": _html(), "503": _html("There is no index yet, or it cannot be read")}}},
            "/search": {"get": {"summary": "Results page", "parameters": search_params,
                                "responses": {"200": _html(), "400": _html("A parameter is not valid"),
                                              "503": _html("There is no index yet, or it cannot be read")}}},
            "/article/{article_id}": {"get": {
                "summary": "An article, its other copies and similar coverage",
                "parameters": [_ID, _HIGHLIGHT],
                "responses": {"200": _html(), "404": _html("No article with this id"),
                              "503": _html("There is no index yet, or it cannot be read")}}},
            "/api/search": {"get": {"summary": "Search (the JSON twin of /search)", "parameters": search_params,
                                    "responses": {"200": _json(_ref("SearchResult")), "400": _BAD,
                                                  "503": _NO_INDEX}}},
            "/api/articles/{article_id}": {"get": {
                "summary": "An article (the JSON twin of /article/{article_id})", "parameters": [_ID, _HIGHLIGHT],
                "responses": {"200": _json(_ref("Article")), "404": _NOT_FOUND, "503": _NO_INDEX}}},
            "/api/stats": {"get": {"summary": "The index's size, date range and outlets (the JSON twin of /)",
                                   "responses": {"200": _json(_ref("Stats")), "503": _NO_INDEX}}},
            "/feed": {"get": {
                "summary": "Atom feed of a query, newest first",
                "parameters": [_Q_OR_FILTER, *_PAGING, *_FILTERS[1:]],
                "responses": {"200": {"description": "Atom 1.0",
                                      "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                              "400": _BAD, "503": _NO_INDEX}}},
            "/export": {"get": {
                "summary": "Every article a query matches, streamed as CSV or JSON Lines "
                           f"(fields: {', '.join(EXPORT_FIELDS)})",
                "parameters": [_Q_OR_FILTER, *_FILTERS,
                               {"name": "format", "in": "query",
                                "schema": {"type": "string", "enum": ["csv", "jsonl"], "default": "csv"}}],
                "responses": {"200": {"description": "Every match, in the chosen order",
                                      "content": {"text/csv": {"schema": {"type": "string"}},
                                                  "application/x-ndjson": {"schema": {"type": "string"}}}},
                              "400": _BAD, "503": _NO_INDEX}}},
            "/opensearch.xml": {"get": {"summary": "OpenSearch description (add Newsdesk to a browser)",
                                        "responses": {"200": {"description": "OpenSearch 1.1", "content": {
                                            "application/opensearchdescription+xml": {"schema": {"type": "string"}}}}}}},
            "/openapi.json": {"get": {"summary": "This description", "responses": {"200": _json({"type": "object"})}}},
            "/healthz": {"get": {"summary": "Whether the index is open and how many articles it holds",
                                 "responses": {"200": _json(_ref("Health")),
                                               "503": _json(_ref("Health"), "There is no index yet, or it cannot be read")}}},
            "/static/{filename}": {"get": {"summary": "The app's own CSS, JavaScript and icon",
                                           "parameters": [{"name": "filename", "in": "path", "required": True,
                                                           "schema": {"type": "string"}}],
                                           "responses": {"200": {"description": "A file"},
                                                         "404": {"description": "No such file"}}}},
        },
        "components": {"schemas": SCHEMAS},
    }
