"""Bytes to clean text: UTF-8 when it is, else the page's legacy encoding; control characters,
lone surrogates and non-characters out, so that every string the readers hand on encodes as UTF-8.
"""
from __future__ import annotations

import codecs
import re

# C0 controls but tab/newline/carriage return, DEL, C1 controls, and the non-characters
# (U+FDD0..U+FDEF and the last two code points of every plane): none of them is text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_NONCHARACTER = re.compile("[" + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}"
                                                for p in range(1, 17)) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell."""


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes outside a UTF-16 byte order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    return b"\x00" in sample


def clean_text(text: str) -> str:
    """Remove control characters, non-characters and lone surrogates; unify line ends.
    A surrogate pair (as a JSON escape can leave it) becomes the character it stands for.

    >>> clean_text("a\\x05b\\r\\nc\\x92")
    'ab\\nc'
    >>> clean_text("lone \\ud800 pair \\ud83d\\ude00").encode("utf-8")
    b'lone  pair \\xf0\\x9f\\x98\\x80'
    """
    if not text.isascii():
        if _SURROGATE.search(text):
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
        if _ASTRAL.search(text):  # rare: only then look for the planes' non-characters
            text = _ASTRAL_NONCHARACTER.sub("", text)
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
        return clean_text(data.decode("utf-16", "replace"))
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return clean_text(data.decode(encoding))
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # 25 ms to import: only for bytes that need it

    best = from_bytes(data).best()
    if best is not None:
        return clean_text(str(best))
    return clean_text(data.decode("latin-1"))


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML page: the charset its HTTP headers declare, else the one its ``<meta>``
    declares (in the first 4 KB), when that charset decodes the bytes; else as :func:`decode_bytes`.

    >>> decode_html('<meta charset="shift_jis"><p>東京</p>'.encode("shift_jis"))
    '<meta charset="shift_jis"><p>東京</p>'
    >>> decode_html("<p>café</p>".encode("latin-1"), declared="iso-8859-1")
    '<p>café</p>'
    """
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [declared] if declared else []
        meta = _META_CHARSET.search(data[:4096])
        if meta:
            candidates.append(meta.group(1).decode("ascii"))
        for name in candidates:
            try:
                codec = codecs.lookup(name.strip().strip("\"'"))
            except LookupError:
                continue
            if codec.name in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):  # a meta tag read as ASCII
                continue
            if codec.name == "latin-1" or codec.name == "iso8859-1":
                codec = codecs.lookup("cp1252")  # what browsers do with "iso-8859-1"
            if looks_binary(data):
                break
            try:
                return clean_text(data.decode(codec.name))
            except UnicodeDecodeError:
                continue
    return decode_bytes(data)
