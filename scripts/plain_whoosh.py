#!/usr/bin/env python3
"""The baseline Newsdesk is measured against: what a newcomer builds with Whoosh in an afternoon.

StemmingAnalyzer, stored title and body, one writer, BM25F (Whoosh's default), a QueryParser
over title and body, ``Hit.highlights`` for snippets. It reads a folder of text files whose first
line is the headline (the BBC corpus's layout).

    python scripts/plain_whoosh.py index ../shared/corpora/bbc /tmp/plain-index
    python scripts/plain_whoosh.py query /tmp/plain-index "economy growth" '"prime minister"'

``query`` prints one line per query: its time in milliseconds (search of the top 10 and their
highlighted snippets, in this process, each query run once) and its number of hits.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def build(corpus: Path, index_dir: Path) -> int:
    from whoosh import analysis, fields, index

    schema = fields.Schema(path=fields.ID(stored=True, unique=True),
                           title=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), stored=True),
                           body=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), stored=True))
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    n = 0
    for path in sorted(corpus.rglob("*.txt")):
        if path.name.lower().startswith("readme"):
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        title, _, body = text.partition("\n")
        writer.add_document(path=str(path), title=title.strip(), body=body.strip())
        n += 1
    writer.commit()
    return n


def query(index_dir: Path, queries: list[str]) -> None:
    from whoosh import index, qparser, scoring

    ix = index.open_dir(str(index_dir))
    parser = qparser.MultifieldParser(["title", "body"], schema=ix.schema)
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        for q in queries:
            started = time.perf_counter()
            results = searcher.search(parser.parse(q), limit=10)
            snippets = [hit.highlights("body") for hit in results]
            took = (time.perf_counter() - started) * 1000
            print(f"{took:.3f}\t{len(results)}\t{len(snippets)}\t{q}", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("index", help="build the plain index")
    b.add_argument("corpus", type=Path)
    b.add_argument("index", type=Path)
    q = sub.add_parser("query", help="time queries (top 10 with highlights)")
    q.add_argument("index", type=Path)
    q.add_argument("queries", nargs="+")
    args = ap.parse_args(argv)
    if args.command == "index":
        started = time.perf_counter()
        n = build(args.corpus, args.index)
        print(f"plain Whoosh: {n} documents in {time.perf_counter() - started:.2f}s")
    else:
        query(args.index, args.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
