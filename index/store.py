"""Where an index lives on disk, how a change becomes visible atomically, and what is wrong with
an index that cannot be read.

An index directory holds generations: ``gen-*/`` folders, each a complete Whoosh index, and a
``CURRENT`` file naming the live one. A rebuild writes a new generation beside the live one and
then replaces ``CURRENT`` with ``os.replace`` — atomic on POSIX — so readers see either the old
index or the new one, never a half-written one. Within a generation, an incremental run writes
new segments first and then a new table of contents (Whoosh's ``_MAIN_<n>.toc``, itself written
to a temporary name and renamed), so a crash at any point leaves the last table of contents, and
everything it names, intact. Files a crash leaves behind are removed by the next run
(:func:`clean_up`). A lock file keeps two writers apart.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from .schema import INDEX_FORMAT, INDEX_NAME, article_schema

CURRENT = "CURRENT"
LOCK = ".write.lock"
FORMAT_FILE = "NEWSDESK.json"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
_GEN_NAME = re.compile(r"gen-[0-9A-Za-z_-]{1,80}")


class IndexLocked(RuntimeError):
    """Another process is writing to this index."""


class NoIndex(FileNotFoundError):
    """There is no index at this location yet."""


class IndexDamaged(RuntimeError):
    """The index exists but cannot be read; the message says what is wrong and how to rebuild."""

    def __init__(self, index_dir, detail: str):
        self.index_dir, self.detail = Path(index_dir), detail
        super().__init__(f"the index at {index_dir} cannot be read ({detail}); rebuild it with "
                         f"`newsdesk index SOURCE... --index {index_dir} --rebuild`")


def default_index_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--index`` if given, else ``$NEWSDESK_INDEX``, else ``data/index`` in the working copy
    (git-ignored), or in the current directory when the package is installed elsewhere."""
    if explicit:
        return Path(explicit)
    if os.environ.get("NEWSDESK_INDEX"):
        return Path(os.environ["NEWSDESK_INDEX"])
    root = PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd()
    return root / "data" / "index"


def _read_current(index_dir: Path) -> str | None:
    """The generation name in ``CURRENT``; None when there is no such file; IndexDamaged when it
    holds anything but a generation's name."""
    try:
        raw = (index_dir / CURRENT).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        raise IndexDamaged(index_dir, f"{CURRENT} cannot be read: {e.strerror or e}") from None
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise IndexDamaged(index_dir, f"{CURRENT} does not hold a generation's name") from None
    if not _GEN_NAME.fullmatch(name):
        raise IndexDamaged(index_dir, f"{CURRENT} does not hold a generation's name")
    return name


def current_generation(index_dir: Path) -> Path | None:
    """The live generation's folder, or None when nothing has been built yet. Raises
    :class:`IndexDamaged` when ``CURRENT`` is unreadable or names a missing folder."""
    index_dir = Path(index_dir)
    name = _read_current(index_dir)
    if name is None:
        return None
    gen = index_dir / name
    if not gen.is_dir():
        raise IndexDamaged(index_dir, f"{CURRENT} names {name}, which is missing")
    return gen


def live_generation_or_none(index_dir: Path) -> Path | None:
    """Like :func:`current_generation`, but None when the pointer is damaged (a rebuild's view:
    whatever is there will be replaced)."""
    try:
        return current_generation(index_dir)
    except IndexDamaged:
        return None


def new_generation(index_dir: Path) -> Path:
    """A fresh generation folder holding an empty index (not yet live)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = index_dir / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    gen.mkdir()
    TOC.create(FileStorage(str(gen)), article_schema(), INDEX_NAME)
    (gen / FORMAT_FILE).write_text(json.dumps({"format": INDEX_FORMAT}) + "\n", encoding="utf-8")
    return gen


def make_live(index_dir: Path, gen: Path) -> None:
    """Atomically make ``gen`` the live generation, then remove generations older than the one
    it replaced (the replaced one stays, so searchers that still have it open keep working)."""
    previous = live_generation_or_none(index_dir)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.write_text(gen.name + "\n", encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)
    keep = {gen.name, previous.name if previous else None}
    for old in index_dir.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------- a generation's contents

def read_toc(index_dir: Path, gen: Path) -> TOC:
    """The generation's latest table of contents, or :class:`IndexDamaged` saying what is wrong."""
    fmt = _read_format(index_dir, gen)
    if fmt != INDEX_FORMAT:
        raise IndexDamaged(index_dir, f"it was built by another version of Newsdesk (format {fmt}, "
                                      f"this one reads {INDEX_FORMAT})")
    try:
        return TOC.read(FileStorage(str(gen)), INDEX_NAME)
    except Exception as e:  # a damaged TOC fails in pickle, struct or Whoosh in many ways
        raise IndexDamaged(index_dir, f"its table of contents is damaged: {type(e).__name__}") from None


