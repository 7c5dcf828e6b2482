"""A real OpenSearch cluster on 127.0.0.1 for the tests: one JVM per node, started and stopped here.

The nodes run ``tests/opensearch/launcher`` (a small Maven module: OpenSearch 2.19 with its Netty4
and analysis-common modules), built on first use with Maven into ``target/``; Maven's downloads are
kept in ``.venv/m2`` (``NEWSDESK_M2`` to change), so only the first build on a machine downloads.

    cluster = OpenSearchCluster(tmp_dir, nodes=2)
    cluster.start()            # builds the launcher if needed, waits for 2 nodes
    cluster.urls               # ['http://127.0.0.1:PORT', 'http://127.0.0.1:PORT']
    cluster.kill(1)            # SIGKILL one node (its data folder stays)
    cluster.restart(1)         # same name, ports and data; waits until it has rejoined
    cluster.stop()             # SIGTERM, then SIGKILL whatever is left

By hand (prints the addresses, stops on Ctrl-C):

    .venv/bin/python -m tests.opensearch_cluster --http-port 9200

The JVMs never outlive the Python process that started them: each reads a pipe from it and exits
when the pipe closes, whatever way Python ended (even kill -9).
"""
from __future__ import annotations

import argparse
import atexit
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAUNCHER = REPO / "tests" / "opensearch" / "launcher"
JAR = LAUNCHER / "target" / "opensearch-launcher.jar"
# Class-data sharing archive of the classes a node loads (made after each build): a node then
# starts on about half the CPU.
ARCHIVE = LAUNCHER / "target" / "opensearch-launcher.jsa"
M2 = Path(os.environ.get("NEWSDESK_M2", REPO / ".venv" / "m2"))
HEAP = os.environ.get("NEWSDESK_OPENSEARCH_HEAP", "512m")


class ClusterError(RuntimeError):
    """The cluster could not be built, started or brought back to health."""


def _launcher_sources() -> list[Path]:
    return [LAUNCHER / "pom.xml", *sorted((LAUNCHER / "src").rglob("*"))]


def launcher_is_built() -> bool:
    """True when the jar exists and is newer than the launcher's pom and sources."""
    if not JAR.exists() or not (JAR.parent / "lib").is_dir():
        return False
    newest = max(p.stat().st_mtime for p in _launcher_sources() if p.is_file())
    return JAR.stat().st_mtime >= newest


def archive_is_current() -> bool:
    """True when the class archive exists and was made from the current jar."""
    return ARCHIVE.exists() and JAR.exists() and ARCHIVE.stat().st_mtime >= JAR.stat().st_mtime


def java_command() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise ClusterError("Java is not installed: ./test.sh installs it, or apt-get install -y default-jdk-headless")
    return java


