"""The OpenSearch writer on a real cluster: incremental runs report and end like the embedded
index's, a rebuild swaps in atomically (searches running meanwhile always see a whole index),
one writer at a time, the story clusters' state and the lexicon live in the side index, and what
OpenSearch refuses is reported, not lost silently.
"""
from __future__ import annotations

import json
import shutil
import threading
import time

import pytest

from index.build import build_index
from index.opensearch import ClusterUnavailable, Target, build_opensearch_index
from index.opensearch.lock import acquire
from index.opensearch.side import load_stories, load_words
from index.store import IndexLocked
from search.engine import SearchEngine, SearchRequest
from search.opensearch import article_index_body
from tests.backends.backend_corpus import ARTICLES, WIRE
from tests.conftest import SAMPLES

REPORT_FIELDS = ("rebuilt", "files", "files_unchanged", "articles_read", "indexed", "unchanged", "duplicates",
                 "replaced", "removed", "pruned", "stories", "copies", "total")


def target(cluster, name: str) -> Target:
    return Target(tuple(cluster.urls), name)


def write(path, records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def both(sources, index_dir, tgt, **kw):
    """One run of each writer on the same sources: their reports."""
    local = build_index(sources, index_dir, **kw).as_dict()
    remote = build_opensearch_index(sources, tgt, article_index_body(), **kw).as_dict()
    return local, remote


def same(local: dict, remote: dict) -> None:
    assert {k: remote[k] for k in REPORT_FIELDS} == {k: local[k] for k in REPORT_FIELDS}
    assert sorted(remote["notes"]) == sorted(local["notes"])
    assert remote["skipped"] == local["skipped"]


def test_incremental_runs_match_the_embedded_index(opensearch_cluster, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    extra = corpus / "extra.jsonl"
    write(extra, ARTICLES[:8])
    tgt, index_dir = target(opensearch_cluster, "writer-incremental"), tmp_path / "index"
    same(*both([corpus], index_dir, tgt, rebuild=True))

    same(*both([corpus], index_dir, tgt))  # nothing changed: nothing read again
    # a changed file (one article edited, one gone, one new), a deleted file, and a repeated
    # article (same URL) that is fuller than the indexed one
    edited = [dict(a) for a in ARTICLES[:8]]
    edited[0]["body"] += "\n\nLater, a spokesman added that the fund could grow."
    edited = edited[:6] + [ARTICLES[9]]
    write(extra, edited)
    fuller = dict(ARTICLES[10], body=ARTICLES[10]["body"] + " More detail followed in a second paragraph.")
    write(corpus / "more.jsonl", [fuller, ARTICLES[11]])
    gone = sorted((corpus / "pages").iterdir())[0]
    gone.unlink()
    local, remote = both([corpus], index_dir, tgt, prune=True)
    same(local, remote)
    assert remote["removed"] == 8 and remote["pruned"] == 1 and remote["total"] == local["total"]

    engines = SearchEngine(index_dir), SearchEngine(backend=tgt.spec)
    for q in ("swap", "lithium OR cobalt", "fertiliser", "china", "spokesman"):
        a, b = (e.search(SearchRequest(q=q, per_page=100, group=False)) for e in engines)
        assert {h["id"] for h in b["hits"]} == {h["id"] for h in a["hits"]}, q
    assert engines[1].stats() == engines[0].stats()


def test_worker_processes_write_what_one_process_writes(opensearch_cluster, tmp_path):
    """Two worker processes reading into spool files (index.workers, shared with the embedded
    build): the same report, articles and stories as the embedded index built by two workers."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    write(corpus / "extra.jsonl", ARTICLES)
    tgt, index_dir = target(opensearch_cluster, "writer-workers"), tmp_path / "index"
    local = build_index([corpus], index_dir, rebuild=True, workers=2)
    remote = build_opensearch_index([corpus], tgt, article_index_body(), rebuild=True, workers=2)
    assert remote.workers == local.workers == 2 and remote.total > 30
    same(local.as_dict(), remote.as_dict())
    engines = SearchEngine(index_dir), SearchEngine(backend=tgt.spec)
    for q in ("swap", "china", "lithium OR cobalt"):
        a, b = (e.search(SearchRequest(q=q, per_page=100, group=False)) for e in engines)
        assert {h["id"] for h in b["hits"]} == {h["id"] for h in a["hits"]}, q


def test_a_rebuild_swaps_in_whole_while_searches_run(opensearch_cluster, opensearch_client, tmp_path):
    tgt = target(opensearch_cluster, "writer-swap")
    small = tmp_path / "small.jsonl"
    write(small, ARTICLES[:6])
    build_opensearch_index([small], tgt, article_index_body(), rebuild=True)
    before = set(opensearch_client.indices.get_alias(name=tgt.alias))
    engine = SearchEngine(backend=tgt.spec)
    seen, stop = [], threading.Event()

    def keep_counting():
        while not stop.is_set():
            # nothing but a negation: every article is listed (and counted)
            seen.append(engine.search(SearchRequest(q="-zzzqqq", per_page=1, group=False))["total"])

    t = threading.Thread(target=keep_counting)
    t.start()
    try:
        build_opensearch_index([SAMPLES, small], tgt, article_index_body(), rebuild=True)
        time.sleep(0.5)
    finally:
        stop.set()
        t.join()
    after = set(opensearch_client.indices.get_alias(name=tgt.alias))
    assert len(after) == 1 and after != before
    assert not opensearch_client.indices.exists(index=",".join(before))  # the old one is gone
    total = engine.count()
    assert total > 6 and seen and set(seen) <= {6, total}  # never a half-built index
    assert seen[-1] == total


def test_a_rebuild_that_reads_nothing_keeps_the_live_index(opensearch_cluster, tmp_path):
    tgt = target(opensearch_cluster, "writer-nothing")
    good = tmp_path / "good.jsonl"
    write(good, ARTICLES[:4])
    build_opensearch_index([good], tgt, article_index_body(), rebuild=True)
    junk = tmp_path / "junk.jsonl"
    junk.write_text("not json\n{broken\n", encoding="utf-8")
    report = build_opensearch_index([junk], tgt, article_index_body(), rebuild=True)
    assert not report.usable and report.total == 4 and "kept unchanged" in report.notes[-1]
    assert SearchEngine(backend=tgt.spec).count() == 4


def test_one_writer_at_a_time(opensearch_cluster, opensearch_client, tmp_path):
    tgt = target(opensearch_cluster, "writer-lock")
    src = tmp_path / "a.jsonl"
    write(src, ARTICLES[:2])
    held = acquire(opensearch_client, tgt.control, "the test's index")
    try:
        with pytest.raises(IndexLocked, match="pid"):
            build_opensearch_index([src], tgt, article_index_body())
    finally:
        held.release()
    assert build_opensearch_index([src], tgt, article_index_body()).indexed == 2
    # a holder that died: its lease runs out and the next writer takes over
    dead = acquire(opensearch_client, tgt.control, "the test's index", lease=0.5)
    dead._stop.set()  # no more renewals, as if its process had been killed
    time.sleep(1.0)
    assert build_opensearch_index([src], tgt, article_index_body()).unchanged == 2


def test_story_state_lives_in_the_side_index(opensearch_cluster, opensearch_client, tmp_path):
    tgt = target(opensearch_cluster, "writer-stories")
    first = tmp_path / "first.jsonl"
    write(first, ARTICLES[5:12])
    wire = dict(ARTICLES[0])
    write(tmp_path / "wire.jsonl", [wire])
    build_opensearch_index([first, tmp_path / "wire.jsonl"], tgt, article_index_body(), rebuild=True)
    state = load_stories(opensearch_client, tgt.side_alias)
    assert len(state) == 8
    # a later run, from another file, adds a copy: it joins the story kept in the side index
    copy = {"title": "Swap deal for Pacific economies", "body": WIRE, "source": "Northgate Post",
            "published": "2024-03-16T09:00:00+00:00", "url": "https://northgate.example.org/swap"}
    write(tmp_path / "later.jsonl", [copy])
    report = build_opensearch_index([tmp_path / "later.jsonl"], tgt, article_index_body())
    assert report.indexed == 1 and report.stories == 8 and report.copies == 1
    engine = SearchEngine(backend=tgt.spec)
    hit = engine.search(SearchRequest(q="swap line"))["hits"][0]
    assert hit["cluster_size"] == 2 and hit["url"] == wire["url"]  # the earlier copy stands for the story
    assert len(load_stories(opensearch_client, tgt.side_alias)) == 9


def test_the_side_index_keeps_the_lexicon(opensearch_cluster, opensearch_client, tmp_path):
    tgt = target(opensearch_cluster, "writer-lexicon")
    src = tmp_path / "a.jsonl"
    write(src, ARTICLES)
    build_opensearch_index([src], tgt, article_index_body(), rebuild=True)
    backend = SearchEngine(backend=tgt.spec).backend
    terms, found = backend.expand(["stabil"], 10)
    assert terms[0] == "stabil" and set(terms) == {"stabil", "stabilis"} and found == 2
    assert backend.expand(["zzq"], 10) == ([], 0)
    words = load_words(opensearch_client, tgt.side_alias)
    assert words["magnets"] == 2 and words["zurich"] == 1 and "the" not in words
    assert backend.vocabulary() == words
    # an incremental run that removes articles takes their words and terms out again
    write(src, ARTICLES[:5])
    build_opensearch_index([src], tgt, article_index_body())
    backend.lexicon._checked = 0  # do not wait for the re-check interval
    assert "magnets" not in backend.vocabulary() and backend.expand(["lithium"], 5) == ([], 0)


def test_what_opensearch_refuses_is_reported(opensearch_cluster, tmp_path):
    tgt = target(opensearch_cluster, "writer-refused")
    src = tmp_path / "a.jsonl"
    huge_outlet = "Outlet " + "x" * 40_000  # longer than a keyword term can be
    write(src, [ARTICLES[0], dict(ARTICLES[5], source=huge_outlet)])
    report = build_opensearch_index([src], tgt, article_index_body(), rebuild=True)
    assert report.indexed == 1 and report.total == 1
    assert len(report.skipped) == 1 and "OpenSearch refused it" in report.skipped[0].reason
    assert report.skipped[0].origin.endswith("a.jsonl#2")


def test_an_unreachable_cluster_is_a_clear_error(tmp_path):
    from tests.opensearch_cluster import free_ports

    src = tmp_path / "a.jsonl"
    write(src, ARTICLES[:1])
    tgt = Target((f"http://127.0.0.1:{free_ports(1)[0]}",), "nowhere")
    with pytest.raises(ClusterUnavailable, match="cannot answer"):
        build_opensearch_index([src], tgt, article_index_body())


@pytest.mark.parametrize("spec, message", [
    ("", "at least one"), ("ftp://x:1", "http"), ("http://a:9200/Upper", "cannot name"),
    ("http://a:9200/x,http://b:9200/y", "several"), ("http://a:99999", "not an address"),
    ("http://a:9200/news-side", "cannot name")])
def test_bad_backend_settings_say_what_is_wrong(spec, message):
    with pytest.raises(ValueError, match=message):
        Target.parse(spec)
