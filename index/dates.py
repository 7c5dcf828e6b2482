"""Finding and parsing publication dates in page text.

Readers hand us strings such as ``"2023-06-19 20:15"``, ``"June 19, 2023"``,
``"19 June 2023"``, ``"Thursday, November 9, 2023 4:41AM"``, ``"06/19/2023"``,
``"Posted: Nov 8, 2023 / 04:43 PM CST"``, ISO 8601 or RFC 2822. Every date returned is
timezone-aware: in the zone the text states (kept as stated, so ``.date()`` is the date the
page shows), else UTC. Nothing here guesses: a string without a day, month and year gives
None.

>>> parse_date("June 19, 2023").isoformat()
'2023-06-19T00:00:00+00:00'
>>> parse_date("Posted: Nov 8, 2023 / 04:43 PM CST").isoformat()
'2023-11-08T16:43:00-06:00'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Iterable

from .spellings import locale_cues

try:  # named zones for "ET"/"PT" style abbreviations (daylight saving aware)
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover - Python < 3.9
    ZoneInfo = None  # type: ignore[assignment]

__all__ = ["DateMatch", "find_date", "find_dates", "guess_day_first", "locale_day_first", "nearest",
           "parse_date"]

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}

_FIXED_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120,
    "EEST": 180, "MSK": 180, "IST": 330, "SGT": 480, "HKT": 480, "JST": 540, "KST": 540,
    "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "AST": -240,
}
_NAMED_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                "PT": "America/Los_Angeles"}

_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Time after a date: "4:41AM", ", 7:57 AM", "at 5:55 AM", "@ 4:48 pm", "| 9:25pm", "3:18 p.m.", "4 PM".
_TIME = (r"(?:(?:\s*(?:,|at|@|\||•|·|-|–|—|/|T))*\s*"
         r"(?P<hour>[0-2]?\d)(?:[:.](?P<min>[0-5]\d))?(?::(?P<sec>[0-5]\d))?(?:\.\d+)?"
         r"\s*(?P<ampm>[ap]\.?\s?m(?-i:(?![a-z]))\.?)?(?(min)|(?(ampm)|(?!)))"  # needs minutes or am/pm
         r"(?:\s*\(?(?P<tz>(?-i:(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d\d)?)?|Z\b|[+-]\d\d:?\d\d"
         r"|[A-Z]{2,4}T|ET|CT|MT|PT))\b\)?)?)?")
_ZONE_ONLY = r"(?:\s*\(?(?P<tz2>(?-i:UTC|GMT|[A-Z]{2,4}T|ET|PT))\b\)?)?"

_PATTERNS = [
    # ISO 8601 and friends: 2023-06-19, 2023-06-19 20:15, 2023-06-19T20:15:00Z, 2023/06/19
    ("iso", re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)[-/.](?P<mon>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d/])"
                       + _TIME + _ZONE_ONLY, re.I)),
    # June 19, 2023 · Jun 18th 2018 · Jan. 28, 2020, at 5:55 AM · November 8 2023, 3:18 p.m.
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?:\s*,)?\s+(?:at\s+)?" + _YEAR + r"\b"
                       + _TIME + _ZONE_ONLY, re.I)),
    # 19 June 2023 · 28 Apr, 2020 · Tue 28 Apr 2020 08:11 CET · 17 April 2012 • 2:54pm
    ("dmy", re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:\s*,)?\s+" + _YEAR + r"\b"
                       + _TIME + _ZONE_ONLY, re.I)),
    # 06/19/2023 · 02/10/2020 · 11/08/23 5:19pm · 12/30/2019 05:03 AM EST
    ("num", re.compile(r"(?<![\d/.:-])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)?\d\d)"
                       r"(?![\d/.]\d)" + _TIME + _ZONE_ONLY, re.I)),
]

# "19 June" (no year) and "June 19" forms, for telling a page's day/month convention.
_DAY_MONTH = re.compile(r"\b[0-3]?\d(?:st|nd|rd|th)?\s+" + _MONTH.replace("?P<mon>", "?:") + r"\b", re.I)
_MONTH_DAY = re.compile(r"\b" + _MONTH.replace("?P<mon>", "?:") + r"\s+[0-3]?\d(?:st|nd|rd|th)?\b(?!\s*[:.]\d)", re.I)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string: the value, where it was found, and whether it was ambiguous."""

    value: datetime
    start: int
    end: int
    ambiguous: bool = False          # numeric day/month that could be read either way
    alternative: datetime | None = None


def _zone(name: str | None) -> tzinfo:
    """The tzinfo for a stated zone ("CST", "UTC+2", "-05:00", "ET"); UTC when none is stated."""
    if not name:
        return timezone.utc
    name = name.strip().strip("()")
    up = name.upper()
    if up in _NAMED_ZONES and ZoneInfo is not None:
        try:
            return ZoneInfo(_NAMED_ZONES[up])
        except Exception:  # pragma: no cover - tz database missing
            pass
    if up in _FIXED_ZONES:
        minutes = _FIXED_ZONES[up]
        return timezone.utc if minutes == 0 else timezone(timedelta(minutes=minutes), up)
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d\d)?", up)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        minutes = -minutes if m.group(1) == "-" else minutes
        return timezone.utc if minutes == 0 else timezone(timedelta(minutes=minutes))
    return timezone.utc


