#!/usr/bin/env python3
"""Newsdesk on OpenSearch beside the embedded index, in one run: indexing throughput (full
rebuilds) on BBC News and Reuters-21578, and the search API's latency over HTTP (a real
``newsdesk serve --index`` and ``newsdesk serve --backend``, the same queries).

Without ``--backend`` it starts a local two-node OpenSearch cluster (tests/opensearch_cluster.py,
the same launcher as the tests; 512 MB heap per node, full JIT) and stops it at the end.

    .venv/bin/python scripts/bench_opensearch.py                       # both corpora, 600 requests each
    .venv/bin/python scripts/bench_opensearch.py --backend http://127.0.0.1:9200 --corpus bbc
    .venv/bin/python scripts/bench_opensearch.py --requests 2000 --concurrency 8 --json

Relevance on the Reuters judgements is measured by scripts/relevance_eval.py --backend URL.
Timing figures are noisy on a shared machine: read the ratios, which come from the same run.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_api import QUERIES  # noqa: E402
from benchlib import Server, fetch, percentile  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"


def reuters_jsonl(out: Path) -> Path:
    """Every Reuters-21578 story with a body, as Newsdesk JSON Lines (scripts/reuters_to_jsonl.py)."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "reuters_to_jsonl.py"), str(SHARED / "reuters21578"),
                    "-o", str(out)], check=True, stderr=subprocess.DEVNULL)
    return out


def index_both(source: Path, index_dir: Path, backend: str) -> dict:
    """A full rebuild into each backend; articles, seconds and articles/s of each."""
    from index.build import build_index
    from index.opensearch import Target, build_opensearch_index
    from search.opensearch import article_index_body

    out = {}
    started = time.perf_counter()
    local = build_index([source], index_dir, rebuild=True)
    out["whoosh"] = (local.total, time.perf_counter() - started)
    started = time.perf_counter()
    remote = build_opensearch_index([source], Target.parse(backend), article_index_body(), rebuild=True)
    out["opensearch"] = (remote.total, time.perf_counter() - started)
    return {k: {"articles": n, "seconds": round(s, 1), "articles_per_s": round(n / s, 1)} for k, (n, s) in out.items()}


def latency(index_dir: Path, backend: str | None, requests: int, concurrency: int, warmup: int) -> dict:
    """p50/p95 of /api/search over HTTP for the benchmark's query mix."""
    server = Server(index_dir, extra=["--backend", backend] if backend else None)
    urls = [f"{server.url}/api/search?{urlencode(q)}" for q in QUERIES]
    try:
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(fetch, (urls[i % len(urls)] for i in range(warmup))))
            started = time.perf_counter()
            results = list(pool.map(fetch, (urls[i % len(urls)] for i in range(requests))))
            wall = time.perf_counter() - started
    finally:
        server.stop()
    ms = [r[0] * 1000 for r in results]
    took = [r[2] for r in results if r[2] is not None]
    return {"requests": len(results), "errors": sum(r[1] != 200 for r in results),
            "rps": round(len(results) / wall, 1), "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1), "engine_p50_ms": round(percentile(took, 50), 1) if took else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", metavar="URL[,URL...]", help="an OpenSearch cluster to use (default: start two nodes)")
    ap.add_argument("--corpus", action="append", choices=["bbc", "reuters"], help="corpora (default both)")
    ap.add_argument("--requests", type=int, default=600, help="measured HTTP requests per backend and corpus")
    ap.add_argument("--warmup", type=int, default=60, help="unmeasured requests first")
    ap.add_argument("--concurrency", type=int, default=4, help="clients sending at once (default 4)")
    ap.add_argument("--heap", default="1g", help="heap per node of the cluster this script starts (default 1g)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench-opensearch-"))
    cluster = None
    try:
        urls = args.backend
        if not urls:
            from tests.opensearch_cluster import OpenSearchCluster

            cluster = OpenSearchCluster(tmp / "cluster", nodes=2, heap=args.heap,
                                        log=lambda m: print(m, file=sys.stderr))
            cluster.start()
            urls = ",".join(cluster.urls)
        results = {"cluster": urls, "corpora": {}}
        for name in args.corpus or ["bbc", "reuters"]:
            source = SHARED / "bbc" if name == "bbc" else reuters_jsonl(tmp / "reuters.jsonl")
            backend = f"{urls.rstrip('/')}/bench-{name}"
            print(f"{name}: indexing into both backends", file=sys.stderr)
            entry = {"indexing": index_both(source, tmp / f"index-{name}", backend)}
            print(f"{name}: {args.requests} requests over HTTP to each", file=sys.stderr)
            entry["http"] = {"whoosh": latency(tmp / f"index-{name}", None, args.requests, args.concurrency, args.warmup),
                             "opensearch": latency(tmp / f"index-{name}", backend, args.requests, args.concurrency,
                                                   args.warmup)}
            results["corpora"][name] = entry
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"cluster: {results['cluster']} (2 shards, 1 replica)")
    for name, e in results["corpora"].items():
        ix, http = e["indexing"], e["http"]
        print(f"\n{name}: {ix['whoosh']['articles']:,} articles")
        for k in ("whoosh", "opensearch"):
            print(f"  rebuild {k:<10} {ix[k]['seconds']:>7.1f} s  {ix[k]['articles_per_s']:>7.1f} articles/s")
        print(f"  OpenSearch ÷ Whoosh indexing time: {ix['opensearch']['seconds'] / ix['whoosh']['seconds']:.2f}x")
        for k in ("whoosh", "opensearch"):
            h = http[k]
            print(f"  HTTP {k:<10} p50 {h['p50_ms']:>6.1f} ms  p95 {h['p95_ms']:>6.1f} ms  {h['rps']:>6.1f} req/s  "
                  f"engine p50 {h['engine_p50_ms']} ms  errors {h['errors']}/{h['requests']}")
        print(f"  OpenSearch ÷ Whoosh p50: {http['opensearch']['p50_ms'] / http['whoosh']['p50_ms']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
