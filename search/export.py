"""Every article a query matches as CSV or JSON Lines: one writer for ``newsdesk search --format``
and the web's ``/export``, so both give the same bytes.

:func:`export_lines` yields the output a line at a time (the web streams it);
:func:`write_export` writes it to a file.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

EXPORT_FIELDS = ["id", "title", "source", "published", "byline", "url", "score", "cluster"]
EXPORT_FORMATS = ("csv", "jsonl")

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A text cell a spreadsheet will show as text, never run as a formula (OWASP's advice:
    prefix such cells with an apostrophe). Numbers and empty cells are left alone.

    >>> csv_safe("=HYPERLINK(\\"http://x\\")"), csv_safe("Tariffs"), csv_safe(3.5)
    ('\\'=HYPERLINK("http://x")', 'Tariffs', 3.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_lines(rows: Iterable[dict], fmt: str) -> Iterator[str]:
    """The export a line at a time: CSV with a header row, or one JSON object per line."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps({k: row.get(k) for k in EXPORT_FIELDS}, ensure_ascii=False) + "\n"
        return
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=EXPORT_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: csv_safe(row.get(k)) for k in EXPORT_FIELDS})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():  # the header, when there were no rows
        yield buf.getvalue()


def write_export(rows: Iterable[dict], fmt: str, out) -> None:
    """Every matching article as CSV (with a header) or JSON Lines, written to ``out``."""
    for line in export_lines(rows, fmt):
        out.write(line)
