"""Fixtures for the web tests: an index of a small made-up corpus built once per session, the
Flask app and client over it, the real ``newsdesk serve`` process, and headless Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

import web_corpus as corpus
from web_support import CHROMIUM, CHROMIUM_ARGS, ConsoleWatch, Server


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    from index.build import build_index

    base = tmp_path_factory.mktemp("web-index")
    source = corpus.write_jsonl(base / "corpus" / "news.jsonl")
    index = base / "index"
    report = build_index([source], index, rebuild=True)
    assert report.indexed == len(corpus.records()), report.as_dict()
    return index


@pytest.fixture(scope="session")
def ids(index_dir) -> dict:
    """Ids of the fixture's special articles (hostile, syndicated pair), added once."""
    return corpus.add_direct(index_dir)


@pytest.fixture(scope="session")
def app(index_dir, ids):
    from web import create_app

    return create_app({"INDEX_DIR": str(index_dir)})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def empty_app(tmp_path):
    """An app over a directory that holds no index yet."""
    from web import create_app

    return create_app({"INDEX_DIR": str(tmp_path / "no-index-here")})


# ------------------------------------------------------------------ the real server

@pytest.fixture(scope="session")
def server(index_dir, ids):
    s = Server(index_dir)
    yield s
    s.stop()


# ------------------------------------------------------------------ the browser

@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # launch() gives every browser a fresh, temporary user data dir.
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.watch = ConsoleWatch(p)
    p.set_default_timeout(10_000)
    yield p
    context.close()
