"""Feeds (RSS 0.9x, 1.0, 2.0 and Atom, read by feedparser): one article per entry, with the
entry's link, date, author, the outlet (the entry's own ``<source>`` when an aggregator names
one, else the feed's title) and its full content when the feed carries it, else its summary.
HTML in the content becomes plain paragraphs.

A feed that is not well-formed XML is still read by feedparser's lenient parser; every entry
it recovers lands, and the damage is noted. A file that holds no feed at all is named.
"""
from __future__ import annotations

import io
import re
import time
from datetime import datetime, timezone
from typing import BinaryIO, Iterator

from ..article import Article
from ..decode import clean_text
from .fields import read_datetime
from .html import fragment_text
from .records import Skipped
from .streams import read_limited

MAX_FEED_BYTES = 256 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# Character references to code points that are not characters (surrogates, beyond U+10FFFF, NUL):
# feedparser would turn them into strings that cannot be encoded, and fail on them.
_BAD_REFERENCE = re.compile(rb"&#(?:[xX]0*(?:[dD][89a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{6,}|11[0-9a-fA-F]{4}|0+)"
                            rb"|0*(?:5529[6-9]|55[3-9]\d\d|56\d{3}|57[0-2]\d\d|573[0-3]\d|5734[0-3]|\d{8,}|"
                            rb"111[4-9]\d{3}|11[2-9]\d{4}|1[2-9]\d{5}|[2-9]\d{6}|0+));")


def read_feed(stream: BinaryIO, origin: str) -> Iterator[Article | Skipped]:
    import feedparser

    data = read_limited(stream, MAX_FEED_BYTES)
    if data is None:
        yield Skipped(origin, f"feed larger than {MAX_FEED_BYTES // 2**20} MB: not read")
        return
    # A stream, never bytes or a string: feedparser opens bytes that name a file (or a URL) and
    # reads that instead.
    parsed = feedparser.parse(io.BytesIO(_BAD_REFERENCE.sub(b"", data)), sanitize_html=True,
                              resolve_relative_uris=True)
    problem = _xml_problem(parsed)
    if not parsed.entries:
        if not parsed.version:
            yield Skipped(origin, "not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
        else:
            yield Skipped(origin, "the feed has no entries")
        return
    outlet = _text(parsed.feed.get("title_detail"), parsed.feed.get("title"))
    noted = False
    for number, entry in enumerate(parsed.entries, start=1):
        entry_origin = f"{origin}#{number}"
        try:
            item = article_from_entry(entry, outlet, entry_origin)
        except Exception as e:  # one odd entry must not cost the others
            item = Skipped(entry_origin, f"entry {number} could not be read ({type(e).__name__}: {e})")
        if problem and isinstance(item, Skipped):
            item.reason += f" (the feed is not well-formed XML: {problem})"
        elif problem and not noted:
            item.notes.append(f"the feed is not well-formed XML ({problem}): its entries were "
                              "read by a lenient parser; check them")
            noted = True
        yield item


def _xml_problem(parsed) -> str | None:
    """What is wrong with the feed's XML, if anything (a declared encoding that turned out
    wrong is not a problem: feedparser read it right)."""
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if type(error).__name__ in ("CharacterEncodingOverride", "NonXMLContentType"):
        return None
    return str(error) or type(error).__name__


def article_from_entry(entry, outlet: str | None, origin: str) -> Article | Skipped:
    """One feed entry as an article (or why not)."""
    body = ""
    for content in sorted(entry.get("content") or [], key=lambda c: -len(c.get("value") or "")):
        body = _text(content, content.get("value"), paragraphs=True)
        if body:
            break
    if not body:
        body = _text(entry.get("summary_detail"), entry.get("summary"), paragraphs=True)
    if not body:
        return Skipped(origin, f"entry {origin.rsplit('#', 1)[1]} has no content or summary")
    source = entry.get("source") or {}
    article = Article(
        title=_text(entry.get("title_detail"), entry.get("title")),
        body=body,
        source=_text(None, source.get("title")) or outlet,
        byline=_authors(entry),
        url=_link(entry),
        origin=origin,
    )
    for name in ("published", "updated", "created"):
        raw = entry.get(name)
        if not raw:
            continue
        article.published, problem = read_datetime(raw)
        if article.published is None:
            article.published = _from_struct(entry.get(f"{name}_parsed"))
        if article.published is None and problem:
            article.notes.append(f"{problem}, date left out")
        break
    return article


def _text(detail, value, paragraphs: bool = False) -> str:
    """A feed text construct as plain text (HTML ones through :func:`fragment_text`)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    kind = (detail or {}).get("type", "text/html") if detail is not None else "text/plain"
    text = fragment_text(value) if kind in _HTML_TYPES else clean_text(value).strip()
    return text if paragraphs else " ".join(text.split())


def _authors(entry) -> str | None:
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    if not names and entry.get("author_detail"):
        names = [entry["author_detail"].get("name")]
    names = [" ".join(n.split()) for n in names if isinstance(n, str) and n.strip()]
    return ", ".join(dict.fromkeys(names)) or (entry.get("author") or None)


def _link(entry) -> str | None:
    """The entry's article link: its alternate link, else an id that is an http(s) URL."""
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    if entry.get("link"):
        return entry["link"]
    guid = entry.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) else None


def _from_struct(value) -> datetime | None:
    """feedparser's own reading of a date (a UTC struct_time), when the text was not readable."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        dt = datetime(*value[:6], tzinfo=timezone.utc)
    except (ValueError, OverflowError):
        return None
    return read_datetime(dt)[0]

