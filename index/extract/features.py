"""Signals of each line of a page, as numbers a fitted model can weigh.

Nothing here depends on a phrasing: every signal is a shape (length, punctuation,
capitalisation, digits and symbols), a density (jusText's share of function words, in the
page's own language; the share of words of site service or of words addressing the reader,
from the lists in :mod:`index.extract.words`), a position (in the page, relative to the page's
densest run of prose), the layout (blank lines around it, the size and shortness of its block,
a run of short title-like lines as menus and link cards print), repetition within the page
(menus and footers repeat) and the site's own name. Each line also carries its neighbours'
main signals, so a short heading can take the fate of the block it introduces.

>>> from index.extract.lines import split_lines
>>> lines = split_lines("Home\\nNews\\n\\nA headline\\n\\nThe council said on Monday that the plan, which is new, will go ahead.")
>>> rows = line_features(lines)
>>> len(rows) == 4 and len(rows[0]) == len(FEATURES)
True
>>> bool(rows[3][FEATURES.index("stop")] > rows[0][FEATURES.index("stop")])
True
"""
from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain, compress

import numpy as np

from index.extract.lines import Line
from index.extract.markers import copyright_mark
from index.extract.words import (ALL_STOPWORDS, CREDIT_WORDS, READER_WORDS, SERVICE_WORDS, STOPWORDS)

__all__ = ["FEATURES", "BASE", "end_mark", "ends_sentence", "line_features", "page_language"]

# Signals of one line, in the order they are computed by _base.
BASE = [
    "words", "words_1", "words_2_3", "words_4_7", "words_8_15", "words_16_40", "words_41_",
    "chars", "stop", "stop_any", "end_punct", "sentences", "commas", "caps", "all_caps", "title_case",
    "digits", "symbols", "pipes", "service", "service_only", "reader", "credit", "link_like",
    "copyright", "date_like", "bullet", "colon_end", "truncated", "lower_start", "quote",
    "repeat", "gap_before", "gap_after", "block_lines", "block_short", "short_run", "site_name",
    "colon_lead", "lead_service", "promo_shape", "m_byline", "m_date", "m_credit", "m_caption", "m_utility", "m_label",
]
# Markers set by index.extract.markers.mark (when it has run), in the order of the m_ signals.
_MARKERS = ("byline", "date", "credit", "caption", "utility", "label")
_NEIGHBOUR = ["words", "stop", "end_punct", "service", "short_run", "gap_before"]
_WINDOW = ["words", "stop", "end_punct", "service"]
_PAGE = ["pos", "pos_end", "log_lines", "before_main", "after_main", "dist_main", "in_main",
         "main_stop", "rel_words"]
FEATURES = (BASE + [f"prev_{n}" for n in _NEIGHBOUR] + [f"next_{n}" for n in _NEIGHBOUR]
            + [f"prev2_{n}" for n in ("words", "stop")] + [f"next2_{n}" for n in ("words", "stop")]
            + [f"win_{n}" for n in _WINDOW] + _PAGE + ["bias"])

_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")
_SENT = re.compile(r"""[.!?]["'”’»)\]]*\s+\S""")
_SYMBOLS = re.compile(r"[|/»«›‹>•·▪●◦‣∙■□➤►▶◀★☆◆◇→←↑↓#@\[\]{}<>=_~^*+]")
_LINKLIKE = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.[a-z]{2,6}(?:/\S*)?(?=\s|$)|@\w|\S+@\S+\.\w")
_DATE_LIKE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
                        r"|\b\d{1,2}/\d{1,2}/(?:19|20)?\d\d\b|\b[0-3]?\d\.?\s+[^\W\d_]{3,}\.?\s+(?:19|20)\d\d\b"
                        r"|\b[^\W\d_]{3,}\.?\s+[0-3]?\d,?\s+(?:19|20)\d\d\b")
