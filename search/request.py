"""What a search can be asked, validated once: the one request object the CLI, the web and the
scripts hand the engine."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SORTS = ("relevance", "newest", "oldest")
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_PAGE = 1000


class BadRequest(ValueError):
    """A search parameter a client sent is not valid; the message says what is wrong."""


@dataclass
class SearchRequest:
    """Everything a search can be asked: the query and its options (one object, validated once)."""

    q: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "relevance"
    sources: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    group: bool = True
    spell: bool = True   # a query that finds little may be replaced by its correction (spell=0: as typed)

    def __post_init__(self):
        if self.sort not in SORTS:
            raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if not isinstance(self.page, int) or not 1 <= self.page <= MAX_PAGE:
            raise BadRequest(f"page must be a whole number from 1 to {MAX_PAGE}")
        if not isinstance(self.per_page, int) or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise BadRequest(f"per_page must be a whole number from 1 to {MAX_PER_PAGE}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadRequest("from must not be later than to")
        self.q = self.q or ""
        self.sources = [s for s in self.sources if s]


def parse_day(value: str | None, name: str) -> date | None:
    """A ``YYYY-MM-DD`` parameter as a date; :class:`BadRequest` naming the parameter otherwise.

    >>> parse_day("2024-05-01", "from")
    datetime.date(2024, 5, 1)
    """
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise BadRequest(f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None
