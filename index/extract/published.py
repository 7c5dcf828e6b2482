"""The publication date: stated near the headline, preferring "Published" over "Updated".

Only lines marked ``date`` (a full date and little else, not a caption) between a few lines
above the headline and the start of the body count; failing those, a date in the story's
dateline ("SOUTHPORT, England, June 5, 2023 -- ...") or a closing "This article was published on
DATE." sentence. An ambiguous numeric date (02/10/2020) is read by the page's other dates, else
by its locale (:func:`index.dates.guess_day_first`).

>>> from index.extract.lines import split_lines
>>> from index.extract.markers import mark
>>> lines = mark(split_lines("Headline here\\n\\nUpdated: May 2, 2024\\nPublished: May 1, 2024\\n\\nBody."))
>>> find_published(lines, 0, 3, "").date().isoformat()
'2024-05-01'
"""
from __future__ import annotations

import re
from datetime import datetime
from itertools import islice

from index.dates import DateMatch, find_dates, guess_day_first, nearest
from index.extract.byline import meta_window
from index.extract.lines import WORD, Line
from index.extract.markers import prose
from index.extract.words import DATE_LABEL_WORDS, PIECE_WORDS, PUBLISHED_WORDS, UPDATED_WORDS

__all__ = ["find_published", "dateline_date", "footer_published"]

_DATELINE_PREFIX = re.compile(r"^(?P<prefix>[A-Z][A-Z .'’-]{1,40}(?:,[^—–()]{2,60}?)?)(?:\s*\([^)]{1,30}\)|\s*/[^/]{1,30}/)?"
                              r"\s*(?:--|—|–|-)\s")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def dateline_date(paragraph: str) -> DateMatch | None:
    """A full date stated in a story's dateline ("SOUTHPORT, England, June 5, 2023 /X/ -- ...")."""
    m = _DATELINE_PREFIX.match(paragraph)
    if not m:
        return None
    found = find_dates(m.group("prefix"))
    return found[0] if found else None


def footer_published(lines: list[Line], start: int) -> DateMatch | None:
    """The date of a sentence "This article|story|... was published (on) DATE." printed after the
    story starts, when the rest of the sentence is only that date (a "first" or "originally"
    published date, or a sentence going on past the date, does not date the version shown)."""
    for ln in lines[start:]:
        if ln.words > 16:
            continue
        w = _words(ln.text)
        if len(w) < 4 or w[0] != "this" or w[1] not in PIECE_WORDS or w[2] != "was" or w[3] != "published":
            continue
        rest = re.split(r"\bpublished\b", ln.text, maxsplit=1, flags=re.I)[1]
        rest = re.sub(r"^\s*on\s+", "", rest, flags=re.I).strip()
        found = find_dates(rest)
        if len(found) == 1 and found[0].start == 0 and not rest[found[0].end:].strip(" .,"):
            return found[0]
    return None


def _labelled(text: str) -> bool:
    return any(w in DATE_LABEL_WORDS for w in _words(text)[:4])


def _updated(text: str) -> bool:
    w = set(_words(text))
    return bool(w & UPDATED_WORDS) and not w & PUBLISHED_WORDS


def _labelled_date(ln: Line) -> DateMatch:
    """Of several dates on one line, the one introduced as the publication date, else the first
    one not introduced as an update."""
    if len(ln.dates) == 1:
        return ln.dates[0]
    prev_end, best = 0, None
    for d in ln.dates:
        before = set(_words(ln.text[prev_end:d.start]))
        if before & PUBLISHED_WORDS:
            return d
        if best is None and not before & UPDATED_WORDS:
            best = d
        prev_end = d.end
    return best or ln.dates[0]


def _settle_ambiguous(found: DateMatch, lines: list[Line], page_text: str) -> datetime:
    """Read 02/10/2020 as 2 Oct or 10 Feb: the reading nearest the other dates the page states
    in full, else the page's own day/month order, else month first."""
    anchors = [d.value.date() for ln in lines for d in ln.dates if not d.ambiguous]
    anchors += [d.value.date() for d in find_dates(page_text) if not d.ambiguous]
    if anchors:
        pick = nearest([found.value, found.alternative], anchors)
        if pick is not None:
            return pick
    if guess_day_first(page_text):
        return found.alternative or found.value
    return found.value


def find_published(lines: list[Line], headline: int | None, start: int, page_text: str) -> datetime | None:
    """The publication date stated near the headline, or None."""
    lo, hi = meta_window(lines, headline, start)
    candidates = []
    for i in range(lo, hi):
        ln = lines[i]
        if "date" not in ln.flags:
            continue
        rank = 2 if _updated(ln.text) else (0 if _labelled(ln.text) else 1)
        candidates.append(((rank, abs(i - (headline if headline is not None else start))), ln))
    if not candidates:
        # The dateline opens the story's first paragraph, which may come under a deck or a
        # short lead taken for article text: the first of the opening prose lines that has one.
        opening = islice((ln for ln in lines[start:] if prose(ln)), 3)
        found = next(filter(None, map(dateline_date, (ln.text for ln in opening))), None)
        if found is None or found.ambiguous:
            found = footer_published(lines, start)
        return found.value if found is not None and not found.ambiguous else None
    candidates.sort(key=lambda c: c[0])
    found = _labelled_date(candidates[0][1])
    if found.ambiguous:
        return _settle_ambiguous(found, lines, page_text)
    return found.value
