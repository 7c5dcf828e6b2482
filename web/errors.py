"""Error responses: a page for people, ``{"error": ...}`` for programs; never a traceback.

Bad parameters (:class:`search.engine.BadRequest`) are 400s, an unknown article is a 404, a
missing index is a 503 that says how to build one, a search cluster that cannot answer is a 503
with its message and Retry-After, and anything unexpected is logged and
answered with a plain 500 page that reveals nothing.
"""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.backend import BackendUnavailable
from search.engine import IndexDamaged, NoIndex
from search.engine import BadRequest

# Endpoints whose clients are programs: errors are JSON there.
_MACHINE_BLUEPRINTS = ("api", "feeds")

TITLES = {400: "That search could not be run", 404: "Not found", 405: "Method not allowed",
          413: "Request too large", 503: "The index is not available"}


def wants_json() -> bool:
    if request.blueprint in _MACHINE_BLUEPRINTS:
        return True
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes["text/html"]


def error_response(status: int, message: str, **extra):
    if wants_json():
        return jsonify({"error": message, **extra}), status
    title = TITLES.get(status, "Something went wrong")
    return render_template("error.html", status=status, title=title, message=message,
                           q=(request.args.get("q") or "")[:2000], **extra), status


def register(app) -> None:
    @app.errorhandler(BadRequest)
    def bad_request(e):
        return error_response(400, str(e))

    @app.errorhandler(NoIndex)
    def no_index(e):
        return error_response(503, "There is no search index yet.", no_index=True,
                              index_dir=app.config["INDEX_DIR"])

    @app.errorhandler(BackendUnavailable)
    def unavailable(e):
        app.logger.warning("the search backend cannot answer: %s", e)
        response = app.make_response(error_response(503, str(e), unavailable=True))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(IndexDamaged)
    def damaged(e):
        app.logger.error("the index cannot be read: %s", e)
        return error_response(503, str(e), damaged=True, index_dir=app.config["INDEX_DIR"])

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if e.code is None or e.code < 400:
            return e
        if e.code >= 500:
            app.logger.error("%s %s: %s", request.method, request.path, e)
            return error_response(e.code, "Something went wrong on our side; please try again.")
        message = e.description or e.name
        if e.code == 404 and not request.blueprint:
            message = "There is no page at this address."
        response = error_response(e.code, message)
        if e.code == 405:
            resp, status = response
            resp = app.make_response((resp, status))
            resp.headers["Allow"] = ", ".join(e.valid_methods or ["GET", "HEAD"])
            return resp
        return response

    @app.errorhandler(Exception)
    def unexpected(e):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        try:
            return error_response(500, "Something went wrong on our side; please try again.")
        except Exception:  # the error page itself failed: answer in the plainest way
            return InternalServerError().get_response()
