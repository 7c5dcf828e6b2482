"""The application factory and the web modules' own examples."""
from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["web.render", "web.server", "web.params", "search.export"])
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


def test_create_app_takes_its_configuration(index_dir, tmp_path):
    from web import create_app

    app = create_app({"INDEX_DIR": str(index_dir), "EXAMPLE_QUERIES": ("glaciers", "nothingatallzz")})
    assert app.config["INDEX_DIR"] == str(index_dir)
    assert app.test_client().get("/api/stats").get_json()["examples"] == ["glaciers"]
    other = create_app({"INDEX_DIR": str(tmp_path / "elsewhere")})
    assert other.extensions["newsdesk"].engine is not app.extensions["newsdesk"].engine


def test_the_index_is_opened_once_and_reused(app, client):
    engine = app.extensions["newsdesk"].engine
    client.get("/api/search?q=tariffs")
    view = engine.backend.view()
    for url in ("/search?q=taiwan", "/api/search?q=chips", "/healthz", "/"):
        assert client.get(url).status_code == 200
    assert engine.backend.view() is view


def test_importing_web_does_nothing():
    """Nothing happens at import: not even Flask is loaded until create_app() is called."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import sys, web; print(sorted(m for m in ('flask', 'waitress', "
                          "'whoosh') if m in sys.modules))"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
