"""Web archives (WARC, read by warcio, one record at a time in constant memory): every HTML
page a crawler saved (a ``response`` with status 200, or a ``resource``, of type ``text/html``
or ``application/xhtml+xml``) becomes an article through the HTML extraction. Its URL is the
record's ``WARC-Target-URI``; its date is the page's own, else the HTTP ``Last-Modified``, else
the capture's ``WARC-Date``.

Other records (requests, metadata, revisits, redirects, error responses, images, PDFs...) are
left out and counted by kind in one note. A WARC cut off mid-record gives every complete record
before the damage, and names the record where the file ends.
"""
from __future__ import annotations

import re
from collections import Counter
from email.utils import parsedate_to_datetime
from typing import BinaryIO, Iterator

from ..article import Article
from ..decode import decode_html
from .fields import read_datetime
from .html import NoArticle, article_from_html
from .records import Skipped

MAX_PAGE_BYTES = 64 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_DRAIN = 1024 * 1024


def read_warc(stream: BinaryIO, origin: str) -> Iterator[Article | Skipped]:
    from warcio.archiveiterator import ArchiveIterator

    class Records(ArchiveIterator):
        INC_RECORD = ""  # warcio prints a warning per bad record length; we report it ourselves

    start = stream.peek(64)[:64].lstrip() if hasattr(stream, "peek") else b"WARC/"
    if not start.startswith(b"WARC/"):
        yield Skipped(origin, f"not a WARC file (it starts with {start[:20]!r}, not 'WARC/')")
        return
    left_out: Counter[str] = Counter()
    # Items from the last article on are held back, so that the last article can carry the
    # note counting the records left out (known only at the end).
    pending: list[Article | Skipped] = []
    number = 0
    records = Records(stream)
    try:
        for number, record in enumerate(records, start=1):
            item = _read_record(record, f"{origin}#{number}", left_out)
            if item is None:
                continue
            if isinstance(item, Article):
                yield from pending
                pending = []
            if pending or isinstance(item, Article):
                pending.append(item)
            else:
                yield item
    except Exception as e:  # warcio could not parse what follows
        if number == 0:
            pending.append(Skipped(origin, f"not a WARC file ({_first_line(e)})"))
        elif hasattr(stream, "peek") and not stream.peek(1):  # at the end of the file
            pending.append(Skipped(f"{origin}#{number + 1}", "cut off: the file ends inside this record's "
                                                             "headers; every complete record before it was read"))
        else:
            pending.append(Skipped(origin, f"damaged WARC after record {number} ({_first_line(e)}); "
                                           "every complete record before it was read"))
    else:
        tail = _unread_tail(records)
        if tail:
            pending.append(Skipped(f"{origin}#{number + 1}", f"cut off: the file ends inside this record "
                                                             f"({tail} bytes of it); every complete record "
                                                             "before it was read"))
    if records.err_count:
        left_out["record with a wrong Content-Length"] += records.err_count
    if not _add_note(pending, origin, left_out) and left_out:
        pending.append(Skipped(origin, f"no HTML page in this archive; {summary(left_out)}"))
    yield from pending


def _add_note(pending: list, origin: str, left_out: Counter) -> bool:
    """Put the count of records left out on the held article; False when there is none."""
    if not pending or not isinstance(pending[0], Article):
        return False
    if left_out:
        pending[0].notes.append(f"{origin}: {summary(left_out)}")
    return True


def summary(left_out: Counter) -> str:
    """One line counting the records left out, by kind.

    >>> summary(Counter({"request": 3, "redirect (3xx)": 1}))
    'left out 4 records that are not pages: 3 request, 1 redirect (3xx)'
    """
    if not left_out:
        return ""
    kinds = ", ".join(f"{n} {kind}" for kind, n in left_out.most_common())
    return f"left out {sum(left_out.values())} records that are not pages: {kinds}"


def _read_record(record, origin: str, left_out: Counter) -> Article | Skipped | None:
    """An article, a Skipped (a damaged page), or None (a record that is not a page, counted)."""
    kind = record.rec_type
    if not kind or record.rec_headers.get_header("Content-Length") is None:
        _cut_off(record, origin)
        return Skipped(origin, "incomplete record (no WARC-Type or Content-Length): the file may be cut off here")
    if kind not in ("response", "resource"):
        left_out[kind or "unknown"] += 1
        return _cut_off(record, origin)
    if kind == "response":
        if record.http_headers is None:
            left_out["response without HTTP headers"] += 1
            return _cut_off(record, origin)
        status = record.http_headers.get_statuscode() or ""
        if status != "200":
            label = {"3": "redirect (3xx)", "4": "error (4xx)", "5": "error (5xx)"}.get(status[:1], f"status {status}")
            left_out[label] += 1
            return _cut_off(record, origin)
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        left_out[mime] += 1
        return _cut_off(record, origin)
    try:
        data = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except Exception as e:  # a content encoding warcio cannot undo, a broken chunked body
        return _cut_off(record, origin) or Skipped(origin, f"page body could not be decoded ({type(e).__name__}: {e})")
    damaged = _cut_off(record, origin)
    if damaged:
        return damaged
    if len(data) > MAX_PAGE_BYTES:
        return Skipped(origin, f"page larger than {MAX_PAGE_BYTES // 2**20} MB: not read")
    if not mime and not data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        left_out["no content type"] += 1
        return None
    charset = _CHARSET.search(content_type)
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        article = article_from_html(decode_html(data, charset.group(1) if charset else None), url=url)
    except NoArticle as e:
        return Skipped(origin, str(e))
    article.url = url or article.url
    article.origin = origin
    if article.published is None:
        article.published = _fallback_date(record)
    return article


def _unread_tail(records) -> int:
    """Bytes after the last complete record that made no record (a record cut off in its
    headers); 0 when the file ended cleanly."""
    try:
        return max(0, records.fh.tell() - records.offset)
    except (AttributeError, OSError, ValueError):
        return 0


def _cut_off(record, origin: str) -> Skipped | None:
    """Read the rest of the record (in chunks); a Skipped when the file ends inside it."""
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        expected = int(record.rec_headers.get_header("Content-Length") or 0)
        return Skipped(origin, f"cut off: the file ends inside this record ({expected - missing} of "
                               f"{expected} bytes); every complete record before it was read")
    return None


def _fallback_date(record):
    """The HTTP Last-Modified, else the capture's WARC-Date (only when the page gives no date)."""
    if record.http_headers is not None:
        modified = record.http_headers.get_header("Last-Modified")
        if modified:
            try:
                dt = read_datetime(parsedate_to_datetime(modified))[0]
            except (TypeError, ValueError, IndexError, OverflowError):
                dt = None
            if dt is not None:
                return dt
    return read_datetime(record.rec_headers.get_header("WARC-Date"))[0]


def _first_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:160] or type(error).__name__
