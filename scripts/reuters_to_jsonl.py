#!/usr/bin/env python3
"""Convert Reuters-21578 SGML files into Newsdesk JSONL articles.

Reads the ``reut2-*.sgm`` files of the Reuters-21578 collection (a folder, or
individual files) and writes one JSON object per line::

    {"title": "...", "body": "...", "published": "1987-02-26T15:01:01+00:00",
     "source": "Reuters", "url": null, "topics": ["cocoa"], "newid": 1,
     "dateline": "SALVADOR, Feb 26"}

``body`` holds the story's paragraphs separated by a blank line ("\\n\\n"),
with the trailing "Reuter" sign-off removed. ``published`` is ISO 8601 in UTC
(the collection's timestamps carry no zone; they are taken as UTC).

Records without <BODY> text (the TYPE="BRIEF" headline-only items and the
TYPE="UNPROC" tables) are skipped and counted in the summary printed to
stderr. ``--topics-only`` keeps only records whose <TOPICS> list is not empty,
which is what a judged relevance run over TOPICS labels needs.

Standard library only (regex + html.unescape); the whole collection converts
in a few seconds.

Example::

    python scripts/reuters_to_jsonl.py ../shared/corpora/reuters21578 \\
        --topics-only -o /tmp/reuters.jsonl
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

RECORD_RE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
D_RE = re.compile(r"<D>(.*?)</D>", re.S)
# Control characters other than tab and newline (the collection uses &#2;,
# &#3;, &#5;, &#22;, &#31;, &#127; ... as transmission markers).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SIGNOFF_RE = re.compile(r"\s*\bReuter\s*$", re.I)
MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
DATE_RE = re.compile(
    r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")


def element(name: str, text: str) -> str | None:
    """Content of the first <name>...</name> in ``text``, or None."""
    m = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", text, re.S)
    return m.group(1) if m else None


def clean(text: str) -> str:
    """Unescape entities and drop control characters (keeps \\n and \\t).

    >>> clean("&#2;A &amp; B&#3;")
    'A & B'
    """
    return CONTROL_RE.sub("", html.unescape(text))


def parse_date(raw: str | None) -> str | None:
    """'26-FEB-1987 15:01:01.79' -> '1987-02-26T15:01:01+00:00' (None if unparseable).

    >>> parse_date(" 26-FEB-1987 15:01:01.79")
    '1987-02-26T15:01:01+00:00'
    """
    if not raw:
        return None
    m = DATE_RE.search(raw)
    if not m:
        return None
    day, mon, year, hh, mm, ss = m.groups()
    month = MONTHS.get(mon.upper())
    if month is None:
        return None
    try:
        dt = datetime(int(year), month, int(day), int(hh), int(mm), int(ss),
                      tzinfo=timezone.utc)
    except ValueError:
        return None
    return dt.isoformat()


def paragraphs(body: str) -> str:
    """Join the wire's hard-wrapped lines into paragraphs.

    A line that starts with whitespace begins a new paragraph (the wire
    indents the first line of each paragraph); other lines continue the
    current one. Paragraphs are separated by a blank line.
    """
    paras: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            if paras and paras[-1]:
                paras.append([])
            continue
        if not paras or not paras[-1] or line[:1].isspace():
            if paras and not paras[-1]:
                paras[-1].append(line.strip())
            else:
                paras.append([line.strip()])
        else:
            paras[-1].append(line.strip())
    text = "\n\n".join(" ".join(p) for p in paras if p)
    return SIGNOFF_RE.sub("", text).strip()


def parse_record(attrs: str, inner: str) -> dict | None:
    """One <REUTERS> record -> article dict, or None when it has no body."""
    text = element("TEXT", inner) or ""
    body_raw = element("BODY", text)
    if body_raw is None:
        return None
    body = paragraphs(clean(body_raw))
    if not body:
        return None
    a = dict(ATTR_RE.findall(attrs))
    topics_raw = element("TOPICS", inner) or ""
    topics = [clean(t).strip() for t in D_RE.findall(topics_raw)]
    title = " ".join(clean(element("TITLE", text) or "").split())
    dateline = " ".join(clean(element("DATELINE", text) or "").split())
    dateline = dateline.rstrip(" -").strip()
    article = {
        "title": title,
        "body": body,
        "published": parse_date(element("DATE", inner)),
        "source": "Reuters",
        "url": None,
        "topics": [t for t in topics if t],
        "newid": int(a["NEWID"]) if a.get("NEWID", "").isdigit() else None,
    }
    if dateline:
        article["dateline"] = dateline
    return article


def input_files(paths: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.sgm")))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return files


def read_records(files: Iterable[Path], stats: dict) -> Iterator[dict]:
    for path in files:
        # latin-1 never fails; the collection is ASCII apart from a few stray
        # bytes, which latin-1 maps to some character rather than raising.
        data = path.read_bytes().decode("latin-1")
        for m in RECORD_RE.finditer(data):
            stats["records"] += 1
            art = parse_record(m.group(1), m.group(2))
            if art is None:
                stats["no_body"] += 1
                continue
            yield art


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Convert Reuters-21578 SGML (reut2-*.sgm) to Newsdesk JSONL articles.",
        epilog="Records without <BODY> text are skipped; counts go to stderr.")
    ap.add_argument("inputs", nargs="+", metavar="PATH",
                    help="a folder holding reut2-*.sgm files, or .sgm files")
    ap.add_argument("-o", "--output", default="-",
                    help="JSONL file to write (default: stdout)")
    ap.add_argument("--limit", type=int, default=None, metavar="N",
                    help="stop after writing N articles")
    ap.add_argument("--topics-only", action="store_true",
                    help="keep only records with at least one TOPICS label")
    args = ap.parse_args(argv)
    if args.limit is not None and args.limit < 0:
        ap.error("--limit must be >= 0")

    try:
        files = input_files(args.inputs)
    except FileNotFoundError as e:
        ap.error(str(e))
    if not files:
        ap.error("no .sgm files found")

    stats = {"records": 0, "no_body": 0, "no_topics": 0, "written": 0}
    started = time.perf_counter()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        if args.limit != 0:
            for art in read_records(files, stats):
                if args.topics_only and not art["topics"]:
                    stats["no_topics"] += 1
                    continue
                out.write(json.dumps(art, ensure_ascii=False) + "\n")
                stats["written"] += 1
                if args.limit is not None and stats["written"] >= args.limit:
                    break
    finally:
        if out is not sys.stdout:
            out.close()
    took = time.perf_counter() - started
    msg = (f"{stats['written']} articles written from {len(files)} file(s) in {took:.1f}s; "
           f"read {stats['records']} records, skipped {stats['no_body']} without body text")
    if args.topics_only:
        msg += f", {stats['no_topics']} without topics"
    if args.limit is not None and stats["written"] >= args.limit:
        msg += f" (stopped at --limit {args.limit})"
    print(msg, file=sys.stderr)
    return 0 if stats["written"] or args.limit == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
