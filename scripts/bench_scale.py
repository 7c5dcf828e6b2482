#!/usr/bin/env python3
"""Query latency and throughput over HTTP on a large index (issue 12's 100,000-article figures).

Starts ``newsdesk serve`` on an existing index, then
1. sends 60 varied queries once each, in order, one at a time (each on its first run: one, two
   and three-word topic queries written for the relevance judgements, phrases, very common and
   rare words) and prints p50 / p95 / max of the wall time per request;
2. runs N concurrent clients (default 8) for S seconds (default 30) over the same queries and
   prints requests per second, errors and latency percentiles;
3. prints the server's memory (RSS) after each part.

    python scripts/make_large_corpus.py -n 100000 -o /tmp/news100k.jsonl
    newsdesk index /tmp/news100k.jsonl --index /tmp/ix100k --rebuild
    python scripts/bench_scale.py --index /tmp/ix100k
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, Server, fetch, percentile  # noqa: E402

EXTRA = ['"interest rates"', '"crude oil"', '"trade deficit"', "said", "company", "year", "pct",
         "ecuador earthquake", "cocoa buffer stock", "the", "tonnes", "dlrs"]


def queries(n: int = 60) -> list[str]:
    """The first-run query list: judged topic wordings, phrases, very common and rare words."""
    judged = json.loads((ROOT / "tests" / "relevance" / "reuters_queries.json").read_text())
    wordings = []
    for topic in judged["topics"] if isinstance(judged, dict) and "topics" in judged else judged:
        for q in topic.get("queries", []):
            wordings.append(q["q"] if isinstance(q, dict) else q)
    picked = wordings[: n - len(EXTRA)] if wordings else []
    return (picked + EXTRA)[:n]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True, help="an index directory (built beforehand)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--threads", type=int, default=8, help="server worker threads")
    args = ap.parse_args(argv)
    qs = queries()
    server = Server(args.index, threads=args.threads)
    try:
        memory = {"idle": server.rss_mb}
        urls = [f"{server.url}/api/search?{urlencode({'q': q})}" for q in qs]
        first = []
        for url in urls:
            elapsed, status, _ = fetch(url)
            if status != 200:
                raise SystemExit(f"{status} for {url}")
            first.append(elapsed * 1000)
        memory["after_first_run"] = server.rss_mb
        print(f"{len(qs)} queries, each on its first run, one at a time: p50 {percentile(first, 50):.1f} ms  "
              f"p95 {percentile(first, 95):.1f} ms  max {max(first):.1f} ms")

        stop = time.monotonic() + args.seconds
        lock = threading.Lock()
        lat, errors = [], [0]

        def client(i: int) -> None:
            k = i
            while time.monotonic() < stop:
                elapsed, status, _ = fetch(urls[k % len(urls)])
                k += args.clients
                with lock:
                    lat.append(elapsed * 1000)
                    if status != 200:
                        errors[0] += 1

        started = time.monotonic()
        workers = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall = time.monotonic() - started
        memory["after_load"] = server.rss_mb
        print(f"{args.clients} clients for {wall:.0f} s: {len(lat) / wall:.1f} requests/s, {errors[0]} errors, "
              f"p50 {percentile(lat, 50):.1f} ms  p95 {percentile(lat, 95):.1f} ms  p99 {percentile(lat, 99):.1f} ms "
              f"(mean {statistics.mean(lat):.1f})")
        print("server memory (RSS, MB): " + ", ".join(f"{k} {v:.0f}" for k, v in memory.items() if v))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
