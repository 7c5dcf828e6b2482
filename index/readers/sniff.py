"""Telling a source's kind: by its name (suffixes, any case, ``.gz`` looked through), else by
its first bytes (after decompression).

>>> kind_by_name("STORY.TXT"), kind_by_name("export.jsonl.gz"), kind_by_name("crawl.warc.gz")
('txt', 'jsonl', 'warc')
>>> kind_by_name("feed.xml"), kind_by_name("photo.jpg")
('xml', None)
>>> sniff(b'{"title": "x"}\\n'), sniff(b"WARC/1.1\\r\\n"), sniff(b'<?xml version="1.0"?>\\n<rss version="2.0">')
('jsonl', 'warc', 'feed')
>>> sniff(b"<!DOCTYPE html><html><body>x"), sniff(b"Just some words."), sniff(b"<urlset>")
('html', None, None)
"""
from __future__ import annotations

import codecs
import re

SUFFIXES = {
    ".txt": "txt",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".xml": "xml",  # a feed only when its content says so
    ".warc": "warc",
}
COMPRESSED_SUFFIXES = (".gz", ".gzip")

# Leading matter before an XML/HTML document's first element: declarations, comments, doctypes.
_PROLOG = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<![^>]*>)*", re.S)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w.-]*)(?::([A-Za-z][\w.-]*))?")
_FEED_ROOTS = {b"rss", b"feed", b"rdf"}  # RSS 0.9x/2.0, Atom, RSS 1.0 (rdf:RDF)
_HTML_ROOTS = {b"html", b"head", b"body"}


def kind_by_name(name: str) -> str | None:
    """The kind a file name says (``xml`` when only its content can tell), or None."""
    name = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    dot = name.rfind(".")
    return SUFFIXES.get(name[dot:]) if dot > 0 else None


def is_compressed_name(name: str) -> bool:
    return name.lower().endswith(COMPRESSED_SUFFIXES)


def sniff(head: bytes) -> str | None:
    """The kind the first bytes of a (decompressed) source show: ``warc`` (``WARC/``),
    ``jsonl`` (a first line starting with ``{``), ``feed`` (an ``rss``, ``feed`` or ``rdf:RDF``
    root element), ``html``; None for anything else (plain text included: it cannot be told
    from prose that is not an article)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head[:1] != b"<":
        return None
    start = _PROLOG.match(head[:16384]).end()
    rest = head[start:start + 4096]
    if head[:start].lower().count(b"<!doctype html"):
        return "html"
    tag = _FIRST_TAG.match(rest)
    if not tag:
        return None
    local = (tag.group(2) or tag.group(1)).lower()
    if local in _FEED_ROOTS:
        return "feed"
    if local in _HTML_ROOTS:
        return "html"
    return None
