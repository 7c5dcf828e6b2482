"""Building: incremental runs, changed files, atomic rebuilds, the write lock, crashes mid-rebuild."""
import signal
import subprocess
import sys
import time

import pytest

from index.build import build_index
from index.store import IndexLocked, current_generation
from search.engine import SearchEngine
from tests.conftest import REPO, write_jsonl

A = {"title": "Export controls widen", "body": "The export controls now cover chip tools.",
     "url": "https://example.com/a", "source": "Wire", "published": "2023-10-17T10:00:00+00:00"}
B = {"title": "Wheat harvest", "body": "Farmers brought in a record wheat harvest."}


def titles(index_dir, q):
    return [h["title"] for h in SearchEngine(index_dir).search(q=q, per_page=50)["hits"]]


def test_same_sources_twice_changes_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write_jsonl(src / "a.jsonl", [A, B])
    ix = tmp_path / "ix"
    first = build_index([src], ix)
    gen = current_generation(ix)
    files_before = sorted((p.name, p.stat().st_mtime_ns) for p in gen.iterdir())
    second = build_index([src], ix)
    assert (first.indexed, second.indexed, second.unchanged, second.files_unchanged) == (2, 0, 2, 1)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in gen.iterdir()) == files_before
    assert second.total == 2


def test_changed_file_replaces_old_version(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [A, B])
    ix = tmp_path / "ix"
    build_index([src], ix)
    changed = dict(B, title="Barley harvest", body="Farmers brought in a record barley harvest.")
    write_jsonl(src, [A, changed])
    report = build_index([src], ix)
    assert report.total == 2
    assert titles(ix, "harvest") == ["Barley harvest"]
    assert titles(ix, "wheat") == []


def test_ids_stable_across_rebuilds(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [A, B])
    build_index([src], tmp_path / "ix1", rebuild=True)
    build_index([src], tmp_path / "ix2", rebuild=True)
    ids = [sorted(h["id"] for h in SearchEngine(tmp_path / d).search(q="harvest OR export")["hits"])
           for d in ("ix1", "ix2")]
    assert ids[0] == ids[1] and len(ids[0]) == 2


def test_rebuild_swaps_atomically_and_open_searchers_keep_working(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [A])
    ix = tmp_path / "ix"
    build_index([src], ix, rebuild=True)
    engine = SearchEngine(ix)
    assert engine.search(q="export")["total"] == 1
    old_gen = current_generation(ix)
    write_jsonl(src, [B])
    build_index([src], ix, rebuild=True)
    assert current_generation(ix) != old_gen
    # The same engine object sees the new index without being reopened by hand.
    assert engine.search(q="export")["total"] == 0
    assert engine.search(q="wheat")["total"] == 1
    # Generations older than the previous one are cleaned up.
    write_jsonl(src, [A, B])
    build_index([src], ix, rebuild=True)
    assert len(list(ix.glob("gen-*"))) == 2


def test_lock_keeps_two_writers_apart(tmp_path, cli):
    ix = tmp_path / "ix"
    src = write_jsonl(tmp_path / "a.jsonl", [A])
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from pathlib import Path\nfrom index.store import write_lock\n"
        "with write_lock(Path(%r)):\n    print('held', flush=True)\n    time.sleep(30)\n") % (str(REPO), str(ix))],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(IndexLocked, match="being written by newsdesk"):
            build_index([src], ix)
        result = cli(["index", src, "--index", ix])
        assert result.code == 3 and "being written" in result.err
    finally:
        holder.kill()
        holder.wait()
    assert build_index([src], ix).indexed == 1


