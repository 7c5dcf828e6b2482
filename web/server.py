"""``newsdesk serve``: the application on waitress, a production WSGI server."""
from __future__ import annotations

import errno
import os
import select
import signal
import socket
import sys
import time
from pathlib import Path

DEFAULT_THREADS = 8


def display_url(host: str, port: int) -> str:
    """The address to open in a browser for a listening host and port.

    >>> display_url("0.0.0.0", 8000), display_url("::1", 8080)
    ('http://127.0.0.1:8000/', 'http://[::1]:8080/')
    """
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def secure_waitress_errors(server) -> None:
    """Waitress answers some bad requests itself, before the application sees them (a 413 for a
    body over the limit, a 431 for headers over it, a 400 for a malformed request line): give
    those answers the same security headers as every page."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    from .security import HEADERS

    class SecureErrorTask(ErrorTask):
        def execute(self):  # ErrorTask.execute, with the headers added before the body is written
            status, headers, body = self.request.error.to_response(self.channel.server.adj.ident)
            self.status = status
            self.response_headers.extend(headers)
            present = {name.lower() for name, _ in self.response_headers}
            self.response_headers.extend((k, v) for k, v in HEADERS.items() if k.lower() not in present)
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class SecureChannel(HTTPChannel):
        error_task_class = SecureErrorTask

    servers = [server]
    if hasattr(server, "map") and not hasattr(server, "channel_class"):  # several listening sockets
        servers = [s for s in server.map.values() if hasattr(s, "channel_class")]
    for s in servers:
        s.channel_class = SecureChannel


def serve(index_dir: str | Path, host: str = "127.0.0.1", port: int = 8000,
          threads: int = DEFAULT_THREADS, out=None, backend: str | None = None, workers: int = 1) -> int:
    """Serve until Ctrl+C or SIGTERM; print the address to open. ``port=0`` picks a free port
    (the printed address says which). With ``backend`` (an OpenSearch setting) the index
    directory is not used. With ``workers`` above one, that many server processes share the
    listening socket (one Python process answers with one core at a time: a second process is
    what makes a second core answer). Returns the exit status."""
    out = out or sys.stdout
    try:
        sock = _listen(host, port)
    except OSError as e:
        print(f"newsdesk: cannot listen on {host}:{port}: {e.strerror or e}"
              + (f" (another program is using port {port}; try --port {port + 1})"
                 if getattr(e, "errno", None) == errno.EADDRINUSE else ""), file=sys.stderr)
        return 1
    shown = sock.getsockname()
    url = display_url(host if host in ("0.0.0.0", "::", "") else str(shown[0]), shown[1])
    _say_what_is_served(index_dir, backend, out)

    def announce():  # once every server process is up
        print(f"Newsdesk is running at {url} — Ctrl+C to stop"
              + (f" ({workers} server processes)" if workers > 1 else ""), file=out, flush=True)

    app = make_app(index_dir, backend) if not (backend and workers > 1) else None
    if workers <= 1:
        status = _run_server(sock, app, threads, announce)
    else:
        status = _run_workers(sock, app, index_dir, threads, backend, workers, announce)
    print("Newsdesk stopped.", file=out, flush=True)
    return status


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def _say_what_is_served(index_dir, backend, out) -> None:
    """One line on what the site will serve, read without opening the index's files (server
    processes forked later must not share open files with this one)."""
    if backend:
        print(f"Serving the OpenSearch index at {backend}", file=out)
        return
    from search.engine import live_article_count

    try:
        print(f"Serving {live_article_count(index_dir):,} articles from the index at {index_dir}", file=out)
    except Exception:  # no index yet (or unreadable): the site says how to build one
        print(f"No index at {index_dir} yet: the site will say how to build one "
              f"(newsdesk index SOURCE... --index {index_dir}).", file=out)


def make_app(index_dir, backend):
    """The application, with the index's arrays loaded (and its vocabulary for "did you mean",
    and the numbering of its terms that feedback reads): built once before the server processes
    are forked, they share it instead of each building it on its first request."""
    from . import create_app

    app = create_app({"INDEX_DIR": str(index_dir), "BACKEND": backend})
    if not backend:
        engine = app.extensions["newsdesk"].engine
        try:
            view = engine.backend.view()
            view.vocabulary()
            view.term_space()
        except Exception:  # no index yet, or damaged: the pages say so, request by request
            pass
    return app


def _open_index_files(app) -> None:
    """Open the index's files in this server process before it answers (they are never opened
    before the processes fork: open files would be shared between them)."""
    try:
        app.extensions["newsdesk"].engine.backend.warm()
    except Exception:  # no index yet, or damaged: the pages say so, request by request
        pass


def _run_server(sock, app, threads: int, announce=None) -> int:
    """One server process on ``sock`` until SIGTERM or Ctrl+C."""
    from waitress.server import create_server

    server = create_server(app, sockets=[sock], threads=max(1, threads), ident="Newsdesk",
                           channel_timeout=30, max_request_body_size=64 * 1024,
                           clear_untrusted_proxy_headers=True)
    secure_waitress_errors(server)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        _open_index_files(app)
        if announce:
            announce()
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        app.extensions["newsdesk"].engine.close()
    return 0


def _wait_until_ready(ready_r: int, workers: int, children: dict, timeout: float = 60.0) -> None:
    """Until every worker has opened the index and answers (one byte each on ``ready_r``), one
    has ended, or ``timeout`` seconds: the address is printed only once requests are answered."""
    deadline = time.monotonic() + timeout
    got = 0
    while got < workers and time.monotonic() < deadline:
        readable, _, _ = select.select([ready_r], [], [], 0.2)
        if readable:
            got += len(os.read(ready_r, workers))
        elif any(_ended(pid) for pid in list(children)):
            return  # a worker ended before it was ready: the parent's loop restarts it


def _ended(pid: int) -> bool:
    """Whether a child has ended, leaving it to be waited for (and restarted) by the caller."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _run_workers(sock, app, index_dir, threads: int, backend, workers: int, announce) -> int:
    """``workers`` forked server processes on one socket; one that dies is started again. On
    SIGTERM or Ctrl+C, every worker is stopped and waited for."""
    children: dict[int, int] = {}
    stopping = False

    ready_r, ready_w = os.pipe()  # each first worker writes a byte once it answers

    def start(slot: int, first: bool = False) -> None:
        pid = os.fork()
        if pid == 0:  # a worker: serve, then leave without running the parent's clean-up
            # Not the parent's handlers: a SIGTERM that comes before the server is up ends it.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            code = 1
            try:
                # An OpenSearch client is made in each process (its connections are not shared).
                code = _run_server(sock, app or make_app(index_dir, backend), threads,
                                   (lambda: os.write(ready_w, b".")) if first else None)
            finally:
                os._exit(code)
        children[pid] = slot

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for slot in range(workers):
            start(slot, first=True)
        _wait_until_ready(ready_r, workers, children)
        os.close(ready_r)
        os.close(ready_w)
        announce()
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            slot = children.pop(pid, None)
            if slot is not None and not stopping:
                print(f"newsdesk: server process {pid} ended ({status}); starting another", file=sys.stderr)
                time.sleep(0.5)
                start(slot)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
    return 0
