"""The ``newsdesk`` command: parse and dispatch; the work happens in index/, search/ and web/.

    newsdesk index SOURCE... [--index DIR] [--rebuild] [--json] [--format jsonl|txt|html|feed|warc]
    newsdesk search QUERY... [--index DIR] [--limit N] [--page N] [--sort relevance|newest|oldest]
                             [--source NAME]... [--after YYYY-MM-DD] [--before YYYY-MM-DD]
                             [--no-group] [--no-correct] [--json | --format text|json|csv|jsonl]
    newsdesk extract SOURCE... [--json | --explain]
    newsdesk serve [--index DIR] [--host H] [--port P] [--threads N] [--workers N]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta

from search.export import EXPORT_FIELDS, write_export  # noqa: F401  (shared with web/)

from .printing import format_report, format_results, format_status


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsdesk", description="Search engine over news coverage.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_index_option(sp):
        sp.add_argument("--index", metavar="DIR",
                        help="index directory (default: $NEWSDESK_INDEX, else data/index in the working copy)")
        sp.add_argument("--backend", metavar="URL[,URL...]",
                        help="an OpenSearch cluster's node addresses instead of an index directory; a path "
                             "on an address names the index (default newsdesk). Default: $NEWSDESK_BACKEND "
                             "unless --index is given")

    ix = sub.add_parser("index", help="add new and changed articles to the index",
                        description="Read articles from files, folders and standard input (.txt scraped "
                                    "pages, .jsonl, .html, RSS/Atom feeds, WARC web archives; any of them "
                                    "gzip-compressed) and add new and changed ones to the index.")
    ix.add_argument("sources", nargs="+", metavar="SOURCE",
                    help="files or folders (read recursively), or - for standard input")
    ix.add_argument("--format", choices=["jsonl", "txt", "html", "feed", "warc"], default=None,
                    help="read standard input and the files named as this kind, when it cannot be told "
                         "from their names or content")
    add_index_option(ix)
    ix.add_argument("--rebuild", action="store_true",
                    help="build a fresh index beside the live one and swap it in atomically")
    ix.add_argument("--prune", action="store_true",
                    help="also remove the articles of source files that no longer exist")
    ix.add_argument("--source", metavar="NAME",
                    help="the outlet of every article read in this run that names none (a folder of one "
                         "outlet's pages, e.g. --source 'BBC News'); with --rebuild for files indexed before")
    ix.add_argument("--json", action="store_true", help="print the summary as JSON")

    se = sub.add_parser("search", help="search the index", description="Search the index. "
                        'Query language: words, "exact phrases", -excluded, OR, title:, source:, '
                        "prefix*, after:YYYY-MM-DD, before:YYYY-MM-DD.")
    se.add_argument("query", nargs="+", metavar="QUERY", help="the query (several words are joined)")
    add_index_option(se)
    se.add_argument("--limit", type=int, default=10, metavar="N", help="results per page (default 10, at most 100)")
    se.add_argument("--page", type=int, default=1, metavar="N", help="page of results (default 1)")
    se.add_argument("--sort", default="relevance", choices=["relevance", "newest", "oldest"], help="order of results")
    se.add_argument("--source", action="append", default=[], metavar="NAME",
                    help="only articles from this outlet (repeatable)")
    se.add_argument("--after", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    se.add_argument("--before", metavar="YYYY-MM-DD", help="only articles published before this day")
    se.add_argument("--no-group", action="store_true", help="list every article on its own, copies included")
    se.add_argument("--no-correct", action="store_true",
                    help="search exactly as typed, never for a spelling correction that finds more")
    se.add_argument("--json", action="store_true", help="print the API's JSON search object")
    se.add_argument("--format", choices=["text", "json", "csv", "jsonl"], default=None,
                    help="text (default), json (= --json), or every match as csv / jsonl")

    ex = sub.add_parser("extract", help="show the article records a source would produce",
                        description="Print the article records exactly as the indexer would store them.")
    ex.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders")
    ex.add_argument("--json", action="store_true", help="one JSON object per line")
    ex.add_argument("--explain", action="store_true",
                    help="for scraped text pages: every line with the label it got (headline, body, "
                         "date, byline, chrome and its kind) and the signals that weighed most")

    st = sub.add_parser("status", help="what the index holds and what the last run did",
                        description="The index's articles, stories, outlets and date range, its size "
                                    "on disk, and the last index run's summary (with what it skipped).")
    add_index_option(st)
    st.add_argument("--json", action="store_true", help="print it as JSON")

    sv = sub.add_parser("serve", help="run the web front end", description="Serve the web front end "
                        "with a production WSGI server (waitress).")
    add_index_option(sv)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--threads", type=int, default=8, help="threads per server process (default 8)")
    sv.add_argument("--workers", type=int, default=None, metavar="N",
                    help="server processes sharing the port (default: one per CPU core, at most 4)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = {"index": cmd_index, "search": cmd_search, "extract": cmd_extract, "status": cmd_status,
               "serve": cmd_serve}[args.command]
    try:
        return command(args)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


def _err(msg: str) -> None:
    print(f"newsdesk: {msg}", file=sys.stderr)


# ---------------------------------------------------------------- index

def _backend(args) -> str | None:
    """The OpenSearch backend setting: --backend, else $NEWSDESK_BACKEND unless --index was given."""
    if getattr(args, "backend", None):
        return args.backend
    if getattr(args, "index", None):
        return None
    return os.environ.get("NEWSDESK_BACKEND") or None


def _target(spec: str):
    from index.opensearch import Target

    return Target.parse(spec)


def cmd_index(args) -> int:
    from index.build import build_index
    from index.readers import with_kind
    from index.store import IndexDamaged, IndexLocked, default_index_dir

    backend = _backend(args)
    index_dir = default_index_dir(args.index)
    try:
        show = sys.stderr.isatty() and not args.json
        if backend:
            from index.opensearch import build_opensearch_index
            from search.opensearch import article_index_body

            index_dir = _target(backend).describe()
            report = build_opensearch_index(with_kind(args.sources, args.format), _target(backend),
                                            article_index_body(), rebuild=args.rebuild, show_progress=show,
                                            prune=args.prune, source=getattr(args, "source", None))
        else:
            report = build_index(with_kind(args.sources, args.format), index_dir, rebuild=args.rebuild,
                                 show_progress=show, prune=args.prune, source=args.source)
    except ValueError as e:  # a --backend that is not a list of addresses
        _err(str(e))
        return 2
    except IndexLocked as e:
        _err(str(e))
        return 3
    except IndexDamaged as e:
        _err(str(e))
        return 2
    except OSError as e:
        _err(f"could not write the index at {index_dir}: {e.strerror or e}; the index as it was "
             "before this run is still there, and the next run cleans up")
        return 2
    except RuntimeError as e:  # a worker process died
        _err(f"{e}; the index at {index_dir} is as it was before this run")
        return 2
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    if not report.usable:
        _err("nothing usable was read: no article was indexed"
             + ("; the live index was kept unchanged" if report.rebuilt and report.total else ""))
        return 1
    return 0


# ---------------------------------------------------------------- search

def cmd_search(args) -> int:
    from index.store import IndexDamaged, NoIndex, default_index_dir
    from search.engine import BadRequest, SearchEngine, SearchRequest, parse_day

    fmt = args.format or ("json" if args.json else "text")
    try:
        request = SearchRequest(
            q=" ".join(args.query), page=args.page, per_page=args.limit, sort=args.sort,
            sources=args.source, date_from=parse_day(args.after, "--after"),
            date_to=_day_before(parse_day(args.before, "--before")), group=not args.no_group,
            spell=not args.no_correct)
    except BadRequest as e:
        _err(str(e).replace("per_page", "--limit").replace("page must", "--page must"))
        return 2
    backend = _backend(args)
    try:
        engine = SearchEngine(backend=backend) if backend else SearchEngine(default_index_dir(args.index))
    except ValueError as e:
        _err(str(e))
        return 2
    try:
        if fmt in ("csv", "jsonl"):
            write_export(engine.export(request), fmt, sys.stdout)
            return 0
        result = engine.search(request)
    except (NoIndex, IndexDamaged) as e:
        _err(str(e))
        return 2
    if fmt == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_results(result, color=sys.stdout.isatty()))
    return 0


def _day_before(day):
    """--before is exclusive; the request's date_to is inclusive."""
    return day - timedelta(days=1) if day else None


