"""What the readers hand the build besides articles: sources to read, and things left out.

>>> Source(Path("a/b.jsonl.gz"), kind="jsonl").origin
'a/b.jsonl.gz'
>>> STDIN.origin, STDIN.is_stdin
('<stdin>', True)
>>> Ignored("notes/readme.md", ".md").reason
'no reader for .md files'
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

_STARTED = time.strftime("%Y-%m-%dT%H:%M:%S")

# The kinds of input a reader exists for (also the choices of ``newsdesk index --format``).
KINDS = ("txt", "jsonl", "html", "feed", "warc")


def display_name(path: str | os.PathLike) -> str:
    """A path as text that always encodes: bytes of a file name that are not UTF-8 (which
    Python keeps as lone surrogates) are shown as ``\\xNN`` escapes.

    >>> display_name(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is not an undecodable byte
        return os.fspath(path).encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass
class Skipped:
    """A file, or a record inside one (``origin#N``), that could not be read, and why."""

    origin: str
    reason: str


@dataclass
class Ignored:
    """A file in a folder that no reader handles (a README, an image): not an error, but named
    in the summary. ``kind`` groups them there: the suffix (``.md``, ``(no suffix)``),
    ``documentation`` for README/LICENSE files, or ``.xml (not a feed)``."""

    origin: str
    kind: str = ""
    reason: str = ""

    def __post_init__(self):
        if not self.kind:
            self.kind = Path(self.origin).suffix.lower() or "(no suffix)"
        if not self.reason:
            self.reason = ("a folder's own documentation" if self.kind == "documentation"
                           else f"no reader for {self.kind} files")


@dataclass(frozen=True)
class Source:
    """Something to read: a file (``path``) or standard input (``path`` is None), with the
    reader ``kind`` when it is known before opening it (by suffix, by ``--format``, or sniffed
    for ``.xml``); None means: sniff the content when it is read.

    A file source also works where the current build expects a :class:`~pathlib.Path`
    (``str()``, ``resolve()``, ``read_bytes()``, ``os.fspath()``).
    """

    path: Path | None
    kind: str | None = None
    named: bool = field(default=False, compare=False)  # given on the command line, not found in a folder

    @property
    def is_stdin(self) -> bool:
        return self.path is None

    @property
    def origin(self) -> str:
        """How articles and problems from this source are named (``<stdin>`` for standard input)."""
        return "<stdin>" if self.path is None else display_name(self.path)

    @property
    def name(self) -> str:
        return "<stdin>" if self.path is None else self.path.name

    def __str__(self) -> str:
        return self.origin

    def __fspath__(self) -> str:
        if self.path is None:
            raise TypeError("standard input has no file path")
        return os.fspath(self.path)

    # -- Path conveniences, so that code written for paths keeps working
    def resolve(self) -> Path:
        """The absolute path; for standard input a name unique to this process (each run's
        standard input is a new source, never a replacement of an earlier run's)."""
        if self.path is None:
            return Path(f"<stdin pid {os.getpid()} at {_STARTED}>")
        return self.path.resolve()

    def read_bytes(self) -> bytes:
        """All of the source's bytes (standard input: read to its end). Prefer
        :func:`index.readers.read_source`, which streams."""
        if self.path is None:
            return sys.stdin.buffer.read()
        return self.path.read_bytes()


STDIN = Source(None, named=True)