_DOT_TLD = re.compile(r"\.[a-z]{2,6}(?:/\S*)?(?=\s|$)")
_UPPER = bytes(range(65, 91))
_SYMBOL_BYTES = bytes(c for c in range(128) if _SYMBOLS.match(chr(c)))
_CLOSERS, _ENDERS = "\"'”’»)]", tuple(".!?…")
_BULLET = re.compile(r"^(?:[•·▪●◦‣∙■□➤►✓✔*–-]|\d{1,3}[.)])\s")
_COLON_LEAD = re.compile(r"^\W*(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*:\s+\S")   # "Read more: ...", "Foto: ..."
_QUOTE_START = re.compile(r"""^["'“‘„»«]""")


def page_language(lines: list[Line]) -> str | None:
    """The page's language by its function words (the first 60 words of each line), as
    :func:`index.extract.words.stopword_language` tells it: the language with the most, the
    first listed on a tie, None when there are none."""
    found = list(filter(None, map(_CLASS.get, chain.from_iterable(ln.low[:60] for ln in lines))))
    per = [(bits, found.count(bits)) for bits in set(found)]
    best, best_n = None, 0
    for k, lang in enumerate(_LANGS):
        n = sum(c for bits, c in per if bits >> k & 1)
        if n > best_n:
            best, best_n = lang, n
    return best


def _caps_words(ln: Line) -> set[str]:
    """The line's capitalised words of three letters or more, casefolded."""
    if ln.text.isascii():       # casefolding keeps an ASCII word's length
        return {k for k in compress(ln.low, map(str.isupper, ln.initials)) if len(k) > 2}
    return {k for w, k in compress(zip(ln.tokens, ln.low), map(str.isupper, ln.initials)) if len(w) > 2}


def _site_tokens(lines: list[Line]) -> set[str]:
    """Words likely to be the site's own name: capitalised words printed both in the first
    lines and in the last lines (banner and footer), or on a copyright line."""
    head, tail = set(), set()
    tail_from = max(len(lines) - 15, 0)
    caps = {i: _caps_words(lines[i]) for i in range(len(lines)) if i < 5 or i >= tail_from}
    for i in range(min(5, len(lines))):
        head |= caps[i]
    for i in range(tail_from, len(lines)):
        if copyright_mark(lines[i]):
            head |= caps[i]
        tail |= caps[i]
    return (head & tail) - ALL_STOPWORDS


def _link_like(t: str) -> bool:
    """``_LINKLIKE.search(t)``, skipped when the line has no '@', '://', 'www.' and no dot
    followed by a domain ending."""
    if "@" not in t and "://" not in t and "www." not in t and _DOT_TLD.search(t) is None:
        return False
    return _LINKLIKE.search(t) is not None


def end_mark(t: str) -> str:
    """The line's last character before any closing quotes or brackets ("" for an empty line)."""
    return t.rstrip(_CLOSERS)[-1:]


def ends_sentence(t: str) -> bool:
    """``_END.search(t)``: the line ends in sentence punctuation, perhaps inside quotes or brackets."""
    return end_mark(t) in _ENDERS


# Every listed word with the lists it is in, as bits: one bit per language's function words, then
# service, reader and credit words. A line's words are looked up once and counted per list.
_LANGS = list(STOPWORDS)
_ANY_STOP = (1 << len(_LANGS)) - 1
_SERVICE, _READER, _CREDIT = (1 << (len(_LANGS) + k) for k in range(3))


def _word_classes() -> dict[str, int]:
    out: dict[str, int] = {}
    lists = [(1 << k, STOPWORDS[lang]) for k, lang in enumerate(_LANGS)]
    for bit, words in lists + [(_SERVICE, SERVICE_WORDS), (_READER, READER_WORDS), (_CREDIT, CREDIT_WORDS)]:
        for w in words:
            out[w] = out.get(w, 0) | bit
    return out


_CLASS = _word_classes()


def _stop_bits(lang: str | None) -> int:
    """The class bits of the page language's function words (any language's when unknown)."""
    return 1 << _LANGS.index(lang) if lang in STOPWORDS else _ANY_STOP


