#!/usr/bin/env python3
"""A/B of article extraction from scraped text: two checkouts of Newsdesk, alternating, each round
in a fresh process per checkout, extracting every page of a folder of ``.txt`` files read into
memory first (50 pages extracted before the clock starts, so imports and first calls are not
counted). CPU time of the process, which a busy neighbour on the machine disturbs less than the
wall clock.

Prints, per checkout, the median over rounds of the seconds taken, each round's ratio second /
first, and their median: the ratio is what to quote.

    git worktree add --detach /tmp/before HEAD~1
    python scripts/ab_extraction.py /tmp/before . --rounds 7               # BBC's 2,225 pages
    python scripts/ab_extraction.py /tmp/before . --corpus ../shared/corpora/pages-train/pages
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

CODE = r'''
import sys, time
sys.path.insert(0, TREE)
from pathlib import Path
from index.extract import extract_scraped_text
texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(Path(CORPUS).rglob("*.txt"))
         if p.name.lower() != "readme.txt"]
for t in texts[:50]:
    extract_scraped_text(t)
t0 = time.process_time()
for t in texts:
    extract_scraped_text(t)
print(time.process_time() - t0, len(texts))
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("first", type=Path)
    ap.add_argument("second", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc")
    args = ap.parse_args()
    trees = [str(args.first.resolve()), str(args.second.resolve())]
    res: dict[str, list[float]] = {t: [] for t in trees}
    pages = 0
    for r in range(args.rounds):
        for t in (trees if r % 2 == 0 else trees[::-1]):
            code = CODE.replace("TREE", repr(t)).replace("CORPUS", repr(str(args.corpus.resolve())))
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=t)
            if run.returncode:
                sys.exit(f"{t}: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else 'failed'}")
            seconds, pages = run.stdout.split()
            res[t].append(float(seconds))
    for t in trees:
        print(f"{t}: {statistics.median(res[t]):.3f} s for {pages} pages (median over {args.rounds} rounds)")
    ratios = sorted(b / a for a, b in zip(res[trees[0]], res[trees[1]]))
    print(f"ratio second / first: median {statistics.median(ratios):.3f} "
          f"(rounds from {ratios[0]:.3f} to {ratios[-1]:.3f})")


if __name__ == "__main__":
    main()
