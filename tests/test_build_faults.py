"""An index never loses an article (issue 10): a real indexer process killed with SIGKILL at every
named step leaves a readable index with everything it held before, and the next run finishes the
work and cleans up; a re-scrape never replaces a fuller copy; --prune removes only what is gone."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from index.build import build_index
from index.faults import POINTS
from index.store import current_generation
from search.engine import SearchEngine, SearchRequest
from tests.conftest import REPO, write_jsonl

BEFORE = [{"title": f"Harbour report {i}", "body": f"The harbour cranes moved {i} containers on quay {i}.",
           "url": f"https://port.example/before/{i}"} for i in range(6)]


def _titles(ix, q="harbour", group=False):
    return sorted(h["title"] for h in SearchEngine(ix).search(SearchRequest(q=q, per_page=100, group=group))["hits"])


def _new_sources(tmp_path, files=6, per_file=50):
    src = tmp_path / "new"
    src.mkdir()
    for n in range(files):
        write_jsonl(src / f"part{n}.jsonl", [
            {"title": f"Ferry timetable {n}-{i}", "body": f"Ferries leave berth {n} at {i} o'clock; harbour "
                                                          f"fees rise by {i} percent. " * 3}
            for i in range(per_file)])
    return src


def _kill_at(point, args, tmp_path, workers="2"):
    """Run ``newsdesk index ARGS`` until it reaches ``point``, then SIGKILL it (and its workers)."""
    marker = tmp_path / f"paused-{point}"
    env = {**os.environ, "NEWSDESK_PAUSE_AT": point, "NEWSDESK_PAUSE_FILE": str(marker),
           "NEWSDESK_WORKERS": workers}
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk.cli", "index", *map(str, args)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the indexer ended before {point}: {proc.stderr.read()[-2000:]}")
        time.sleep(0.05)
    assert marker.exists(), f"never reached {point}"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.2)  # let the kernel reap the workers and release the lock


# Every step of both kinds of run (an incremental run commits in place: it has no swap).
STEPS = [(p, False) for p in POINTS if p != "before-swap"] + [(p, True) for p in POINTS]


@pytest.mark.parametrize("point,rebuild", STEPS, ids=[f"{'rebuild' if r else 'incremental'}-{p}" for p, r in STEPS])
def test_kill_at_each_step_loses_nothing(point, rebuild, tmp_path):
    ix = tmp_path / "ix"
    write_jsonl(tmp_path / "before.jsonl", BEFORE)
    build_index([tmp_path / "before.jsonl"], ix, rebuild=True)
    new = _new_sources(tmp_path)
    args = [new] + ([tmp_path / "before.jsonl", "--rebuild"] if rebuild else []) + ["--index", ix]
    _kill_at(point, args, tmp_path)

    # The index opens and holds every article it held before (and, after a commit, the new ones).
    assert set(_titles(ix)) >= {r["title"] for r in BEFORE}
    assert SearchEngine(ix).count() in (len(BEFORE), len(BEFORE) + 300)

    # The next run takes over the dead process's lock, completes the work and cleans up.
    sources = [new] + ([tmp_path / "before.jsonl"] if rebuild else [])
    report = build_index(sources, ix, rebuild=rebuild)
    assert report.total == len(BEFORE) + 300, report.as_dict()
    assert SearchEngine(ix).search(SearchRequest(q="ferries", group=False))["articles"] == 300
    gen = current_generation(ix)
    assert not [p.name for p in gen.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")]
    assert [p.name for p in ix.iterdir() if p.name.startswith(".") and p.name != ".write.lock"] == []
    assert len(list(ix.glob("gen-*"))) <= 2


def test_kill_while_reading_a_warc(tmp_path):
    from tests.source_writers import Warc, page

    ix = tmp_path / "ix"
    write_jsonl(tmp_path / "before.jsonl", BEFORE)
    build_index([tmp_path / "before.jsonl"], ix, rebuild=True)
    crawl = tmp_path / "crawl.warc.gz"
    warc = Warc(crawl, gzip=True)
    for i in range(20):
        warc.response(f"https://port.example/page{i}",
                      page(f"Dock page {i}", [f"Harbour dock news number {i}, with enough words to be an "
                                              f"article about the port and its {i} berths."]))
    warc.close()
    _kill_at("reading", [crawl, "--index", ix], tmp_path, workers="1")
    assert set(_titles(ix)) == {r["title"] for r in BEFORE}
    report = build_index([crawl], ix)
    assert report.indexed == 20 and report.total == len(BEFORE) + 20, report.as_dict()


# ------------------------------------------------------------------ re-scrapes

FULL = {"title": "Port strike ends", "url": "https://port.example/strike?utm_source=feed",
        "body": "Dock workers ended the strike on Monday.\n\nThe union said the pay deal covers pensions too."}
CUT = {"title": "Port strike ends", "url": "https://port.example/strike#top",
       "body": "Dock workers ended the strike on Monday."}
B_OTHER = {"title": "Ferry timetable", "url": "https://port.example/ferry",
           "body": "The winter ferry timetable starts next week with two fewer crossings a day."}


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("order", ["full-first", "cut-first"])
def test_a_rescrape_never_replaces_a_fuller_copy_in_one_run(order, workers, tmp_path):
    """Also with the two copies read by two worker processes: the copy is settled while they
    write their segments, and deleted from the other worker's segment after."""
    a, b = (FULL, CUT) if order == "full-first" else (CUT, FULL)
    write_jsonl(tmp_path / "a.jsonl", [a, B_OTHER])
    write_jsonl(tmp_path / "b.jsonl", [b])
    report = build_index([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], tmp_path / "ix", rebuild=True,
                         workers=workers)
    assert report.workers == workers
    assert report.total == 2 and report.duplicates == 1 and report.stories == 2
    assert any("same article" in n and "kept" in n for n in report.notes), report.notes
    assert _titles(tmp_path / "ix", "pensions") == ["Port strike ends"]