def jvm_options(heap: str = HEAP, fast_start: bool = False) -> list[str]:
    """JVM flags for one node: fixed heap, the serial collector (small heap, two cores), the
    class archive when there is a current one; ``fast_start`` stops the JIT at its first tier
    (C1), which halves start-up CPU but makes a long-running node slower (not for benchmarks)."""
    opts = [f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8"]
    if archive_is_current():
        opts.append(f"-XX:SharedArchiveFile={ARCHIVE}")
    if fast_start:
        opts.append("-XX:TieredStopAtLevel=1")
    return opts


def build_launcher(log=None) -> float:
    """Build the launcher jar with Maven unless it is up to date, then its class archive;
    returns the seconds spent (0 when both were current).

    Offline (``-o``) when Maven's cache already holds OpenSearch, else online; one build at a
    time per Maven cache (a lock file), since several test runs may share a checkout.
    """
    if launcher_is_built() and archive_is_current():
        return 0.0
    java_command()
    M2.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(M2 / ".newsdesk-launcher-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not launcher_is_built():  # another process may have built it while we waited
            _maven_package(log)
        if not archive_is_current() and not make_class_archive(log) and log:
            log("could not record the class archive: nodes start without it (slower)")
    return time.monotonic() - started


def _maven_package(log) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ClusterError("Maven (mvn) is not installed: ./test.sh installs it, or "
                           "apt-get install -y maven default-jdk-headless")
    base = [mvn, "-B", "-q", f"-Dmaven.repo.local={M2}", "-f", str(LAUNCHER / "pom.xml"), "package"]
    attempts = [base[:1] + ["-o"] + base[1:], base] if (M2 / "org" / "opensearch").is_dir() else [base]
    output = ""
    for cmd in attempts:
        if log:
            log(f"building the OpenSearch launcher: {' '.join(cmd[1:])}")
        done = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True)
        output = done.stdout
        if done.returncode == 0 and JAR.exists():
            os.utime(JAR)  # newer than the sources even when Maven left the jar as it was
            return
    raise ClusterError(f"building the OpenSearch launcher failed:\n{output[-4000:]}")


def make_class_archive(log=None, timeout: float = 180.0) -> bool:
    """Start one node with ``-XX:ArchiveClassesAtExit``, have it create an index with Newsdesk's
    analysis, write and search it, and stop it: the JVM writes the classes it loaded to
    ``ARCHIVE``, which later nodes map instead of loading and verifying them again (a node's
    start-up CPU halves). False, and no archive, when that fails."""
    from search.opensearch_schema import index_body

    home = Path(tempfile.mkdtemp(prefix="newsdesk-cds-"))
    partial = ARCHIVE.with_suffix(".jsa.part")
    http, transport = free_ports(2)
    url = f"http://127.0.0.1:{http}"
    opts = [o for o in jvm_options() if not o.startswith("-XX:SharedArchiveFile")]
    cmd = [java_command(), *opts, f"-XX:ArchiveClassesAtExit={partial}", "-jar", str(JAR),
           "-home", str(home), "-http", str(http), "-transport", str(transport), "-exit-on-stdin-eof"]
    if log:
        log("recording the classes an OpenSearch node loads, for faster starts")
    try:
        with open(home / "node.log", "wb") as out:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        try:
            deadline = time.monotonic() + timeout
            while http_json(url)[0] != 200:
                if proc.poll() is not None or time.monotonic() > deadline:
                    return False
                time.sleep(0.2)
            http_json(f"{url}/warmup", "PUT", index_body(shards=1, replicas=0))
            http_json(f"{url}/warmup/_doc/1?refresh=true", "PUT", {"id": "1", "title": "U.S. export controls"})
            http_json(f"{url}/warmup/_search", "POST", {"query": {"match": {"title": "controls"}},
                                                        "aggs": {"s": {"terms": {"field": "source"}}}})
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if partial.exists() and partial.stat().st_size > 0:
            os.replace(partial, ARCHIVE)
            return True
        return False
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(home, ignore_errors=True)


def free_ports(count: int) -> list[int]:
    """Ports that were free on 127.0.0.1 a moment ago (all held open together, so distinct)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def http_json(url: str, method: str = "GET", body=None, timeout: float = 5.0):
    """(status, parsed JSON or None) of one HTTP request; status 0 when nothing answered."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"null")
        except ValueError:
            return e.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout, ValueError):
        return 0, None


@dataclass
class Node:
    """One node: its name, folder, ports and (while running) its process."""

    name: str
    home: Path
    http_port: int
    transport_port: int
    process: subprocess.Popen | None = field(default=None, repr=False)
    expected_dead: bool = False  # stopped or killed on purpose, so its exit is no error

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def log_path(self) -> Path:
        return self.home / "node.log"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