def live_article_count(index_dir: Path) -> int:
    """How many articles the live index holds, from its table of contents alone (no segment is
    opened). Raises :class:`NoIndex` or :class:`IndexDamaged`."""
    gen = current_generation(Path(index_dir))
    if gen is None:
        raise NoIndex(f"no index at {index_dir}")
    return sum(seg.doc_count() for seg in read_toc(Path(index_dir), gen).segments)


def _read_format(index_dir: Path, gen: Path):
    try:
        return json.loads((gen / FORMAT_FILE).read_text(encoding="utf-8"))["format"]
    except FileNotFoundError:
        return "unknown"
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise IndexDamaged(index_dir, f"{FORMAT_FILE} is damaged") from None


def write_toc(gen: Path, segments: list, generation: int) -> None:
    """Make ``segments`` the generation's contents (atomic), then remove files no table of
    contents names any more."""
    storage = FileStorage(str(gen))
    TOC(article_schema(), segments, generation).write(storage, INDEX_NAME)
    _fsync_dir(gen)
    clean_files(storage, INDEX_NAME, generation, segments)


def clean_up(index_dir: Path) -> list[str]:
    """Remove what a crashed or killed run left behind: temporary files, half-written segments
    that no table of contents names, and generations that are neither live nor the one just
    replaced (a rebuild that died before its swap). Returns what was removed. Call with the
    write lock held."""
    removed: list[str] = []
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        return removed
    for p in [*index_dir.glob(f".{CURRENT}.*.tmp"), *index_dir.glob(f".{LAST_BUILD}.*.tmp")]:
        p.unlink(missing_ok=True)
        removed.append(p.name)
    live = live_generation_or_none(index_dir)
    if live is None:
        return removed
    gens = sorted((p for p in index_dir.glob("gen-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    # Keep the live generation and the newest one before it (searchers may still read it).
    older = [g for g in gens if g != live and g.stat().st_mtime <= live.stat().st_mtime]
    keep = {live, older[-1]} if older else {live}
    for g in gens:
        if g not in keep:
            shutil.rmtree(g, ignore_errors=True)
            removed.append(g.name)
    removed += _clean_generation(live)
    return removed


def _clean_generation(gen: Path) -> list[str]:
    removed = []
    storage = FileStorage(str(gen))
    for p in gen.iterdir():
        stale = (p.name.startswith(".") and p.name.endswith(".tmp")) or re.fullmatch(r"_MAIN_\d+\.toc\.[\d.]+", p.name)
        if stale:
            p.unlink(missing_ok=True)
            removed.append(p.name)
        elif p.is_dir() and p.name.endswith(".tmp"):  # Whoosh's temporary storage
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    try:
        toc = TOC.read(storage, INDEX_NAME)
    except Exception:
        return removed
    before = set(storage.list())
    clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
    removed += sorted(before - set(storage.list()))
    return removed


LAST_BUILD = "last-build.json"
_LAST_BUILD_SKIPPED = 50


def write_last_build(index_dir: Path, report: dict) -> None:
    """Keep the last run's summary beside the index (``newsdesk status`` shows it). Best effort:
    an index that was written is not failed for want of its summary."""
    record = dict(report, finished=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                  skipped_count=len(report.get("skipped", [])),
                  skipped=report.get("skipped", [])[:_LAST_BUILD_SKIPPED])
    tmp = index_dir / f".{LAST_BUILD}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, index_dir / LAST_BUILD)
    except OSError:
        tmp.unlink(missing_ok=True)


def read_last_build(index_dir: Path) -> dict | None:
    try:
        return json.loads((Path(index_dir) / LAST_BUILD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remove_scratch(gen: Path) -> None:
    """Remove the writers' scratch space (Whoosh's temporary storage) once a run is done with it."""
    for p in gen.glob("*.tmp"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)


_HELD: list = []  # lock files this process holds (a forked worker closes its copies)


def release_inherited_locks() -> None:
    """In a forked worker: close the copies of the parent's lock files. An ``flock`` lasts while
    any copy of its file is open, so a worker that outlived a killed parent would otherwise keep
    the index locked."""
    for f in list(_HELD):
        try:
            os.close(f.fileno())
        except OSError:
            pass
    _HELD.clear()


@contextmanager
def write_lock(index_dir: Path):
    """Hold the index's write lock, or raise :class:`IndexLocked` with who holds it. The lock
    is an ``flock``: the kernel releases it when its holder dies, so a killed indexer's lock is
    taken over by the next run."""
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
    _HELD.append(f)
    try:
        f.seek(0)
        f.truncate()
        f.write(f"newsdesk (pid {os.getpid()})")
        f.flush()
        yield
    finally:
        _HELD.remove(f)
        f.seek(0)
        f.truncate()
        fcntl.flock(f, fcntl.LOCK_UN)
        f.close()
