"""HTML pages: the home page, results, and the article page."""
from __future__ import annotations

import math

from flask import Blueprint, abort, render_template, request, url_for

from search.engine import MAX_PAGE

from . import render, timeline
from .core import article_payload, home_payload, search_payload
from .params import parse_search_params

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    data = home_payload()
    return render_template("home.html", data=data, json_url=url_for("api.stats"))


@bp.get("/search")
def search():
    params = parse_search_params(request.args)
    data = search_payload(params)
    pages = min(MAX_PAGE, math.ceil(data["total"] / params.per_page)) if data["total"] else 0
    typed = " ".join(params.q.split())
    view = {
        "params": params,
        "pages": pages,
        "page_links": render.page_numbers(params.page, pages),
        "first": (params.page - 1) * params.per_page + 1,
        "reading": data["parsed"] if data["parsed"] != typed else None,
        **_outlets(data, params),
        "chips": _chips(params),
        "months": [dict(m, label=render.nice_month(m["value"]), range=_month_range(m["value"]))
                   for m in data["facets"]["month"]],
        "timeline_bars": timeline.bars(data.get("timeline") or {}),
        "timeline_ticks": timeline.tick_labels(data.get("timeline") or {}),
        "timeline_width": timeline.WIDTH, "timeline_height": timeline.HEIGHT,
        "timeline_baseline": timeline.HEIGHT - timeline.AXIS,
        "browsing": not params.q.strip() and params.filtered,
    }
    api_args = params.args(page=params.page)
    return render_template("search.html", data=data, view=view, params=params,
                           json_url=url_for("api.search", **api_args),
                           feed_url=url_for("feeds.feed", **params.args(sort="newest")))


@bp.get("/article/<article_id>")
def article(article_id: str):
    q = request.args.get("q", "")[:2000].strip()
    data = article_payload(article_id, q)
    if data is None:
        abort(404, description="There is no article with this id in the index. "
                               "It may have been removed by a rebuild.")
    terms = data.get("highlight_terms", [])
    view = {
        "title": render.mark_terms(data["title"], terms),
        "paragraphs": [render.mark_terms(p, terms) for p in render.paragraphs(data["body"])],
        "q": q,
        "link": render.safe_url(data["url"]),
        "link_host": render.url_host(data["url"]),
    }
    return render_template("article.html", data=data, view=view,
                           json_url=url_for("api.article", article_id=data["id"], **({"q": q} if q else {})))


def _outlets(data: dict, params, shown: int = 8) -> dict:
    """The outlet facet: the chosen outlets (even one that matched nothing) and the biggest
    others first, the rest behind "more"."""
    facet = [dict(f, checked=f["value"] in params.sources) for f in data["facets"]["source"]]
    known = {f["value"] for f in facet}
    chosen = [f for f in facet if f["checked"]]
    chosen += [{"value": s, "count": 0, "checked": True} for s in params.sources if s not in known]
    others = [f for f in facet if not f["checked"]]
    room = max(0, shown - len(chosen))
    return {"outlets": chosen + others[:room], "more_outlets": others[room:]}


def _chips(params) -> list[dict]:
    """Active filters, each with the address of the same search without it."""
    chips = []
    for s in params.sources:
        chips.append({"label": f"Outlet: {s}",
                      "url": url_for("pages.search", **params.args(sources=[x for x in params.sources if x != s]))})
    if params.date_from:
        chips.append({"label": f"From {render.nice_date(params.date_from.isoformat())}",
                      "url": url_for("pages.search", **params.args(date_from=None))})
    if params.date_to:
        chips.append({"label": f"To {render.nice_date(params.date_to.isoformat())}",
                      "url": url_for("pages.search", **params.args(date_to=None))})
    if not params.group:
        chips.append({"label": "Every copy listed",
                      "url": url_for("pages.search", **params.args(group=True))})
    return chips


def _month_range(month: str):
    """First and last day of a "YYYY-MM" month, for a date-range link."""
    from datetime import date, timedelta

    try:
        y, m = (int(x) for x in month.split("-"))
        first = date(y, m, 1)
    except (ValueError, AttributeError):
        return None
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - timedelta(days=1)