def test_crash_mid_rebuild_leaves_previous_index_serving(tmp_path):
    ix = tmp_path / "ix"
    small = write_jsonl(tmp_path / "small.jsonl", [A])
    build_index([small], ix, rebuild=True)
    live = current_generation(ix)
    big = tmp_path / "big"
    big.mkdir()
    for n in range(40):
        write_jsonl(big / f"part{n:02}.jsonl", [
            {"title": f"Story {n}-{i}", "body": f"Body number {i} about wheat and barley markets. " * 30}
            for i in range(100)])
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk.cli", "index", str(big), "--index", str(ix),
                             "--rebuild"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(ix.glob("gen-*"))) < 2:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the rebuild finished before it could be interrupted"
    assert current_generation(ix) == live
    assert titles(ix, "export") == ["Export controls widen"]
    # The next run takes the lock again (the dead process's lock died with it) and cleans up.
    report = build_index([small], ix, rebuild=True)
    assert report.total == 1 and len(list(ix.glob("gen-*"))) == 2


def test_a_large_jsonl_file_is_shared_among_workers_line_numbers_kept(tmp_path, monkeypatch):
    """A big JSON Lines file is cut into spans at line ends for the worker processes; every line
    lands once, and a bad line is named by its true line number."""
    import index.build as build

    monkeypatch.setattr(build, "SPLIT_JSONL_BYTES", 2_000)
    monkeypatch.setattr(build, "SPAN_BYTES", 1_500)
    lines = [{"title": f"Quay notice {i}", "body": f"Berth {i} closes for dredging on day {i}."} for i in range(120)]
    lines[77] = "{not json"
    src = write_jsonl(tmp_path / "big.jsonl", lines)
    report = build_index([src], tmp_path / "ix", rebuild=True, workers=2)
    assert report.workers == 2
    assert report.indexed == 119 and report.total == 119, report.as_dict()
    assert [s.origin for s in report.skipped] == [f"{src}#78"]
    hits = SearchEngine(tmp_path / "ix").export(q="dredging", sort="oldest", group=False)
    assert len(list(hits)) == 119
    again = build_index([src], tmp_path / "ix", workers=2)
    assert again.files_unchanged == 1 and again.unchanged == 119 and again.indexed == 0


def test_parallel_builds_of_the_same_sources_number_articles_alike(tmp_path, monkeypatch):
    """The shares are fixed before the workers start and taken back in worker order, so two
    builds of the same sources give the same article numbers (ties in ranking are broken by
    them: a build that depended on which worker finished first would rank differently)."""
    import index.build as build
    from search.local.view import ViewCache

    monkeypatch.setattr(build, "SPLIT_JSONL_BYTES", 2_000)
    monkeypatch.setattr(build, "SPAN_BYTES", 1_500)
    lines = [{"title": f"Tide table {i}", "body": f"High water at pier {i} is at {i % 12} o'clock."} for i in range(200)]
    src = write_jsonl(tmp_path / "tides.jsonl", lines)
    orders = []
    for run in range(3):
        ix = tmp_path / f"ix{run}"
        assert build_index([src], ix, rebuild=True, workers=2).workers == 2
        view = ViewCache(ix).get()
        orders.append([view.stored(d)["title"] for d in range(view.n)])
    assert sorted(orders[0]) == sorted(f"Tide table {i}" for i in range(200))
    assert orders[0] == orders[1] == orders[2]


