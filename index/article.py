"""The article record: every source becomes one of these before it is indexed."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit


@dataclass
class Article:
    """One news article, as the indexer stores it.

    ``published`` is timezone-aware when known, else None (never the indexing time).
    ``origin`` says where it was read from: a path, plus ``#N`` for the Nth record of a
    multi-record file (a JSONL line, a feed entry, a WARC record).
    """

    title: str
    body: str
    source: str | None = None
    published: datetime | None = None
    byline: str | None = None
    url: str | None = None
    origin: str = ""
    id: str = ""
    cluster: str | None = None
    notes: list[str] = field(default_factory=list, compare=False, repr=False)

    def content_hash(self) -> str:
        """Hash of everything that would change what the index shows for this article."""
        h = hashlib.sha1()
        for part in (self.title, self.body, self.source or "", self.byline or "", self.url or "",
                     self.published.isoformat() if self.published else ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def to_record(self) -> dict:
        """The JSON form shown by ``newsdesk extract --json`` (the fields the index stores)."""
        d = asdict(self)
        d.pop("notes", None)
        d["published"] = self.published.isoformat() if self.published else None
        return {k: d[k] for k in ("id", "title", "source", "published", "byline", "url", "origin", "body")}


@lru_cache(maxsize=4096)  # an article's URL is canonicalised for its check and again for its id
def canonical_url(url: str | None) -> str | None:
    """The comparable form of an http(s) URL, so that the same article fetched twice has one id:
    lowercase scheme and host (punycode read as Unicode), no default port, no fragment, no
    tracking parameters (utm_*, fbclid, gclid, mc_cid, ... : courlan's list, taken from the
    ClearURLs and AdGuard rules), the other parameters sorted, no trailing slash. Anything
    that is not an http(s) URL with a host gives None.

    >>> canonical_url("HTTPS://Example.com/a/b/?utm_source=x&id=3#top")
    'https://example.com/a/b?id=3'
    >>> canonical_url("https://example.com:443/a?gclid=1&b=2&a=1&fbclid=2")
    'https://example.com/a?a=1&b=2'
    >>> canonical_url("https://xn--mnchen-3ya.de/x") == canonical_url("https://münchen.de/x/")
    True
    >>> canonical_url("javascript:alert(1)") is None
    True
    """
    if not url or not isinstance(url, str):
        return None
    from courlan import normalize_url  # 50-100 ms to import: only once a run has URLs to compare

    url = "".join(url.split())
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        parts = urlsplit(normalize_url(parts, strict=False, trailing_slash=False))
    except (ValueError, UnicodeError):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), parts.query, ""))


def article_id(article: Article) -> str:
    """Stable id: from the canonical URL when there is one, else from origin and content."""
    key = canonical_url(article.url)
    if key is None:
        key = "origin:" + article.origin + "\x00" + article.title + "\x00" + article.body
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
