"""Hostile input (issue 7): lone surrogates and unencodable code points are cleaned when read;
an absurd date costs only the date, a JSON line nested 100,000 levels deep only that line;
``"published": true`` is not a date."""
import io
import json
import os

import pytest

from index.article import article_id, canonical_url
from index.readers import Skipped, display_name, read_file, read_source
from tests.conftest import write_jsonl
from tests.source_writers import Warc, page

GOOD = {"title": "Grain exports climb", "body": "Grain exports climbed in March, traders said.",
        "url": "https://news.example/grain"}


def all_text(article) -> str:
    return "".join(str(v) for v in article.to_record().values() if v is not None) + "".join(article.notes)


def assert_encodes(items):
    for item in items:
        text = all_text(item) if not isinstance(item, Skipped) else item.origin + item.reason
        text.encode("utf-8")  # raises UnicodeEncodeError on a lone surrogate


def test_lone_surrogates_cleaned_from_every_jsonl_field(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"title": "lone \\ud800 title", "body": "body \\udfff text \\ud83d\\ude00 ok", '
                    '"source": "Wire \\ud800", "byline": "Ana \\udc00 Ruiz", "url": "https://x.example/\\ud800a", '
                    '"published": "2024-01-02\\ud800"}\n', encoding="utf-8")
    (a,) = read_file(path)
    assert_encodes([a])
    assert a.title == "lone title" and " ".join(a.body.split()) == "body text \U0001F600 ok"  # a pair is kept
    assert (a.source, a.byline) == ("Wire", "Ana Ruiz")
    assert "\ud800" not in repr(a.notes)


def test_unencodable_code_points_in_html_and_feeds(tmp_path):
    html = tmp_path / "p.html"
    html.write_bytes(page("Title &#xD800; here", ["Body with a non-character \ufdd0 and \U0001fffe and a "
                                                   "surrogate reference &#xDFFF; in it, long enough to be prose."]))
    feed = tmp_path / "f.rss"
    feed.write_text('<rss version="2.0"><channel><title>Feed &#xD800;</title><item><title>T &#xDC00;</title>'
                    '<link>https://f.example/1</link><description>Text &#xD800; of the entry.</description>'
                    '</item></channel></rss>', encoding="utf-8")
    for path in (html, feed):
        items = list(read_file(path))
        assert any(not isinstance(i, Skipped) for i in items), items
        assert_encodes(items)


ABSURD_DATES = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", 1e300, -1e300, float("nan"),
                float("inf"), True, False, [2024, 1, 2], {"year": 2024}, "1e300", 10**400]


@pytest.mark.parametrize("value", ABSURD_DATES, ids=repr)
def test_absurd_date_costs_only_the_date(tmp_path, value):
    path = tmp_path / "d.jsonl"
    lines = [json.dumps(GOOD), json.dumps(dict(GOOD, url="https://news.example/2", title="Dated", published=value)),
             json.dumps(dict(GOOD, url="https://news.example/3", title="After"))]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["Article"] * 3, items
    dated = items[1]
    assert dated.published is None and dated.title == "Dated"
    assert len(dated.notes) == 1 and dated.notes[0].startswith("line 2:") and "date left out" in dated.notes[0]


def test_true_is_not_1970(tmp_path):
    (a,) = read_file(write_jsonl(tmp_path / "t.jsonl", [dict(GOOD, published=True)]))
    assert a.published is None and "true is not a date" in a.notes[0]


def test_timestamps_and_offsets_kept(tmp_path):
    path = write_jsonl(tmp_path / "t.jsonl", [dict(GOOD, published=1726122600),
                                              dict(GOOD, url="https://n.example/ms", published=1726122600000),
                                              dict(GOOD, url="https://n.example/iso", published="2024-09-12T08:30:00+02:00")])
    a, b, c = read_file(path)
    assert a.published == b.published == c.published
    assert c.published.isoformat() == "2024-09-12T08:30:00+02:00"


def test_deeply_nested_line_costs_only_that_line(tmp_path):
    path = tmp_path / "deep.jsonl"
    deep = '{"title": "deep", "body": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text("\n".join([json.dumps(GOOD), deep, json.dumps(dict(GOOD, url="https://n.example/after"))]) + "\n")
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article"]
    assert items[1].origin == f"{path}#2" and "nested too deeply" in items[1].reason


def test_other_bad_lines_cost_only_themselves():
    lines = [json.dumps(GOOD), '{"title": "x", "body": ' + "9" * 5000 + "}", '"just a string"',
             '{"title": {"nested": 1}, "body": "Text with an odd title.", "source": {"x": 1}, "url": 7}',
             json.dumps(dict(GOOD, url="https://n.example/last"))]
    items = list(read_source(io.BytesIO("\n".join(lines).encode()), origin="x.jsonl", kind="jsonl"))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Skipped", "Article", "Article"]
    odd = items[3]
    assert odd.source is None and odd.url is None and odd.title == "Text with an odd title."
    assert any("source" in n for n in odd.notes)


def test_a_page_of_navigation_is_not_an_article(tmp_path):
    path = tmp_path / "home.html"
    path.write_text("<html><head><title>Site</title></head><body><header><a href='/'>Home</a></header>"
                    "<nav><ul><li><a href='/news'>News</a></li></ul></nav><footer>© Site</footer></body></html>")
    (item,) = read_file(path)
    assert isinstance(item, Skipped) and "navigation" in item.reason


def test_html_published_time_keeps_time_and_offset(tmp_path):
    path = tmp_path / "timed.html"
    path.write_bytes(page("Harbour dredging starts", ["Dredgers began clearing the silted channel on Thursday "
                                                      "morning, the harbour master said, and expect to finish "
                                                      "within three weeks if the weather holds."],
                          published="2024-09-12T08:30:00+02:00"))
    (a,) = read_file(path)
    assert a.published.isoformat() == "2024-09-12T08:30:00+02:00"


def test_undecodable_file_names_are_shown_escaped(tmp_path):
    name = os.fsdecode(b"caf\xe9.jsonl")
    path = tmp_path / name
    write_jsonl(path, [GOOD])
    (a,) = read_file(path)
    assert a.origin.endswith("caf\\xe9.jsonl#1") and display_name(path).endswith("caf\\xe9.jsonl")
    a.origin.encode("utf-8")


def test_same_article_fetched_twice_has_one_id():
    urls = ["https://News.Example/world/story-1?utm_source=tw&utm_medium=social#comments",
            "https://news.example:443/world/story-1/?fbclid=abc",
            "https://news.example/world/story-1?gclid=1&mc_cid=2"]
    assert {canonical_url(u) for u in urls} == {"https://news.example/world/story-1"}
    from index.article import Article

    ids = {article_id(Article(title="t", body="b", url=u)) for u in urls}
    assert len(ids) == 1
    assert canonical_url("https://news.example/a?id=3") != canonical_url("https://news.example/a?id=4")
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"


def test_warc_record_with_surrogate_escapes_in_its_page(tmp_path):
    path = tmp_path / "x.warc"
    Warc(path).response("https://x.example/a", page("Title", ["Text &#xD800; of a page that is long enough to "
                                                             "count as an article paragraph here."])).close()
    items = list(read_file(path))
    assert len(items) == 1 and not isinstance(items[0], Skipped)
    assert_encodes(items)
