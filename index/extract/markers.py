"""Metadata markers of a line: what the outlet, date and byline finders look for.

``date`` (a line stating a full date and little else), ``byline`` ("By Jane Doe"), ``label``
(a bare meta label such as "Published:" or "By"), ``copyright``, ``credit`` (a photo credit
line), ``caption`` (a line carrying a credit, or sitting on top of a credit line), ``url``,
``bullet`` and ``utility`` (page service: a line made only of service, navigation and utility
words). These are facts about a line's form; whether it belongs to the article is the line
model's call (:mod:`index.extract.classify`).

>>> from index.extract.lines import split_lines
>>> lines = mark(split_lines("By Jane Doe\\nMarch 3, 2024\\n\\nPhoto: Jo Roe/AFP\\n\\n© 2024 The Gazette"))
>>> [sorted(ln.flags) for ln in lines]
[['byline'], ['date'], ['credit'], ['copyright']]
"""
from __future__ import annotations

import re

from index.dates import find_dates
from index.extract.lines import WORD, Line
from index.extract.words import (ALL_STOPWORDS, BYLINE_WORDS, COPYRIGHT_WORDS, CREDIT_OPENERS, CREDIT_WORDS,
                                 DATE_LABEL_WORDS, HEADLINE_PREFIXES, NAME_PARTICLES, NAV_WORDS, PICTURE_AGENCIES,
                                 RIGHTS_RESERVED, ROLE_WORDS, SERVICE_WORDS, UTILITY_WORDS, holds_phrase)

__all__ = ["META_CHROME", "mark", "copyright_mark", "byline_start", "is_nav", "looks_like_names", "chrome", "prose", "SENTENCE_END"]

META_CHROME = frozenset({"date", "byline", "label", "copyright", "credit", "caption", "url", "utility"})
_LABEL_WORDS = DATE_LABEL_WORDS | BYLINE_WORDS | {"author", "authors"}
SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*$""")
_URL = re.compile(r"^(?:https?://\S+|www\.\S+|(?:[\w-]+\.)+[a-z]{2,6}(?:/\S*)?)$", re.I)
_COPYRIGHT_SIGN = re.compile(r"©|\(c\)\s*\d{4}", re.I)
_BULLET = re.compile(r"^[•·▪●◦‣∙■□➤►✓✔]\s*")
_LEAD_WORDS = re.compile(r"^\W*([^\W\d_]+)(?:\s+([^\W\d_]+))?")
_OPENER = re.compile(r"^\(?\s*((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)\s*(?::|\.\.\.|\bby\b)", re.I)
_BYLINE_OPENER = re.compile(r"^\W*(?:([^\W\d_]+)\s+)?([Bb]y|[Vv]on|[Pp]ar|[Pp]or)(?=[\s:]|$)[\s:]*")
_BY_GLUED = re.compile(r"^By(?=[A-Z][a-z])")
_AGENCY_SLASH = re.compile(r"\b[A-Z]{2,}/[A-Z]|/\s?[A-Z][A-Za-z]{1,12}\)?\s*$|\(\s*[^()]*/[^()]*\)\s*$")
# A credit closing a line: "<credit word>: <who>" or "© <who>", with no sentence after it.
_TRAILING_LABEL = re.compile(r"(?:^|[\s(|\[])([^\W\d_]+)\s*:\s*[^:.!?©]{2,80}?[)\]]?\s*$")
_TRAILING_COPYRIGHT = re.compile(r"©\s*[^:.!?©]{2,80}$")


def byline_start(text: str) -> int | None:
    """Where the names start on a byline line ("By Jane Doe" -> 3, "Written by: X" -> 12), or None.

    >>> byline_start("By Jane Doe"), byline_start("Byzantine art")
    (3, None)
    """
    m = _BYLINE_OPENER.match(text)
    if m and (m.group(1) is None or m.group(1).casefold() in BYLINE_WORDS):
        return m.end()
    m = _BY_GLUED.match(text)                        # "ByJane Doe" (a run-together link)
    return m.end() if m else None


def is_nav(text: str) -> bool:
    """A line made only of navigation words ("Home", "News & Politics", "Log in")."""
    words = [w.casefold() for w in WORD.findall(text)]
    return bool(words) and all(w in NAV_WORDS or w in ("&", "and", "the", "of", "a") for w in words)


def looks_like_names(text: str) -> bool:
    """'Jane Doe', 'Jane Doe, John Roe', 'Jane Doe and John Roe': capitalised words only."""
    parts = [p for p in re.split(r"\s*(?:,|&|\band\b)\s*", text) if p]
    if not parts or len(parts) > 4:
        return False
    for p in parts:
        ws = p.split()
        if not 2 <= len(ws) <= 4:
            return False
        if not all(w[:1].isupper() or w.casefold() in NAME_PARTICLES for w in ws):
            return False
        if any(w.casefold().strip(".,") in ALL_STOPWORDS - NAME_PARTICLES or w.casefold() in NAV_WORDS
               or w.casefold() in ROLE_WORDS for w in ws):
            return False
    return True


def _utility(low: list[str]) -> bool:
    return bool(low) and len(low) <= 8 and all(w in SERVICE_WORDS or w in UTILITY_WORDS or w in NAV_WORDS
                                               for w in low)


def _credit_line(t: str) -> bool:
    m = _OPENER.match(t)
    first = m.group(1).split()[0].casefold() if m else ""
    return first in CREDIT_OPENERS and first not in HEADLINE_PREFIXES   # "VIDEO: ..." heads a story


def _trailing_credit(t: str) -> bool:
    """The line ends with a photo credit after what it says ("The dam at dawn. Photo: Jo Roe",
    "... (Bild: Keystone)", "... | © AFP / Jo Roe"): a caption, in any language whose credit
    words are listed (:data:`~index.extract.words.CREDIT_WORDS`)."""
    if ":" in t:
        m = _TRAILING_LABEL.search(t)
        if m and m.start(1) > 0 and m.group(1).casefold().rstrip("s") in CREDIT_WORDS:
            return True
    return "©" in t and (m := _TRAILING_COPYRIGHT.search(t)) is not None and m.start() > 0


def copyright_mark(ln: Line) -> bool:
    """A copyright sign ("©", "(c) 2024") or word (:data:`~index.extract.words.COPYRIGHT_WORDS`)
    in the line."""
    t = ln.text
    if "©" in t:
        return True
    if "(c)" in t.lower() and _COPYRIGHT_SIGN.search(t):
        return True
    return not COPYRIGHT_WORDS.isdisjoint(ln.low)


def _copyright_notice(ln: Line) -> bool:
    """A copyright mark or the notice's closing phrase ("All rights reserved") in the line."""
    return copyright_mark(ln) or holds_phrase(ln.low, RIGHTS_RESERVED)


