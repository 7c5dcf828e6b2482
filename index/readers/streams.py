"""Opening a source as a byte stream: a file, standard input or bytes in hand, gzip-compressed
or not (told by its magic bytes, whatever its name), with its first bytes available for sniffing
before the reader starts, in constant memory.

Damage to the stream itself (a gzip cut short, a bad CRC in its trailer, garbage after it) ends
the stream where it happens and is recorded on the :class:`Opened` stream, so the reader's good
records before it are kept and the damage is named once.

>>> import gzip, io
>>> with open_stream(io.BytesIO(gzip.compress(b'{"a": 1}\\n'))) as s:
...     (s.compressed, s.head, s.stream.read())
(True, b'{"a": 1}\\n', b'{"a": 1}\\n')
"""
from __future__ import annotations

import gzip
import io
import sys
import zlib
from typing import BinaryIO

from .records import Source

GZIP_MAGIC = b"\x1f\x8b"
HEAD_SIZE = 64 * 1024
BUFFER_SIZE = 1024 * 1024
# Errors a damaged compressed stream raises while it is read.
STREAM_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


class _HeadThenRest(io.RawIOBase):
    """A raw stream that gives ``head`` and then the rest of ``rest``; damage in ``rest``
    (an error while reading it) is handed to ``on_damage`` and ends the stream."""

    def __init__(self, head: bytes, rest: BinaryIO, on_damage):
        self._head = memoryview(head)
        self._read = getattr(rest, "read1", rest.read)
        self._on_damage = on_damage
        self._broken = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        if self._broken:
            return 0
        try:  # read1: a damaged gzip member must not take the data before it along
            data = self._read(len(buffer))
        except STREAM_ERRORS as e:
            # The damage ends the stream: readers see an end of file (and name a record cut
            # short), everything before it is read, and the damage is reported once.
            self._on_damage(e)
            self._broken = True
            return 0
        n = len(data)
        buffer[:n] = data
        return n


class Opened:
    """An open source: ``stream`` (buffered, decompressed), its first bytes ``head``
    (up to 64 KB, still to be read from ``stream``), whether it was gzip-compressed, and
    ``damage``: what went wrong in the compressed stream, if anything."""

    def __init__(self, raw: BinaryIO, close_raw: bool):
        self._raw, self._close_raw = raw, close_raw
        self.damage: str | None = None
        head = _read_head(raw)
        self.compressed = head.startswith(GZIP_MAGIC)
        if self.compressed:
            outer = io.BufferedReader(_HeadThenRest(head, raw, lambda e: None), BUFFER_SIZE)
            self._gzip = gzip.GzipFile(fileobj=outer, mode="rb")
            head = _read_head(self._gzip, self._damaged)
            self.stream = io.BufferedReader(_HeadThenRest(head, self._gzip, self._damaged), BUFFER_SIZE)
        else:
            self._gzip = None
            self.stream = io.BufferedReader(_HeadThenRest(head, raw, self._damaged), BUFFER_SIZE)
        self.head = head

    def _damaged(self, error: BaseException) -> None:
        if self.damage is None:
            kind = "gzip data" if self.compressed else "data"
            self.damage = f"damaged {kind}: {error or type(error).__name__}"

    def close(self) -> None:
        if self._close_raw:
            self._raw.close()

    def __enter__(self) -> "Opened":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_head(stream: BinaryIO, on_damage=None) -> bytes:
    """Up to HEAD_SIZE bytes (fewer only at the end of the stream, even from a pipe, or where
    a damaged stream breaks off: then ``on_damage`` hears of it)."""
    parts, size = [], 0
    read = getattr(stream, "read1", stream.read)
    while size < HEAD_SIZE:
        try:
            chunk = read(HEAD_SIZE - size)
        except STREAM_ERRORS as e:
            if on_damage is None:
                raise
            on_damage(e)
            break
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def open_stream(source: Source | BinaryIO) -> Opened:
    """Open a source (a :class:`Source`, or a binary stream already open) for reading.
    Raises ``OSError`` when a file cannot be opened."""
    if isinstance(source, Source):
        if source.is_stdin:
            return Opened(sys.stdin.buffer, close_raw=False)
        return Opened(open(source.path, "rb", buffering=BUFFER_SIZE), close_raw=True)
    return Opened(source, close_raw=False)


def read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    """All of a stream's bytes, or None when there are more than ``limit`` (a page or feed
    that size is not one document: it is not held in memory)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data
