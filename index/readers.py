"""Readers turn files into articles, one reader per format, chosen by file suffix.

A reader is a function ``read(path, data) -> Iterable[Article | Skipped]`` registered for one or
more suffixes with :func:`reader`. It yields every good article it finds and a :class:`Skipped`
for every part it could not use, so that one bad record never costs the good ones beside it.
Readers for new formats (feeds, WARC, gzip) register themselves the same way.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .article import Article, article_id, canonical_url
from .decode import DecodeError, clean_text, decode_bytes


@dataclass
class Skipped:
    """A file, or a record inside one, that could not be read, and why."""

    origin: str
    reason: str


@dataclass
class Ignored:
    """A file in a folder that no reader handles (a README, an image): not an error."""

    origin: str


# A folder's own documentation is not an article, whatever its suffix (README.TXT, LICENSE.txt).
DOCUMENTATION_NAMES = frozenset({"readme", "license", "licence", "copying", "changelog", "changes", "notice"})

Reader = Callable[[Path, bytes], Iterable["Article | Skipped"]]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str):
    """Register a reader function for file suffixes (lowercase, with the dot)."""
    def register(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s] = fn
        return fn
    return register


def reader_for(path: Path) -> Reader | None:
    """The reader for a path, by its longest matching suffix (".warc.gz" before ".gz")."""
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def find_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skipped | Ignored]:
    """Every readable file under the given files and folders (recursively, sorted, hidden
    files left out); files of other kinds in folders come out as :class:`Ignored`; a missing
    path or a file of an unknown kind given by name is :class:`Skipped`."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    fp = Path(root) / f
                    if f.startswith(".") or f.split(".")[0].lower() in DOCUMENTATION_NAMES:
                        if not f.startswith("."):
                            yield Ignored(str(fp))
                        continue
                    yield fp if reader_for(fp) is not None else Ignored(str(fp))
        elif path.is_file():
            if reader_for(path) is None:
                yield Skipped(str(path), f"unsupported file type (readable: {', '.join(sorted(READERS))})")
            else:
                yield path
        else:
            yield Skipped(str(path), "no such file or folder")


def read_file(path: Path, data: bytes | None = None) -> Iterator[Article | Skipped]:
    """Read one file with its reader, finishing every article (origin, id, clean fields).
    ``data`` is the file's bytes when the caller has read them already.
    Never raises for bad content: problems come out as :class:`Skipped`."""
    origin = str(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            yield Skipped(origin, f"cannot read: {e.strerror or e}")
            return
    if not data.strip():
        yield Skipped(origin, "empty file")
        return
    read = reader_for(path)
    produced = False
    try:
        for item in read(path, data):
            produced = True
            if isinstance(item, Article):
                item = finish(item, origin)
                if not item.body.strip() and not item.title.strip():
                    yield Skipped(item.origin, "no article text found")
                    continue
            yield item
        if not produced:
            yield Skipped(origin, "no article text found")
    except DecodeError as e:
        yield Skipped(origin, str(e))
    except Exception as e:  # a reader bug or a library failure must not stop the whole run
        yield Skipped(origin, f"could not be read ({type(e).__name__}: {e})")


def finish(article: Article, origin: str) -> Article:
    """Fill origin and id, clean the text fields, make dates timezone-aware."""
    article.origin = article.origin or origin
    article.title = " ".join(clean_text(article.title or "").split())
    article.body = clean_text(article.body or "").strip()
    for name in ("source", "byline"):
        value = getattr(article, name)
        setattr(article, name, " ".join(clean_text(value).split()) or None if value else None)
    article.url = canonical_url(article.url) and article.url.strip()
    if article.published is not None and article.published.tzinfo is None:
        article.published = article.published.replace(tzinfo=timezone.utc)
    if not article.title and article.body:
        article.title = article.body.split("\n", 1)[0][:120]
    article.id = article_id(article)
    return article


def parse_datetime(value) -> datetime | None:
    """A stated date as a timezone-aware datetime (UTC when no zone is given), else None.
    Accepts ISO 8601, RFC 2822 and the written forms that :mod:`index.dates` knows."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    text = str(value).strip()
    dt = None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                from .dates import parse_date
                dt = parse_date(text)
            except ImportError:
                dt = None
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------- formats

@reader(".txt")
def read_scraped_text(path: Path, data: bytes) -> Iterator[Article]:
    """A page as a scraper copied it: headline, outlet, date and body found by extraction."""
    from .extract_text import extract_scraped_text

    yield extract_scraped_text(decode_bytes(data))


@reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, data: bytes) -> Iterator[Article | Skipped]:
    """One article per line: ``title``, ``body``, optional ``url``, ``source``, ``published``,
    ``byline``. A bad line is skipped and named; the other lines still land."""
    text = decode_bytes(data)
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{path}#{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skipped(origin, f"line {lineno} is not JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(rec, dict):
            yield Skipped(origin, f"line {lineno} is not a JSON object")
            continue
        title, body = rec.get("title"), rec.get("body") or rec.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Skipped(origin, f"line {lineno} has no body text")
            continue
        published = None
        if rec.get("published") not in (None, ""):
            published = parse_datetime(rec["published"])
        article = Article(
            title=title if isinstance(title, str) else "",
            body=body,
            source=_str_or_none(rec.get("source")),
            published=published,
            byline=_str_or_none(rec.get("byline") or rec.get("author")),
            url=_str_or_none(rec.get("url")),
            origin=origin,
        )
        if rec.get("published") not in (None, "") and published is None:
            article.notes.append(f"line {lineno}: unreadable date {rec['published']!r} left out")
        yield article


def _str_or_none(value) -> str | None:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    return str(value) if value not in (None, "") else None


@reader(".html", ".htm")
def read_html(path: Path, data: bytes) -> Iterator[Article]:
    """An HTML page, extracted with trafilatura: its main text and its metadata."""
    import trafilatura

    html = decode_bytes(data)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        # Too broken for trafilatura (a truncated page): read its visible text as a scraped page.
        from .extract_text import extract_scraped_text

        text = trafilatura.html2txt(html) or ""
        if not text.strip():
            return
        yield extract_scraped_text(text)
        return
    title = (doc.title or "").strip()
    lines = [ln.strip() for ln in (doc.text or "").split("\n") if ln.strip()]
    if lines and title and " ".join(lines[0].split()).lower() == " ".join(title.split()).lower():
        lines = lines[1:]
    yield Article(
        title=title,
        body="\n\n".join(lines),
        source=doc.sitename or None,
        published=parse_datetime(doc.date) if doc.date else None,
        byline=doc.author or None,
        url=doc.url or None,
    )
