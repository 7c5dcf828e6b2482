#!/usr/bin/env python3
"""Newsdesk against a plain Whoosh script, side by side in one run (issue 12's yardstick).

The baseline is scripts/plain_whoosh.py: StemmingAnalyzer, stored title and body, one writer,
BM25F, Hit.highlights. Both run on the same corpus (default: the shared BBC corpus), in
alternating rounds, each in a fresh process, so the machine's noise hits both alike:

* full index build from the command line: ``plain_whoosh.py index`` vs ``newsdesk index --rebuild``
  (Newsdesk with everything: extraction of the scraped pages, analysis, story clusters);
* query time, top 10 with snippets, over 24 varied queries (one word, two words, phrases, rare and
  very common words), each on its first run in a fresh process: the plain script in-process,
  Newsdesk over HTTP from a fresh ``newsdesk serve`` (with facets, grouping and everything its
  JSON object holds). The figure is the median over queries of each query's median over rounds.

    python scripts/bench.py                 # 3 rounds on ../shared/corpora/bbc
    python scripts/bench.py --rounds 5 --json

Prints each figure, the ratio Newsdesk / plain, and the target ratio. Numbers only: nothing
is asserted (speed targets are for people to read, not for a test to time).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, Server, fetch, percentile  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
QUERIES = [
    "economy", "election", "film", "music", "yukos", "broadband", "said", "year", "people",
    "mobile phones", "interest rates", "oil prices", '"prime minister"', '"world cup"', '"stock market"',
    "iraq war", "games console", "england rugby", "virus security microsoft",
    "labour tories election campaign", "chelsea", "champions league", "bank profits", "tsunami aid",
]
TARGETS = {"build": 0.7, "query_p50": 0.5}


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def plain_queries(index_dir: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "plain_whoosh.py"), "query", str(index_dir),
                          *QUERIES], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    times = {}
    for line in out.splitlines():
        ms, _, _, q = line.split("\t", 3)
        times[q] = float(ms)
    return times


def newsdesk_queries(index_dir: Path) -> tuple[dict[str, float], float | None]:
    server = Server(index_dir, threads=4)
    try:
        times = {}
        for q in QUERIES:
            elapsed, status, _ = fetch(f"{server.url}/api/search?{urlencode({'q': q})}")
            if status != 200:
                raise SystemExit(f"newsdesk answered {status} for {q!r}")
            times[q] = elapsed * 1000
        return times, server.rss_mb
    finally:
        server.stop()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of each measurement (default 3)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    newsdesk = shutil.which("newsdesk", path=str(Path(sys.executable).parent)) or "newsdesk"
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    builds = {"plain": [], "newsdesk": []}
    q_plain: dict[str, list[float]] = {q: [] for q in QUERIES}
    q_news: dict[str, list[float]] = {q: [] for q in QUERIES}
    rss = []
    try:
        for r in range(args.rounds):
            plain_dir, news_dir = work / f"plain{r}", work / f"news{r}"
            builds["plain"].append(timed([sys.executable, str(ROOT / "scripts" / "plain_whoosh.py"), "index",
                                          str(args.corpus), str(plain_dir)]))
            builds["newsdesk"].append(timed([newsdesk, "index", str(args.corpus), "--index", str(news_dir),
                                             "--rebuild"]))
            for q, ms in plain_queries(plain_dir).items():
                q_plain[q].append(ms)
            times, mem = newsdesk_queries(news_dir)
            rss.append(mem)
            for q, ms in times.items():
                q_news[q].append(ms)
            print(f"round {r + 1}/{args.rounds}: build plain {builds['plain'][-1]:.2f}s, "
                  f"newsdesk {builds['newsdesk'][-1]:.2f}s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    per_q_plain = {q: statistics.median(v) for q, v in q_plain.items()}
    per_q_news = {q: statistics.median(v) for q, v in q_news.items()}
    figures = {
        "build": (statistics.median(builds["plain"]), statistics.median(builds["newsdesk"]), "s"),
        "query_p50": (percentile(list(per_q_plain.values()), 50), percentile(list(per_q_news.values()), 50), "ms"),
        "query_p95": (percentile(list(per_q_plain.values()), 95), percentile(list(per_q_news.values()), 95), "ms"),
    }
    result = {name: {"plain": round(p, 3), "newsdesk": round(n, 3), "unit": u, "ratio": round(n / p, 3),
                     "target": TARGETS.get(name)} for name, (p, n, u) in figures.items()}
    # Each round builds with both back to back, so a round's own ratio is spared the machine's
    # drift between rounds; their median and range say how far to trust the ratio of medians.
    paired = sorted(n / p for p, n in zip(builds["plain"], builds["newsdesk"]))
    result["build"]["ratio_by_round"] = {"median": round(statistics.median(paired), 3),
                                         "min": round(paired[0], 3), "max": round(paired[-1], 3)}
    result["per_query_ms"] = {q: {"plain": round(per_q_plain[q], 2), "newsdesk": round(per_q_news[q], 2)}
                              for q in QUERIES}
    result["server_rss_mb"] = max((m for m in rss if m), default=None)
    result["corpus"], result["rounds"] = str(args.corpus), args.rounds
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'':28}{'plain Whoosh':>14}{'Newsdesk':>12}{'ratio':>8}{'target':>8}")
    labels = {"build": "full index build (CLI)", "query_p50": "query p50, top 10 + snippets",
              "query_p95": "query p95, top 10 + snippets"}
    for name, label in labels.items():
        f = result[name]
        target = f"≤ {f['target']}" if f["target"] else ""
        print(f"{label:28}{f['plain']:>12.3f}{f['unit']:<2}{f['newsdesk']:>10.3f}{f['unit']:<2}"
              f"{f['ratio']:>7.2f}×{target:>8}")
    by_round = result["build"]["ratio_by_round"]
    print(f"build ratio round by round: median {by_round['median']:.2f}× "
          f"(from {by_round['min']:.2f}× to {by_round['max']:.2f}×)")
    print(f"(median of {args.rounds} alternating rounds; queries: {len(QUERIES)}, each on its first run; "
          f"Newsdesk over HTTP, plain in-process; server RSS {result['server_rss_mb'] or 0:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