def _text_signals(ln: Line, stop_bits: int) -> list[float]:
    """The signals of :data:`BASE` that depend on the line's text alone (and the page's
    language), from ``words`` to ``quote``, then ``colon_lead``, ``lead_service`` and ``promo_shape``."""
    t, words, low = ln.text, ln.tokens, ln.low
    n = len(words)
    nn = max(n, 1)
    first = ln.initials
    if t.isascii():             # initials are ASCII letters and digits: count them in C
        b = "".join(first).encode("ascii")
        na = max(n - len(b) + len(b.translate(None, b"0123456789")), 1)
        caps = len(b) - len(b.translate(None, _UPPER))
    else:
        alpha = [c for c in first if c.isalpha()]
        na = max(len(alpha), 1)
        caps = sum(map(str.isupper, alpha))
    chars = max(len(t), 1)
    if t.isascii():
        b = t.encode("ascii")
        digits = len(b) - len(b.translate(None, b"0123456789"))
        symbols = len(b) - len(b.translate(None, _SYMBOL_BYTES))
    else:
        digits = sum(map(str.isdigit, t))
        symbols = len(_SYMBOLS.findall(t))
    all_caps = sum(1 for w in filter(str.isupper, words) if len(w) > 1 and w[0].isalpha())
    stop = any_stop = service = reader = credit = 0
    for bits, k in Counter(filter(None, map(_CLASS.get, low))).items():  # counted in C
        if bits & stop_bits:
            stop += k
        if bits & _ANY_STOP:
            any_stop += k
        if bits & _SERVICE:
            service += k
        if bits & _READER:
            reader += k
        if bits & _CREDIT:
            credit += k
    lead = float(n > 0 and (low[0] in SERVICE_WORDS or (n > 1 and low[1] in SERVICE_WORDS and n <= 12)))
    end = ends_sentence(t)
    return [
        math.log1p(n), float(n == 1), float(2 <= n <= 3), float(4 <= n <= 7), float(8 <= n <= 15),
        float(16 <= n <= 40), float(n > 40), math.log1p(len(t)),
        stop / nn, any_stop / nn,
        float(end), math.log1p(len(_SENT.findall(t))), t.count(",") / nn,
        caps / na, all_caps / na, float(n >= 3 and caps >= 0.8 * na),
        digits / chars, symbols / chars, float("|" in t),
        service / nn, float(n > 0 and service == n),
        reader / nn, credit / nn,
        float(_link_like(t)), float(copyright_mark(ln)),
        float(n <= 25 and bool(_DATE_LIKE.search(t))), float(bool(_BULLET.match(t))),
        float(t.endswith(":")), float(t.endswith(("...", "…"))), float(t[:1].islower()),
        float(bool(_QUOTE_START.match(t))),
        float(n <= 20 and bool(_COLON_LEAD.match(t))), lead, lead * float(not end),
    ]


_COL = {name: k for k, name in enumerate(BASE)}
_TEXT_COLS = np.array([_COL[c] for c in BASE[:BASE.index("quote") + 1] + ["colon_lead", "lead_service", "promo_shape"]])
_NEIGHBOUR_COLS = np.array([_COL[c] for c in _NEIGHBOUR])
_WINDOW_COLS = np.array([_COL[c] for c in _WINDOW])
_TWO_COLS = np.array([_COL["words"], _COL["stop"]])
_PREV, _NEXT, _PREV2, _NEXT2, _WIN, _PAGE_AT = (FEATURES.index(c) for c in (
    "prev_words", "next_words", "prev2_words", "next2_words", "win_words", "pos"))


def _short_runs(words: list[int]) -> list[float]:
    """log(length) of the run of consecutive lines of at most eight words each line sits in
    (0 for longer lines)."""
    out = [0.0] * len(words)
    i, n = 0, len(words)
    while i < n:
        j = i
        while j < n and words[j] <= 8:
            j += 1
        if j > i:
            v = math.log(j - i)
            for k in range(i, j):
                out[k] = v
        i = max(j, i + 1)
    return out


def _main_run(words: list[int], stop: np.ndarray) -> tuple[int, int]:
    """(first, last) line of the page's main run of prose: the best-scoring stretch of
    (words x function-word density), lines under ten words costing 2."""
    best, best_lo, best_hi, cur, lo = -1.0, 0, 0, 0.0, 0
    for i, (w, s) in enumerate(zip(words, stop.tolist())):
        if cur <= 0:
            cur, lo = 0.0, i
        cur += w * (0.5 + s) if w >= 10 else -2.0
        if cur > best:
            best, best_lo, best_hi = cur, lo, i
    return best_lo, best_hi


