"""Shared fixtures: paths to the shared data, indexes built once per session, a CLI runner."""
from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "samples" / "corpus"


def seed(prefix: str) -> Path:
    """A seed page by its number, e.g. seed("004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory) -> Path:
    from index.build import build_index

    d = tmp_path_factory.mktemp("seeds-index")
    report = build_index([SEEDS], d, rebuild=True)
    assert report.indexed == 5, report.as_dict()
    return d


@pytest.fixture(scope="session")
def samples_index(tmp_path_factory) -> Path:
    from index.build import build_index

    d = tmp_path_factory.mktemp("samples-index")
    report = build_index([SAMPLES], d, rebuild=True)
    assert report.indexed >= 30, report.as_dict()
    return d


@pytest.fixture(scope="session")
def seeds_engine(seeds_index):
    from search.engine import SearchEngine

    return SearchEngine(seeds_index)


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli():
    """Run ``newsdesk`` in-process: cli(["search", "x"]) → CliResult(code, out, err)."""
    from newsdesk.cli import main

    def run(argv: list[str]) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([str(a) for a in argv])
            except SystemExit as e:  # argparse errors
                code = e.code if isinstance(e.code, int) else 2
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def write_jsonl(path: Path, records: list) -> Path:
    """Write records (dicts, or raw strings for broken lines) as JSON Lines."""
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    return path
