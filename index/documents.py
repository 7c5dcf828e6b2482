"""An article made ready for the index: its stored fields, its analysed text and the per-document
values the sidecar arrays keep. Preparing is the expensive, independent part of indexing (the
analyzer runs here), so worker processes do it and only the result travels.

>>> from index.article import Article
>>> p = prepare(Article(title="US tariffs", body="Tariffs rose.", id="a1"), "/src/a.jsonl", "h")
>>> p.fields["title"], sorted(p.words)
((2, {'US': [0], 'tariff': [1]}), ['rose', 'tariffs'])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from .analysis import index_terms, vocabulary_word  # noqa: F401 (vocabulary_word re-exported)
from .article import Article

TEXT_FIELDS = ("title", "body", "source_text")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class PreparedArticle:
    """What the segment writer needs for one article, nothing more."""

    id: str
    stored: dict
    fields: dict[str, tuple[int, dict[str, list[int]]]]
    published_us: int | None
    source: str | None
    month: str | None
    origin_file: str
    file_hash: str
    body_chars: int
    words: list[str] = field(default_factory=list)
    signature: object = None  # the story-cluster signature, when computed


def utc_naive(value: datetime) -> datetime | None:
    """An aware datetime as naive UTC (Whoosh's convention for stored dates), or None when it
    cannot be represented (a date at the very edge of the calendar)."""
    try:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return None


def prepare(article: Article, origin_file: str, file_hash: str) -> PreparedArticle:
    """Analyse an article's text fields and collect what the index stores."""
    published = utc_naive(article.published) if article.published else None
    stored = {
        "id": article.id, "title": article.title, "body": article.body,
        "content_hash": article.content_hash(), "origin": article.origin,
        "origin_file": origin_file, "file_hash": file_hash,
    }
    if article.source:
        stored["source"] = article.source
    if published is not None:
        stored["published"] = published
    for name in ("byline", "url"):
        value = getattr(article, name)
        if value:
            stored[name] = value
    words: set[str] = set()
    fields = {"title": index_terms(article.title, words), "body": index_terms(article.body, words)}
    if article.source:
        fields["source_text"] = index_terms(article.source)
    published_us = None
    if published is not None:
        delta = published.replace(tzinfo=timezone.utc) - _EPOCH
        published_us = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return PreparedArticle(
        id=article.id, stored=stored, fields=fields, published_us=published_us,
        source=article.source or None, month=published.strftime("%Y-%m") if published else None,
        origin_file=origin_file, file_hash=file_hash, body_chars=len(article.body),
        words=sorted(words))