# ---------------------------------------------------------------- extract

def cmd_extract(args) -> int:
    from index.readers import Ignored, Skipped, find_sources, read_file

    if args.explain:
        return _explain_pages(args.sources)

    found = 0
    for item in find_sources(args.sources):
        if isinstance(item, Ignored):
            continue
        items = [item] if isinstance(item, Skipped) else read_file(item)
        for rec in items:
            if isinstance(rec, Skipped):
                _err(f"skipped {rec.origin}: {rec.reason}")
                continue
            found += 1
            record = rec.to_record()
            if args.json:
                print(json.dumps(record, ensure_ascii=False))
            else:
                print(f"== {record['origin']}")
                for k in ("id", "title", "source", "published", "byline", "url"):
                    print(f"{k:>9}: {record[k] if record[k] is not None else '—'}")
                print()
                print(record["body"])
                print()
    return 0 if found else 1


def _explain_pages(sources: list[str]) -> int:
    """``extract --explain``: the line-by-line account of each scraped text page."""
    from pathlib import Path

    from index.decode import decode_bytes
    from index.extract.explain import explain

    paths = []
    for src in sources:
        p = Path(src)
        paths += sorted(p.rglob("*.txt")) if p.is_dir() else [p]
    if not paths:
        _err("no .txt pages to explain")
        return 1
    for path in paths:
        try:
            text = decode_bytes(path.read_bytes())
        except OSError as e:
            _err(f"cannot read {path}: {e.strerror or e}")
            return 1
        print(f"== {path}")
        print(explain(text))
        print()
    return 0


