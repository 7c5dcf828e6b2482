"""The embedded backend: a Whoosh index with sidecar arrays, searched with NumPy."""
from .backend import LocalBackend
from .scoring import RankingOptions

__all__ = ["LocalBackend", "RankingOptions"]
