"""The five seed pages, end to end: extraction, the index, and what a user searches for."""
import json

import pytest

from index.readers import read_file
from tests.conftest import seed

EXPECTED = {
    "000": ("Blinken Calls Beijing Trip ‘Positive Step’ for US-China Ties", "Fortune Sky", "2023-06-19"),
    "001": ("US Secretary of State Blinken and Chinese Leaders Agree on Need to ‘Stabilize’ US-China Relationship", None, None),
    "002": ("US, China upbeat on ties after Blinken visit but few specifics", "Business Maverick", None),
    "003": ("U.S.-China ties are ‘beginning to stabilize,’ Chinese minister tells Blinken", None, None),
    "004": ("Xi, Blinken agree to stabilize US-China relations in Beijing talks", "Reuters", None),
}

CHROME = {
    "000": ["Your Go-to Source", "Read more:"],
    "001": ["Leave a Comment"],
    "002": ["Please in order to comment", "Sign up for free", "Open Sesame", "Create a password",
            "(Photo by Amir Levy/Getty Images)"],
    "003": ["Source link", "Leave a Comment", "will not be published", "Scroll to Top"],
    "004": ["See also", "Bondi Junction", "Our standards", "senior foreign policy correspondent",
            "Leave a Reply", "will not be published"],
}


def extract(prefix):
    (article,) = list(read_file(seed(prefix)))
    return article


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_headline_outlet_date(prefix):
    a = extract(prefix)
    title, source, day = EXPECTED[prefix]
    assert a.title == title
    assert a.source == source
    assert (a.published.date().isoformat() if a.published else None) == day
    if a.published:
        assert a.published.tzinfo is not None


@pytest.mark.parametrize("prefix", sorted(CHROME))
def test_body_without_chrome(prefix):
    body = extract(prefix).body
    for text in CHROME[prefix]:
        assert text not in body, text


def test_bodies_keep_the_story():
    assert extract("000").body.startswith("Secretary of State Antony Blinken said the US-China relationship")
    assert "strategic ambiguity" in extract("004").body
    assert extract("004").body.startswith("BEIJING (Reuters)")
    # 002's story runs to its closing quote of Blinken; the line model since da39496 (tree context
    # stage: by-site CV F1 0.872 -> 0.880) gives that last line, right above the comment box,
    # p 0.33 against the threshold 0.35 and leaves it out. Accepted as the price of the CV gain and
    # said in the issue note; the paragraph before it must stay.
    assert "appear to have been convinced" in extract("002").body
    assert "upbeat words suggest" in extract("002").body
    assert "Chen Jining" in extract("003").body


def test_ids_stable():
    assert extract("002").id == extract("002").id


def test_extract_cli_prints_the_stored_record(cli, seeds_engine):
    out = cli(["extract", seed("004"), "--json"])
    assert out.code == 0
    record = json.loads(out.out)
    assert list(record) == ["id", "title", "source", "published", "byline", "url", "origin", "body"]
    stored = seeds_engine.article(record["id"])
    for k in ("title", "source", "published", "byline", "url", "body"):
        assert stored[k] == record[k], k


def test_search_finds_each_seed_by_its_story(seeds_engine):
    assert seeds_engine.search(q="Blinken")["total"] >= 4
    assert seeds_engine.search(q="Fortune Sky")["total"] == 0  # a banner, not article text
    r = seeds_engine.search(q="source:reuters")
    assert [h["source"] for h in r["hits"]] == ["Reuters"]
    r = seeds_engine.search(q="Blinken after:2023-06-01 before:2023-07-01")
    assert [h["published"][:10] for h in r["hits"]] == ["2023-06-19"]
