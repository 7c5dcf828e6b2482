"""Bytes to clean text: UTF-8 when it is, else the page's legacy encoding; control characters out."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# C0 controls but tab/newline/carriage return, DEL, C1 controls, and stray non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell."""


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes outside a UTF-16 byte order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    return b"\x00" in sample


def clean_text(text: str) -> str:
    """Remove control characters and unify line ends.

    >>> clean_text("a\\x05b\\r\\nc\\x92")
    'ab\\nc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def decode_bytes(data: bytes) -> str:
    """Decode a page's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, then Windows-1252
    (so a cp1252 curly quote stays a curly quote), then charset detection, then Latin-1.

    >>> decode_bytes("It’s".encode("cp1252"))
    'It’s'
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return clean_text(data.decode("utf-16"))
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return clean_text(data.decode(encoding))
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is not None:
        return clean_text(str(best))
    return clean_text(data.decode("latin-1"))
