"""Helpers for the web tests: the real ``newsdesk serve`` process and a console watcher for
Playwright pages (imported by conftest.py and by the tests)."""
from __future__ import annotations

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

ROOT = Path(__file__).resolve().parents[2]
NEWSDESK = Path(sys.executable).with_name("newsdesk")  # .venv/bin/newsdesk


def newsdesk_command() -> list[str]:
    """The installed ``newsdesk`` command beside this Python (else the module)."""
    return [str(NEWSDESK)] if NEWSDESK.exists() else [sys.executable, "-m", "newsdesk.cli"]
CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 30


class Server:
    """A ``newsdesk serve`` subprocess on 127.0.0.1 and a free port."""

    def __init__(self, index: Path, threads: int = 4):
        self.index = index
        self.proc = subprocess.Popen(
            [*newsdesk_command(), "serve", "--index", str(index), "--host", "127.0.0.1", "--port", "0",
             "--threads", str(threads)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: list[str] = []
        self.url = self._wait_for_address()

    def _wait_for_address(self) -> str:
        found: dict = {}

        def read():
            for line in self.proc.stdout:
                self.lines.append(line)
                m = re.search(r"running at (http://\S+/)", line)
                if m and "url" not in found:
                    found["url"] = m.group(1)

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline and "url" not in found:
            if self.proc.poll() is not None:
                raise RuntimeError(f"newsdesk serve exited: {self.proc.stderr.read()}")
            time.sleep(0.05)
        if "url" not in found:
            self.stop()
            raise RuntimeError(f"newsdesk serve printed no address: {self.lines}")
        return found["url"]

    def get(self, path: str, timeout: float = 10):
        """(status, headers, body bytes) of a GET, errors included."""
        try:
            with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


class ConsoleWatch:
    """Console errors and page errors (CSP violations show up here)."""

    def __init__(self, page):
        self.messages: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
