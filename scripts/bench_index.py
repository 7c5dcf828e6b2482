#!/usr/bin/env python3
"""Benchmark: index time for a corpus, then query time with snippets.

    python scripts/bench_index.py                          # ../shared/corpora/bbc (2,225 articles)
    python scripts/bench_index.py --corpus DIR --repeat 20

Prints the rebuild time (articles per second) and, for a mix of queries, the time of a full
search (ranking, grouping, facets and highlighted snippets for the first page): min, median,
p95 and max in milliseconds. Numbers only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index.build import build_index  # noqa: E402
from search.engine import SearchEngine, SearchRequest  # noqa: E402

QUERIES = ["Taiwan", "export controls", '"interest rates"', "economy growth", "mobile phone",
           "film award", "election labour", "champion* -football", "US", "oil prices after:2005-01-01",
           "broadband OR internet", "games", "the"]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "bbc")
    ap.add_argument("--index", type=Path, help="index directory (default: a temporary one)")
    ap.add_argument("--repeat", type=int, default=10, help="runs of each query (default 10)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        ix = args.index or Path(tmp) / "index"
        t = time.perf_counter()
        report = build_index([args.corpus], ix, rebuild=True)
        took = time.perf_counter() - t
        print(f"index: {report.indexed} articles from {report.files} files in {took:.1f}s "
              f"({report.indexed / took:.0f} articles/s); skipped {len(report.skipped)}")
        engine = SearchEngine(ix)
        engine.search(SearchRequest(q="warm up"))
        times = []
        for q in QUERIES:
            per = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                result = engine.search(SearchRequest(q=q))
                per.append((time.perf_counter() - t) * 1000)
            times.extend(per)
            print(f"  {q:<32} {result['total']:>5} hits  median {statistics.median(per):7.1f} ms")
        print(f"query with snippets over {len(times)} runs: min {min(times):.1f} ms  "
              f"median {statistics.median(times):.1f} ms  p95 {percentile(times, 95):.1f} ms  max {max(times):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
