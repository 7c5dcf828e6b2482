"""The HTML pages, through Flask's test client."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from web_corpus import TARIFF_ARTICLES
from web_html import Page


def get_page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.data[:500])
    assert r.mimetype == "text/html"
    return Page(r.data)


def args_of(href: str) -> dict:
    return parse_qs(urlsplit(href).query)


# ------------------------------------------------------------------ home

def test_home_has_an_autofocused_labelled_search_box(client):
    page = get_page(client, "/")
    form = page.find("form", role="search")
    assert form.attrs["action"] == "/search" and form.attrs["method"] == "get"
    box = page.find("input", name="q")
    assert "autofocus" in box.attrs
    assert page.find("label", for_=box.attrs["id"]) is not None


def test_home_shows_the_index_size_date_range_and_examples(client):
    page = get_page(client, "/")
    stats = page.find("p", class_="home-stats").text
    assert "37 articles" in stats
    assert "3\u00a0Jan\u00a02023" in stats and "1\u00a0Jun\u00a02025" in stats
    examples = [a for a in page.find_all("a", class_="chip")]
    assert 1 <= len(examples) <= 5
    for a in examples:  # every example finds something
        r = client.get(a.attrs["href"])
        assert "No articles match" not in r.get_data(as_text=True)


def test_every_page_has_landmarks_a_skip_link_and_its_json_twin(client, ids):
    for url, twin in [("/", "/api/stats"), ("/search?q=tariffs", "/api/search?q=tariffs"),
                      (f"/article/{ids['hostile']}", f"/api/articles/{ids['hostile']}")]:
        page = get_page(client, url)
        assert page.find("main", id="main") and page.find("header") and page.find("footer")
        assert page.find("a", class_="skip-link").attrs["href"] == "#main"
        alt = page.find("link", rel="alternate", type="application/json")
        assert alt is not None and alt.attrs["href"] == twin
        assert client.get(alt.attrs["href"]).status_code == 200
        assert page.find("html").attrs["lang"] == "en"
        assert page.find("meta", name="viewport") is not None


# ------------------------------------------------------------------ results

def test_results_list_headline_outlet_date_snippet_total_and_time(client):
    page = get_page(client, "/search?q=tariffs")
    summary = page.find("p", class_="summary").text
    # Grouped: the total counts stories; the articles (copies included) are said beside it.
    assert re.search(r"\d+ stories \(\d+ articles\)", summary) and "page 1 of 3" in summary and "ms" in summary
    hits = page.find_all("li", class_="hit")
    assert len(hits) == 10
    first = hits[0]
    link = [e for e in first.parts if hasattr(e, "tag") and e.tag == "h2"][0].parts[0]
    assert link.attrs["href"].startswith("/article/") and args_of(link.attrs["href"])["q"] == ["tariffs"]
    assert page.find_all("span", class_="outlet") and page.find_all("time")
    snippets = page.find_all("p", class_="snippet")
    assert all(s.inner_html_tags() <= {"mark"} for s in snippets)
    assert any("mark" in s.inner_html_tags() for s in snippets)


def test_the_query_stays_in_the_box(client):
    page = get_page(client, '/search?q=%22export+controls%22+chips')
    assert page.find("input", name="q").attrs["value"] == '"export controls" chips'
    assert "<title>&#34;export controls&#34; chips · Newsdesk</title>" in page.html or \
        '"export controls" chips · Newsdesk' in page.find("title").text


def test_paging_links_and_the_last_page(client):
    page = get_page(client, "/search?q=tariffs")
    nav = page.find("nav", class_="pagination")
    assert nav is not None
    assert page.find("a", class_="page-current").text == "1"
    nxt = page.find("a", class_="page-next")
    assert args_of(nxt.attrs["href"])["page"] == ["2"]
    page3 = get_page(client, "/search?q=tariffs&page=3")
    assert page3.find("a", class_="page-next") is None
    assert args_of(page3.find("a", class_="page-prev").attrs["href"])["page"] == ["2"]
    total = int(re.search(r"(\d+) (?:results|stories)", page.find("p", class_="summary").text).group(1))
    assert len(page3.find_all("li", class_="hit")) == total - 20
    assert page3.find("ol", class_="hits").attrs["start"] == "21"


def test_a_page_past_the_end_says_so(client):
    page = get_page(client, "/search?q=tariffs&page=9")
    assert "There is no page 9" in page.text
    assert any(args_of(h).get("page") == ["3"] for h in page.hrefs() if h.startswith("/search"))


def test_sort_newest_and_oldest_order_by_date(client):
    def dates(sort):
        page = get_page(client, f"/search?q=tariffs&sort={sort}&per_page=50")
        return [t.attrs["datetime"] for t in page.find_all("time")
                if t in _hit_times(page)]

    newest, oldest = dates("newest"), dates("oldest")
    assert newest == sorted(newest, reverse=True) and len(newest) > 10
    assert oldest == sorted(oldest)
    page = get_page(client, "/search?q=tariffs&sort=newest")
    selected = [o for o in page.find("select", name="sort").parts if hasattr(o, "tag") and "selected" in o.attrs]
    assert selected[0].attrs["value"] == "newest"


def _hit_times(page):
    out = []
    for hit in page.find_all("li", class_="hit"):
        meta = [p for p in hit.parts if hasattr(p, "tag") and p.tag == "p" and "meta" in p.attrs.get("class", "")]
        out += [p for p in meta[0].parts if hasattr(p, "tag") and p.tag == "time"]
    return out


def test_outlet_facet_with_counts_and_combined_filters_as_removable_chips(client):
    page = get_page(client, "/search?q=tariffs")
    boxes = page.find_all("input", type="checkbox", name="source")
    values = [b.attrs["value"] for b in boxes]
    assert "Meridian Post" in values and "Capitol Brief" in values

    url = "/search?q=tariffs&source=Meridian+Post&source=Capitol+Brief&from=2023-06-01&to=2025-12-31"
    page = get_page(client, url)
    outlets = {s.text for s in page.find_all("span", class_="outlet")}
    assert outlets <= {"Meridian Post", "Capitol Brief"} and outlets
    checked = {b.attrs["value"] for b in page.find_all("input", type="checkbox", checked=True)}
    assert checked == {"Meridian Post", "Capitol Brief"}
    assert page.find("input", name="from").attrs["value"] == "2023-06-01"
    chips = page.find_all("a", class_="chip-remove")
    labels = [c.text for c in chips]
    assert any("Meridian Post" in x for x in labels) and any(x.startswith("From") for x in labels)
    # Removing one chip keeps the others.
    meridian = [c for c in chips if "Meridian Post" in c.text][0]
    left = args_of(meridian.attrs["href"])
    assert left["source"] == ["Capitol Brief"] and left["from"] == ["2023-06-01"] and left["q"] == ["tariffs"]
    start = [c for c in chips if c.text.startswith("From")][0]
    left = args_of(start.attrs["href"])
    assert "from" not in left and left["source"] == ["Meridian Post", "Capitol Brief"]
    clear = page.find("a", class_="chip-clear")
    assert set(args_of(clear.attrs["href"])) == {"q"}


def test_filters_change_the_results(client):
    everything = get_page(client, "/search?q=tariffs&per_page=100")
    only = get_page(client, "/search?q=tariffs&per_page=100&source=Meridian+Post")
    dated = get_page(client, "/search?q=tariffs&per_page=100&from=2024-01-01&to=2024-12-31")
    n = lambda p: len(p.find_all("li", class_="hit"))  # noqa: E731
    assert n(only) < n(everything) and n(dated) < n(everything)
    for t in _hit_times(dated):
        assert t.attrs["datetime"].startswith("2024")


def test_month_facet_links_set_a_date_range(client):
    page = get_page(client, "/search?q=tariffs")
    months = page.find("details", class_="months")
    link = [p for p in months.parts if hasattr(p, "tag") and p.tag == "ul"][0].parts
    hrefs = [a.attrs["href"] for li in link if hasattr(li, "tag") for a in li.parts if hasattr(a, "tag") and a.tag == "a"]
    a = args_of(hrefs[0])
    assert a["from"][0].endswith("-01") and a["to"][0][:7] == a["from"][0][:7]


def test_did_you_mean_from_the_index_vocabulary(client):
    page = get_page(client, "/search?q=tarifs")
    link = page.find("a", **{"data-suggestion": True})
    assert link is not None and link.text == "tariffs"
    assert args_of(link.attrs["href"])["q"] == ["tariffs"]


def test_a_misspelling_shows_the_corrected_results_and_offers_the_query_as_typed(client):
    page = get_page(client, "/search?q=swiss+glacers")
    notice = page.find("p", class_="notice-suggestion")
    assert notice is not None and "Showing results for swiss glaciers" in " ".join(notice.text.split())
    literal = page.find("a", data_literal=True)
    assert "spell=0" in literal.attrs["href"] and literal.text == "swiss glacers"
    assert len(page.find_all("li", class_="hit")) >= 1
    as_typed = get_page(client, literal.attrs["href"])
    did_you_mean = as_typed.find("p", class_="notice-suggestion")
    assert did_you_mean is not None and "Did you mean" in did_you_mean.text


def test_the_reading_is_shown_when_the_query_was_not_taken_literally(client):
    page = get_page(client, '/search?q=%22export+controls')  # unbalanced quote
    notice = page.find("p", class_="notice-reading")
    assert notice is not None and "export controls" in notice.text
    page = get_page(client, "/search?q=export+controls")
    assert page.find("p", class_="notice-reading") is None


def test_empty_state_has_tips_and_offers_to_drop_filters(client):
    page = get_page(client, "/search?q=zebra+xylophone")
    assert "No articles match" in page.text
    assert page.find("ul", class_="tips") is not None
    assert page.find("dl", class_="query-help") is not None
    page = get_page(client, "/search?q=glaciers&source=Meridian+Post")
    assert "with these filters" in page.text
    drop = [h for h in page.hrefs() if h.startswith("/search") and "source" not in args_of(h)]
    assert any(args_of(h).get("q") == ["glaciers"] for h in drop)


def test_no_query_asks_for_one(client):
    page = get_page(client, "/search")
    assert "What are you looking for?" in page.text
    page = get_page(client, "/search?q=+++")
    assert "What are you looking for?" in page.text


def test_a_story_with_copies_says_how_many_more_outlets_ran_it(client, ids):
    page = get_page(client, "/search?q=truce")
    copies = page.find_all("details", class_="copies")
    assert len(copies) == 1
    assert "1 more outlet ran this story" in copies[0].text
    hrefs = [h for h in page.hrefs() if h.startswith(f"/article/{ids['wire_second']}")
             or h.startswith(f"/article/{ids['wire_first']}")]
    assert len(hrefs) == 2
    ungrouped = get_page(client, "/search?q=truce&group=0")
    assert len(ungrouped.find_all("li", class_="hit")) == 2
    assert not ungrouped.find_all("details", class_="copies")


def test_copies_rendering_with_several_outlets(app):
    """The template's wording for a cluster of many (built from a made-up search object)."""
    from flask import render_template

    from web.params import SearchParams

    hit = {"id": "a", "title": "Story", "source": "One", "published": None, "url": None,
           "snippet": "text", "score": 1.0, "cluster": "c", "cluster_size": 4,
           "copies": [{"id": f"c{i}", "title": "Story", "source": f"Outlet {i}", "published": None,
                       "url": None} for i in range(3)],
           "first_published": "2024-05-01T08:00:00+00:00", "origin_source": "Outlet 0", "credit": "Reuters"}
    data = {"query": "story", "parsed": "story", "notes": [], "total": 1, "articles": 4, "page": 1, "per_page": 10,
            "took_ms": 1.0, "hits": [hit], "facets": {"source": [], "month": []},
            "timeline": {"unit": "month", "counts": []}, "suggestion": None, "showing_results_for": None}
    view = {"pages": 1, "page_links": [1], "first": 1, "reading": None, "outlets": [],
            "more_outlets": [], "chips": [], "months": [], "timeline_bars": [], "timeline_ticks": [],
            "browsing": False}
    with app.test_request_context("/search?q=story"):
        html = render_template("search.html", data=data, view=view, params=SearchParams(q="story"),
                               json_url="/api/search?q=story", feed_url="/feed?q=story")
    page = Page(html)
    assert "3 more outlets ran this story" in page.find("details", class_="copies").text
    origin = " ".join(page.find("p", class_="story-origin").text.split())
    assert origin == ("First published by Outlet 0 on 1 May 2024; credited to Reuters; "
                      "also ran in One, Outlet 1, Outlet 2.")
    assert [a.text for a in page.find_all("a") if a.attrs.get("href", "").startswith("/article/c")] == \
        ["Outlet 0", "Outlet 1", "Outlet 2"]


