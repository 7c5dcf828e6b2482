"""The index never stops serving: a rebuild that reads nothing keeps the live index, an index that
holds no article answers zero results, a damaged index says what is wrong and how to recover, and
a run that dies on a full disk leaves nothing behind that the next run does not clean up
(issue 7, cases 2, 3, 7 and 8)."""
from __future__ import annotations

import json
import os
import random
import resource
import string
import subprocess
import sys

import pytest

from index.build import build_index
from index.store import current_generation
from search.engine import IndexDamaged, SearchEngine, SearchRequest
from tests.conftest import REPO, write_jsonl

A = {"title": "Export controls widen", "body": "The export controls now cover chip tools.",
     "source": "Wire", "published": "2023-10-17T10:00:00+00:00"}
B = {"title": "Wheat harvest", "body": "Farmers brought in a record wheat harvest."}


@pytest.fixture
def live(tmp_path):
    src = tmp_path / "good.jsonl"
    write_jsonl(src, [A, B])
    ix = tmp_path / "ix"
    build_index([src], ix, rebuild=True)
    return ix


def _nothing_usable(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    write_jsonl(bad / "broken.jsonl", ["{not json", '{"title": "no body"}'])
    return bad


# ------------------------------------------------------------------ rebuild that reads nothing

def test_rebuild_from_nothing_usable_keeps_the_live_index(tmp_path, live, cli):
    before = current_generation(live)
    bad = _nothing_usable(tmp_path)
    for _ in range(2):  # a second such run must not delete the previous generation either
        r = cli(["index", bad, "--index", live, "--rebuild"])
        assert r.code == 1
        assert "live index" in (r.out + r.err) and "unchanged" in (r.out + r.err)
        assert current_generation(live) == before
    assert before.is_dir()
    assert SearchEngine(live).search(SearchRequest(q="wheat"))["total"] == 1


def test_rebuild_report_says_the_live_index_was_kept(tmp_path, live):
    report = build_index([_nothing_usable(tmp_path)], live, rebuild=True)
    assert not report.usable
    assert any("kept" in n for n in report.notes), report.notes
    assert report.total == 2


def test_old_generations_go_only_after_a_new_one_is_live(tmp_path, live):
    src = tmp_path / "good.jsonl"
    first = current_generation(live)
    build_index([src], live, rebuild=True)
    second = current_generation(live)
    build_index([src], live, rebuild=True)
    third = current_generation(live)
    gens = sorted(p.name for p in live.glob("gen-*"))
    assert third.name in gens and second.name in gens  # the one replaced stays for open readers
    assert first.name not in gens


# ------------------------------------------------------------------ an index with no article

@pytest.fixture
def emptied(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [A])
    ix = tmp_path / "ix"
    build_index([src], ix)
    write_jsonl(src, ["{broken"])  # the file changed and now holds no article
    report = build_index([src], ix)
    assert report.total == 0
    return ix


def test_empty_index_answers_zero_results(emptied):
    engine = SearchEngine(emptied)
    for q in ("wheat", "", "title:x", "ab*", "-wheat", "after:2020"):
        result = engine.search(SearchRequest(q=q))
        assert result["total"] == 0 and result["hits"] == []
    assert engine.stats()["articles"] == 0
    assert list(engine.export(SearchRequest(q="wheat"))) == []
    assert engine.article("0123456789abcdef") is None


def test_empty_index_cli(emptied, cli):
    for fmt in ("text", "json", "csv", "jsonl"):
        r = cli(["search", "wheat", "--index", emptied, "--format", fmt])
        assert r.code == 0, r.err
    assert cli(["search", "wheat", "--index", emptied, "--json"]).json()["total"] == 0


def test_empty_index_web(emptied):
    from web import create_app

    client = create_app({"INDEX_DIR": str(emptied)}).test_client()
    for path in ("/", "/search?q=wheat", "/api/search?q=wheat", "/api/stats", "/feed?q=wheat",
                 "/export?q=wheat&format=csv", "/export?q=wheat&format=jsonl", "/healthz"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.data[:300])
    assert client.get("/api/search?q=wheat").get_json()["total"] == 0
    assert client.get("/healthz").get_json()["articles"] == 0


# ------------------------------------------------------------------ damage

def _files(gen, pattern):
    return sorted(p for p in gen.glob(pattern) if p.is_file())


DAMAGE = {
    "current-garbage": lambda ix, gen: (ix / "CURRENT").write_bytes(b"\xff\xfe\x00garbage\x80"),
    "current-names-missing": lambda ix, gen: (ix / "CURRENT").write_text("gen-does-not-exist\n"),
    "toc-truncated": lambda ix, gen: [p.write_bytes(p.read_bytes()[:7]) for p in _files(gen, "_MAIN_*.toc")],
    "toc-garbage": lambda ix, gen: [p.write_bytes(os.urandom(200)) for p in _files(gen, "_MAIN_*.toc")],
    "segment-truncated": lambda ix, gen: [p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3])
                                          for p in _files(gen, "*.seg")],
    "segment-missing": lambda ix, gen: [p.unlink() for p in _files(gen, "*.seg")],
    "terms-garbage": lambda ix, gen: [p.write_bytes(os.urandom(max(64, p.stat().st_size)))
                                      for p in _files(gen, "*.trm")],
    "stored-truncated": lambda ix, gen: [p.write_bytes(b"") for p in _files(gen, "*.sto")],
    "sidecar-garbage": lambda ix, gen: [p.write_bytes(b"\x00garbage") for p in _files(gen, "*.nd*")],
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_index_says_what_is_wrong_and_rebuild_recovers(kind, tmp_path, cli):
    src = tmp_path / "good.jsonl"
    write_jsonl(src, [A, B])
    ix = tmp_path / "ix"
    build_index([src], ix, rebuild=True)
    gen = current_generation(ix)
    DAMAGE[kind](ix, gen)

    r = cli(["search", "wheat", "--index", ix])
    if r.code == 0:  # damage the reader can live with must still give the right answer
        assert "Wheat harvest" in r.out
    else:
        assert r.code == 2
        assert "Traceback" not in r.err
        assert "--rebuild" in r.err and str(ix) in r.err

    from web import create_app

    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    health = client.get("/healthz")
    api = client.get("/api/search?q=wheat")
    page = client.get("/search?q=wheat")
    if r.code != 0:
        assert health.status_code == 503 and api.status_code == 503 and page.status_code == 503
        assert "--rebuild" in api.get_json()["error"]
        assert b"--rebuild" in page.data
    else:
        assert health.status_code == api.status_code == page.status_code == 200

    fixed = cli(["index", src, "--index", ix, "--rebuild"])
    assert fixed.code == 0, fixed.err
    assert cli(["search", "wheat", "--index", ix, "--json"]).json()["total"] == 1
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    assert client.get("/healthz").status_code == 200


