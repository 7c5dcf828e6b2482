"""Writing a Newsdesk index on an OpenSearch cluster (the search side is :mod:`search.opensearch`).

:mod:`.target` names the cluster and the index; :mod:`.writer` runs incremental updates and
rebuilds (:func:`build_opensearch_index`); :mod:`.spool` reads and prepares articles in worker
processes; :mod:`.bulk` writes with retries; :mod:`.side` keeps the lexicon, the story clusters'
state and the last run's summary in a side index; :mod:`.lock` keeps writers apart;
:mod:`.existing` asks the live index what it holds.
"""
from .target import ENV_VAR, ClusterUnavailable, Target

__all__ = ["ENV_VAR", "ClusterUnavailable", "Target", "build_opensearch_index", "read_last_build", "store_mb"]


def build_opensearch_index(*args, **kwargs):
    from .writer import build_opensearch_index as build

    return build(*args, **kwargs)


def read_last_build(target: Target) -> dict | None:
    """The last index run's summary, as ``newsdesk status`` shows it (None when unknown)."""
    from .side import read_last_build as read

    try:
        return read(target.client(timeout=15, retries=1), target.side_alias)
    except Exception:  # noqa: BLE001 - a status line, not a failure
        return None


def store_mb(target: Target) -> float:
    """Megabytes the index's primary shards take on the cluster's disks (0 when unknown)."""
    try:
        stats = target.client(timeout=15, retries=1).indices.stats(index=target.alias, metric="store")
        return stats["_all"]["primaries"]["store"]["size_in_bytes"] / 1e6
    except Exception:  # noqa: BLE001 - a status line, not a failure
        return 0.0
