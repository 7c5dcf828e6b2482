"""Where an index lives on disk, and how a new one replaces the live one atomically.

An index directory holds generations: ``gen-*/`` folders, each a complete Whoosh index, and a
``CURRENT`` file naming the live one. A rebuild writes a new generation beside the live one and
then replaces ``CURRENT`` with ``os.replace`` — atomic on POSIX — so readers see either the old
index or the new one, never a half-written one; a crash mid-rebuild leaves the old one serving.
A lock file keeps two writers apart.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

CURRENT = "CURRENT"
LOCK = ".write.lock"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class IndexLocked(RuntimeError):
    """Another process is writing to this index."""


class NoIndex(FileNotFoundError):
    """There is no index at this location yet."""


def default_index_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--index`` if given, else ``$NEWSDESK_INDEX``, else ``data/index`` in the working copy
    (git-ignored), or in the current directory when the package is installed elsewhere."""
    if explicit:
        return Path(explicit)
    if os.environ.get("NEWSDESK_INDEX"):
        return Path(os.environ["NEWSDESK_INDEX"])
    root = PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd()
    return root / "data" / "index"


def current_generation(index_dir: Path) -> Path | None:
    """The live generation's folder, or None when nothing has been built yet."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    gen = index_dir / name
    return gen if name and gen.is_dir() else None


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty generation folder (not yet live)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = index_dir / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    gen.mkdir()
    return gen


def make_live(index_dir: Path, gen: Path) -> None:
    """Atomically make ``gen`` the live generation, then remove generations older than the one
    it replaced (the replaced one stays, so searchers that still have it open keep working)."""
    previous = current_generation(index_dir)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.write_text(gen.name + "\n", encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / CURRENT)
    keep = {gen.name, previous.name if previous else None}
    for old in index_dir.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def write_lock(index_dir: Path):
    """Hold the index's write lock, or raise :class:`IndexLocked` with who holds it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK
    f = open(path, "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.seek(0)
        holder = f.read().strip() or "another process"
        f.close()
        raise IndexLocked(f"the index at {index_dir} is being written by {holder}; "
                          "wait for it to finish and run again") from None
    try:
        f.seek(0)
        f.truncate()
        f.write(f"newsdesk (pid {os.getpid()})")
        f.flush()
        yield
    finally:
        f.seek(0)
        f.truncate()
        fcntl.flock(f, fcntl.LOCK_UN)
        f.close()


def open_live_index(index_dir: Path):
    """The live Whoosh index, or :class:`NoIndex` with what to run to make one."""
    gen = current_generation(index_dir)
    if gen is None or not whoosh_index.exists_in(str(gen)):
        raise NoIndex(f"no index at {index_dir}: build one with `newsdesk index SOURCE... --index {index_dir}`")
    return whoosh_index.open_dir(str(gen))
