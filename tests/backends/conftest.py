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