def _date_label(t: str) -> bool:
    words = [w.casefold() for w in WORD.findall(t)[:4]]
    return any(w in DATE_LABEL_WORDS for w in words)


def mark(lines: list[Line]) -> list[Line]:
    """Fill ``flags`` and ``dates`` of every line."""
    for i, ln in enumerate(lines):
        t, n = ln.text, ln.words
        flags = ln.flags
        if _BULLET.match(t):
            flags.add("bullet")
        if " " not in t and _URL.match(t):                    # a bare address has no space
            flags.add("url")
        if n <= 45 and _copyright_notice(ln) and (re.search(r"\b(?:19|20)\d\d\b", t) or "reserved" in t.lower()
                                                    or t.startswith("©")):
            flags.add("copyright")
        if _utility(ln.low) or (n <= 3 and not re.search(r"[^\W\d_]", t)):
            flags.add("utility")
        if n <= 25 and _credit_line(t):
            flags.add("credit")
        elif n <= 70 and (("/" in t and _AGENCY_SLASH.search(t)) or holds_phrase(ln.low, PICTURE_AGENCIES)
                          or _trailing_credit(t)):
            flags.add("caption")
        start = byline_start(t)
        if n <= 14 and start is not None and (start >= len(t) or t[start:start + 1].isupper()):
            flags.add("byline" if start < len(t) else "label")
        ln.dates = find_dates(t) if n <= 40 and any(map(str.isdigit, t)) else []
        if ln.dates and not flags & {"caption", "credit"}:
            rest = n - sum(len(WORD.findall(t[d.start:d.end])) for d in ln.dates)
            if rest <= 10 or (n <= 25 and _date_label(t)):
                flags.add("date")
        if n <= 3 and t.rstrip(":").casefold() in _LABEL_WORDS:
            flags.add("label")
    for i in range(1, len(lines)):
        ln, up = lines[i], lines[i - 1]
        if "label" in up.flags and byline_start(up.text) is not None and ln.words <= 8 and looks_like_names(ln.text):
            ln.flags.add("byline")               # "By" on one line, the names on the next
        if (not up.gap_after and up.words <= 60 and "credit" in ln.flags and not up.flags & {"byline", "date"}
                and not SENTENCE_END.search(ln.text)):
            up.flags.add("caption")              # a caption sitting on its credit line
    return lines


def chrome(ln: Line) -> bool:
    """Whether a marker makes this line page furniture for the metadata finders."""
    return bool(ln.flags & META_CHROME)


def prose(ln: Line) -> bool:
    """A line of running text: long enough, a sentence, not furniture."""
    return ln.words >= 8 and not chrome(ln) and (SENTENCE_END.search(ln.text) is not None or ln.words >= 20)
