#!/usr/bin/env python3
"""Benchmark: what story clustering costs next to building the index, on the same articles.

    python scripts/bench_clusters.py                       # ../shared/corpora/bbc (2,225 articles)
    python scripts/bench_clusters.py --corpus DIR --repeat 5
    python scripts/bench_clusters.py --no-index            # clustering alone (no index build)

Reads the corpus with the project's readers (the bodies the indexer stores), times a full
index rebuild of the corpus (``index.build.build_index``), then times ``StoryClusters.add``
over the same articles (best of ``--repeat`` runs, so that other work on the machine counts
as little as possible), a ``save`` and a ``load`` of the state. Prints microseconds per
article and clustering time as a share of index time. Timings on a shared machine are noisy:
compare the two figures of one run, not figures of different runs. Numbers only.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index.article import Article  # noqa: E402
from index.readers import Ignored, Skipped, find_sources, read_source  # noqa: E402
from index.stories import STATE_FILE, StoryClusters  # noqa: E402


def read_articles(corpus: Path) -> list[Article]:
    out = []
    for source in find_sources([corpus]):
        if isinstance(source, (Ignored, Skipped)):
            continue
        out.extend(a for a in read_source(source) if isinstance(a, Article))
    return out


def time_clustering(articles: list[Article], repeat: int) -> tuple[float, StoryClusters]:
    best, clusters = float("inf"), None
    for _ in range(repeat):
        clusters = StoryClusters()
        started = time.perf_counter()
        for a in articles:
            clusters.add(a.id, a.body, a.published)
        best = min(best, time.perf_counter() - started)
    return best, clusters


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "bbc")
    ap.add_argument("--repeat", type=int, default=3, help="clustering runs; the fastest counts (default 3)")
    ap.add_argument("--no-index", action="store_true", help="skip the index build")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    articles = read_articles(args.corpus)
    print(f"read {len(articles)} articles in {time.perf_counter() - started:.1f}s")
    with tempfile.TemporaryDirectory() as tmp:
        index_seconds = None
        if not args.no_index:
            from index.build import build_index

            started = time.perf_counter()
            report = build_index([args.corpus], Path(tmp) / "index", rebuild=True)
            index_seconds = time.perf_counter() - started
            print(f"index rebuild: {report.indexed} articles in {index_seconds:.2f}s "
                  f"({index_seconds / max(1, report.indexed) * 1e3:.2f} ms per article)")
        seconds, clusters = time_clustering(articles, args.repeat)
        per = seconds / len(articles) * 1e6
        multi = clusters.clusters(2)
        print(f"clustering: add() {per:.0f} us per article (best of {args.repeat}), {seconds:.2f}s in all; "
              f"{len(multi)} clusters of 2+ holding {sum(map(len, multi.values()))} articles")
        path = Path(tmp) / STATE_FILE
        started = time.perf_counter()
        clusters.save(path)
        saved = time.perf_counter() - started
        started = time.perf_counter()
        StoryClusters.load(path)
        loaded = time.perf_counter() - started
        print(f"state: save {saved * 1e3:.0f} ms, load {loaded * 1e3:.0f} ms, {path.stat().st_size / 1e6:.1f} MB")
        if index_seconds:
            print(f"clustering adds {(seconds + saved) / index_seconds * 100:.1f}% to the index build time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
