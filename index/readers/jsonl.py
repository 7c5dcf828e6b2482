"""JSON Lines (``.jsonl``, ``.ndjson``): one article per line, read line by line in constant
memory. A bad line (not JSON, nested too deep, not an object, no body) costs only that line;
a bad value (a date, an outlet) costs only that value, with a note.

Fields: ``title``, ``body`` (or ``text``), and optionally ``url``, ``source``, ``published``,
``byline`` (or ``author``).

>>> import io
>>> items = list(read_jsonl(io.BytesIO(b'{"title": "A", "body": "Text."}\\n[1]\\n'), "x.jsonl"))
>>> [(type(i).__name__, i.origin) for i in items]
[('Article', 'x.jsonl#1'), ('Skipped', 'x.jsonl#2')]
"""
from __future__ import annotations

import codecs
import io
import json
from typing import BinaryIO, Iterator

from ..article import Article
from .fields import read_datetime, text_field
from .records import Skipped

MAX_LINE_BYTES = 64 * 1024 * 1024


def read_jsonl(stream: BinaryIO, origin: str, first_line: int = 1) -> Iterator[Article | Skipped]:
    """Every line's article (or the reason it has none); ``first_line`` numbers the stream's
    first line when it is a slice of a longer file."""
    for lineno, line in _lines(stream, first_line):
        if isinstance(line, Skipped):
            yield Skipped(f"{origin}#{lineno}", line.reason)
            continue
        if not line.strip():
            continue
        yield from _record(line, f"{origin}#{lineno}", lineno)


def _lines(stream: BinaryIO, first_line: int = 1) -> Iterator[tuple[int, str | Skipped]]:
    """(line number, decoded line) for every line; a line too long to hold is a Skipped."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    if first_line == 1 and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="\n")
        for lineno, line in enumerate(text, start=1):
            yield lineno, line
        return
    lineno = first_line - 1
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # the rest of the line, a chunk at a time
                raw = stream.readline(MAX_LINE_BYTES)
            yield lineno, Skipped("", f"line {lineno} is longer than {MAX_LINE_BYTES // 2**20} MB")
            continue
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        yield lineno, _decode_line(raw)


def _decode_line(raw: bytes) -> str:
    """UTF-8 (what JSON is), else Windows-1252 (legacy exports), else Latin-1 (never fails)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")


def _record(line: str, origin: str, lineno: int) -> Iterator[Article | Skipped]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        yield Skipped(origin, f"line {lineno} is not JSON ({e.msg} at column {e.colno})")
        return
    except RecursionError:
        yield Skipped(origin, f"line {lineno} is nested too deeply to read")
        return
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        yield Skipped(origin, f"line {lineno} is not usable JSON ({e})")
        return
    if not isinstance(rec, dict):
        yield Skipped(origin, f"line {lineno} is not a JSON object")
        return
    body = rec.get("body")
    if not isinstance(body, str) or not body.strip():
        body = rec.get("text")
    if not isinstance(body, str) or not body.strip():
        yield Skipped(origin, f"line {lineno} has no body text")
        return
    notes = []

    def field(*names: str) -> str | None:
        for name in names:
            if rec.get(name) is not None:
                value, problem = text_field(rec[name])
                if problem:
                    notes.append(f"line {lineno}: {name}: {problem}, left out")
                return value
        return None

    title = rec.get("title")
    if title is not None and not isinstance(title, str):
        title, problem = text_field(title)
        if problem:
            notes.append(f"line {lineno}: title: {problem}, left out")
    published, problem = read_datetime(rec.get("published"))
    if problem:
        notes.append(f"line {lineno}: {problem}, date left out")
    article = Article(title=title or "", body=body, source=field("source"), published=published,
                      byline=field("byline", "author"), url=field("url"), origin=origin)
    article.notes.extend(notes)
    yield article
