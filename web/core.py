"""The dicts behind the pages. Each HTML page and its JSON twin are built from the same function
here, so they cannot drift apart (DESIGN.md, "Examples worth following" 6)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from flask import current_app

from search.engine import SearchEngine, SearchRequest

from .params import SearchParams

DEFAULT_EXAMPLES = (
    "export controls",
    "Taiwan election",
    '"rare earths"',
    "chips OR semiconductors",
    "tariffs -soybeans",
    "economy growth",
    "election",
    "title:film",
    "broadband",
)
MAX_EXAMPLES = 5
HOME_CACHE_SECONDS = 30


@dataclass
class NewsdeskState:
    """What one application keeps between requests: the engine, and a short-lived cache of
    the home page's numbers (counting every article on each visit would be wasteful)."""

    engine: SearchEngine
    examples: tuple[str, ...] = DEFAULT_EXAMPLES
    _home: tuple[float, dict] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)


def state() -> NewsdeskState:
    return current_app.extensions["newsdesk"]


def engine() -> SearchEngine:
    return state().engine


def search_payload(params: SearchParams) -> dict:
    """The API's search object (DESIGN.md "HTTP") for these parameters."""
    return engine().search(params.request())


def article_payload(article_id: str, q: str | None = None) -> dict | None:
    """The article with its copies and similar coverage; None when the id is unknown."""
    if not article_id or len(article_id) > 200:
        return None
    return engine().article(article_id, q=q or None)


def home_payload() -> dict:
    """The index's size, date range and outlets, and example queries that find something."""
    st = state()
    now = time.monotonic()
    count = st.engine.count()  # cheap; a rebuild that changes the size refreshes the numbers at once
    cached = st._home
    if cached and now - cached[0] < HOME_CACHE_SECONDS and cached[1]["articles"] == count:
        return cached[1]
    with st._lock:
        eng = st.engine
        stats = eng.stats()
        examples = []
        for q in st.examples:
            if len(examples) >= MAX_EXAMPLES:
                break
            if eng.search(SearchRequest(q=q, per_page=1))["total"]:
                examples.append(q)
        payload = dict(stats, examples=examples)
        st._home = (now, payload)
    return payload
