"""HTML: article pages (``.html``, WARC responses) through trafilatura, and HTML fragments (a
feed entry's content) as plain paragraphs.

A page whose only text is navigation (links, menus, header and footer) has no article and is
skipped, not indexed under its menu's first word. A publication time with a time of day and
an offset keeps both.

>>> fragment_text("<p>One <b>bold</b> line.</p><ul><li>Two</li></ul>Three<br>Four")
'One bold line.\\n\\nTwo\\n\\nThree\\n\\nFour'
>>> has_text_outside_navigation(parse_html('<nav><a href="/">Home</a></nav>'))
False
"""
from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from typing import BinaryIO, Iterator

from ..article import Article
from ..decode import decode_html
from .fields import read_datetime
from .records import Skipped
from .streams import read_limited
from .text import extract_scraped_text

MAX_PAGE_BYTES = 64 * 1024 * 1024

# Elements whose text is never the article's: navigation, page furniture, code, forms.
_NOT_ARTICLE = ("nav", "header", "footer", "aside", "menu", "a", "script", "style", "noscript",
                "template", "form", "button", "select", "option", "label", "svg", "head", "title")
_NOT_ARTICLE_ROLES = ("navigation", "banner", "contentinfo", "menu", "menubar", "search")
_ARTICLE_TEXT = ("//body//text()[normalize-space() and not(ancestor::*[" + " or ".join(
    [f"self::{t}" for t in _NOT_ARTICLE] + [f"@role='{r}'" for r in _NOT_ARTICLE_ROLES]) + "])]")

# Block elements: each starts a paragraph of a fragment's text.
_BLOCKS = frozenset("""p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre figure figcaption
    section article header footer aside nav table thead tbody tfoot tr td th caption hr br address
    details summary main center""".split())
_DROP = frozenset("""script style noscript iframe object embed form button svg template head title
    select input textarea video audio canvas map figcaption""".split())
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
# trafilatura's date output with the time of day and offset kept when the page states them.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


class NoArticle(ValueError):
    """The page has no article text; the message says why."""


def read_html(stream: BinaryIO, origin: str) -> Iterator[Article | Skipped]:
    """One article page per file."""
    data = read_limited(stream, MAX_PAGE_BYTES)
    if data is None:
        yield Skipped(origin, f"larger than {MAX_PAGE_BYTES // 2**20} MB: not one page")
        return
    try:
        yield article_from_html(decode_html(data))
    except NoArticle as e:
        yield Skipped(origin, str(e))


def parse_html(html: str):
    """The page as an lxml tree (None when lxml cannot make one)."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ParserError, ValueError):
        return None


def has_text_outside_navigation(tree) -> bool:
    """True when the page has a word of text outside links, menus, headers, footers and the like."""
    if tree is None:
        return True  # cannot tell: let the extraction decide
    return any(re.search(r"\w", t) for t in tree.xpath(_ARTICLE_TEXT))


def article_from_html(html: str, url: str | None = None) -> Article:
    """The article in an HTML page: its main text and metadata, extracted with trafilatura (a
    page too broken for it is read as a scraped text page). Raises :class:`NoArticle`."""
    import trafilatura

    if not has_text_outside_navigation(parse_html(html)):
        raise NoArticle("no article text: the page's only text is navigation")
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True,
                                "outputformat": _DATE_FORMAT},
    )
    if doc is None or not (doc.text or "").strip():
        # Too broken for trafilatura (a truncated page): read its visible text as a scraped page.
        text = trafilatura.html2txt(html) or ""
        if not text.strip():
            raise NoArticle("no article text found")
        return extract_scraped_text(text)
    title = (doc.title or "").strip()
    lines = [ln.strip() for ln in (doc.text or "").split("\n") if ln.strip()]
    if lines and title and " ".join(lines[0].split()).lower() == " ".join(title.split()).lower():
        lines = lines[1:]
    article = Article(title=title, body="\n\n".join(lines), source=doc.sitename or None,
                      byline=doc.author or None, url=doc.url or None)
    article.published = page_date(doc.date)
    return article


def page_date(value: str | None) -> datetime | None:
    """trafilatura's date (``2024-09-12T08:30:00+0200``, or midnight with no offset when the
    page gives only a day) as a datetime."""
    return read_datetime(value)[0] if value else None


def fragment_text(html: str) -> str:
    """An HTML fragment (a feed entry's content) as text: one paragraph per block element,
    scripts, styles, forms and captions left out, entities decoded. Plain text comes back as it is."""
    import lxml.html
    from lxml import etree

    if "<" not in html:
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", unescape(html)) if p.strip())
    try:
        root = lxml.html.fragment_fromstring(_XML_DECLARATION.sub("", html, count=1), create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush():
        text = " ".join("".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    stack = [(root, False)]
    while stack:  # depth first, without recursion (a fragment can nest deeply)
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if closing:
            if tag in _BLOCKS:
                flush()
            if el.tail and el is not root:
                current.append(el.tail)
            continue
        if tag is None or tag in _DROP:  # a comment, or an element whose text is not content
            if el.tail:
                current.append(el.tail)
            continue
        if tag in _BLOCKS:
            flush()
        if el.text:
            current.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return "\n\n".join(paragraphs)
