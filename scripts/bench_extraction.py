#!/usr/bin/env python3
"""Speed of article extraction from scraped text (``index.extract.extract_scraped_text``).

Reads every page of a corpus into memory first, then extracts them all in this one process and
prints pages per second (the best of ``--repeat`` rounds, since the machine is shared and timing
is noisy) and the mean page size. ``--profile N`` runs one more round under cProfile and prints
the N entries with the most time spent in the function itself, then the N with the most
cumulative time.

Corpora: ``bbc`` (../shared/corpora/bbc, 2,225 short articles, first line the headline),
``pages-train`` (../shared/corpora/pages-train/pages, 889 scraped pages full of chrome),
``pages-eval`` (43 English news pages), or any folder of ``.txt`` files.

Examples::

    .venv/bin/python scripts/bench_extraction.py                       # bbc and pages-train
    .venv/bin/python scripts/bench_extraction.py bbc --repeat 5
    .venv/bin/python scripts/bench_extraction.py pages-train --profile 25
    .venv/bin/python scripts/bench_extraction.py some/folder --limit 200
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.extract import extract_scraped_text  # noqa: E402

SHARED = REPO / ".." / "shared" / "corpora"
CORPORA = {"bbc": SHARED / "bbc", "pages-train": SHARED / "pages-train" / "pages",
           "pages-eval": SHARED / "pages-eval" / "pages"}


def read_pages(folder: Path, limit: int | None = None) -> list[str]:
    """The text of every ``.txt`` file under ``folder`` (recursively, sorted by path)."""
    paths = sorted(p for p in folder.rglob("*.txt") if p.name.upper() != "README.TXT")
    if limit:
        paths = paths[:limit]
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths]


def one_round(texts: list[str]) -> float:
    started = time.perf_counter()
    for t in texts:
        extract_scraped_text(t)
    return time.perf_counter() - started


def profile(texts: list[str], top: int) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        extract_scraped_text(t)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", default=["bbc", "pages-train"],
                    help="bbc, pages-train, pages-eval or a folder of .txt files (default: bbc pages-train)")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds; the best one is reported (default 3)")
    ap.add_argument("--limit", type=int, help="only the first N pages of each corpus")
    ap.add_argument("--profile", type=int, metavar="N", help="also profile one round and print the top N entries")
    args = ap.parse_args(argv)
    extract_scraped_text("Warm up\n\nThe weights are loaded before the clock starts, once per process.")
    for name in args.corpora:
        folder = CORPORA.get(name, Path(name))
        if not folder.is_dir():
            ap.error(f"not a folder: {folder}")
        texts = read_pages(folder, args.limit)
        if not texts:
            ap.error(f"no .txt pages under {folder}")
        best = min(one_round(texts) for _ in range(max(args.repeat, 1)))
        size = sum(len(t) for t in texts) / len(texts)
        print(f"{name}: {len(texts)} pages, mean {size / 1000:.1f} kchars, best of {args.repeat}: "
              f"{best:.2f}s, {len(texts) / best:.0f} pages/s, {sum(len(t) for t in texts) / best / 1e6:.2f} Mchars/s")
        if args.profile:
            print(profile(texts, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