def test_incremental_run_on_damaged_index_explains_itself(tmp_path, cli):
    src = tmp_path / "good.jsonl"
    write_jsonl(src, [A, B])
    ix = tmp_path / "ix"
    build_index([src], ix, rebuild=True)
    DAMAGE["toc-garbage"](ix, current_generation(ix))
    r = cli(["index", src, "--index", ix])
    assert r.code == 2
    assert "--rebuild" in r.err and "Traceback" not in r.err


def test_engine_raises_index_damaged(tmp_path):
    src = tmp_path / "good.jsonl"
    write_jsonl(src, [A])
    ix = tmp_path / "ix"
    build_index([src], ix, rebuild=True)
    DAMAGE["toc-garbage"](ix, current_generation(ix))
    with pytest.raises(IndexDamaged) as e:
        SearchEngine(ix).search(SearchRequest(q="export"))
    assert "--rebuild" in str(e.value)


# ------------------------------------------------------------------ a full disk

def _run_indexer_with_file_size_limit(args, limit_bytes):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "newsdesk.cli", "index", *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, preexec_fn=limit, timeout=120)


def test_full_disk_mid_run_leaves_the_index_serving_and_next_run_cleans_up(tmp_path):
    src = tmp_path / "good.jsonl"
    write_jsonl(src, [A, B])
    ix = tmp_path / "ix"
    build_index([src], ix, rebuild=True)
    live_files = sorted(p.name for p in current_generation(ix).iterdir())
    big = tmp_path / "big.jsonl"
    rng = random.Random(7)

    def words(n):
        return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
                        for _ in range(n))

    write_jsonl(big, [{"title": f"Story {i}", "body": words(400)} for i in range(200)])

    r = _run_indexer_with_file_size_limit([big, "--index", ix], 64 * 1024)
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    assert SearchEngine(ix).search(SearchRequest(q="wheat"))["total"] == 1

    r = _run_indexer_with_file_size_limit([big, "--index", ix, "--rebuild"], 64 * 1024)
    assert r.returncode == 2
    assert SearchEngine(ix).search(SearchRequest(q="wheat"))["total"] == 1

    report = build_index([src], ix)  # the next run: nothing to add, but it cleans up
    gen = current_generation(ix)
    assert sorted(p.name for p in gen.iterdir()) == live_files
    assert [p.name for p in ix.iterdir() if p.name.startswith(".") and p.name != ".write.lock"] == []
    assert len(list(ix.glob("gen-*"))) <= 2
    assert report.total == 2
    json.dumps(report.as_dict())
