"""Imports point one way: web → search → index (DESIGN.md "Layers")."""
import ast

import pytest

from tests.conftest import REPO

ALLOWED = {"index": {"index"}, "search": {"search", "index"}, "web": {"web", "search"}}


def imported_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_downwards(layer):
    project = set(ALLOWED) | {"newsdesk"}
    for path in sorted((REPO / layer).rglob("*.py")):
        for package in imported_packages(path):
            if package in project:
                assert package in ALLOWED[layer], f"{path.relative_to(REPO)} imports {package}"
