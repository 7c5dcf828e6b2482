#!/usr/bin/env python3
"""Indexing throughput by source kind: articles per second and the indexer's peak memory for a
JSON Lines file and for a WARC web archive holding the same articles (issue 10's figures).

The articles are the BBC corpus's (headline and paragraphs), written as JSONL and as HTML pages
in a gzipped WARC (with warcio: a request, a response and, every tenth page, an image record
that is counted and skipped), then each is indexed with ``newsdesk index --rebuild`` in a fresh
process; peak memory is the process's maximum resident size (with its worker processes).

    python scripts/bench_ingest.py                  # ../shared/corpora/bbc
    python scripts/bench_ingest.py --repeat 3 --corpus DIR
"""
from __future__ import annotations

import argparse
import html
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, bbc_pages  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def articles(corpus: Path):
    for path, title, body in bbc_pages(corpus):
        yield path, title, [p.strip() for p in body.split("\n") if p.strip()]


def write_jsonl(corpus: Path, out: Path) -> int:
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for path, title, paragraphs in articles(corpus):
            f.write(json.dumps({"title": title, "body": "\n\n".join(paragraphs), "source": "BBC News",
                                "url": f"https://bbc.example/{path.parent.name}/{path.stem}"}) + "\n")
            n += 1
    return n


def write_warc(corpus: Path, out: Path) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    with open(out, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i, (path, title, paragraphs) in enumerate(articles(corpus)):
            url = f"https://bbc.example/{path.parent.name}/{path.stem}"
            page = ("<!doctype html><html><head><meta charset='utf-8'><title>" + html.escape(title)
                    + "</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>"
                    + html.escape(title) + "</h1>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
                    + "</article><footer>Copyright the publisher</footer></body></html>").encode("utf-8")
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "bbc.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page),
                                                          http_headers=http))
            if i % 10 == 0:
                img = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url + ".jpg", "response",
                                                              payload=io.BytesIO(b"\xff\xd8" + b"\x00" * 50_000),
                                                              http_headers=img))
            n += 1
    return n


# Runs a command and prints, on stderr's last line, the largest resident size among it and the
# processes it waited for (its worker processes): a fresh process per measurement, so that one
# run's peak is not another's.
_PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")


def index(source: Path, index_dir: Path) -> tuple[float, float, dict]:
    """(seconds, peak RSS in MB of the indexer and its workers, the summary)."""
    newsdesk = shutil.which("newsdesk", path=str(Path(sys.executable).parent)) or "newsdesk"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, newsdesk, "index", str(source), "--index", str(index_dir),
                           "--rebuild", "--json"], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, json.loads(done.stdout)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each (the fastest is printed)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        jsonl, warc = work / "bbc.jsonl", work / "bbc.warc.gz"
        n_jsonl, n_warc = write_jsonl(args.corpus, jsonl), write_warc(args.corpus, warc)
        print(f"{n_jsonl} articles: JSONL {jsonl.stat().st_size / 1e6:.1f} MB, "
              f"WARC {warc.stat().st_size / 1e6:.1f} MB (gzipped, with requests and images)")
        for name, source, n in (("JSONL", jsonl, n_jsonl), ("WARC", warc, n_warc)):
            runs = [index(source, work / f"ix-{name}-{r}") for r in range(args.repeat)]
            seconds, peak, summary = min(runs, key=lambda r: r[0])
            print(f"  {name:6} {summary['indexed']:>6} indexed in {seconds:6.1f} s: {summary['indexed'] / seconds:7.0f} "
                  f"articles/s, peak memory {peak:.0f} MB (runs: {', '.join(f'{r[0]:.1f}' for r in runs)} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
