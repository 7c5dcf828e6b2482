"""The web front end: HTML pages and a JSON API over ``search/``.

:func:`create_app` builds the Flask application; nothing happens at import. Configuration is
passed in (``INDEX_DIR`` at least); the search engine is opened once per application and
shared by every request (it picks up a rebuilt index by itself).

Blueprints, one per area:

    pages   /  /search  /article/<id>                       HTML
    api     /api/search  /api/articles/<id>  /api/stats     JSON twins of the pages
            /openapi.json  /healthz
    feeds   /feed  /export  /opensearch.xml                 Atom, CSV / JSONL, OpenSearch
"""
from __future__ import annotations

import os
from pathlib import Path


def create_app(config: dict | None = None):
    """The application. ``config`` may set ``INDEX_DIR`` (default: :func:`index.store.default_index_dir`)
    or ``BACKEND`` (an OpenSearch backend setting, ``URL[,URL...][/name]``; default
    ``$NEWSDESK_BACKEND`` unless ``INDEX_DIR`` is given; when set, the index directory is not used),
    ``EXAMPLE_QUERIES`` (shown on the home page when they find something) and any Flask setting."""
    from flask import Flask

    from search.engine import default_index_dir
    from search.engine import SearchEngine

    from . import api, errors, feeds, pages, render, security
    from .core import DEFAULT_EXAMPLES, NewsdeskState

    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=None,
        EXAMPLE_QUERIES=DEFAULT_EXAMPLES,
        JSON_SORT_KEYS=False,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        MAX_CONTENT_LENGTH=64 * 1024,  # nothing here takes a request body
    )
    app.config.update(config or {})
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    backend = app.config.get("BACKEND") or (None if app.config["INDEX_DIR"] else os.environ.get("NEWSDESK_BACKEND"))
    index_dir = Path(default_index_dir(app.config["INDEX_DIR"]))
    app.config["INDEX_DIR"] = str(index_dir)
    app.config["BACKEND"] = backend or None
    engine = SearchEngine(backend=backend) if backend else SearchEngine(index_dir)
    app.extensions["newsdesk"] = NewsdeskState(engine, app.config["EXAMPLE_QUERIES"])

    static = Path(app.static_folder)
    # Assets are cached for an hour; their address changes when any of them does.
    asset_version = str(max((int(f.stat().st_mtime) for f in static.iterdir() if f.is_file()), default=0))
    app.jinja_env.globals.update(asset_version=asset_version)
    app.jinja_env.globals.update(safe_url=render.safe_url, nice_date=render.nice_date,
                                 nice_month=render.nice_month, plural=render.plural)
    app.jinja_env.filters.update(snippet_html=render.snippet_html)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    errors.register(app)
    security.register(app)
    return app