# ---------------------------------------------------------------- status

def cmd_status(args) -> int:
    from index.store import IndexDamaged, NoIndex, default_index_dir, read_last_build
    from search.engine import SearchEngine

    backend = _backend(args)
    index_dir = default_index_dir(args.index)
    if backend:
        from index.opensearch import read_last_build as read_cluster_build, store_mb

        try:
            target = _target(backend)
        except ValueError as e:
            _err(str(e))
            return 2
        status = {"index": target.describe(), "size_mb": round(store_mb(target), 1)}
    else:
        status = {"index": str(index_dir), "size_mb": round(_disk_mb(index_dir), 1)}
    try:
        engine = SearchEngine(backend=backend) if backend else SearchEngine(index_dir)
        status.update(engine.stats())
        status["state"] = "ok"
    except (NoIndex, IndexDamaged) as e:
        status["state"] = "damaged" if isinstance(e, IndexDamaged) else "no index"
        status["message"] = str(e)
    status["last_build"] = read_cluster_build(target) if backend else read_last_build(index_dir)
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        print(format_status(status))
    return 0 if status["state"] == "ok" else 2


def _disk_mb(path) -> float:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total / 1e6


# ---------------------------------------------------------------- serve

def cmd_serve(args) -> int:
    from index.store import default_index_dir
    from web.server import serve

    backend = _backend(args)
    if backend:
        try:
            _target(backend)
        except ValueError as e:
            _err(str(e))
            return 2
    workers = args.workers if args.workers is not None else min(4, os.cpu_count() or 1)
    return serve(default_index_dir(args.index), host=args.host, port=args.port, threads=args.threads,
                 backend=backend, workers=max(1, workers))


if __name__ == "__main__":
    sys.exit(main())
