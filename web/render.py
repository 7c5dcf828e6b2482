"""What the templates need beyond Jinja's autoescaping: the only two places where HTML is made
outside a template (snippets and highlighted article text), link safety, dates, pagination.

Everything else that reaches a page — titles, outlets, bylines, bodies, URLs, the query — goes
through Jinja's autoescaping untouched.
"""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from markupsafe import Markup

from search import snippets

SAFE_SCHEMES = ("http", "https")


def safe_url(url) -> str | None:
    """``url`` when it may become a link (an absolute http(s) URL), else None.

    >>> safe_url("https://example.com/a"), safe_url("javascript:alert(1)"), safe_url(" JaVaScRiPt:x")
    ('https://example.com/a', None, None)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(c) < 0x20 or c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def url_host(url) -> str:
    """The host name of a safe URL ("www.example.com"), for link text; "" otherwise."""
    link = safe_url(url)
    return (urlsplit(link).hostname or "") if link else ""


def snippet_html(snippet) -> Markup:
    """A hit's snippet as markup. search.snippets.format_fragment escapes the article text and adds
    only ``<mark>``, so this is the one place a snippet is trusted as HTML."""
    return Markup(snippet or "")


def mark_terms(text: str, terms) -> Markup:
    """``text`` escaped, every word whose index term is in ``terms`` in ``<mark>``
    (:func:`search.snippets.mark_terms` escapes; this only declares the result markup)."""
    return Markup(snippets.mark_terms(text or "", set(terms or ())))


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs (separated by blank lines); single newlines inside one are spaces."""
    return [" ".join(p.split()) for p in (body or "").split("\n\n") if p.strip()]


def parse_iso(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def nice_date(value) -> str:
    """An ISO timestamp as "13 Jan 2024" (no-break spaces: a date never wraps); "" when absent."""
    d = parse_iso(value)
    return f"{d.day}\u00a0{d:%b}\u00a0{d.year}" if d else ""


def nice_month(value: str) -> str:
    """"2024-01" as "Jan 2024"."""
    try:
        return datetime.strptime(value, "%Y-%m").strftime("%b\u00a0%Y")
    except (TypeError, ValueError):
        return value or ""


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page links to show: the first, the last, and ``around`` either side of the current one;
    None marks a gap.

    >>> page_numbers(6, 20)
    [1, None, 4, 5, 6, 7, 8, None, 20]
    >>> page_numbers(1, 3)
    [1, 2, 3]
    """
    if pages <= 1:
        return [1] if pages == 1 else []
    keep = {1, pages} | set(range(max(1, page - around), min(pages, page + around) + 1))
    out: list[int | None] = []
    prev = 0
    for n in sorted(keep):
        if n - prev > 1:
            out.append(None if n - prev > 2 else n - 1)
        out.append(n)
        prev = n
    return out


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