def line_features(lines: list[Line], lang: str | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per line (a float array, lines by features)."""
    n = len(lines)
    if not n:
        return np.zeros((0, len(FEATURES)))
    lang = lang or page_language(lines)
    stop_bits = _stop_bits(lang)
    # Text signals once per distinct line text: menus and footers repeat lines.
    seen: dict[str, list[float]] = {}
    text_rows = []
    for ln in lines:
        r = seen.get(ln.text)
        if r is None:
            r = seen[ln.text] = _text_signals(ln, stop_bits)
        text_rows.append(r)
    out = np.zeros((n, len(FEATURES)))
    base = out[:, :len(BASE)]
    base[:, _TEXT_COLS] = text_rows
    keys = [ln.key for ln in lines]
    counts = Counter(keys)
    if len(counts) < n:
        base[:, _COL["repeat"]] = [math.log(counts[k]) if counts[k] > 1 else 0.0 for k in keys]
    base[:, _COL["gap_before"]] = [ln.gap_before for ln in lines]
    base[:, _COL["gap_after"]] = [ln.gap_after for ln in lines]
    site = _site_tokens(lines)
    if site:
        base[:, _COL["site_name"]] = [not site.isdisjoint(ln.low) for ln in lines]
    m0 = _COL["m_byline"]
    for i, ln in enumerate(lines):
        if ln.flags:
            for k, m in enumerate(_MARKERS):
                if m in ln.flags:
                    base[i, m0 + k] = 1.0
    words = [ln.words for ln in lines]
    # Blocks: how many lines, and how many of them are short.
    block = np.array([ln.block for ln in lines])
    size = np.bincount(block)
    short = np.bincount(block, weights=np.array(words) <= 6)
    base[:, _COL["block_lines"]] = np.log(size[block])
    base[:, _COL["block_short"]] = short[block] / size[block]
    # Runs of consecutive short lines (menus, link lists, cards).
    base[:, _COL["short_run"]] = _short_runs(words)
    # The page's main run of prose.
    stop = base[:, _COL["stop"]]
    lo, hi = _main_run(words, stop)
    main_words = words[lo:hi + 1]
    main_stop = float(np.dot(stop[lo:hi + 1], main_words)) / max(sum(main_words), 1)
    med = sorted(main_words)[len(main_words) // 2] if main_words else 1
    # Neighbours (zero beyond the page's ends), a window of three lines each side, the position.
    k = len(_NEIGHBOUR)
    nb = base[:, _NEIGHBOUR_COLS]
    out[1:, _PREV:_PREV + k] = nb[:-1]
    out[:-1, _NEXT:_NEXT + k] = nb[1:]
    two = base[:, _TWO_COLS]
    out[2:, _PREV2:_PREV2 + 2] = two[:-2]
    out[:-2, _NEXT2:_NEXT2 + 2] = two[2:]
    pre = np.zeros((n + 1, len(_WINDOW)))
    base[:, _WINDOW_COLS].cumsum(axis=0, out=pre[1:])
    idx = np.arange(n)
    a, b = np.maximum(idx - 3, 0), np.minimum(idx + 4, n)
    out[:, _WIN:_WIN + len(_WINDOW)] = (pre[b] - pre[a]) / (b - a)[:, None]
    page = out[:, _PAGE_AT:]
    page[:, 0] = idx / n
    page[:, 1] = (n - 1 - idx) / n
    page[:, 2] = math.log(n)
    page[:lo, 3] = 1.0
    page[hi + 1:, 4] = 1.0
    page[:, 5] = np.log1p(np.maximum(lo - idx, 0) + np.maximum(idx - hi, 0))
    page[lo:hi + 1, 6] = 1.0
    page[:, 7] = main_stop
    page[:, 8] = np.log1p(words) - math.log1p(med)
    page[:, 9] = 1.0
    return out
