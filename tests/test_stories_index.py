"""Stories in the index (issue 9): copies grouped at index time, one result per story, cluster ids
stable as unrelated articles arrive, the state kept with the index and recovered when lost."""
from __future__ import annotations

import hashlib
import shutil

import pytest

from index.build import build_index
from index.store import current_generation
from index.stories import STATE_FILE
from search.engine import SearchEngine, SearchRequest
from tests.conftest import SEEDS, SHARED, seed, write_jsonl

WIRE = ("Trade ministers agreed on Friday to pause new tariffs for ninety days while talks continue, "
        "according to a joint statement released after two days of meetings in Geneva. Officials "
        "said the pause would cover steel, aluminium and a list of farm goods, and that negotiators "
        "would meet again next month to work on a broader agreement.")


def test_seeds_blinken_four_stories_five_articles(seeds_index):
    engine = SearchEngine(seeds_index)
    grouped = engine.search(SearchRequest(q="Blinken", per_page=20))
    ungrouped = engine.search(SearchRequest(q="Blinken", per_page=20, group=False))
    assert grouped["total"] == 4 and ungrouped["total"] == 5
    together = [h for h in grouped["hits"] if h["cluster_size"] == 2]
    assert len(together) == 1 and len(together[0]["copies"]) == 1
    origins = {h["id"]: engine.article(h["id"])["origin"] for h in ungrouped["hits"]}
    cluster = {origins[h["id"]].split("/")[-1][:3]: h["cluster"] for h in ungrouped["hits"]}
    assert cluster["000"] == cluster["002"]
    assert all(cluster[k] != cluster["000"] for k in ("001", "003", "004"))
    assert seed("000").exists()


def test_bbc_byte_identical_files_are_one_story(tmp_path):
    corpus = SHARED / "corpora" / "bbc" / "business"
    by_hash: dict[str, list] = {}
    for p in sorted(corpus.glob("*.txt")):
        by_hash.setdefault(hashlib.sha1(p.read_bytes()).hexdigest(), []).append(p)
    pairs = [ps for ps in by_hash.values() if len(ps) > 1][:6]
    assert pairs, "the BBC business folder holds identical files"
    src = tmp_path / "src"
    src.mkdir()
    for group in pairs:
        for p in group:
            shutil.copy(p, src / p.name)
    others = [ps[0] for ps in by_hash.values() if len(ps) == 1][:10]
    for p in others:
        shutil.copy(p, src / p.name)
    report = build_index([src], tmp_path / "ix", rebuild=True)
    copies = sum(len(g) - 1 for g in pairs)
    assert report.copies >= copies and report.stories <= report.total - copies
    engine = SearchEngine(tmp_path / "ix")
    stats = engine.stats()
    assert stats["stories"] == stats["articles"] - report.copies
    for group in pairs:
        title = group[0].read_text(encoding="utf-8", errors="replace").split("\n", 1)[0].strip()
        hits = engine.search(SearchRequest(q=f'title:"{title}"', group=False, per_page=20))["hits"]
        assert len({h["cluster"] for h in hits if h["title"] == title}) == 1, title


def test_cluster_ids_are_stable_and_copies_join_later(tmp_path):
    ix = tmp_path / "ix"
    first = {"title": "Tariff pause agreed", "body": WIRE, "source": "Meridian Post",
             "published": "2025-05-09T12:00:00+00:00", "url": "https://meridian.example/pause"}
    write_jsonl(tmp_path / "a.jsonl", [first, {"title": "Harvest", "body": "Farmers gathered a record wheat harvest "
                                                "across the plains this autumn, the agriculture office said."}])
    build_index([tmp_path / "a.jsonl"], ix)
    engine = SearchEngine(ix)
    before = engine.search(SearchRequest(q="tariffs", group=False))["hits"][0]
    assert before["cluster"] == before["id"]

    unrelated = [{"title": f"Cricket report {i}", "body": f"The county side won by {i} wickets on a slow pitch "
                  f"at the ground on day {i}, the club said."} for i in range(5)]
    write_jsonl(tmp_path / "b.jsonl", unrelated)
    build_index([tmp_path / "b.jsonl"], ix)
    assert SearchEngine(ix).search(SearchRequest(q="tariffs", group=False))["hits"][0]["cluster"] == before["cluster"]

    copy = {"title": "Ministers pause tariffs for 90 days", "body": "GENEVA (Wire) - " + WIRE.replace("said", "says")
            + "\n\nEditor's note: this story was updated.", "source": "Capitol Brief",
            "published": "2025-05-09T15:00:00+00:00", "url": "https://capitol.example/pause"}
    write_jsonl(tmp_path / "c.jsonl", [copy])
    report = build_index([tmp_path / "c.jsonl"], ix)
    assert report.copies == 1
    grouped = SearchEngine(ix).search(SearchRequest(q="tariffs"))
    assert grouped["total"] == 1 and grouped["hits"][0]["cluster_size"] == 2
    assert grouped["hits"][0]["cluster"] == before["cluster"]  # the earlier copy founded the story

    # The copy's file changes into something else: the story is one article again.
    write_jsonl(tmp_path / "c.jsonl", [dict(copy, body="A different story about ports and ferries, "
                                                       "told at some length for the test.")])
    build_index([tmp_path / "c.jsonl"], ix)
    assert SearchEngine(ix).search(SearchRequest(q="tariffs"))["hits"][0]["cluster_size"] == 1


def test_a_lost_cluster_state_is_recomputed_with_the_same_stories(tmp_path):
    ix = tmp_path / "ix"
    src = tmp_path / "seeds"
    shutil.copytree(SEEDS, src)
    build_index([src], ix, rebuild=True)
    before = SearchEngine(ix).search(SearchRequest(q="Blinken", group=False, per_page=10))["hits"]
    (current_generation(ix) / STATE_FILE).unlink()
    write_jsonl(tmp_path / "more.jsonl", [{"title": "Unrelated", "body": "A quiet day at the harbour with "
                                           "little news to tell, the harbour master said."}])
    report = build_index([tmp_path / "more.jsonl"], ix)
    assert any("recomputed" in n for n in report.notes), report.notes
    after = SearchEngine(ix).search(SearchRequest(q="Blinken", group=False, per_page=10))["hits"]
    assert {h["id"]: h["cluster"] for h in after} == {h["id"]: h["cluster"] for h in before}


@pytest.mark.parametrize("group", [True, False])
def test_export_lists_every_article_with_its_cluster(seeds_index, group):
    rows = list(SearchEngine(seeds_index).export(SearchRequest(q="Blinken", group=group)))
    assert len(rows) == 5 and len({r["cluster"] for r in rows}) == 4
