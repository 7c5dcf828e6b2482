"""The real thing: ``newsdesk serve`` as a process on 127.0.0.1, queried over HTTP."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

import pytest

import web_corpus as corpus
from web_html import Page
from web_support import ROOT, Server, newsdesk_command


def test_serve_prints_the_address_and_serves_pages(server):
    assert any("Newsdesk is running at http://127.0.0.1:" in line and "Ctrl+C to stop" in line
               for line in server.lines)
    assert any("Serving 37 articles" in line for line in server.lines)
    status, headers, body = server.get("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert headers["Server"] == "Newsdesk"  # waitress, not Flask's development server
    assert "37 articles" in Page(body).find("p", class_="home-stats").text
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["X-Frame-Options"] == "DENY"


def test_search_and_article_over_http(server, ids):
    status, headers, body = server.get("/api/search?q=tariffs&per_page=3")
    data = json.loads(body)
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert data["total"] > 20 and len(data["hits"]) == 3
    status, _, body = server.get(f"/article/{data['hits'][0]['id']}?q=tariffs")
    assert status == 200 and b"<mark>" in body
    status, _, body = server.get("/search?q=tariffs&page=2&sort=newest&source=Meridian+Post")
    assert status == 200 and b"Meridian Post" in body


def test_errors_over_http(server):
    status, headers, body = server.get("/api/search?q=x&per_page=500")
    assert status == 400 and json.loads(body)["error"].startswith("per_page must be")
    status, headers, body = server.get("/search?q=x&from=nope")
    assert status == 400 and headers["Content-Type"].startswith("text/html")
    status, _, _ = server.get("/api/articles/nope")
    assert status == 404


def test_export_streams_over_http(server):
    status, headers, body = server.get("/export?q=tariffs&format=jsonl&group=0")
    assert status == 200 and headers.get("Transfer-Encoding") == "chunked"
    assert len(body.decode().splitlines()) > 20


def test_huge_and_hostile_queries_over_http_return_quickly(server):
    for q in ["a" * 1999, "tariff* OR " * 180, '"' * 1999, "x" * 100_000]:
        started = time.perf_counter()
        status, _, _ = server.get(f"/api/search?q={quote(q)}")
        assert status in (200, 400)
        assert time.perf_counter() - started < 2.0


def test_parallel_requests(server):
    paths = ["/api/search?q=tariffs", "/search?q=taiwan", "/api/search?q=chips+OR+semiconductors",
             "/feed?q=tariffs", "/healthz"] * 8
    with ThreadPoolExecutor(8) as pool:
        statuses = [s for s, _, _ in pool.map(server.get, paths)]
    assert statuses == [200] * len(paths)


def test_rebuild_is_picked_up_without_restart_or_failed_requests(tmp_path, index_dir, ids):
    live = tmp_path / "index"
    shutil.copytree(index_dir, live)
    srv = Server(live, threads=4)
    failures, done = [], threading.Event()
    counts = {"requests": 0}

    def hammer():
        while not done.is_set():
            for path in ("/api/search?q=tariffs", "/search?q=tariffs", "/healthz"):
                status, _, body = srv.get(path)
                counts["requests"] += 1
                if status != 200:
                    failures.append((path, status, body[:200]))

    try:
        assert json.loads(srv.get("/api/search?q=zyzzyva")[2])["total"] == 0
        workers = [threading.Thread(target=hammer) for _ in range(3)]
        for w in workers:
            w.start()
        from index.build import build_index

        extra = tmp_path / "more" / "extra.jsonl"
        extra.parent.mkdir()
        extra.write_text(json.dumps({"title": "The zyzzyva beetle and tariffs", "body": "A zyzzyva story.",
                                     "source": "Meridian Post", "published": "2025-07-01"}) + "\n")
        corpus.write_jsonl(tmp_path / "more" / "news.jsonl")
        time.sleep(0.3)
        report = build_index([tmp_path / "more"], live, rebuild=True)
        assert report.rebuilt
        time.sleep(0.5)
        done.set()
        for w in workers:
            w.join(10)
        assert failures == []
        assert counts["requests"] > 10
        data = json.loads(srv.get("/api/search?q=zyzzyva")[2])
        assert data["total"] == 1
        assert json.loads(srv.get("/healthz")[2])["articles"] == len(corpus.records()) + 1
    finally:
        done.set()
        srv.stop()


def test_serve_without_an_index_says_how_to_build_one(tmp_path):
    srv = Server(tmp_path / "empty")
    try:
        assert any("No index at" in line for line in srv.lines)
        status, _, body = srv.get("/")
        assert status == 503 and b"newsdesk index" in body
        status, _, body = srv.get("/healthz")
        assert status == 503 and json.loads(body)["index_open"] is False
    finally:
        assert srv.stop() == 0
    assert any("stopped" in line for line in srv.lines)


def test_a_busy_port_is_reported(server):
    port = urlsplit(server.url).port
    r = subprocess.run([*newsdesk_command(), "serve", "--index", str(server.index), "--port", str(port)],
                       capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert r.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr


def test_the_servers_own_error_answers_carry_the_security_headers(server):
    """Waitress answers an oversized request itself (413, 431): with the same headers as pages."""
    import socket

    host, port = server.url.split("//")[1].rstrip("/").split(":")
    answers = {}
    for name, request in {
        "431": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n",
        "413": b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n" + b"a" * 200_000,
    }.items():
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            try:
                sock.sendall(request)
            except OSError:
                pass
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        answers[name] = data.split(b"\r\n\r\n")[0].decode("latin-1")
    for name, head in answers.items():
        assert head.split(" ")[1] == name, head[:200]
        assert "Content-Security-Policy: default-src 'self'" in head, head
        assert "X-Content-Type-Options: nosniff" in head and "X-Frame-Options: DENY" in head


@pytest.mark.parametrize("workers", ["1", "3"])
def test_serve_with_one_or_several_processes(index_dir, ids, workers):
    """--workers N: N server processes share the port; each answers; SIGTERM stops them all."""
    import signal as sig

    proc = subprocess.Popen([*newsdesk_command(), "serve", "--index", str(index_dir), "--port", "0",
                             "--workers", workers, "--threads", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = None
        for line in proc.stdout:
            m = re.search(r"running at (http://\S+/)", line)
            if m:
                url = m.group(1)
                break
        assert url, "no address printed"
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == (0 if workers == "1" else int(workers))
        # The address is printed once every process has opened the index (Backend.warm):
        # each holds the stored fields' file open before the first request.
        for pid in children or [str(proc.pid)]:
            held = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
            assert any(h.endswith("_stored.col") for h in held), (pid, held)
        for _ in range(12):
            with urllib.request.urlopen(url + "api/search?q=tariffs", timeout=30) as r:
                assert r.status == 200 and json.loads(r.read())["total"] > 0
    finally:
        proc.send_signal(sig.SIGTERM)
        assert proc.wait(20) == 0
    left = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert left == []
