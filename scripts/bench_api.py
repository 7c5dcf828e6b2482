#!/usr/bin/env python3
"""Measure the search API's latency over HTTP against the real server.

Builds (or reuses) an index of a corpus — by default the shared BBC corpus — starts
``newsdesk serve`` on a free port, sends a mix of queries (words, phrases, OR, exclusions,
prefixes, misspellings, sorts, filters, deep pages) and prints p50 / p95 / p99 / max of the
wall-clock time per request, and of the engine's own ``took_ms``. Stops the server at the end.

    .venv/bin/python scripts/bench_api.py                       # BBC corpus, 1000 requests
    .venv/bin/python scripts/bench_api.py --index /tmp/bbc-index --requests 2000 --concurrency 8
    .venv/bin/python scripts/bench_api.py --endpoint html       # the results page instead of the API
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, Server, bbc_pages, fetch, percentile  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"

QUERIES = [
    {"q": "economy"}, {"q": "economy growth"}, {"q": "interest rates"}, {"q": "election"},
    {"q": "\"prime minister\""}, {"q": "mobile phones"}, {"q": "film OR music"}, {"q": "oil prices"},
    {"q": "chelsea -arsenal"}, {"q": "broadband"}, {"q": "tech*"}, {"q": "title:champions"},
    {"q": "the world cup"}, {"q": "blair brown"}, {"q": "iraq war"}, {"q": "yukos"},
    {"q": "ecnomy"}, {"q": "govenment spending"}, {"q": "zzzz qqqq"}, {"q": "games console"},
    {"q": "economy", "sort": "newest"}, {"q": "music", "page": "3"}, {"q": "court", "per_page": "50"},
    {"q": "a*"}, {"q": "digital music OR video OR film"}, {"q": "\"stock market\" shares"},
    {"q": "sales profits", "group": "0"}, {"q": "labour tories election campaign"},
    {"q": "england rugby six nations"}, {"q": "virus security microsoft"},
]


def bbc_to_jsonl(corpus: Path, out: Path) -> int:
    """The BBC layout (first line headline, then the body) as JSON Lines, for when the
    indexer cannot read the .txt pages itself."""
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for path, title, body in bbc_pages(corpus):
            f.write(json.dumps({"title": title, "body": body, "source": "BBC News",
                                "url": f"https://bbc.example/{path.parent.name}/{path.stem}"}) + "\n")
            n += 1
    return n


def build(corpus: Path, index_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from index.build import build_index

    started = time.perf_counter()
    report = build_index([corpus], index_dir, rebuild=True)
    how = "read by the indexer"
    if report.indexed == 0:
        tmp = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
        bbc_to_jsonl(corpus, tmp / "corpus.jsonl")
        report = build_index([tmp / "corpus.jsonl"], index_dir, rebuild=True)
        how = "converted to JSONL (first line = headline)"
    print(f"indexed {report.total} articles from {corpus} ({how}) in {time.perf_counter() - started:.1f}s",
          file=sys.stderr)


def _garbage(rng: random.Random) -> str:
    """A random query of random words, code points and operators (new tokens every time: what
    would grow a cache without bound)."""
    parts = []
    for _ in range(rng.randint(1, 8)):
        word = "".join(chr(rng.choice([rng.randint(97, 122), rng.randint(0x400, 0x4ff), rng.randint(0x4e00, 0x4fff)]))
                       for _ in range(rng.randint(2, 12)))
        parts.append(rng.choice(["", "-", "title:", '"', ""]) + word + rng.choice(["", "*", ""]))
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Measure the search API's p50/p95 latency over HTTP "
                                            "against the real `newsdesk serve`.")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                   help=f"corpus to index when --index has no index (default {DEFAULT_CORPUS})")
    p.add_argument("--index", type=Path, help="index directory: reused when it holds an index, else built "
                                              "there (default: a temporary directory, built and removed)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the index even when --index holds one")
    p.add_argument("--requests", type=int, default=1000, help="measured requests (default 1000)")
    p.add_argument("--warmup", type=int, default=60, help="unmeasured requests first (default 60)")
    p.add_argument("--concurrency", type=int, default=4, help="clients sending at once (default 4)")
    p.add_argument("--threads", type=int, default=8, help="server worker threads (default 8)")
    p.add_argument("--endpoint", choices=["api", "html"], default="api",
                   help="/api/search (default) or the /search results page")
    p.add_argument("--fuzz", type=int, default=0, metavar="N",
                   help="then N random garbage queries, and the server's memory after them")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = p.parse_args(argv)

    tmp = None
    index_dir = args.index
    if index_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-index-")
        index_dir = Path(tmp.name) / "index"
    if args.rebuild or not (index_dir / "CURRENT").exists():
        if not args.corpus.exists():
            p.error(f"no corpus at {args.corpus}")
        build(args.corpus, index_dir)

    server = Server(index_dir, args.threads)
    path = "/api/search" if args.endpoint == "api" else "/search"
    urls = [f"{server.url.rstrip('/')}{path}?{urlencode(q)}" for q in QUERIES]
    memory = {"idle_mb": server.rss_mb}
    try:
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(fetch, (urls[i % len(urls)] for i in range(args.warmup))))
            started = time.perf_counter()
            results = list(pool.map(fetch, (urls[i % len(urls)] for i in range(args.requests))))
            wall = time.perf_counter() - started
            memory["after_requests_mb"] = server.rss_mb
            if args.fuzz:
                rng = random.Random(1)
                junk = [f"{server.url}{path}?{urlencode({'q': _garbage(rng)})}" for _ in range(args.fuzz)]
                fuzzed = list(pool.map(fetch, junk))
                memory["after_fuzz_mb"] = server.rss_mb
                memory["fuzz_errors"] = sum(1 for r in fuzzed if r[1] >= 500 or r[1] == 0)
    finally:
        server.stop()
        if tmp:
            tmp.cleanup()

    ms = [r[0] * 1000 for r in results]
    took = [r[2] for r in results if r[2] is not None]
    bad = [r[1] for r in results if r[1] != 200]
    out = {
        "endpoint": path, "requests": len(results), "concurrency": args.concurrency,
        "server_threads": args.threads, "errors": len(bad), "throughput_rps": round(len(results) / wall, 1),
        "http_ms": {"p50": round(percentile(ms, 50), 1), "p95": round(percentile(ms, 95), 1),
                    "p99": round(percentile(ms, 99), 1), "max": round(max(ms), 1),
                    "mean": round(statistics.mean(ms), 1)},
    }
    if took:
        out["engine_took_ms"] = {"p50": round(percentile(took, 50), 1), "p95": round(percentile(took, 95), 1),
                                 "max": round(max(took), 1)}
    out["server_memory"] = {k: (round(v) if isinstance(v, float) else v) for k, v in memory.items()}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        h = out["http_ms"]
        print(f"{out['requests']} requests to {path}, {args.concurrency} at a time, "
              f"{args.threads} server threads: {out['throughput_rps']} req/s, {out['errors']} errors")
        print(f"  over HTTP    p50 {h['p50']} ms   p95 {h['p95']} ms   p99 {h['p99']} ms   max {h['max']} ms")
        if took:
            t = out["engine_took_ms"]
            print(f"  engine time  p50 {t['p50']} ms   p95 {t['p95']} ms   max {t['max']} ms")
        print("  server memory (RSS, MB): " + ", ".join(f"{k} {v}" for k, v in out["server_memory"].items()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