def test_export_and_feed_links_carry_the_filters(client):
    page = get_page(client, "/search?q=tariffs&source=Meridian+Post&sort=oldest")
    export = [h for h in page.hrefs() if h.startswith("/export")]
    assert export and all(args_of(h)["source"] == ["Meridian Post"] for h in export)
    feed = page.find("link", type="application/atom+xml")
    assert args_of(feed.attrs["href"])["sort"] == ["newest"]


# ------------------------------------------------------------------ article

def test_article_page_shows_the_cleaned_article(client, ids):
    page = get_page(client, f"/article/{ids['wire_first']}")
    assert page.find("h1").text == "Wire: ministers agree on a tariffs truce"
    meta = page.find("header", class_="article-header").text
    assert "Meridian Post" in meta and "9\u00a0May\u00a02025" in meta
    body = page.find("div", class_="article-body")
    paras = [p for p in body.parts if hasattr(p, "tag") and p.tag == "p"]
    assert len(paras) == 2 and paras[1].text == "Markets rose on the news."
    orig = page.find("a", rel="noopener noreferrer nofollow")
    assert orig.attrs["href"] == "https://meridian.example.com/tariffs-truce"
    also = page.find("aside", class_="related").text
    assert "Also ran in 1 other outlet" in also and "Capitol Brief" in also
    assert page.find("mark") is None and page.find("p", class_="back") is None


