"""``newsdesk serve``: the application on waitress, a production WSGI server."""
from __future__ import annotations

import signal
import sys
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
          threads: int = DEFAULT_THREADS, out=None, backend: str | None = None) -> int:
    """Serve until Ctrl+C or SIGTERM; print the address to open. ``port=0`` picks a free port
    (the printed address says which). With ``backend`` (an OpenSearch setting) the index
    directory is not used. Returns the exit status."""
    from waitress.server import create_server

    from . import create_app

    out = out or sys.stdout
    app = create_app({"INDEX_DIR": str(index_dir), "BACKEND": backend})
    if backend:
        index_dir = getattr(app.extensions["newsdesk"].engine.backend, "describe", lambda: backend)()
    try:
        server = create_server(app, host=host, port=port, threads=max(1, threads), ident="Newsdesk",
                               channel_timeout=30, max_request_body_size=64 * 1024,
                               clear_untrusted_proxy_headers=True)
    except OSError as e:
        print(f"newsdesk: cannot listen on {host}:{port}: {e.strerror or e}"
              + (f" (another program is using port {port}; try --port {port + 1})"
                 if getattr(e, "errno", None) == 98 else ""), file=sys.stderr)
        return 1
    secure_waitress_errors(server)

    engine = app.extensions["newsdesk"].engine
    try:
        count = engine.count()
        print(f"Serving {count:,} articles from the index at {index_dir}", file=out)
    except Exception:  # no index yet (or unreadable): the site says how to build one
        print(f"No index at {index_dir} yet: the site will say how to build one "
              f"(newsdesk index SOURCE... --index {index_dir}).", file=out)
    listening = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    ipv4 = [hp for hp in listening if ":" not in str(hp[0])]
    shown_host, shown_port = (ipv4 or listening)[0]
    url = display_url(host if host in ("0.0.0.0", "::", "") else str(shown_host), shown_port)
    print(f"Newsdesk is running at {url} — Ctrl+C to stop", file=out, flush=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        engine.close()
    print("Newsdesk stopped.", file=out, flush=True)
    return 0
