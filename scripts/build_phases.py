#!/usr/bin/env python3
"""Where an index build's wall time goes: when each phase of ``build_index`` starts and how long
it takes, with each worker's share, in one run of a full rebuild.

    python scripts/build_phases.py                          # ../shared/corpora/bbc into a temporary folder
    python scripts/build_phases.py --corpus DIR --workers 1

The phases are the build's own functions (discovery, jobs, the workers' run, settling their
results, the story clusters, the table of contents), timed by wrapping them in this process;
nothing in the build changes. Numbers only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import index.build as build  # noqa: E402

PHASES = ["_discover", "_jobs", "_run", "settle_shares", "new_segments", "load_stories", "update_stories", "commit_stories",
          "write_toc", "make_live"]


def _timed(name: str, f, label: str | None = None):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            end = time.perf_counter()
            print(f"{label or name:24s} from {t - STARTED:6.2f} s  took {end - t:6.2f} s", flush=True)
    return wrapper


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "bbc")
    ap.add_argument("--workers", type=int, default=None, help="worker processes (default: as the CLI decides)")
    args = ap.parse_args(argv)
    print(f"{'imports':24s} from   0.00 s  took {time.perf_counter() - STARTED:6.2f} s")
    for name in PHASES:
        setattr(build, name, _timed(name, getattr(build, name)))
    build.run_share = _timed("run_share", build.run_share, "  one worker's share")  # in each worker
    out = Path(tempfile.mkdtemp(prefix="phases-"))
    try:
        report = build.build_index([args.corpus], out / "index", rebuild=True, workers=args.workers)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"{'total':24s}                took {time.perf_counter() - STARTED:6.2f} s  "
          f"({report.indexed} articles, {report.workers} worker{'s' if report.workers != 1 else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
