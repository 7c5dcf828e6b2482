"""Stories and coverage over time in the web front end and the API (issue 9, parts 3, 5, 6, 7)."""
from __future__ import annotations

import re

from web_html import Page

from tests.conftest import write_jsonl


def get_page(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return Page(r.data)


def test_timeline_counts_in_the_json_match_the_month_facet(client):
    data = client.get("/api/search?q=tariffs").get_json()
    timeline = data["timeline"]
    assert timeline["unit"] == "month"
    by_period = {c["period"]: c["count"] for c in timeline["counts"]}
    assert {m["value"]: m["count"] for m in data["facets"]["month"]} == {k: v for k, v in by_period.items() if v}
    periods = [c["period"] for c in timeline["counts"]]
    assert periods == sorted(periods) and len(periods) == len(set(periods))  # every month, in order


def test_timeline_chart_bars_link_to_their_period(client):
    page = get_page(client, "/search?q=tariffs")
    svg = page.find("svg", class_="timeline-chart")
    assert svg is not None and svg.attrs["viewbox"].startswith("0 0 ")
    links = [a for a in page.find_all("a") if a.attrs.get("aria-label", "").endswith(("article", "articles"))
             and "from=" in a.attrs.get("href", "")]
    data = client.get("/api/search?q=tariffs").get_json()
    assert len(links) == sum(1 for c in data["timeline"]["counts"] if c["count"])
    narrowed = get_page(client, links[0].attrs["href"])
    summary = narrowed.find("p", class_="summary").text
    n = int(re.search(r"([\d,]+) (?:stor|result|article)", summary).group(1).replace(",", ""))
    label_count = int(re.search(r": (\d+) article", links[0].attrs["aria-label"]).group(1))
    assert 0 < n <= label_count


def test_a_short_span_is_counted_per_day(client):
    data = client.get("/api/search?q=tariffs&from=2024-01-01&to=2024-02-15").get_json()
    assert data["timeline"]["unit"] == "day"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", c["period"]) for c in data["timeline"]["counts"])


def test_the_story_line_says_where_it_came_from(client):
    page = get_page(client, "/search?q=truce")
    origin = page.find("p", class_="story-origin")
    assert origin is not None
    text = " ".join(origin.text.split())
    assert text.startswith("First published by Meridian Post on 9 May 2025") and "Capitol Brief" in text
    hit = client.get("/api/search?q=truce").get_json()["hits"][0]
    assert hit["origin_source"] == "Meridian Post" and hit["first_published"].startswith("2025-05-09T12:00")


def test_an_outlet_lists_its_articles_newest_first_without_a_query(client):
    data = client.get("/api/search?source=Meridian+Post&group=0&per_page=100").get_json()
    assert data["total"] > 0 and {h["source"] for h in data["hits"]} == {"Meridian Post"}
    dates = [h["published"] for h in data["hits"] if h["published"]]
    assert dates == sorted(dates, reverse=True)
    page = get_page(client, "/search?source=Meridian+Post")
    assert "newest first" in page.find("p", class_="summary").text
    assert page.find_all("li", class_="hit")
    assert "What are you looking for?" not in page.text


def test_home_links_outlets_to_their_articles(client):
    page = get_page(client, "/")
    links = [a.attrs["href"] for a in page.find_all("a") if a.attrs.get("href", "").startswith("/search?source=")]
    assert links and "q=" not in links[0]


def test_a_collection_without_outlets_or_dates(tmp_path):
    """No "from 0 outlets", no filters that can match nothing; --source names the outlet."""
    from index.build import build_index
    from web import create_app

    records = [{"title": f"Council meeting {i}", "body": f"The council met and discussed item {i} of the "
                                                           f"budget, with a vote due on road {i}."} for i in range(6)]
    write_jsonl(tmp_path / "plain.jsonl", records)
    build_index([tmp_path / "plain.jsonl"], tmp_path / "ix", rebuild=True)
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    home = get_page(client, "/")
    stats = " ".join(home.find("p", class_="home-stats").text.split())
    assert stats.startswith("6 articles") and "outlet" not in stats
    results = get_page(client, "/search?q=council")
    assert results.find("aside", class_="filters") is None
    assert results.find("svg", class_="timeline-chart") is None

    build_index([tmp_path / "plain.jsonl"], tmp_path / "ix", rebuild=True, source="Town Crier")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    data = client.get("/api/search?q=council&per_page=10").get_json()
    assert {h["source"] for h in data["hits"]} == {"Town Crier"}
    assert "from 1 outlet" in " ".join(get_page(client, "/").find("p", class_="home-stats").text.split())
