"""Finding the sources to read under the paths a user gives, and fingerprinting a file
(streamed, constant memory) so that the build can tell an unchanged file without parsing it.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Iterator

from .records import KINDS, STDIN, Ignored, Skipped, Source, display_name
from .sniff import kind_by_name, sniff
from .streams import STREAM_ERRORS, open_stream

# A folder's own documentation is not an article, whatever its suffix (README.TXT, LICENSE.txt).
DOCUMENTATION_NAMES = frozenset({"readme", "license", "licence", "copying", "changelog", "changes", "notice"})
_CHUNK = 1024 * 1024


def find_sources(paths: Iterable[str | os.PathLike | Source], kind: str | None = None,
                 sniff_unknown: bool = False) -> Iterator[Source | Skipped | Ignored]:
    """Every source under the given paths, in order (folders recursively, sorted, hidden files
    left out). ``-`` is standard input. ``kind`` (one of ``KINDS``) is the kind of standard
    input and of the files named here, whatever their names say; files found in folders are
    always told by name. Files in folders that no reader handles come out as :class:`Ignored`
    (with their kind, for the summary), or are sniffed by content when ``sniff_unknown``;
    a missing path, or a named file of no kind that can be told, is :class:`Skipped`.
    A :class:`Source` among the paths is passed on as it is.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    stdin_given = False
    for p in paths:
        if isinstance(p, Source):
            yield p
            continue
        if os.fspath(p) == "-":
            if stdin_given:
                yield Skipped("<stdin>", "standard input given twice: read once")
            else:
                stdin_given = True
                yield Source(None, kind=kind, named=True)
            continue
        path = Path(p)
        if path.is_dir():
            yield from _walk(path, sniff_unknown)
        elif path.is_file():
            yield _named_file(path, kind)
        else:
            yield Skipped(display_name(path), "no such file or folder")


def with_kind(paths: Iterable[str | os.PathLike], kind: str | None) -> list:
    """The paths a user named, with ``kind`` attached to standard input and to each named
    file (folders stay as they are): what ``newsdesk index --format KIND`` hands the build.

    >>> with_kind(["-", "."], "jsonl")[0]
    Source(path=None, kind='jsonl', named=True)
    """
    if kind is None:
        return list(paths)
    out = []
    for p in paths:
        if os.fspath(p) == "-":
            out.append(Source(None, kind=kind, named=True))
        elif Path(p).is_file():
            out.append(Source(Path(p), kind=kind, named=True))
        else:
            out.append(p)
    return out


def file_fingerprint(source: Source | str | os.PathLike) -> str:
    """The SHA-1 of a file's bytes (as stored, compressed or not), read in 1 MB chunks.
    Raises ``OSError`` when the file cannot be read, ``ValueError`` for standard input."""
    if isinstance(source, Source):
        if source.is_stdin:
            raise ValueError("standard input has no fingerprint before it is read")
        source = source.path
    h = hashlib.sha1()
    with open(source, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _named_file(path: Path, kind: str | None) -> Source | Skipped:
    """A file given by name: read as ``kind`` when given, else as its name or content says."""
    if kind is not None:
        return Source(path, kind=kind, named=True)
    by_name = kind_by_name(path.name)
    if by_name is not None and by_name != "xml":
        return Source(path, kind=by_name, named=True)
    sniffed = _sniff_file(path)
    if sniffed is not None:
        return Source(path, kind=sniffed, named=True)
    if by_name == "xml":
        return Skipped(display_name(path), "not an RSS or Atom feed (an .xml file is read only when it is one)")
    return Skipped(display_name(path), f"unsupported file type (readable: {', '.join(_readable_suffixes())}, "
                                       "any of them gzip-compressed; or name the kind with --format)")


def _walk(folder: Path, sniff_unknown: bool) -> Iterator[Source | Skipped | Ignored]:
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.startswith("."):
                continue
            fp = Path(root) / f
            origin = display_name(fp)
            if f.split(".")[0].lower() in DOCUMENTATION_NAMES:
                yield Ignored(origin, "documentation")
                continue
            by_name = kind_by_name(f)
            if by_name is not None and by_name != "xml":
                yield Source(fp, kind=by_name)
            elif by_name == "xml" or sniff_unknown:
                sniffed = _sniff_file(fp)
                if sniffed is not None:
                    yield Source(fp, kind=sniffed)
                else:
                    yield (Ignored(origin, ".xml (not a feed)", "XML that is not an RSS or Atom feed")
                           if by_name == "xml" else Ignored(origin))
            else:
                yield Ignored(origin)
        while problems:
            e = problems.pop(0)
            yield Skipped(display_name(e.filename or folder), f"cannot read folder: {e.strerror or e}")


def _sniff_file(path: Path) -> str | None:
    """The kind a file's first bytes show (after decompression), None when they show none or
    the file cannot be read (reading it later names the problem)."""
    try:
        with open_stream(Source(path)) as opened:
            return sniff(opened.head)
    except (OSError, *STREAM_ERRORS):
        return None


def _readable_suffixes() -> list[str]:
    from .sniff import SUFFIXES

    return sorted(SUFFIXES)
