"""Text to comparable word shingles: normalisation, words, and 32-bit shingle hashes.

Two copies of one story differ in ways that carry no meaning: letter case, curly or straight
quotes, accents, dashes, how paragraphs are wrapped, "1,000" or "1000", "5%" or "5 percent",
"five" or "5". :func:`normalise` folds all of these, so the copies give the same words;
:func:`fingerprint` hashes every run of :data:`SHINGLE_WORDS` consecutive words to 32 bits
and keeps the distinct hashes, sorted (a NumPy array: cheap to store, intersect and sample).
The work is done in C (``bytes.translate``, ``bytes.split``, ``zlib.crc32``) and NumPy, not
word by word in Python: this module is on the indexer's path for every article.

>>> words("‘Positive step’ — 1,000 troops, 5% of the force,\\nsaid Zürich’s mayor")
[b'positive', b'step', b'1000', b'troops', b'5', b'percent', b'of', b'the', b'force', b'said', b'zurichs', b'mayor']
>>> a = shingle_set("The US and China agreed to reopen talks on Monday.")
>>> b = shingle_set("the U.S. and China agreed to re-open talks on monday")
>>> len(a), len(set(a.tolist()) & set(b.tolist()))
(7, 3)
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 4

# Non-ASCII characters folded to their plain forms before anything else: curly apostrophes are
# dropped like straight ones; quotes, dashes and special spaces separate words.
_FOLD = [("\u2019", ""), ("\u2018", ""), ("\u02bc", ""), ("\u201c", " "), ("\u201d", " "), ("\u2013", " "),
         ("\u2014", " "), ("\u00a0", " "), ("\u00ad", ""), ("\u200b", ""), ("\ufeff", ""), ("\u201e", " "),
         ("\u00ab", " "), ("\u00bb", " "), ("\u2212", " "), ("\u2026", " "), ("\u202f", " "), ("\u2009", " ")]
_COMBINING = re.compile(r"[\u0300-\u036f]")
# ASCII punctuation separates words, except the marks that sit inside a word or a number:
# apostrophes ("china's"), dots ("u.s.", "5.2") and commas ("1,000") are dropped, so that
# "U.S." and "US", "1,000" and "1000" are one word. Bytes of other characters are kept.
_PUNCTUATION = b"!\"#$&()*+-/:;<=>?@[\\]^_`{|}~\t\n\r\x0b\x0c"
_SEPARATORS = bytes.maketrans(_PUNCTUATION, b" " * len(_PUNCTUATION))
_DROPPED = b".,'"

# Word hashes: CRC-32 of the word's bytes (zlib, mapped over the words in C), spread over 64
# bits by MurmurHash3's finaliser. Shingle hashes combine k word hashes (multiply and add modulo
# 2**64), are finalised again and keep the top 32 bits.
_MULT = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_S32 = np.uint64(32)


def normalise(text: str) -> bytes:
    """The text as UTF-8 bytes with case, quotes, dashes, accents and in-word marks folded and
    other punctuation turned into spaces.

    >>> normalise("China’s GDP grew 5.2% to $1,234,567 — Ångström")
    b'chinas gdp grew 52 percent  to  1234567   angstrom'
    """
    t = text.casefold()
    if not t.isascii():
        for a, b in _FOLD:
            if a in t:
                t = t.replace(a, b)
        if not t.isascii():
            t = _COMBINING.sub("", unicodedata.normalize("NFKD", t))
    data = t.encode("utf-8", "surrogatepass")
    if b"%" in data:
        data = data.replace(b"%", b" percent ")
    return data.translate(_SEPARATORS, _DROPPED)


def words(text: str) -> list[bytes]:
    """The normalised words of a text, as UTF-8 bytes.

    >>> words("U.S. officials said: 'It's 1,000 miles.'")
    [b'us', b'officials', b'said', b'its', b'1000', b'miles']
    """
    return normalise(text).split()


def _mix(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, an avalanching bijection (uint64 in, uint64 out)."""
    x = x ^ (x >> _S33)
    x = x * _M1
    x = x ^ (x >> _S33)
    x = x * _M2
    return x ^ (x >> _S33)