def test_article_page_highlights_the_query_and_links_back(client, ids):
    page = get_page(client, f"/article/{ids['wire_first']}?q=tariffs+truce")
    marks = [m.text for m in page.find_all("mark")]
    assert marks.count("tariffs") >= 2 and "truce" in marks
    back = page.find("a", **{"data-back": True})
    assert args_of(back.attrs["href"]) == {"q": ["tariffs truce"]}
    assert page.find("input", name="q").attrs["value"] == "tariffs truce"


def test_article_highlighting_uses_the_analyzer(client, ids):
    page = get_page(client, f"/article/{ids['wire_first']}?q=tariff+minister")
    marks = {m.text for m in page.find_all("mark")}
    assert {"tariffs", "ministers"} <= marks


def test_unknown_article_is_a_404_page(client):
    page = get_page(client, "/article/0000000000000000", status=404)
    assert "no article with this id" in page.text.lower()
    assert page.find("form", role="search") is not None


def test_unknown_address_is_a_404_page(client):
    page = get_page(client, "/no/such/page", status=404)
    assert "There is no page at this address." in page.text


def test_bad_parameter_page_says_what_is_wrong_and_keeps_the_query(client):
    page = get_page(client, "/search?q=tariffs&page=abc", status=400)
    assert "page must be a whole number" in page.find("p", class_="error-message").text
    assert page.find("input", name="q").attrs["value"] == "tariffs"


def test_missing_index_page_explains_how_to_build_one(empty_app):
    r = empty_app.test_client().get("/")
    assert r.status_code == 503
    text = Page(r.data).text
    assert "newsdesk index" in text and "no index" in text.lower()
    r = empty_app.test_client().get("/search?q=x")
    assert r.status_code == 503


def test_paging_covers_every_tariff_article_once(client):
    seen = []
    for n in (1, 2, 3):
        page = get_page(client, f"/search?q=tariffs&page={n}&group=0")
        seen += [h for h in page.hrefs() if h.startswith("/article/") and "copies" not in h]
    ids_ = [urlsplit(h).path for h in seen]
    assert len(ids_) == len(set(ids_)) >= TARIFF_ARTICLES
