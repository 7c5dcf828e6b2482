#!/usr/bin/env python3
"""Benchmark: what story clustering costs next to building the index, on the same articles.

    python scripts/bench_clusters.py                       # ../shared/corpora/bbc (2,225 articles)
    python scripts/bench_clusters.py --corpus DIR --repeat 5
    python scripts/bench_clusters.py --no-index            # clustering alone (no index build)
    python scripts/bench_clusters.py --no-index --compare-datasketch --pairs /tmp/pairs.jsonl

Reads the corpus with the project's readers (the bodies the indexer stores), times a full
index rebuild of the corpus (``index.build.build_index``), then times ``StoryClusters.add``
over the same articles (best of ``--repeat`` runs, so that other work on the machine counts
as little as possible), a ``save`` and a ``load`` of the state. Prints microseconds per
article and clustering time as a share of index time. Timings on a shared machine are noisy:
compare the two figures of one run, not figures of different runs. Numbers only.

``--compare-datasketch`` answers why candidates come from a sample of shingles rather than
from datasketch's MinHash LSH: on the labelled same-story pairs of make_cluster_pairs.py
(``--pairs`` file, else built in the run), the share of pairs each candidate search finds
(one article of each pair indexed, the other queried) and its time per article, for MinHash
LSH with 128 permutations at several band settings and for the sampled index used here.
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


def compare_datasketch(pairs_file: Path | None) -> None:
    """Candidate recall and time: datasketch MinHash LSH against the sampled-shingle index."""
    import json

    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from index.stories import SHIPPED_RULE, compare
    from index.stories.clusters import MIN_SAMPLES, SAMPLE_MOD
    from index.stories.shingles import fingerprint

    if pairs_file:
        pairs = [json.loads(line) for line in pairs_file.open(encoding="utf-8")]
    else:
        from dataclasses import asdict

        sys.path.insert(0, str(REPO / "scripts"))
        import make_cluster_pairs
        pairs = [asdict(p) for p in make_cluster_pairs.build_pairs()]
    prints = [(fingerprint(p["a"]["body"]).shingles, fingerprint(p["b"]["body"]).shingles) for p in pairs
              if p["label"] == 1]
    prints = [(a, b) for a, b in prints if SHIPPED_RULE.same_story(compare(a, b)) and not np.array_equal(a, b)]
    print(f"{len(prints)} labelled same-story pairs (not identical) that the shipped rule accepts; "
          "share found as candidates, and time to hash, index and query one article:")
    permutations = MinHash(num_perm=128).permutations
    for bands, rows in ((64, 2), (42, 3), (32, 4), (16, 8)):
        lsh = MinHashLSH(num_perm=128, params=(bands, rows))
        started = time.perf_counter()
        sketches = []
        for i, (a, b) in enumerate(prints):
            ma = MinHash(num_perm=128, hashfunc=int, permutations=permutations, scheme="affine32")
            ma.update_batch(a.tolist())
            lsh.insert(i, ma)
            mb = MinHash(num_perm=128, hashfunc=int, permutations=permutations, scheme="affine32")
            mb.update_batch(b.tolist())
            sketches.append(mb)
        found = sum(i in lsh.query(mb) for i, mb in enumerate(sketches))
        per = (time.perf_counter() - started) / (2 * len(prints)) * 1e6
        print(f"  datasketch MinHashLSH b={bands:<3} r={rows}: {found / len(prints):6.1%} found, {per:5.0f} us per article")
    started = time.perf_counter()
    found = 0
    for a, b in prints:
        sa, sb = (x[(x & np.uint32(SAMPLE_MOD - 1)) == 0] for x in (a, b))
        found += np.intersect1d(sa, sb).size >= MIN_SAMPLES
    per = (time.perf_counter() - started) / (2 * len(prints)) * 1e6
    print(f"  sampled shingles 1/{SAMPLE_MOD}, >= {MIN_SAMPLES} shared: {found / len(prints):6.1%} found "
          f"(sampling and counting only: {per:.0f} us per article)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "bbc")
    ap.add_argument("--repeat", type=int, default=3, help="clustering runs; the fastest counts (default 3)")
    ap.add_argument("--no-index", action="store_true", help="skip the index build")
    ap.add_argument("--compare-datasketch", action="store_true",
                    help="also: candidate recall and time of datasketch MinHash LSH on the labelled pairs")
    ap.add_argument("--pairs", type=Path, help="labelled pairs JSONL (make_cluster_pairs.py -o) for the comparison")
    args = ap.parse_args(argv)
    if args.compare_datasketch:
        compare_datasketch(args.pairs)

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
