"""Shared parts of the benchmark scripts: a real ``newsdesk serve`` process on a free port,
timed HTTP requests, percentiles, a process's memory, and the BBC corpus's pages read plainly.
Not a script itself."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bbc_pages(corpus: Path):
    """(path, headline, body) of every page of a folder laid out as the BBC corpus (first line the
    headline, then the body), in path order, its README left out and pages without a body skipped."""
    for path in sorted(corpus.rglob("*.txt")):
        if path.name.lower().startswith("readme"):
            continue
        title, body = headline_page(path)
        if body:
            yield path, title, body


def headline_page(path: Path) -> tuple[str, str]:
    """(headline, body) of one page whose first line is the headline, stripped. A file that is
    not UTF-8 is read as Latin-1 (the BBC corpus has one, where its stray byte is a pound sign)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    title, _, body = text.strip().partition("\n")
    return title.strip(), body.strip()


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of a non-empty list.

    >>> percentile([1, 2, 3, 4], 50), percentile([5.0], 95)
    (2, 5.0)
    """
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int, proportional: bool = True) -> float | None:
    """Memory in MB (Linux) of a process and its children (a server's worker processes): their
    proportional set size, which splits pages they share (the index's arrays) between them, or
    with ``proportional=False`` the sum of their resident sizes. None when unknown."""
    total, found = 0.0, False
    for p in [pid, *_children(pid)]:
        try:
            if proportional:
                text = Path(f"/proc/{p}/smaps_rollup").read_text()
                key = "Pss:"
            else:
                text = Path(f"/proc/{p}/status").read_text()
                key = "VmRSS:"
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith(key):
                total += int(line.split()[1]) / 1024
                found = True
                break
    return total if found else None


class Server:
    """``newsdesk serve`` on 127.0.0.1 and a free port, stopped with :meth:`stop`."""

    def __init__(self, index_dir: Path, threads: int = 8, extra: list[str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "serve", "--index", str(index_dir), "--host", "127.0.0.1",
             "--port", "0", "--threads", str(threads), *(extra or [])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.url = None
        deadline = time.monotonic() + 120
        for line in self.proc.stdout:
            m = re.search(r"running at (http://\S+/)", line)
            if m:
                self.url = m.group(1).rstrip("/")
                break
            if time.monotonic() > deadline:
                break
        if not self.url:
            self.stop()
            raise SystemExit(f"the server did not start: {self.proc.stderr.read()}")
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()

    @property
    def rss_mb(self) -> float | None:
        return rss_mb(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def fetch(url: str, timeout: float = 60) -> tuple[float, int, float | None]:
    """(seconds, status, the engine's took_ms or None) for one GET."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    except OSError:
        return time.perf_counter() - started, 0, None
    elapsed = time.perf_counter() - started
    took = None
    if status == 200 and body[:1] == b"{":
        took = json.loads(body).get("took_ms")
    return elapsed, status, took