def test_a_worker_done_early_reads_the_last_jobs_of_the_other_share_numbers_kept(tmp_path, monkeypatch):
    """A worker that has finished its own share reads jobs from the back of the other's (here the
    first worker to start is slowed, as by a neighbour on its core) and hands the prepared
    articles back; the owner writes them after its own, so the segments, the numbering and the
    ranking are those of fixed shares: the same as a build where nothing may be taken."""
    import os

    import index.indexer as indexer
    import index.workers as workers
    from search.local.view import ViewCache

    src = tmp_path / "wire"
    src.mkdir()
    for i in range(60):
        (src / f"{i:03d}.txt").write_text(f"Harbour notice {i}\n\nBerth {i} at the north quay closes on "
                                          f"day {i} for dredging, the port authority said.\n", encoding="utf-8")
    slow_mark = tmp_path / "slow-worker"
    plain_index = indexer.ShareIndexer.index

    def index_slowly(self, job):
        try:  # the first process here becomes the slow one
            fd = os.open(slow_mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
        except FileExistsError:
            pass
        if slow_mark.read_text() == str(os.getpid()):
            time.sleep(0.05)
        return plain_index(self, job)

    def build(name):
        ix = tmp_path / name
        report = build_index([src], ix, rebuild=True, workers=2)
        assert report.workers == 2 and report.indexed == 60 and report.stories == 60
        view = ViewCache(ix).get()
        order = [view.stored(d)["origin"] for d in range(view.n)]
        assert len(view.segments) == 2
        return order, report.jobs_handed_over

    monkeypatch.setattr(indexer.ShareIndexer, "index", index_slowly)
    helped_order, handed_over = build("helped")
    slow_mark.unlink()
    monkeypatch.setattr(workers, "STEAL_MAX_BYTES", 0)  # nothing may be taken
    fixed_order, none_handed = build("fixed")
    assert handed_over >= 5 and none_handed == 0
    assert helped_order == fixed_order and len(set(fixed_order)) == 60
    hits = [SearchEngine(tmp_path / name).search(q="dredging north quay", per_page=60)["hits"] for name in ("helped", "fixed")]
    assert [h["id"] for h in hits[0]] == [h["id"] for h in hits[1]] and len(hits[0]) == 60


def test_progress_bars_only_on_request_and_tqdm_only_then(tmp_path, capsys):
    """A build asked for progress draws its bars (tqdm, on stderr); one that is not draws
    nothing. Starting a build imports neither tqdm nor what only some inputs need (URLs:
    courlan; bytes that are neither UTF-8 nor cp1252: charset_normalizer): 100 ms of every
    scripted run's serial start, for nothing."""
    src = write_jsonl(tmp_path / "a.jsonl", [A, B])
    build_index([src], tmp_path / "quiet", rebuild=True)
    assert capsys.readouterr().err == ""
    report = build_index([src], tmp_path / "shown", rebuild=True, show_progress=True)
    assert report.indexed == 2 and "indexing" in capsys.readouterr().err
    probe = ("import sys, index.build, index.story_index, newsdesk.cli; "
             "print(sorted(m for m in ('tqdm', 'courlan', 'charset_normalizer') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_workers_report_what_they_read_while_they_go_on(tmp_path):
    """``on_early`` runs in the parent once every worker has called ``early``, while the workers
    are still at work: here each worker waits to see the file the parent writes then."""
    from index.workers import run_in_workers

    flag = tmp_path / "settled"
    seen_parts = []

    def work(number, jobs, progress, early):
        early(("read", number, sorted(jobs)))
        deadline = time.monotonic() + 20
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return flag.exists()

    def on_early(parts):
        seen_parts.extend(parts)
        flag.write_text("done")

    results = run_in_workers(work, [1, 2, 3, 4], 2, on_early=on_early)
    assert results == [True, True]
    assert [p[:2] for p in seen_parts] == [("read", 0), ("read", 1)]
    assert sorted(j for p in seen_parts for j in p[2]) == [1, 2, 3, 4]

    with pytest.raises(RuntimeError, match="without reporting"):
        run_in_workers(lambda number, jobs, progress, early: list(jobs), [1, 2], 2, on_early=on_early)



def test_a_file_is_known_by_its_real_path_whatever_way_it_was_reached(tmp_path):
    """Through a linked folder, a linked file or the real path, a file has one key: the second
    and third runs find it unchanged instead of indexing it again."""
    real = tmp_path / "real"
    real.mkdir()
    write_jsonl(real / "a.jsonl", [A])
    write_jsonl(tmp_path / "b.jsonl", [B])
    (tmp_path / "via").symlink_to(real, target_is_directory=True)
    (real / "b-link.jsonl").symlink_to(tmp_path / "b.jsonl")
    ix = tmp_path / "ix"
    first = build_index([tmp_path / "via"], ix)
    assert first.indexed == 2
    again = build_index([real], ix)
    assert (again.files_unchanged, again.indexed) == (2, 0)
    direct = build_index([real / "a.jsonl", tmp_path / "b.jsonl"], ix)
    assert (direct.files_unchanged, direct.indexed, direct.total) == (2, 0, 2)
