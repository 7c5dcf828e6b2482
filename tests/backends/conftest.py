"""Fixtures for the backend tests: a real two-node OpenSearch cluster on 127.0.0.1.

The cluster is started once per test session (tests/opensearch_cluster.py) and stopped at its
end, on failure and on Ctrl-C too; its build and start-up times are printed in the summary.
"""
from __future__ import annotations

import pytest

from tests.opensearch_cluster import OpenSearchCluster

_TIMINGS: list[str] = []


@pytest.fixture(scope="session")
def opensearch_cluster(tmp_path_factory):
    """A started :class:`OpenSearchCluster` of two nodes (``.urls`` gives their addresses)."""
    cluster = OpenSearchCluster(tmp_path_factory.mktemp("opensearch"), nodes=2, fast_start=True)
    try:
        cluster.start()
        _TIMINGS.append(f"OpenSearch cluster: launcher build {cluster.build_seconds:.1f} s, "
                        f"2 nodes up in {cluster.startup_seconds:.1f} s")
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def opensearch_client(opensearch_cluster):
    """An opensearch-py client that knows both nodes."""
    from opensearchpy import OpenSearch

    client = OpenSearch(opensearch_cluster.urls, timeout=30, max_retries=2, retry_on_timeout=True)
    yield client
    client.close()


def pytest_terminal_summary(terminalreporter):
    for line in _TIMINGS:
        terminalreporter.write_line(line)


# ---------------------------------------------------------------------- the shared search suite

SUITE_INDEX = "suite"


@pytest.fixture(scope="session")
def suite_sources(tmp_path_factory):
    """What both backends index for the shared suite: samples/corpus and a made-up JSONL file."""
    from tests.backends import backend_corpus
    from tests.conftest import SAMPLES

    base = tmp_path_factory.mktemp("backend-corpus")
    return [SAMPLES, backend_corpus.write_jsonl(base / "news.jsonl")]


@pytest.fixture(scope="session")
def local_suite(suite_sources, tmp_path_factory):
    """The embedded index of the suite's corpus."""
    from index.build import build_index

    index_dir = tmp_path_factory.mktemp("suite-index")
    report = build_index(suite_sources, index_dir, rebuild=True)
    assert report.indexed > 50, report.as_dict()
    return index_dir


@pytest.fixture(scope="session")
def opensearch_suite(opensearch_cluster, suite_sources):
    """The suite's corpus written into the cluster by the OpenSearch writer; its backend setting."""
    from index.opensearch import Target, build_opensearch_index
    from search.opensearch import article_index_body

    target = Target(tuple(opensearch_cluster.urls), SUITE_INDEX)
    report = build_opensearch_index(suite_sources, target, article_index_body(), rebuild=True)
    assert report.indexed > 50, report.as_dict()
    return target.spec


@pytest.fixture(scope="session")
def suite_engines() -> dict:
    """Engines over the suite's corpus, made on first use (see :func:`engine`)."""
    return {}


def _suite_engine(request, engines: dict, name: str):
    from search.engine import SearchEngine

    if name not in engines:
        if name == "local":
            engines[name] = SearchEngine(request.getfixturevalue("local_suite"))
        else:
            engines[name] = SearchEngine(backend=request.getfixturevalue("opensearch_suite"))
    return engines[name]


@pytest.fixture(params=["local", "opensearch"])
def engine(request, suite_engines):
    """The search engine over the suite's corpus, on each backend in turn."""
    return _suite_engine(request, suite_engines, request.param)


@pytest.fixture
def both(request, suite_engines):
    """(embedded engine, OpenSearch engine) over the same corpus."""
    return _suite_engine(request, suite_engines, "local"), _suite_engine(request, suite_engines, "opensearch")