def _crc32s(data: bytes) -> np.ndarray:
    return np.fromiter(map(zlib.crc32, data.split()), dtype=np.uint64)


# Numbers written as words hash like their figures ("five cts", "5 cts").
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_NUMBER_FROM = _crc32s(" ".join(_NUMBER_WORDS).encode())
_NUMBER_TO = _crc32s(" ".join(str(i) for i in range(len(_NUMBER_WORDS))).encode())
_ORDER = np.argsort(_NUMBER_FROM)
_NUMBER_FROM, _NUMBER_TO = _NUMBER_FROM[_ORDER], _NUMBER_TO[_ORDER]


def word_hashes(data: bytes) -> np.ndarray:
    """A 64-bit hash of each word of normalised text (:func:`normalise`), in order; a number
    word gets its figure's hash.

    >>> h = word_hashes(normalise("Five cts, 5 cts"))
    >>> len(h), bool(h[0] == h[2]), bool(h[1] == h[3])
    (4, True, True)
    """
    h = _crc32s(data)
    at = np.searchsorted(_NUMBER_FROM, h).clip(max=len(_NUMBER_FROM) - 1)
    is_number = _NUMBER_FROM[at] == h
    if is_number.any():
        h = np.where(is_number, _NUMBER_TO[at], h)
    with np.errstate(over="ignore"):
        return _mix(h)


def _shingles(h: np.ndarray, k: int) -> np.ndarray:
    """Hashes of every run of ``k`` consecutive word hashes (one for fewer than ``k`` words)."""
    if not len(h):
        return np.zeros(0, dtype=np.uint32)
    n = len(h) - k + 1
    if n < 1:
        h, n = np.concatenate([h, np.zeros(k - len(h), dtype=np.uint64)]), 1
    x = h[:n].copy()
    with np.errstate(over="ignore"):
        for j in range(1, k):
            x = x * _MULT + h[j:j + n]
        return (_mix(x) >> _S32).astype(np.uint32)


def shingle_hashes(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """The 32-bit hashes of every run of ``k`` consecutive words of a text, in text order."""
    return _shingles(word_hashes(normalise(text)), k)


def distinct(hashes: np.ndarray) -> np.ndarray:
    """The distinct values of an array, sorted (what ``np.unique`` gives, at a quarter of its
    cost on the few hundred values of an article).

    >>> distinct(np.array([3, 1, 3, 2], dtype=np.uint32)).tolist()
    [1, 2, 3]
    """
    out = np.sort(hashes)
    if len(out) < 2:
        return out
    keep = np.empty(len(out), dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def shingle_set(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct shingle hashes of a text, sorted (uint32)."""
    return distinct(shingle_hashes(text, k))


@dataclass(frozen=True)
class Fingerprint:
    """What a text is compared by: its words' identity (``key``; None for a text without
    words) and its distinct shingles, sorted."""

    key: str | None
    shingles: np.ndarray


def fingerprint(text: str, k: int = SHINGLE_WORDS) -> Fingerprint:
    """The fingerprint of a text.

    >>> f = fingerprint("Shares rose five pct to 12 dlrs in early trading on Monday, dealers said.")
    >>> len(f.shingles), f.key == fingerprint("SHARES ROSE 5 PCT TO 12 DLRS IN EARLY TRADING ON MONDAY, "
    ...                                        "DEALERS SAID").key
    (11, True)
    """
    h = word_hashes(normalise(text))
    if not len(h):
        return Fingerprint(None, np.zeros(0, dtype=np.uint32))
    return Fingerprint(hashlib.blake2b(h.tobytes(), digest_size=12).hexdigest(), distinct(_shingles(h, k)))
