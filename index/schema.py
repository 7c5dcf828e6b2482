"""The Whoosh schema for the article record.

Whoosh holds the article's stored fields and the postings of its searchable text (a term's
frequency in each document: :class:`TermFrequency`). Per-document values that ranking, filters,
facets, sorting and grouping read in bulk (dates, outlets, months, field lengths, files) live in
the sidecar arrays beside each segment (:mod:`index.sidecar`), as do term frequencies for ranking
and the positions phrases are matched on; the story clusters live in :mod:`index.clusters`' state
file.
"""
from __future__ import annotations

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.formats import Format, Frequency

from .analysis import news_analyzer

# Bumped when what is written changes in a way older code cannot read (or newer code cannot read
# older indexes); an index of another format is reported as needing a rebuild.
# 5: text postings hold frequencies only; their positions live in the sidecar alone.
INDEX_FORMAT = 5
INDEX_NAME = "MAIN"


class TermFrequency(Format):
    """A term's frequency in each document, kept as the posting's weight, with no value bytes.

    Whoosh's ``Positions`` format would store each posting's positions as well, which the sidecar
    holds already (phrases are matched on its positions, :mod:`search.local.view`), and its
    ``Frequency`` format the frequency twice (as the weight and packed again as the value).
    Encoding and writing the positions a second time was about a quarter of writing a segment.
    What BM25 needs, the weights and the field lengths, Whoosh's own searcher reads as usual (the
    ranking tests score with it); it cannot match phrases on this index.

    >>> sorted(TermFrequency().word_values("Ports and ports", news_analyzer()))
    [('port', 2, 2.0, b'')]
    """

    posting_size = 0

    def __init__(self, field_boost: float = 1.0, **options):
        self.field_boost = field_boost
        self.options = options

    def word_values(self, value, analyzer, **kwargs):
        # Whoosh's Frequency counts the terms (weights included); only its value bytes are dropped.
        counted = Frequency.word_values(self, value, analyzer, **kwargs)
        return ((w, freq, weight, b"") for w, freq, weight, _ in counted)


def _text(analyzer, stored: bool = False) -> TEXT:
    """A searchable text field whose postings are :class:`TermFrequency`."""
    field = TEXT(analyzer=analyzer, stored=stored)
    field.format = TermFrequency(field_boost=field.format.field_boost)
    return field


def article_schema() -> Schema:
    """Searchable ``title`` and ``body`` (one analyzer; the title's weight is set at query time),
    ``source_text`` for ``source:`` queries, the stored record, and the bookkeeping incremental
    indexing needs (``origin_file``, ``file_hash``, ``content_hash``)."""
    analyzer = news_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=_text(analyzer, stored=True),
        body=_text(analyzer, stored=True),
        source=STORED(),
        source_text=_text(analyzer),
        published=STORED(),
        byline=STORED(),
        url=STORED(),
        origin=STORED(),
        origin_file=ID(stored=True),
        file_hash=STORED(),
        content_hash=STORED(),
    )
