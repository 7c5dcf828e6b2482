"""Nothing from an article or a query runs in the browser; strict headers on every response."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from web_corpus import HOSTILE_BODY, HOSTILE_SOURCE, HOSTILE_TITLE
from web_html import Page

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def urls(ids):
    return ["/", "/search?q=tariffs", "/search?q=hearing", f"/article/{ids['hostile']}?q=tariffs",
            "/api/search?q=tariffs", f"/api/articles/{ids['hostile']}", "/api/stats", "/feed?q=tariffs",
            "/export?q=tariffs", "/opensearch.xml", "/openapi.json", "/healthz", "/static/style.css",
            "/static/app.js", "/search?q=x&page=abc", "/api/search?page=abc", "/article/nope",
            "/api/articles/nope", "/nowhere"]


def test_security_headers_on_every_response(client, ids, empty_app):
    responses = [client.get(u) for u in urls(ids)]
    responses.append(client.post("/search"))
    responses.append(empty_app.test_client().get("/"))
    for r in responses:
        assert r.headers["Content-Security-Policy"] == CSP, r.request.path
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] in ("same-origin", "no-referrer")
        assert r.headers["X-Frame-Options"] == "DENY"


def test_hostile_article_is_shown_as_text(client, ids):
    page_html = client.get(f"/article/{ids['hostile']}").get_data(as_text=True)
    page = Page(page_html)
    assert page.find("h1").text == HOSTILE_TITLE
    assert HOSTILE_SOURCE in page.find("span", class_="outlet").text
    body = page.find("div", class_="article-body").text
    assert '<script>alert("pwned-body")</script>' in body
    assert "<iframe" in body
    # Only our own script tag, no element came from the article.
    assert [s.attrs.get("src", "").split("?")[0] for s in page.find_all("script")] == ["/static/app.js"]
    assert not page.find_all("img") and not page.find_all("iframe") and not page.find_all("b")
    assert "By <i>Mallory</i>" in page.find("span", class_="byline").text


def test_javascript_url_is_never_a_link(client, ids):
    for url in (f"/article/{ids['hostile']}", "/search?q=hearing", "/feed?q=hearing"):
        text = client.get(url).get_data(as_text=True)
        assert not re.search(r"""href=["']?\s*javascript:""", text, re.I), url
    page = Page(client.get(f"/article/{ids['hostile']}").data)
    assert page.find("code", class_="url-text").text == "javascript:alert(document.domain)"


def test_hostile_results_and_query_echo_are_escaped(client):
    q = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    r = client.get("/search", query_string={"q": q})
    text = r.get_data(as_text=True)
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    page = Page(text)
    assert page.find("input", name="q").attrs["value"] == q
    r = client.get("/search?q=hearing")
    page = Page(r.data)
    assert page.find("h2", class_="hit-title").text == HOSTILE_TITLE
    snippet = page.find("p", class_="snippet")
    assert snippet.inner_html_tags() <= {"mark"}
    assert "<script>" in snippet.text


def test_hostile_outlet_in_the_facet_is_text(client):
    page = Page(client.get("/search?q=hearing").data)
    assert HOSTILE_SOURCE in [s.text for s in page.find_all("span", class_="facet-value")]
    assert HOSTILE_SOURCE in [b.attrs["value"] for b in page.find_all("input", name="source")]


def test_api_returns_hostile_text_unchanged_as_json(client, ids):
    data = client.get(f"/api/articles/{ids['hostile']}").get_json()
    assert data["title"] == HOSTILE_TITLE and data["body"] == HOSTILE_BODY
    r = client.get("/api/search?q=hearing")
    assert r.mimetype == "application/json"  # never served as HTML


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_have_no_inline_script_style_or_third_party_asset(template):
    src = (TEMPLATES / template).read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", src), "inline <script>"
    assert "<style" not in src and not re.search(r"\sstyle=", src), "inline style"
    assert not re.search(r"\son[a-z]+=", src), "inline event handler"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", src), "third-party asset"
    assert "|safe" not in src, "mark markup safe in web/render.py, in one place"


def test_pages_load_only_the_apps_own_assets(client, ids):
    for url in ("/", "/search?q=tariffs", f"/article/{ids['wire_first']}"):
        page = Page(client.get(url).data)
        for el in page.find_all("script") + page.find_all("link", rel="stylesheet") + page.find_all("link", rel="icon"):
            ref = el.attrs.get("src") or el.attrs.get("href")
            assert ref.startswith("/static/"), ref
            assert client.get(ref).status_code == 200


def test_safe_url():
    from web.render import safe_url

    assert safe_url("https://example.com/a?b=c") == "https://example.com/a?b=c"
    assert safe_url("http://example.com") == "http://example.com"
    for bad in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\nscript:alert(1)",
                "data:text/html,<script>", "vbscript:x", "//evil.example/x", "/relative", "ftp://x.example",
                "https://exa mple.com", "http:///nohost", "https://\x00x.example", None, 42, ""]:
        assert safe_url(bad) is None, bad


def test_mark_terms_escapes_and_marks():
    from web.render import mark_terms

    out = str(mark_terms('Tariffs <b>&</b> "tariff" tariffs\'', {"tariff"}))
    assert out.count("<mark>") == 3
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in out
    assert str(mark_terms("<x>", set())) == "&lt;x&gt;"