def test_a_later_truncated_rescrape_keeps_the_full_text(tmp_path):
    ix = tmp_path / "ix"
    write_jsonl(tmp_path / "full.jsonl", [FULL])
    build_index([tmp_path / "full.jsonl"], ix)
    write_jsonl(tmp_path / "cut.jsonl", [CUT])
    report = build_index([tmp_path / "cut.jsonl"], ix)
    assert report.total == 1 and report.indexed == 0 and report.duplicates == 1
    assert any("kept that copy" in n for n in report.notes), report.notes
    assert _titles(ix, "pensions") == ["Port strike ends"]
    # ...and a later fuller copy does replace a shorter one.
    longer = dict(FULL, body=FULL["body"] + "\n\nShips queued for two days.")
    write_jsonl(tmp_path / "longer.jsonl", [longer])
    report = build_index([tmp_path / "longer.jsonl"], ix)
    assert report.replaced == 1 and report.total == 1
    assert _titles(ix, "queued") == ["Port strike ends"]


# ------------------------------------------------------------------ prune and status

def test_prune_removes_only_articles_whose_files_are_gone(tmp_path, cli):
    ix = tmp_path / "ix"
    keep, gone = tmp_path / "keep.jsonl", tmp_path / "gone.jsonl"
    write_jsonl(keep, BEFORE[:3])
    write_jsonl(gone, BEFORE[3:])
    build_index([keep, gone], ix)
    gone.unlink()
    report = build_index([keep], ix)  # without --prune nothing is removed
    assert report.total == len(BEFORE)
    r = cli(["index", keep, "--index", ix, "--prune", "--json"])
    assert r.code == 0, r.err
    data = r.json()
    assert data["pruned"] == 3 and data["total"] == 3
    assert _titles(ix) == sorted(x["title"] for x in BEFORE[:3])


def test_status_says_what_the_index_holds_and_what_the_last_run_did(tmp_path, cli):
    ix = tmp_path / "ix"
    write_jsonl(tmp_path / "a.jsonl", BEFORE + ["{broken"])
    build_index([tmp_path / "a.jsonl"], ix)
    r = cli(["status", "--index", ix, "--json"])
    assert r.code == 0, r.err
    s = json.loads(r.out)
    assert s["articles"] == len(BEFORE) and s["stories"] == len(BEFORE) and s["state"] == "ok"
    assert s["last_build"]["indexed"] == len(BEFORE) and s["last_build"]["skipped_count"] == 1
    text = cli(["status", "--index", ix])
    assert "articles       6" in text.out and "skipped" in text.out and "a.jsonl#7" in text.out
    missing = cli(["status", "--index", tmp_path / "nothing"])
    assert missing.code == 2 and "no index" in missing.out.lower()


def test_a_killed_indexer_leaves_no_worker_behind(tmp_path):
    """Only the indexer is killed (not its process group) while a worker is in the middle of a
    job: the worker goes with it, instead of working on (or, here, sleeping) for an hour."""
    new = _new_sources(tmp_path)
    marker = tmp_path / "paused-reading"
    env = {**os.environ, "NEWSDESK_PAUSE_AT": "reading", "NEWSDESK_PAUSE_FILE": str(marker),
           "NEWSDESK_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk.cli", "index", str(new), "--index", str(tmp_path / "ix")],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not marker.exists():
            assert proc.poll() is None, proc.stderr.read()[-2000:]
            time.sleep(0.05)
        worker = int(marker.read_text())
        assert worker != proc.pid          # the pause is in a worker process, in its first job
        os.kill(proc.pid, signal.SIGKILL)  # the indexer alone
        proc.wait(30)
        deadline = time.time() + 10
        while time.time() < deadline and _alive(worker):
            time.sleep(0.05)
        assert not _alive(worker), "the worker outlived its indexer"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (not gone, not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
