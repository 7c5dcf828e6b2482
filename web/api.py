"""The JSON API: the pages' twins, the OpenAPI description, and the health check."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from search.engine import IndexDamaged, NoIndex

from .core import article_payload, engine, home_payload, search_payload
from .openapi import openapi_document
from .params import parse_search_params

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    return jsonify(search_payload(parse_search_params(request.args)))


@bp.get("/api/articles/<article_id>")
def article(article_id: str):
    data = article_payload(article_id, request.args.get("q", "")[:2000].strip())
    if data is None:
        abort(404, description=f"no article with id {article_id[:80]!r}")
    return jsonify(data)


@bp.get("/api/stats")
def stats():
    return jsonify(home_payload())


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(request.url_root))


@bp.get("/healthz")
def healthz():
    """Whether the index is open, and how many articles it holds (503 when there is none)."""
    try:
        articles = engine().count()
    except NoIndex as e:
        return jsonify({"status": "no index", "index_open": False, "articles": 0, "message": str(e)}), 503
    except IndexDamaged as e:
        return jsonify({"status": "damaged", "index_open": False, "articles": 0, "message": str(e)}), 503
    return jsonify({"status": "ok", "index_open": True, "articles": articles})
