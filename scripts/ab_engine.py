#!/usr/bin/env python3
"""A/B of the search engine in-process: two checkouts of Newsdesk, alternating, each round in a
fresh process per checkout, over bench.py's 24 queries, each on its first run.

Prints, per checkout, the median over rounds of the per-query p50 and mean (ms), and the ratio
second / first. For a change to search/ (the index is read by both, so it must be of a format
both understand):

    git worktree add --detach /tmp/before HEAD~1
    python scripts/ab_engine.py /tmp/before . --rounds 5 --index data/index
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

CODE = r'''
import sys, time, statistics
sys.path.insert(0, TREE); sys.path.insert(0, TREE + '/scripts')
from bench import QUERIES
from search.engine import SearchEngine
eng = SearchEngine(INDEX)
view = eng.backend.view()  # warmed as newsdesk serve does before it answers (web/server.py make_app)
view.vocabulary()
getattr(view, 'term_space', lambda: None)()
eng.search(q='warmup')
ts = []
for q in QUERIES:
    t = time.perf_counter(); eng.search(q=q); ts.append((time.perf_counter() - t) * 1000)
print(statistics.median(ts), statistics.mean(ts))
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("first", type=Path)
    ap.add_argument("second", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--index", type=Path, required=True)
    args = ap.parse_args()
    trees = [str(args.first.resolve()), str(args.second.resolve())]
    res: dict[str, list] = {t: [] for t in trees}
    for _ in range(args.rounds):
        for t in trees:
            code = CODE.replace("TREE", repr(t)).replace("INDEX", repr(str(args.index.resolve())))
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=t)
            if run.returncode:
                sys.exit(f"{t}: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else 'failed'}")
            res[t].append(tuple(map(float, run.stdout.split())))
    p50 = {}
    for t in trees:
        p50[t] = statistics.median(x[0] for x in res[t])
        print(f"{t}: p50 {p50[t]:.2f} ms, mean {statistics.median(x[1] for x in res[t]):.2f} ms "
              f"(median over {args.rounds} rounds)")
    print(f"ratio second / first: {p50[trees[1]] / p50[trees[0]]:.3f}")


if __name__ == "__main__":
    main()
