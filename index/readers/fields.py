"""Raw values from a source (a JSON field, a feed's date, an HTTP header) made into article
fields, or refused with a reason: a bad value costs only that value.

>>> parse_datetime("2024-09-12T08:30:00+02:00").isoformat()
'2024-09-12T08:30:00+02:00'
>>> parse_datetime("Thu, 12 Sep 2024 08:30:00 GMT").isoformat()
'2024-09-12T08:30:00+00:00'
>>> parse_datetime(1726122600).isoformat()
'2024-09-12T06:30:00+00:00'
>>> [parse_datetime(v) for v in ("9999-12-31T23:59:59-14:00", 1e300, float("nan"), True, [2024])]
[None, None, None, None, None]
>>> date_problem(True)
'true is not a date'
"""
from __future__ import annotations

import math
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# Publication dates outside these years are not publication dates (the first printed
# newspapers are from the 1600s); they are also what keeps every date convertible to UTC.
EARLIEST_YEAR, LATEST_YEAR = 1600, 2199
# A number this large is a timestamp in milliseconds (1e11 seconds is the year 5138).
_MILLISECONDS = 1e11
_MAX_DATE_TEXT = 200


def parse_datetime(value) -> datetime | None:
    """A stated date as a timezone-aware datetime (UTC when no zone is given), else None.
    Accepts ISO 8601, RFC 2822, the written forms :mod:`index.dates` knows, and Unix
    timestamps (seconds or milliseconds). Never raises."""
    dt, _ = read_datetime(value)
    return dt


def date_problem(value) -> str | None:
    """Why ``value`` is not a usable date (None when it is one, or is absent)."""
    return read_datetime(value)[1]


def read_datetime(value) -> tuple[datetime | None, str | None]:
    """``(date, None)`` for a good date, ``(None, reason)`` for a bad one, ``(None, None)``
    when there is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"{str(value).lower()} is not a date"
    if isinstance(value, (int, float)):
        return _from_timestamp(value)
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        dt = _from_text(value.strip())
        if dt is None:
            return None, f"unreadable date {short_repr(value)}"
    else:
        return None, f"{type(value).__name__} {short_repr(value)} is not a date"
    return plausible(dt)


def plausible(dt: datetime) -> tuple[datetime | None, str | None]:
    """The date made timezone-aware (UTC when naive), or None with the reason when it is
    outside the years news can have, or cannot be converted to UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    if not EARLIEST_YEAR <= dt.year <= LATEST_YEAR:
        return None, f"date {dt.isoformat()} is out of range ({EARLIEST_YEAR}-{LATEST_YEAR})"
    try:
        utc = dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None, f"date {dt.isoformat()} cannot be converted to UTC"
    if not EARLIEST_YEAR <= utc.year <= LATEST_YEAR:
        return None, f"date {dt.isoformat()} is out of range ({EARLIEST_YEAR}-{LATEST_YEAR})"
    return dt, None


def _from_timestamp(value: float) -> tuple[datetime | None, str | None]:
    try:
        value = float(value)
    except OverflowError:  # an integer beyond any float
        return None, f"timestamp {short_repr(value)} is out of range"
    if not math.isfinite(value):
        return None, f"{value!r} is not a date"
    seconds = value / 1000 if abs(value) >= _MILLISECONDS else value
    try:
        dt = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None, f"timestamp {short_repr(value)} is out of range"
    return plausible(dt)


def _from_text(text: str) -> datetime | None:
    if len(text) > _MAX_DATE_TEXT:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        from ..dates import parse_date

        return parse_date(text)
    except (ValueError, OverflowError):
        return None


def short_repr(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters (a note names a value, it does not copy it).

    >>> short_repr("x" * 100, 10)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_field(value) -> tuple[str | None, str | None]:
    """A text field (outlet, byline, URL) from a raw value: a string, a number, a list of
    strings (joined with commas), or an object with a ``name`` (as many exports give an outlet
    or author). Returns ``(text or None, problem or None)``.

    >>> text_field(["Ana Ruiz", "Li Wei"])
    ('Ana Ruiz, Li Wei', None)
    >>> text_field({"id": "reuters", "name": "Reuters"})
    ('Reuters', None)
    >>> text_field({"x": 1})
    (None, "dict {'x': 1} is not text")
    """
    if value is None or isinstance(value, bool):
        return None, None if value is None else f"{short_repr(value)} is not text"
    if isinstance(value, str):
        return (value if value.strip() else None), None
    if isinstance(value, (int, float)):
        return (str(value) if math.isfinite(value) else None), None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return text_field(value["name"])
    if isinstance(value, list) and all(isinstance(v, (str, dict)) for v in value):
        parts = [text_field(v)[0] for v in value]
        joined = ", ".join(p for p in parts if p)
        return (joined or None), None
    return None, f"{type(value).__name__} {short_repr(value)} is not text"
