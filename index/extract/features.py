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
>>> rows[3][FEATURES.index("stop")] > rows[0][FEATURES.index("stop")]
True
"""
from __future__ import annotations

import math
import re
from collections import Counter

from index.extract.lines import WORD, Line
from index.extract.words import (ALL_STOPWORDS, CREDIT_WORDS, READER_WORDS, SERVICE_WORDS, STOPWORDS,
                                 stopword_language)

__all__ = ["FEATURES", "BASE", "line_features", "page_language"]

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
_BULLET = re.compile(r"^(?:[•·▪●◦‣∙■□➤►✓✔*–-]|\d{1,3}[.)])\s")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.I)
_COLON_LEAD = re.compile(r"^\W*(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*:\s+\S")   # "Read more: ...", "Foto: ..."
_QUOTE_START = re.compile(r"""^["'“‘„»«]""")


def page_language(lines: list[Line]) -> str | None:
    """The page's language by its function words (see :func:`index.extract.words.stopword_language`)."""
    words = [w.casefold() for ln in lines for w in WORD.findall(ln.text)[:60]]
    return stopword_language(words)


def _site_tokens(lines: list[Line]) -> set[str]:
    """Words likely to be the site's own name: capitalised words printed both in the first
    lines and in the last lines (banner and footer), or on a copyright line."""
    def caps(ln: Line) -> set[str]:
        return {w.casefold() for w in WORD.findall(ln.text) if len(w) > 2 and w[0].isupper()}
    head, tail = set(), set()
    for ln in lines[:5]:
        head |= caps(ln)
    for ln in lines[-15:]:
        if _COPYRIGHT.search(ln.text):
            head |= caps(ln)
            tail |= caps(ln)
        tail |= caps(ln)
    return (head & tail) - ALL_STOPWORDS


def _base(ln: Line, stops: frozenset[str], counts: Counter, site: set[str]) -> list[float]:
    t = ln.text
    words = WORD.findall(t)
    n = len(words)
    low = [w.casefold() for w in words]
    alpha = [w for w in words if w[0].isalpha()]
    na = max(len(alpha), 1)
    chars = max(len(t), 1)
    caps = sum(1 for w in alpha if w[0].isupper())
    service = sum(1 for w in low if w in SERVICE_WORDS)
    lead = float(bool(low) and (low[0] in SERVICE_WORDS or (len(low) > 1 and low[1] in SERVICE_WORDS and n <= 12)))
    return [
        math.log1p(n), float(n == 1), float(2 <= n <= 3), float(4 <= n <= 7), float(8 <= n <= 15),
        float(16 <= n <= 40), float(n > 40), math.log1p(len(t)),
        sum(1 for w in low if w in stops) / max(n, 1),
        sum(1 for w in low if w in ALL_STOPWORDS) / max(n, 1),
        float(bool(_END.search(t))), math.log1p(len(_SENT.findall(t))), t.count(",") / max(n, 1),
        caps / na, sum(1 for w in alpha if len(w) > 1 and w.isupper()) / na,
        float(n >= 3 and caps >= 0.8 * na),
        sum(c.isdigit() for c in t) / chars, len(_SYMBOLS.findall(t)) / chars, float("|" in t),
        service / max(n, 1), float(n > 0 and service == n),
        sum(1 for w in low if w in READER_WORDS) / max(n, 1),
        sum(1 for w in low if w in CREDIT_WORDS) / max(n, 1),
        float(bool(_LINKLIKE.search(t))), float(bool(_COPYRIGHT.search(t))),
        float(n <= 25 and bool(_DATE_LIKE.search(t))), float(bool(_BULLET.match(t))),
        float(t.endswith(":")), float(t.endswith(("...", "…"))), float(t[:1].islower()),
        float(bool(_QUOTE_START.match(t))),
        math.log(counts[ln.key]) if counts[ln.key] > 1 else 0.0,
        float(ln.gap_before), float(ln.gap_after), 0.0, 0.0, 0.0,
        float(bool(site) and any(w in site for w in low)),
        float(n <= 20 and bool(_COLON_LEAD.match(t))),
        lead,
        lead * float(not _END.search(t)),          # "See also Other story title": a link, not a sentence
    ] + [float(m in ln.flags) for m in _MARKERS]


def line_features(lines: list[Line], lang: str | None = None) -> list[list[float]]:
    """One row of :data:`FEATURES` per line."""
    if not lines:
        return []
    lang = lang or page_language(lines)
    stops = STOPWORDS.get(lang or "", ALL_STOPWORDS)
    counts = Counter(ln.key for ln in lines)
    site = _site_tokens(lines)
    rows = [_base(ln, stops, counts, site) for ln in lines]
    col = {name: k for k, name in enumerate(BASE)}
    iw, ist, ie, isv = col["words"], col["stop"], col["end_punct"], col["service"]
    # Blocks: how many lines, and how many of them are short.
    by_block: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_block.setdefault(ln.block, []).append(i)
    for members in by_block.values():
        short = sum(1 for i in members if lines[i].words <= 6) / len(members)
        for i in members:
            rows[i][col["block_lines"]] = math.log(len(members))
            rows[i][col["block_short"]] = short
    # Runs of consecutive short lines (menus, link lists, cards).
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].words <= 8:
            j += 1
        run = max(j - i, 1)
        for k in range(i, max(j, i + 1)):
            rows[k][col["short_run"]] = math.log(run)
        i = max(j, i + 1)
    # The page's main run of prose: the best-scoring stretch of (words x function-word density).
    n = len(lines)
    gain = [(ln.words * (0.5 + rows[i][ist]) if ln.words >= 10 else -2.0) for i, ln in enumerate(lines)]
    best, best_lo, best_hi, cur, lo = -1.0, 0, 0, 0.0, 0
    for i, g in enumerate(gain):
        if cur <= 0:
            cur, lo = 0.0, i
        cur += g
        if cur > best:
            best, best_lo, best_hi = cur, lo, i
    main_words = [lines[i].words for i in range(best_lo, best_hi + 1)]
    main_stop = sum(rows[i][ist] * lines[i].words for i in range(best_lo, best_hi + 1)) / max(sum(main_words), 1)
    med = sorted(main_words)[len(main_words) // 2] if main_words else 1
    out = []
    for i, r in enumerate(rows):
        p = rows[i - 1] if i else None
        q = rows[i + 1] if i + 1 < n else None
        p2 = rows[i - 2] if i >= 2 else None
        q2 = rows[i + 2] if i + 2 < n else None
        prev = [p[col[c]] for c in _NEIGHBOUR] if p else [0.0] * len(_NEIGHBOUR)
        nxt = [q[col[c]] for c in _NEIGHBOUR] if q else [0.0] * len(_NEIGHBOUR)
        ext = [p2[iw] if p2 else 0.0, p2[ist] if p2 else 0.0, q2[iw] if q2 else 0.0, q2[ist] if q2 else 0.0]
        win = rows[max(0, i - 3):i + 4]
        w = [sum(x[c] for x in win) / len(win) for c in (iw, ist, ie, isv)]
        dist = best_lo - i if i < best_lo else (i - best_hi if i > best_hi else 0)
        page = [i / n, (n - 1 - i) / n, math.log(n), float(i < best_lo), float(i > best_hi),
                math.log1p(dist), float(best_lo <= i <= best_hi), main_stop,
                math.log1p(lines[i].words) - math.log1p(med)]
        out.append(r + prev + nxt + ext + w + page + [1.0])
    return out
