"""The Atom feed, the CSV / JSON Lines export and the OpenSearch description."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from newsdesk.cli import main as cli_main
from search.export import EXPORT_FIELDS

A = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"


def atom(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype == "application/atom+xml"
    return ET.fromstring(r.data)


def test_feed_is_atom_newest_first(client):
    feed = atom(client, "/feed?q=tariffs")
    assert feed.tag == f"{A}feed"
    assert feed.find(f"{A}title").text == "Newsdesk: tariffs"
    assert feed.find(f"{A}updated").text
    assert feed.find(f"{A}link[@rel='self']").get("href").startswith("http://localhost/feed?q=tariffs")
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 20
    dates = [e.find(f"{A}published").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    first = entries[0]
    assert first.find(f"{A}id").text.startswith("http://localhost/article/")
    assert first.find(f"{A}link[@rel='alternate']").get("href") == first.find(f"{A}id").text
    assert first.find(f"{A}summary").get("type") == "html"
    assert first.find(f"{A}author/{A}name").text


def test_feed_takes_the_search_filters(client):
    feed = atom(client, "/feed?q=tariffs&source=Meridian+Post&per_page=3")
    entries = feed.findall(f"{A}entry")
    assert 1 <= len(entries) <= 3
    assert {e.find(f"{A}author/{A}name").text for e in entries} == {"Meridian Post"}
    feed = atom(client, "/feed?q=tariffs&from=2024-01-01&to=2024-06-30")
    assert all(e.find(f"{A}published").text[:7] <= "2024-06" for e in feed.findall(f"{A}entry"))


def test_feed_of_hostile_content_stays_well_formed_and_escaped(client, ids):
    r = client.get("/feed?q=hearing+%00%01%1f")
    assert r.status_code == 200
    feed = ET.fromstring(r.data)
    entry = feed.find(f"{A}entry")
    assert entry.find(f"{A}title").text.startswith('<script>alert("pwned-title")')  # as text
    assert b"<script>" not in r.data  # ...which in the XML is escaped
    assert entry.find(f"{A}link[@rel='related']") is None  # the javascript: URL is not a link
    summary = entry.find(f"{A}summary").text
    assert "<script>" not in summary and "&lt;script&gt;" in summary


def test_feed_links_to_the_original_when_it_is_http(client):
    feed = atom(client, "/feed?q=truce&group=0")
    related = {e.find(f"{A}link[@rel='related']").get("href") for e in feed.findall(f"{A}entry")}
    assert related == {"https://meridian.example.com/tariffs-truce", "https://capitolbrief.example.com/tariffs-truce"}


def test_export_csv_streams_every_match_with_metadata(client):
    total = client.get("/api/search?q=tariffs&group=0").get_json()["total"]
    r = client.get("/export?q=tariffs&format=csv&group=0")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.is_streamed
    assert r.headers["Content-Disposition"] == 'attachment; filename="newsdesk-tariffs.csv"'
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == total > 20  # every page, not just the first
    assert list(rows[0]) == EXPORT_FIELDS
    # The URL as stored (data, not a link: the hostile fixture's javascript: URL is there too).
    assert {row["url"].split(":")[0] for row in rows if row["url"]} == {"https", "javascript"}
    assert client.get("/export?q=tariffs").headers["Content-Type"].startswith("text/csv")


def test_export_jsonl_honours_filters_and_sort(client):
    r = client.get("/export?q=tariffs&format=jsonl&sort=oldest&source=Capitol+Brief&from=2023-01-01")
    assert r.status_code == 200 and r.mimetype == "application/x-ndjson"
    rows = [json.loads(line) for line in r.get_data(as_text=True).splitlines()]
    assert rows and {row["source"] for row in rows} == {"Capitol Brief"}
    dates = [row["published"] for row in rows]
    assert dates == sorted(dates)
    assert set(rows[0]) == set(EXPORT_FIELDS)


def test_export_of_nothing_is_a_header_or_empty(client):
    r = client.get("/export?q=zebra+xylophone&format=csv")
    assert r.get_data(as_text=True) == ",".join(EXPORT_FIELDS) + "\n"
    assert client.get("/export?q=zebra+xylophone&format=jsonl").get_data() == b""


def test_export_csv_cannot_smuggle_a_spreadsheet_formula(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/export?q=spreadsheet").get_data(as_text=True))))
    assert rows[0]["title"].startswith("'=HYPERLINK")
    jsonl = client.get("/export?q=spreadsheet&format=jsonl").get_data(as_text=True)
    assert json.loads(jsonl)["title"].startswith("=HYPERLINK")  # JSON Lines keeps the text as it is


def test_export_matches_the_cli(client, index_dir, capsys):
    for fmt in ("csv", "jsonl"):
        web = client.get(f"/export?q=tariffs&format={fmt}&sort=newest&source=Meridian+Post").get_data(as_text=True)
        assert cli_main(["search", "tariffs", "--index", str(index_dir), "--format", fmt,
                         "--sort", "newest", "--source", "Meridian Post"]) == 0
        assert capsys.readouterr().out == web


def test_opensearch_description(client):
    r = client.get("/opensearch.xml")
    assert r.status_code == 200 and r.mimetype == "application/opensearchdescription+xml"
    doc = ET.fromstring(r.data)
    assert doc.find(f"{OS}ShortName").text == "Newsdesk"
    templates = {u.get("type"): u.get("template") for u in doc.findall(f"{OS}Url")}
    assert templates["text/html"] == "http://localhost/search?q={searchTerms}"
    assert templates["application/atom+xml"] == "http://localhost/feed?q={searchTerms}"
    page = client.get("/").get_data(as_text=True)
    assert 'rel="search" type="application/opensearchdescription+xml"' in page
