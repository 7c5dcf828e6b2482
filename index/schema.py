"""The Whoosh schema for the article record.

Whoosh holds the article's stored fields and the positional postings of its searchable text
(phrases are matched on them). Per-document values that ranking, filters, facets, sorting and
grouping read in bulk (dates, outlets, months, field lengths, files) live in the sidecar arrays
beside each segment (:mod:`index.sidecar`), as do term frequencies for ranking; the story
clusters live in :mod:`index.clusters`' state file.
"""
from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema

from .analysis import news_analyzer

# Bumped when what is written changes in a way older code cannot read (or newer code cannot read
# older indexes); an index of another format is reported as needing a rebuild.
INDEX_FORMAT = 4
INDEX_NAME = "MAIN"


def article_schema() -> Schema:
    """Searchable ``title`` and ``body`` (one analyzer; the title's weight is set at query time),
    ``source_text`` for ``source:`` queries, the stored record, and the bookkeeping incremental
    indexing needs (``origin_file``, ``file_hash``, ``content_hash``)."""
    analyzer = news_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, phrase=True),
        body=TEXT(analyzer=analyzer, stored=True, phrase=True),
        source=STORED(),
        source_text=TEXT(analyzer=analyzer, phrase=True),
        published=STORED(),
        byline=STORED(),
        url=STORED(),
        origin=STORED(),
        origin_file=ID(stored=True),
        file_hash=STORED(),
        content_hash=STORED(),
    )
