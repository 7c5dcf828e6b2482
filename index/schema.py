"""The Whoosh schema for the article record."""
from __future__ import annotations

from datetime import timezone

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from .analysis import news_analyzer, vocabulary_analyzer
from .article import Article


def article_schema() -> Schema:
    """Searchable ``title`` and ``body`` (one analyzer; the title's weight is set at query time),
    facetable ``source`` and ``month``, sortable ``published``, the bookkeeping that incremental
    indexing needs (``origin_file``, ``file_hash``, ``content_hash``), and the stored text that
    snippets need so that a query never re-reads a source file. ``words`` holds the unstemmed
    vocabulary, for "did you mean" suggestions in words people actually write."""
    analyzer = news_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, phrase=True),
        body=TEXT(analyzer=analyzer, stored=True, phrase=True),
        source=ID(stored=True, sortable=True),
        source_text=TEXT(analyzer=analyzer, phrase=True),
        published=DATETIME(stored=True, sortable=True),
        month=ID(sortable=True),
        byline=STORED(),
        url=STORED(),
        origin=STORED(),
        origin_file=ID(stored=True),
        file_hash=STORED(),
        content_hash=ID(stored=True),
        cluster=ID(stored=True, sortable=True),
        words=TEXT(analyzer=vocabulary_analyzer(), phrase=False),
    )


def to_document(article: Article, origin_file: str, file_hash: str) -> dict:
    """The fields Whoosh stores for an article (naive UTC datetimes: Whoosh's own convention)."""
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "content_hash": article.content_hash(),
        "origin": article.origin,
        "origin_file": origin_file,
        "file_hash": file_hash,
        "cluster": article.cluster or article.id,
        "words": article.title + "\n" + article.body,
    }
    if article.source:
        doc["source"] = article.source
        doc["source_text"] = article.source
    if article.published:
        utc = article.published.astimezone(timezone.utc).replace(tzinfo=None)
        doc["published"] = utc
        doc["month"] = utc.strftime("%Y-%m")
    for name in ("byline", "url"):
        if getattr(article, name):
            doc[name] = getattr(article, name)
    return doc
