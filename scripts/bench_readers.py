#!/usr/bin/env python3
"""Readers' speed and memory on large inputs it generates: a JSONL file and a WARC file of a
given size (made by repeating invented records), each read in a fresh process through
``index.readers.read_source`` (the build's streaming interface, articles finished as the index
would get them). Prints articles per second, MB per second and the peak resident memory of
each reading process, at a small and at the full size, so that constant memory shows as the
same peak at both sizes, beside a process that only imports the readers (the baseline).

The WARC holds HTML pages (each through trafilatura, which sets its articles per second)
between large records that are not pages (images: streamed past, never held).

    .venv/bin/python scripts/bench_readers.py                      # 1 GB JSONL, 1 GB WARC
    .venv/bin/python scripts/bench_readers.py --jsonl-mb 200 --warc-mb 200 --warc-pages 500
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def make_jsonl(path: Path, megabytes: float) -> int:
    """Write about ``megabytes`` of JSONL: invented records, each ~1.3 KB, all different."""
    target, written, n = int(megabytes * 2**20), 0, 0
    body = ("The harbour board met on Tuesday to discuss record {n}. Members approved {m} new moorings "
            "on the east quay and asked for a survey of the silted channel before the summer. ") * 6
    with open(path, "wb", buffering=8 * 2**20) as f:
        while written < target:
            rec = {"title": f"Harbour board record {n}", "body": body.format(n=n, m=n % 97),
                   "url": f"https://harbour.example/records/{n}?utm_source=feed", "source": "Harbour Times",
                   "published": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}T08:30:00+02:00", "byline": "Ana Ruiz"}
            line = json.dumps(rec).encode() + b"\n"
            f.write(line)
            written += len(line)
            n += 1
    return n


def make_warc(path: Path, megabytes: float, pages: int) -> int:
    """Write a WARC of about ``megabytes``: ``pages`` HTML responses, and image responses of
    equal size between them to fill it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from tests.source_writers import page, story

    target = int(megabytes * 2**20)
    page_bytes = sum(len(page(*story(n))) for n in range(min(pages, 50))) / max(1, min(pages, 50))
    filler = max(0, int((target - pages * (page_bytes + 700)) / max(1, pages)))
    blob = (b"\xff\xd8\xff\xe0" + bytes(range(256)) * (filler // 256 + 1))[:filler]
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=False)
        for n in range(pages):
            t, p = story(n)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://harbour.example/story/{n}", "response",
                                                payload=io.BytesIO(page(t, p, site="Harbour Times")), http_headers=http))
            if filler:
                http = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(f"https://harbour.example/img/{n}.jpg", "response",
                                                    payload=io.BytesIO(blob), http_headers=http))
    return pages


def read_one(path: str) -> dict:
    """In this process: read a source to its end; count, time, peak memory."""
    from index.readers import Skipped, read_source

    import feedparser  # noqa: F401  (the baseline holds every library the readers load)
    import trafilatura  # noqa: F401
    import warcio  # noqa: F401

    started = time.perf_counter()
    articles = skipped = 0
    if path != "none":
        for item in read_source(path):
            if isinstance(item, Skipped):
                skipped += 1
            else:
                articles += 1
    seconds = time.perf_counter() - started
    size = os.path.getsize(path) if path != "none" else 0
    return {"articles": articles, "skipped": skipped, "seconds": round(seconds, 2), "bytes": size,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def measure(path: Path | str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--read", str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def report(label: str, r: dict, baseline: dict) -> None:
    rate = r["articles"] / r["seconds"] if r["seconds"] else 0.0
    mbs = r["bytes"] / 2**20 / r["seconds"] if r["seconds"] else 0.0
    print(f"{label:<26} {r['bytes'] / 2**20:>8.0f} MB {r['articles']:>9} articles {r['seconds']:>8.1f} s "
          f"{rate:>9.0f} articles/s {mbs:>7.1f} MB/s  peak RSS {r['peak_rss_mb']:>6.0f} MB "
          f"(+{r['peak_rss_mb'] - baseline['peak_rss_mb']:.0f} over imports)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jsonl-mb", type=float, default=1024, help="size of the JSONL file (default 1024)")
    ap.add_argument("--warc-mb", type=float, default=1024, help="size of the WARC file (default 1024)")
    ap.add_argument("--warc-pages", type=int, default=1000, help="HTML pages in the WARC (default 1000)")
    ap.add_argument("--small", type=float, default=8, help="the small size is the full size / this (default 8)")
    ap.add_argument("--dir", help="folder for the generated files (default: a temporary one, removed after)")
    ap.add_argument("--read", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.read:
        print(json.dumps(read_one(args.read)))
        return 0
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench-readers-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        baseline = measure("none")
        print(f"{'imports only (baseline)':<26} peak RSS {baseline['peak_rss_mb']:.0f} MB")
        for label, size, maker in (
                ("JSONL", args.jsonl_mb, lambda p, mb: make_jsonl(p, mb)),
                ("WARC", args.warc_mb, lambda p, mb: make_warc(p, mb, max(1, int(args.warc_pages * mb / args.warc_mb))))):
            for scale, mb in (("small", size / args.small), ("full", size)):
                path = folder / f"{label.lower()}-{scale}.{label.lower()}"
                t = time.perf_counter()
                maker(path, mb)
                made = time.perf_counter() - t
                print(f"  (wrote {path.name}: {path.stat().st_size / 2**20:.0f} MB in {made:.0f} s)", file=sys.stderr)
                report(f"{label} {scale}", measure(path), baseline)
                path.unlink()
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