class OpenSearchCluster:
    """``nodes`` OpenSearch nodes on 127.0.0.1, each in its own JVM, all cluster-manager eligible.

    With two nodes OpenSearch keeps one of them as the only voting member; killing the other
    leaves a working cluster, killing the voter leaves the survivor answering searches but unable
    to change the cluster (no writes, no health) until the voter returns.
    """

    def __init__(self, base: Path, nodes: int = 2, heap: str = HEAP, cluster_name: str | None = None,
                 http_ports: list[int] | None = None, fast_start: bool = False, log=None):
        self.base = Path(base)
        self.heap = heap
        self.fast_start = fast_start
        self.cluster_name = cluster_name or f"newsdesk-test-{os.getpid()}"
        self.log = log or (lambda msg: None)
        self.nodes = [Node(f"node-{i + 1}", self.base / f"node-{i + 1}", 0, 0) for i in range(nodes)]
        self._fixed_http_ports = http_ports is not None
        self._assign_ports(http_ports)
        self.build_seconds = 0.0
        self.startup_seconds = 0.0
        self._atexit = False

    def _assign_ports(self, http_ports: list[int] | None) -> None:
        n = len(self.nodes)
        ports = free_ports(2 * n) if http_ports is None else [*http_ports, *free_ports(n)]
        for i, node in enumerate(self.nodes):
            node.http_port, node.transport_port = ports[i], ports[n + i]

    # -- addresses ---------------------------------------------------------------------------
    @property
    def urls(self) -> list[str]:
        """HTTP addresses of every node (running or not), in node order."""
        return [n.url for n in self.nodes]

    def live_urls(self) -> list[str]:
        return [n.url for n in self.nodes if n.running()]

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, timeout: float = 180.0) -> float:
        """Build the launcher if needed, start every node, wait until all have joined.

        Returns the seconds from the first JVM's start to a cluster of all nodes (the build
        is not counted: see ``build_seconds``)."""
        self.build_seconds = build_launcher(self.log)
        if not self._atexit:
            atexit.register(self.stop)
            self._atexit = True
        started = time.monotonic()
        for attempt in (1, 2):
            try:
                for i in range(len(self.nodes)):
                    self._spawn(i)
                self.wait_for_health("yellow", timeout=timeout)
                break
            except ClusterError as e:
                self.stop()
                # a port found free was taken by another process before the node bound it
                if attempt == 2 or "Bind" not in str(e) or self._fixed_http_ports:
                    raise
                self.log("a port was taken meanwhile; starting again on other ports")
                self._assign_ports(None)
                for node in self.nodes:
                    shutil.rmtree(node.home, ignore_errors=True)
            except BaseException:
                self.stop()
                raise
        self.startup_seconds = time.monotonic() - started
        self.log(f"OpenSearch: {len(self.nodes)} nodes up in {self.startup_seconds:.1f} s at {', '.join(self.urls)}")
        return self.startup_seconds

    def _spawn(self, i: int) -> None:
        node = self.nodes[i]
        if node.running():
            raise ClusterError(f"{node.name} is already running")
        node.expected_dead = False
        node.home.mkdir(parents=True, exist_ok=True)
        (node.home / "tmp").mkdir(exist_ok=True)
        cmd = [
            java_command(), *jvm_options(self.heap, self.fast_start), f"-Djava.io.tmpdir={node.home / 'tmp'}",
            "-jar", str(JAR),
            "-home", str(node.home), "-cluster", self.cluster_name, "-name", node.name,
            "-http", str(node.http_port), "-transport", str(node.transport_port),
            "-seeds", ",".join(f"127.0.0.1:{n.transport_port}" for n in self.nodes),
            "-managers", ",".join(n.name for n in self.nodes),
            "-exit-on-stdin-eof",
        ]
        with open(node.log_path, "ab") as out:
            node.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True, cwd=node.home)

    def wait_for_health(self, status: str = "yellow", nodes: int | None = None, timeout: float = 120.0,
                        url: str | None = None) -> dict:
        """Poll ``_cluster/health`` until it reports ``nodes`` nodes and at least ``status``."""
        nodes = len(self.nodes) if nodes is None else nodes
        deadline = time.monotonic() + timeout
        last = None
        query = f"/_cluster/health?wait_for_nodes={nodes}&wait_for_status={status}&timeout=2s"
        while time.monotonic() < deadline:
            for n in self.nodes:
                if n.process is not None and not n.expected_dead and n.process.poll() is not None:
                    raise ClusterError(f"{n.name} exited with code {n.process.returncode}:\n{n.log_tail()}")
            targets = [url] if url else self.live_urls()
            for u in targets:
                code, body = http_json(u + query, timeout=5)
                last = (u, code, body)
                if code == 200 and body and not body.get("timed_out"):
                    return body
            time.sleep(0.25)
        logs = "\n".join(f"--- {n.name} ---\n{n.log_tail(1500)}" for n in self.nodes)
        raise ClusterError(f"no {status} cluster of {nodes} nodes within {timeout:.0f} s; last answer {last}\n"
                           f"{self.shard_report()}\n{logs}")

    def cat(self, what: str) -> tuple[str | None, int, list[dict]]:
        """``_cat/<what>`` as JSON rows from the first live node: (its address, the HTTP status,
        the rows); (None, 0, []) when no node runs."""
        for u in self.live_urls():
            sep = "&" if "?" in what else "?"
            code, rows = http_json(f"{u}/_cat/{what}{sep}format=json", timeout=5)
            return u, code, rows or []
        return None, 0, []

    def stuck_recoveries(self) -> list[dict]:
        """Peer recoveries that have not left their first stage ("init": the target never got
        going), as ``{"index", "shard", "node"}`` of the copy being recovered."""
        _, _, rows = self.cat("recovery?active_only=true")
        return [{"index": r["index"], "shard": int(r["shard"]), "node": r["target_node"]}
                for r in rows if r.get("stage") == "init" and r.get("type") == "peer"]

    def cancel_recovery(self, index: str, shard: int, node: str) -> bool:
        """Cancel the allocation of a replica copy (``_cluster/reroute`` cancel): the allocator
        assigns it again and a new peer recovery starts. True when the cluster accepted it."""
        urls = self.live_urls()
        if not urls:
            return False
        body = {"commands": [{"cancel": {"index": index, "shard": shard, "node": node}}]}
        code, _ = http_json(f"{urls[0]}/_cluster/reroute", method="POST", body=body, timeout=10)
        return code == 200

    def wait_for_green_after_restart(self, timeout: float = 180.0, patience: float = 40.0) -> tuple[dict, list[str]]:
        """Wait for green after a node came back, and apply an operator's remedies when replica
        recoveries sit in their first stage: cancel them (the allocator starts them again), then
        restart the node they target. Returns (the health, what was done).

        Why: twice (once in CI, once in a full local run; never in 23 runs of the backend tests
        alone), after the cluster-manager kill test, when the survivor had won the election as the
        killed manager came back, two replica recoveries towards the restarted node stayed at stage
        "init" with no log line on either node for as long as we watched (six minutes). That is
        not what the tests check (searches answering, acknowledged writes kept), but it left the
        cluster yellow. Whether the remedies clear it has not been seen yet: it did not recur
        while they were in place."""
        done: list[str] = []
        deadline = time.monotonic() + timeout
        for remedy in (self._cancel_stuck_recoveries, self._restart_stuck_targets):
            try:
                return self.wait_for_health("green", timeout=patience), done
            except ClusterError:
                done += remedy()
        return self.wait_for_health("green", timeout=max(deadline - time.monotonic(), 1.0)), done

    def _cancel_stuck_recoveries(self) -> list[str]:
        done = []
        for r in self.stuck_recoveries():
            ok = self.cancel_recovery(r["index"], r["shard"], r["node"])
            done.append(f"cancelled the recovery of {r['index']}[{r['shard']}] to {r['node']} stuck at init"
                        + ("" if ok else " (refused)"))
        return done

    def _restart_stuck_targets(self) -> list[str]:
        names = [n.name for n in self.nodes]
        done = []
        for name in sorted({r["node"] for r in self.stuck_recoveries()}):
            self.kill(names.index(name))
            self.restart(names.index(name))
            done.append(f"restarted {name}: a recovery to it was still stuck at init")
        return done

    def shard_report(self) -> str:
        """Where every shard copy is and every recovery still running, as the first live node
        sees them (for the message of a cluster that did not come back to health)."""
        lines = []
        for what in ("shards", "recovery?active_only=true"):
            u, code, rows = self.cat(what)
            if u is None:
                return "(no node running)"
            lines.append(f"_cat/{what} from {u}: {code}")
            lines += [" ".join(f"{k}={v}" for k, v in row.items()) for row in rows]
        return "\n".join(lines)

    def kill(self, i: int) -> None:
        """SIGKILL node ``i`` (0-based), as a crash would; its data folder is kept."""
        node = self.nodes[i]
        if not node.running():
            raise ClusterError(f"{node.name} is not running")
        node.expected_dead = True
        node.process.send_signal(signal.SIGKILL)
        node.process.wait(timeout=30)
        self._close_pipe(node)

    def restart(self, i: int, timeout: float = 120.0) -> float:
        """Start node ``i`` again (same name, ports and data) and wait until it has rejoined;
        returns the seconds that took."""
        started = time.monotonic()
        node = self.nodes[i]
        node.expected_dead = False
        self._spawn(i)
        self.wait_for_health("yellow", timeout=timeout, url=node.url)
        return time.monotonic() - started

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every node: SIGTERM (a clean close), then SIGKILL what is still there."""
        for n in self.nodes:
            if n.running():
                n.expected_dead = True
                n.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for n in self.nodes:
            if n.process is None:
                continue
            try:
                n.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                n.process.kill()
                n.process.wait(timeout=10)
            self._close_pipe(n)

    @staticmethod
    def _close_pipe(node: Node) -> None:
        if node.process is not None and node.process.stdin is not None and not node.process.stdin.closed:
            try:
                node.process.stdin.close()
            except OSError:
                pass

    def cluster_manager(self) -> str | None:
        """Name of the elected cluster manager, asked of any live node (None when there is none)."""
        for u in self.live_urls():
            code, body = http_json(u + "/_cat/cluster_manager?format=json", timeout=5)
            if code == 200 and body:
                return body[0].get("node")
        return None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def main(argv=None) -> int:
    """Start a local cluster by hand and keep it until Ctrl-C."""
    ap = argparse.ArgumentParser(
        prog="python -m tests.opensearch_cluster",
        description="Start a local OpenSearch cluster on 127.0.0.1 (one JVM per node) for trying "
                    "Newsdesk's OpenSearch backend; Ctrl-C stops it. Builds the launcher with Maven "
                    "on first use.")
    ap.add_argument("--nodes", type=int, default=2, help="number of nodes (default 2)")
    ap.add_argument("--http-port", type=int, default=9200,
                    help="first node's HTTP port; the others take the next ones (default 9200)")
    ap.add_argument("--data", type=Path, default=None,
                    help="folder for the nodes' data (default: a new temporary folder, removed at the end)")
    ap.add_argument("--heap", default=HEAP, help=f"JVM heap per node (default {HEAP})")
    ap.add_argument("--fast-start", action="store_true",
                    help="start on half the CPU by keeping the JIT at its first tier (slower afterwards)")
    args = ap.parse_args(argv)
    tmp = None
    base = args.data
    if base is None:
        tmp = tempfile.mkdtemp(prefix="newsdesk-opensearch-")
        base = Path(tmp)
    cluster = OpenSearchCluster(base, nodes=args.nodes, heap=args.heap, cluster_name="newsdesk",
                                http_ports=[args.http_port + i for i in range(args.nodes)],
                                fast_start=args.fast_start,
                                log=lambda m: print(m, file=sys.stderr, flush=True))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a clean stop on kill, as on Ctrl-C
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored (cmd &)
    try:
        cluster.start()
        print(",".join(cluster.urls), flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    except ClusterError as e:
        print(f"opensearch_cluster: {e}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
