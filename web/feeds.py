"""For other programs: an Atom feed of a query, every match as CSV / JSON Lines, and the
OpenSearch description that lets a browser add Newsdesk as a search engine."""
from __future__ import annotations

import re
from dataclasses import replace
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from itertools import chain

from flask import Blueprint, Response, request, url_for

from search.engine import BadRequest
from search.export import EXPORT_FORMATS, export_lines

from . import render
from .core import engine, search_payload
from .params import parse_search_params

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
FEED_DEFAULT_ENTRIES = 20
# Characters XML 1.0 does not allow (a query may carry them; the feed must stay well-formed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _x(text) -> str:
    return _NOT_XML.sub("", str(text or ""))


def _require_q(params) -> None:
    """A feed or an export needs a query, or a filter that says which articles (an outlet, dates)."""
    if not params.q.strip() and not params.filtered:
        raise BadRequest("q is required (or a source, from or to filter): say which articles to "
                         "include, e.g. q=tariffs or source=Reuters")


@bp.get("/feed")
def feed():
    """An Atom feed of a query, newest first, so that a feed reader can follow a topic."""
    params = parse_search_params(request.args)
    _require_q(params)
    per_page = params.per_page if "per_page" in request.args else FEED_DEFAULT_ENTRIES
    params = replace(params, sort="newest", per_page=per_page)
    data = search_payload(params)

    # The namespace is written as a plain attribute: ElementTree's namespace registry is global
    # and not safe to change while another thread serializes.
    root = ET.Element("feed", {"xmlns": ATOM})

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, tag, {k: _x(v) for k, v in attrs.items()})
        if text is not None:
            el.text = _x(text)
        return el

    self_url = url_for("feeds.feed", _external=True, **params.args(page=params.page))
    sub(root, "title", f"Newsdesk: {params.q}")
    sub(root, "subtitle", f"Articles matching {data['parsed'] or params.q}, newest first")
    sub(root, "id", self_url)
    sub(root, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(root, "link", rel="alternate", type="text/html",
        href=url_for("pages.search", _external=True, **params.args(page=params.page)))
    dates = [h["published"] for h in data["hits"] if h["published"]]
    feed_updated = max(dates) if dates else datetime.now(timezone.utc).isoformat(timespec="seconds")
    sub(root, "updated", feed_updated)
    author = sub(root, "author")
    sub(author, "name", "Newsdesk")
    sub(root, "generator", "Newsdesk")

    for hit in data["hits"]:
        page_url = url_for("pages.article", article_id=hit["id"], _external=True)
        entry = sub(root, "entry")
        sub(entry, "title", hit["title"] or "(untitled)")
        sub(entry, "id", page_url)
        sub(entry, "link", rel="alternate", type="text/html", href=page_url)
        original = render.safe_url(hit["url"])
        if original:
            sub(entry, "link", rel="related", type="text/html", href=original)
        sub(entry, "updated", hit["published"] or feed_updated)
        if hit["published"]:
            sub(entry, "published", hit["published"])
        if hit["source"]:
            sub(sub(entry, "author"), "name", hit["source"])
        # The snippet is escaped text with <mark> (search.snippets); type="html" carries it as such.
        sub(entry, "summary", hit["snippet"], type="html")

    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                    mimetype="application/atom+xml")


@bp.get("/export")
def export():
    """Every article a query matches (all pages, in the chosen order), streamed as CSV or JSONL."""
    params = parse_search_params(request.args)
    fmt = (request.args.get("format") or "csv").strip().lower()
    if fmt not in EXPORT_FORMATS:
        raise BadRequest(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt[:40]!r}")
    _require_q(params)
    rows = engine().export(params.request(page=1))
    # Rank before the response starts, so a missing index is a clean 503 and not a cut stream.
    first = next(rows, None)
    rows = chain([first], rows) if first is not None else iter(())
    slug = re.sub(r"[^a-z0-9]+", "-", params.q.lower()).strip("-")[:40] or "export"
    mimetype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    # The stream needs no request context (the rows are already bound to the engine), so a
    # client that stops reading leaves no request context behind.
    resp = Response(export_lines(rows, fmt), mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="newsdesk-{slug}.{fmt}"'
    return resp


@bp.get("/opensearch.xml")
def opensearch():
    """OpenSearch 1.1 description: the search page, the feed and the JSON API as templates."""
    root = ET.Element("OpenSearchDescription", {"xmlns": OPENSEARCH})

    def sub(tag, text=None, **attrs):
        el = ET.SubElement(root, tag, attrs)
        if text is not None:
            el.text = text
        return el

    base = request.url_root.rstrip("/")
    sub("ShortName", "Newsdesk")
    sub("Description", "Search news coverage with Newsdesk")
    sub("InputEncoding", "UTF-8")
    sub("Image", f"{base}{url_for('static', filename='favicon.svg')}", width="16", height="16",
        type="image/svg+xml")
    sub("Url", type="text/html", method="get", template=f"{base}/search?q={{searchTerms}}")
    sub("Url", type="application/atom+xml", template=f"{base}/feed?q={{searchTerms}}")
    sub("Url", type="application/json", template=f"{base}/api/search?q={{searchTerms}}")
    sub("Url", type="application/opensearchdescription+xml", rel="self",
        template=f"{base}{url_for('feeds.opensearch')}")
    body = ET.tostring(root, encoding="unicode")
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                    mimetype="application/opensearchdescription+xml")