def _build(year: int, month: int, day: int, m: re.Match) -> datetime | None:
    """A datetime from matched parts (time and zone optional), or None if not a real date."""
    gd = m.groupdict()
    hour = minute = second = 0
    if gd.get("hour") is not None:
        hour, minute, second = int(gd["hour"]), int(gd.get("min") or 0), int(gd.get("sec") or 0)
        ampm = (gd.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23:
            return None
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not 1900 <= year <= 2100:
        return None
    try:
        return datetime(year, month, day, hour, minute, second,
                        tzinfo=_zone(gd.get("tz") or gd.get("tz2")))
    except ValueError:
        return None


def find_dates(text: str, day_first: bool | None = None) -> list[DateMatch]:
    """Every full date (day, month and year) stated in ``text``, in order of position.

    ``day_first`` says how to read numeric dates like 02/10/2020 whose day and month are both
    at most 12 (None: month first, the common reading, and the match is flagged ambiguous).

    >>> [d.value.date().isoformat() for d in find_dates("Posted on April 29, 2022 by Staff")]
    ['2022-04-29']
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            ambiguous, alt = False, None
            if kind == "iso":
                value = _build(int(m["year"]), int(m["mon"]), int(m["day"]), m)
            elif kind in ("mdy", "dmy"):
                value = _build(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]), m)
            else:
                a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
                if a > 12 >= b:
                    value = _build(year, b, a, m)
                elif b > 12 >= a:
                    value = _build(year, a, b, m)
                else:
                    md, dm = _build(year, a, b, m), _build(year, b, a, m)
                    value, alt = (dm, md) if day_first else (md, dm)
                    ambiguous = a != b and day_first is None
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMatch(value, m.start(), m.end(), ambiguous, alt))
    found.sort(key=lambda d: d.start)
    return found


def parse_date(s: str, day_first: bool | None = None) -> datetime | None:
    """Parse one date string (ISO 8601, RFC 2822, or the forms news pages print) to an aware
    datetime; None when ``s`` states no full date.

    >>> parse_date("2023-06-19 20:15").isoformat()
    '2023-06-19T20:15:00+00:00'
    >>> parse_date("Thursday, November 9, 2023 4:41AM").isoformat()
    '2023-11-09T04:41:00+00:00'
    >>> parse_date("Mon, 19 Jun 2023 20:15:00 +0200").isoformat()
    '2023-06-19T20:15:00+02:00'
    >>> parse_date("no date here") is None
    True
    """
    if not s or not s.strip():
        return None
    s = s.strip()
    try:
        value = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    except ValueError:
        pass
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d\d:\d\d", s):
        try:
            value = parsedate_to_datetime(s)
            return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        except (TypeError, ValueError):
            pass
    found = find_dates(s, day_first)
    return found[0].value if found else None


def find_date(text_lines: Iterable[str], day_first: bool | None = None) -> datetime | None:
    """The first full date stated in a sequence of lines (e.g. the lines around a headline).

    >>> find_date(["By Jane Doe", "19 June 2023"]).date().isoformat()
    '2023-06-19'
    """
    for line in text_lines:
        found = find_dates(line, day_first)
        if found:
            return found[0].value
    return None


# Numeric dates only one reading fits: 25/12/2023 is day first, 12/25/2023 month first.
_NUMERIC = re.compile(r"(?<![\d/.:-])([0-3]?\d)([/.])([0-3]?\d)\2(?:19|20)?\d\d(?![\d/.]\d)")


def locale_day_first(text: str) -> bool | None:
    """Whether the page's locale writes dates day first, judged by its spellings, time zones and
    currency (:func:`index.spellings.locale_cues`): True or False on a clear majority of at least
    two cues, else None.

    >>> locale_day_first("The town centre car park is 250 square metres; the councillors met at 7pm BST.")
    True
    >>> locale_day_first("The convention center was organized by the neighborhood council, 7 p.m. EST.")
    False
    """
    day, month = locale_cues(text)
    if day >= 2 and day >= 2 * month:
        return True
    if month >= 2 and month >= 2 * day:
        return False
    return None


def guess_day_first(text: str) -> bool | None:
    """Whether a page writes dates day first (19/06, "19 June") rather than month first: True,
    False, or None when it gives no sign either way.

    The evidence, strongest first: the page's other numeric dates that can be read only one
    way (25/12/2023), then its written dates ("19 June" against "June 19"), then its locale
    (:func:`locale_day_first`: British or American spellings, time zones, the pound or euro).
    """
    dm = md = 0
    for m in _NUMERIC.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        dm += a > 12 >= b
        md += b > 12 >= a
    if dm != md:
        return dm > md
    dm = len(_DAY_MONTH.findall(text))
    md = len(_MONTH_DAY.findall(text))
    if dm != md:
        return dm > md
    return locale_day_first(text)


def nearest(candidates: Iterable[datetime], anchors: Iterable[date]) -> datetime | None:
    """The candidate closest in time to any anchor date (used to settle 02/10 vs 10/02)."""
    anchors = list(anchors)
    best, best_gap = None, None
    for c in candidates:
        gap = min((abs((c.date() - a).days) for a in anchors), default=None)
        if gap is not None and (best_gap is None or gap < best_gap):
            best, best_gap = c, gap
    return best
