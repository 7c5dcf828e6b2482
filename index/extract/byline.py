"""The byline: the authors printed near the headline.

From a "By ..." line (or "By" on one line and the names on the next) between just above the
headline and the start of the body, else a line of names only right beside the date line or
over an author box ("Jane Doe" / "Jane Doe is a ..."). Names end at separators, dates, roles.

>>> names_from("Jane Doe and John Roe | March 3, 2024")
'Jane Doe and John Roe'
>>> names_from("JANE DOE, Staff Writer")
'Jane Doe'
"""
from __future__ import annotations

import re

from index.extract.lines import Line
from index.extract.markers import byline_start, looks_like_names, prose
from index.extract.words import NAV_WORDS, PUBLISHED_WORDS, ROLE_WORDS, UPDATED_WORDS

__all__ = ["find_byline", "names_from", "meta_window", "about_author"]

_SEPARATOR = re.compile(r"\s*(?:[|•·@]|\s[-–—]\s|\d)")
_MONTH_WORD = re.compile(r"\b[A-Z][a-z]{2,8}\.?\s+\d")


def _cut(text: str) -> str:
    """The text up to the first separator, digit, date, role word or "on"/"updated" word."""
    m = _MONTH_WORD.search(text)
    if m:
        text = text[:m.start()]
    m = _SEPARATOR.search(text)
    if m:
        text = text[:m.start()]
    words, out = text.split(" "), []
    for w in words:
        low = w.casefold().strip(",.:")
        if low in ("on",) or low in PUBLISHED_WORDS or low in UPDATED_WORDS:
            break
        if low in ROLE_WORDS and out and out[-1].endswith(","):
            out[-1] = out[-1].rstrip(",")
            break
        if low in ROLE_WORDS:
            break
        out.append(w)
    return " ".join(out)


def names_from(text: str) -> str | None:
    """The author names at the start of ``text`` (after "By"), or None."""
    names = _cut(text).strip()
    names = re.sub(r"\s+in\s+[A-Z][\w.'’ -]*$", "", names)          # "... in Paris"
    parts = [p.strip() for p in names.split(",")]
    parts = [p for p in parts if p and not re.search(r"\w\.\w", p)
             and not (ROLE_WORDS | NAV_WORDS) & {w.casefold() for w in p.split()}]
    names = ", ".join(parts).strip(" ,-–—:")
    if not re.search(r"\b(?:Jr|Sr|[A-Z])\.$", names):
        names = names.rstrip(".")
    ws = names.split()
    if not 1 <= len(ws) <= 10 or len(names) > 80 or not ws[0][:1].isupper():
        return None
    if names.isupper() and len(names) > 4:
        names = names.title()
    return names


def about_author(text: str, authors: list[str]) -> bool:
    """Whether a paragraph opens by describing one of the authors ("Jane Doe is a ...")."""
    return any(re.match(re.escape(x) + r"\s+(?:is|was|has|writes|covers|joined|reports)\b", text, re.I)
               for x in authors)


def meta_window(lines: list[Line], headline: int | None, start: int) -> tuple[int, int]:
    """The lines where a story's date and byline are printed: from just above the headline
    until the body is clearly under way (its second prose line), at most 40 lines on."""
    if headline is None:
        return max(0, start - 8), start
    lo, hi, seen = max(0, headline - 4), headline + 1, 0
    while hi < min(len(lines), headline + 40) and seen < 2:
        seen += prose(lines[hi]) and lines[hi].words >= 12
        hi += 1
    return lo, hi


def find_byline(lines: list[Line], headline: int | None, start: int) -> str | None:
    """Authors from a "By ..." line near the headline (or a names-only line beside the date)."""
    if headline is None:
        return None
    lo, hi = meta_window(lines, headline, start)
    lo = max(lo, headline - 3)
    for i in range(lo, hi):
        t = lines[i].text
        k = byline_start(t)
        if k is not None and lines[i].words <= 14:
            rest = t[k:]
            if not rest.strip() and i + 1 < len(lines):     # "By" on its own line
                rest = lines[i + 1].text
            names = names_from(rest)
            if names:
                return names
        if "date" in lines[i].flags:
            m = re.search(r"\b(?i:by)\s+(?=[A-Z])", t)
            if m:
                names = names_from(t[m.end():])
                if names:
                    return names
    for i in range(headline + 1, hi):  # "Jane Doe" right beside the date line
        ln = lines[i]
        if ln.flags or prose(ln) or not looks_like_names(ln.text):
            continue
        if any(lines[k].key == ln.key for k in (i - 1, i + 1) if 0 <= k < len(lines)):
            continue  # a section label printed twice
        if any("date" in lines[k].flags for k in (i - 1, i + 1) if 0 <= k < len(lines)):
            return ln.text
        if i + 1 < len(lines) and about_author(lines[i + 1].text, [ln.text]):
            return ln.text
    return None
