"""Reading one source: open it (decompressing gzip), tell its kind, hand the stream to the
reader for that kind, and finish every article it yields (origin, id, clean fields). Never
raises for bad content: every problem comes out as a :class:`Skipped`, and every good record
read before a problem is kept.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from ..article import Article, article_id, canonical_url
from ..decode import DecodeError, clean_text, looks_binary
from .feeds import read_feed
from .fields import plausible
from .html import read_html
from .jsonl import read_jsonl
from .records import KINDS, STDIN, Skipped, Source, display_name
from .sniff import SUFFIXES, kind_by_name, sniff
from .streams import Opened, open_stream
from .text import read_text
from .warc import read_warc

Reader = Callable[[BinaryIO, str], Iterable["Article | Skipped"]]

# The reader for each kind of source.
READERS_BY_KIND: dict[str, Reader] = {
    "txt": read_text, "jsonl": read_jsonl, "html": read_html, "feed": read_feed, "warc": read_warc,
}
# The reader for each file suffix (lowercase, with the dot; any of them may end in .gz).
READERS: dict[str, Reader] = {s: READERS_BY_KIND[k] for s, k in SUFFIXES.items() if k in READERS_BY_KIND}
READERS[".xml"] = read_feed
_TEXT_KINDS = ("txt", "jsonl", "html", "feed")


def read_source(source: Source | str | os.PathLike | BinaryIO, origin: str | None = None,
                kind: str | None = None) -> Iterator[Article | Skipped]:
    """Read a source one record at a time, in constant memory for JSONL and WARC.

    ``source``: a :class:`Source` (from :func:`~index.readers.find_sources`), a path, ``"-"``
    for standard input, or an open binary stream. ``origin`` names it in articles and
    problems (default: its path, ``<stdin>``). ``kind`` (one of ``KINDS``) overrides what
    the source's name or content says.
    """
    if isinstance(source, (str, os.PathLike)) and not isinstance(source, Source):
        source = STDIN if os.fspath(source) == "-" else Source(Path(source))
    if isinstance(source, Source):
        origin = origin or source.origin
        kind = kind or source.kind
        name = source.name
    else:
        origin = origin or "<stream>"
        name = origin.rsplit("#", 1)[0]
    if kind is not None and kind not in KINDS and kind != "xml":
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    try:
        opened = open_stream(source)
    except OSError as e:
        yield Skipped(origin, f"cannot read: {e.strerror or e}")
        return
    with opened:
        if opened.damage and not opened.head:
            yield Skipped(origin, opened.damage)
            return
        if not opened.head.strip():
            yield Skipped(origin, "empty file" if not opened.compressed else "empty file (after decompression)")
            return
        kind = _resolve_kind(kind or kind_by_name(name), opened.head)
        if kind is None:
            what = "standard input" if origin == "<stdin>" else "this file"
            yield Skipped(origin, f"cannot tell what kind of source {what} is; name the kind with "
                                  f"--format {'|'.join(KINDS)}")
            return
        if kind in _TEXT_KINDS and looks_binary(opened.head) and not _starts_like_jsonl(kind, opened.head):
            yield Skipped(origin, "binary file, not text")
            return
        yield from _read_with(READERS_BY_KIND[kind], opened, origin)


def read_file(path: Source | str | os.PathLike, data: bytes | None = None) -> Iterator[Article | Skipped]:
    """Read one file (``data``: its bytes, when the caller has read them already)."""
    if data is None:
        yield from read_source(path)
        return
    source = path if isinstance(path, Source) else Source(Path(path))
    kind = source.kind or kind_by_name(source.name)
    yield from read_source(io.BytesIO(data), origin=source.origin, kind=kind)


def _starts_like_jsonl(kind: str, head: bytes) -> bool:
    """A JSONL source with a line that looks like a record among its first lines: then a stray
    NUL byte costs only its own line, not the file."""
    return kind == "jsonl" and any(line.lstrip(b"\xef\xbb\xbf \t\r").startswith(b"{") for line in head.split(b"\n"))


def read_jsonl_span(path: Path, start: int, end: int, first_line: int, origin: str) -> Iterator[Article | Skipped]:
    """Whole lines ``[start, end)`` (byte offsets) of an uncompressed JSON Lines file, numbered
    from ``first_line``: a share of a large file for one worker (:func:`jsonl_spans` cuts them)."""
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    opened = Opened(io.BytesIO(data), close_raw=False)
    yield from _read_with(lambda stream, o: read_jsonl(stream, o, first_line), opened, origin)


def jsonl_spans(path: Path, size: int) -> list[tuple[int, int, int]]:
    """Cut an uncompressed JSON Lines file into spans of about ``size`` bytes that end at line
    ends: ``(start, end, number of the span's first line)``."""
    spans = []
    start, line, at = 0, 1, 0
    lines_before = 0
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            pos = 0  # where in the block the lines are counted to
            while at + len(block) - start >= size:
                cut = block.find(b"\n", max(pos, start + size - at))
                if cut < 0:
                    break
                lines_before += block.count(b"\n", pos, cut + 1)
                end = at + cut + 1
                spans.append((start, end, line))
                line = lines_before + 1
                start, pos = end, cut + 1
            lines_before += block.count(b"\n", pos)
            at += len(block)
    if at > start:
        spans.append((start, at, line))
    return spans


def _resolve_kind(kind: str | None, head: bytes) -> str | None:
    """The kind to read: the given one; for ``.xml`` and unknown names, the sniffed one."""
    if kind == "xml":
        return "feed"  # named .xml: the feed reader says so when it is not a feed
    return kind or sniff(head)


def _read_with(read: Reader, opened, origin: str) -> Iterator[Article | Skipped]:
    produced = False
    try:
        for item in read(opened.stream, origin):
            if isinstance(item, Article):
                item = finish(item, origin)
                if not item.body:
                    item = Skipped(item.origin, "no article text found" + (
                        f" (only a headline: {item.title[:80]!r})" if item.title else ""))
            produced = True
            yield item
    except DecodeError as e:
        produced = True
        yield Skipped(origin, str(e))
    except Exception as e:  # a reader bug or a library failure must not stop the whole run
        if opened.damage is None:
            produced = True
            yield Skipped(origin, f"could not be read ({type(e).__name__}: {e})")
    if opened.damage is not None:
        yield Skipped(origin, opened.damage + ("; every record before the damage was read (check the "
                                               "last ones: data at the damage can be garbled)" if produced else ""))
    elif not produced:
        yield Skipped(origin, "no article text found")


def finish(article: Article, origin: str) -> Article:
    """Fill origin and id; clean every text field (control characters, lone surrogates);
    keep only a plausible, timezone-aware date (a bad one is dropped with a note)."""
    article.origin = display_name(article.origin or origin)
    article.title = " ".join(clean_text(article.title or "").split())
    article.body = clean_text(article.body or "").strip()
    for name in ("source", "byline"):
        value = getattr(article, name)
        setattr(article, name, (" ".join(clean_text(value).split()) or None) if isinstance(value, str) else None)
    url = clean_text(article.url).strip() if isinstance(article.url, str) else None
    article.url = url if canonical_url(url) else None
    if article.published is not None:
        article.published, problem = plausible(article.published)
        if problem:
            article.notes.append(f"{problem}, date left out")
    if not article.title and article.body:
        article.title = article.body.split("\n", 1)[0][:120]
    article.notes = [clean_text(n) for n in article.notes]
    article.id = article_id(article)
    return article

