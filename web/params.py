"""Reading a search's query-string parameters: one function for every endpoint that searches
(``/search``, ``/api/search``, ``/feed``, ``/export``), so they accept the same parameters and
reject bad ones with the same messages.

    q         the query (query language: see search/query.py)
    page      1..MAX_PAGE                   per_page  1..MAX_PER_PAGE
    sort      relevance | newest | oldest   source    an outlet; repeat to allow several
    from, to  YYYY-MM-DD, both inclusive    group     1/0 (one hit per story, or every copy)
    spell     1/0 (0: never replace a query that finds little by its correction)

An empty value means "not given" (an HTML form sends ``from=`` when the box is empty).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from search.engine import (DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, SORTS, BadRequest,
                           SearchRequest, parse_day)

MAX_Q_CHARS = 2000          # the engine reads the first 1,000; longer than this is refused
MAX_SOURCES = 50
MAX_SOURCE_CHARS = 200
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
PARAMS = ("q", "page", "per_page", "sort", "source", "from", "to", "group", "spell")


def _one(args, name: str) -> str | None:
    """The first value of a parameter, stripped; None when absent or empty."""
    value = args.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _whole(args, name: str, default: int, top: int) -> int:
    raw = _one(args, name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or not 1 <= int(raw) <= top:
        raise BadRequest(f"{name} must be a whole number from 1 to {top}, not {_show(raw)}")
    return int(raw)


def _show(raw: str) -> str:
    """A client's value quoted for an error message, cut short when long."""
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")


@dataclass
class SearchParams(SearchRequest):
    """A validated search request that can also turn itself back into a query string."""

    def request(self, **changes) -> SearchRequest:
        """The engine's request, with ``changes`` applied (validated again)."""
        return dataclasses.replace(self, **changes)

    def args(self, **changes) -> dict:
        """Query-string arguments (defaults left out) with ``changes`` applied; a change to
        anything but the page goes back to page 1. Use ``source=[...]``, ``date_from=``..."""
        values = dataclasses.asdict(self)
        if changes and "page" not in changes:
            values["page"] = 1
        values.update(changes)
        out: dict = {}
        if values["q"]:
            out["q"] = values["q"]
        if values["sources"]:
            out["source"] = list(values["sources"])
        if values["date_from"]:
            out["from"] = values["date_from"].isoformat()
        if values["date_to"]:
            out["to"] = values["date_to"].isoformat()
        if values["sort"] != "relevance":
            out["sort"] = values["sort"]
        if values["per_page"] != DEFAULT_PER_PAGE:
            out["per_page"] = values["per_page"]
        if not values["group"]:
            out["group"] = 0
        if not values["spell"]:
            out["spell"] = 0
        if values["page"] != 1:
            out["page"] = values["page"]
        return out

    @property
    def filtered(self) -> bool:
        return bool(self.sources or self.date_from or self.date_to)


def parse_search_params(args) -> SearchParams:
    """Validate a request's arguments (a MultiDict); :class:`BadRequest` says what is wrong."""
    q = args.get("q") or ""
    if len(q) > MAX_Q_CHARS:
        raise BadRequest(f"q is too long: at most {MAX_Q_CHARS} characters, not {len(q)}")
    page = _whole(args, "page", 1, MAX_PAGE)
    per_page = _whole(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    sort = _one(args, "sort") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {_show(sort)}")
    sources = []
    for s in args.getlist("source"):
        s = " ".join(s.split())
        if not s or s in sources:
            continue
        if len(s) > MAX_SOURCE_CHARS:
            raise BadRequest(f"source must be an outlet's name of at most {MAX_SOURCE_CHARS} characters")
        sources.append(s)
    if len(sources) > MAX_SOURCES:
        raise BadRequest(f"at most {MAX_SOURCES} source filters, not {len(sources)}")
    date_from = parse_day(_one(args, "from"), "from")
    date_to = parse_day(_one(args, "to"), "to")
    flags = {}
    for name in ("group", "spell"):
        raw = (_one(args, name) or "1").lower()
        if raw not in _TRUE | _FALSE:
            raise BadRequest(f"{name} must be 1 or 0, not {_show(raw)}")
        flags[name] = raw in _TRUE
    params = SearchParams(q=q, page=page, per_page=per_page, sort=sort, sources=sources,
                          date_from=date_from, date_to=date_to, **flags)
    return params
