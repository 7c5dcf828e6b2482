"""Coverage over time: the search object's ``timeline`` drawn as an SVG bar chart on the server.

One bar per period (day, month or year), its height the matching articles of that period, each
bar a link that narrows the search to its period (the ``from``/``to`` filters). The chart is a
``viewBox`` that scales to any width (a phone's too); colours come from the stylesheet (no inline
style, so the strict Content-Security-Policy holds), and a text summary rides in the SVG's
``<title>``/``<desc>`` for screen readers.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

WIDTH = 600
HEIGHT = 120
AXIS = 18          # room for the labels under the bars
MIN_BAR_HEIGHT = 2  # a period with articles is never invisible
MAX_BAR_WIDTH = 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    date_from: date
    date_to: date


def period_range(unit: str, period: str) -> tuple[date, date]:
    """The first and last day of a period.

    >>> period_range("month", "2024-02"), period_range("year", "2023")[1], period_range("day", "2024-05-03")[0]
    ((datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)), datetime.date(2023, 12, 31), datetime.date(2024, 5, 3))
    """
    if unit == "day":
        d = date.fromisoformat(period)
        return d, d
    if unit == "year":
        y = int(period)
        return date(y, 1, 1), date(y, 12, 31)
    y, m = int(period[:4]), int(period[5:7])
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def label(unit: str, period: str) -> str:
    """How a period reads under its bar and in its link's name.

    >>> label("month", "2024-02"), label("day", "2024-05-03"), label("year", "2023")
    ('Feb 2024', '3 May 2024', '2023')
    """
    start, _ = period_range(unit, period)
    if unit == "day":
        return f"{start.day} {start:%b} {start.year}"
    if unit == "month":
        return f"{start:%b} {start.year}"
    return period


def bars(timeline: dict) -> list[Bar]:
    """The chart's bars for a search object's ``timeline`` ({"unit", "counts": [{"period", "count"}]})."""
    counts = timeline.get("counts") or []
    if not counts:
        return []
    unit = timeline.get("unit", "month")
    top = max(c["count"] for c in counts) or 1
    step = WIDTH / len(counts)
    width = min(step - min(2.0, step * 0.2), MAX_BAR_WIDTH)  # a few periods: slim bars, not blocks
    out = []
    for i, c in enumerate(counts):
        h = 0.0 if not c["count"] else max(MIN_BAR_HEIGHT, (HEIGHT - AXIS) * c["count"] / top)
        start, end = period_range(unit, c["period"])
        out.append(Bar(round(i * step + (step - width) / 2, 2), round(HEIGHT - AXIS - h, 2), round(width, 2),
                       round(h, 2), c["count"], label(unit, c["period"]), start, end))
    return out


def tick_labels(timeline: dict) -> list[str]:
    """The labels under the chart: the first period, the middle one and the last (spread evenly
    by the stylesheet, so no inline position is needed).

    >>> tick_labels({"unit": "year", "counts": [{"period": str(y), "count": 1} for y in range(2001, 2006)]})
    ['2001', '2003', '2005']
    """
    counts = timeline.get("counts") or []
    unit = timeline.get("unit", "month")
    if len(counts) < 2:
        return []
    picks = [0, len(counts) // 2, len(counts) - 1] if len(counts) > 2 else [0, 1]
    return [label(unit, counts[i]["period"]) for i in picks]
