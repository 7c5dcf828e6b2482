"""Readers: the sources people have (files, folders, standard input; plain or gzip-compressed)
turned into articles, one record at a time.

The interface the build uses::

    find_sources(paths, kind=None, sniff_unknown=False) -> Iterator[Source | Skipped | Ignored]
        Source   something to read: .path (None for standard input, named "-"), .kind, .origin
        Ignored  a file in a folder that no reader handles: .origin, .kind (".md", "documentation",
                 ".xml (not a feed)", ...), .reason; name the first few of each kind, then a count
        Skipped  a named path that is missing, or of no kind that can be told: .origin, .reason
    file_fingerprint(source) -> str
        SHA-1 of a file's bytes, streamed in 1 MB chunks: compare it with the last run's before
        reading the file (standard input has none: ValueError)
    read_source(source, origin=None, kind=None) -> Iterator[Article | Skipped]
        every article (finished: origin, id, clean fields, a plausible date) and every problem
        (Skipped with origin "path#N" for the Nth record), streamed in constant memory for
        JSONL and WARC, never raising for bad content; notes about bad values ride on the
        article's .notes (a WARC's count of records that are not pages on its last article)
    read_file(path, data=None) -> Iterator[Article | Skipped]
        the same for a path, or for its bytes when the caller holds them already
    with_kind(paths, kind) -> list
        what ``newsdesk index --format KIND`` passes on: standard input and the files named
        carry the kind, folders stay as they are

Kinds (``KINDS``) and how they are told: by name, any case, with or without ``.gz`` —
``.txt`` scraped pages, ``.jsonl``/``.ndjson``, ``.html``/``.htm``/``.xhtml``, ``.rss``/
``.atom``/``.rdf`` feeds, ``.xml`` when its root is a feed, ``.warc``; gzip by its magic bytes
whatever the name; otherwise (standard input, unknown names when asked) by content: ``WARC/``,
a first line starting with ``{``, an ``<rss``/``<feed``/``<rdf`` root, an HTML root.

>>> import io
>>> [a.title for a in read_source(io.BytesIO(b'{"title": "Hi", "body": "Text."}'), kind="jsonl")]
['Hi']
"""
from .reading import READERS, READERS_BY_KIND, finish, jsonl_spans, read_file, read_jsonl_span, read_source
from .records import KINDS, STDIN, Ignored, Skipped, Source, display_name
from .sniff import kind_by_name, sniff
from .sources import DOCUMENTATION_NAMES, file_fingerprint, find_sources, with_kind

__all__ = ["DOCUMENTATION_NAMES", "KINDS", "READERS", "READERS_BY_KIND", "STDIN", "Ignored", "Skipped",
           "Source", "display_name", "file_fingerprint", "find_sources", "finish", "jsonl_spans", "kind_by_name",
           "read_file", "read_jsonl_span", "read_source", "sniff", "with_kind"]
