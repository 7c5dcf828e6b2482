"""Losing a node with searches and indexing under way: a real ``newsdesk serve --backend`` process
answers searches over HTTP while the node that does not vote is killed with SIGKILL, an index run
is going on, and the node comes back. Every answer is a 200 with every hit, or a 503 with a
message (a short blip), never a 500; the run finishes, indexing works after the node returns, and
every article an index run reported written is on both nodes.
"""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import urlencode

from index.opensearch.bulk import BulkWriter
from tests.opensearch_cluster import REPO, http_json

WORDS = ("harbour ledger council budget rail freight canal orchard vineyard turbine glacier river valley "
         "ministry tariff import export ferry island school museum festival drought harvest mortgage "
         "pension clinic vaccine satellite rocket copper nickel cobalt lithium bond yield currency "
         "election senate mayor court verdict strike union wage factory shipyard airline airport").split()


def write_batch(path, n: int, seed: int, marker: str) -> int:
    """``n`` articles of made-up sentences (distinct texts: each its own story), every one holding ``marker``."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            body = " ".join(f"{' '.join(rng.choice(WORDS) for _ in range(12))}." for _ in range(6))
            f.write(json.dumps({"title": f"{marker} report {seed}-{i}", "body": f"{marker} {body}",
                                "source": rng.choice(["Harbour Ledger", "Valley Courier", "Northgate Post"]),
                                "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00",
                                "url": f"https://nodeloss.example.org/{seed}/{i}"}) + "\n")
    return n


class Serve:
    def __init__(self, backend: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "newsdesk.cli", "serve", "--backend", backend,
                                      "--port", "0", "--threads", "8"], cwd=REPO, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.url = None
        for line in self.proc.stdout:
            m = re.search(r"running at (http://\S+/)", line)
            if m:
                self.url = m.group(1).rstrip("/")
                break
        assert self.url, "newsdesk serve did not start"
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


def get(url: str) -> tuple[int, dict | None]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read())
        except ValueError:
            return e.code, None
    except OSError:
        return 0, None


def index_run(backend: str, source, rebuild: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsdesk.cli", "index", str(source), "--backend", backend,
                             "--json", *(["--rebuild"] if rebuild else [])],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


DURING = 3000


def count(url: str) -> int:
    code, body = http_json(f"{url}/nodeloss/_count", timeout=5)
    return body["count"] if code == 200 else -1


def test_losing_the_node_that_does_not_vote(opensearch_cluster, tmp_path):
    cluster = opensearch_cluster
    backend = ",".join(cluster.urls) + "/nodeloss"
    first, during, after = tmp_path / "first.jsonl", tmp_path / "during.jsonl", tmp_path / "after.jsonl"
    expected = write_batch(first, 400, 1, "quartz")
    run = index_run(backend, first, rebuild=True)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    acknowledged = json.loads(out)["indexed"]
    write_batch(during, DURING, 2, "basalt")
    write_batch(after, 200, 3, "granite")

    server = Serve(backend)
    statuses: Counter = Counter()
    problems: list[str] = []
    stop = threading.Event()
    # (only the first batch holds "quartz": these totals must not move while more is indexed)
    queries = [{"q": "quartz"}, {"q": "quartz", "group": "0"}, {"q": "quartz", "sort": "newest", "page": "3"},
               {"q": "quartz", "source": "Valley Courier"}, {"q": "quartz -canal"}, {"q": '"quartz report"'},
               {"q": "title:quartz", "per_page": "50"}]
    full = {json.dumps(q): get(f"{server.url}/api/search?{urlencode(q)}")[1]["total"] for q in queries}

    def search_forever(k: int):
        while not stop.is_set():
            q = queries[k % len(queries)]
            k += 1
            status, body = get(f"{server.url}/api/search?{urlencode(q)}")
            statuses[status] += 1
            if status == 200 and body["total"] != full[json.dumps(q)]:
                problems.append(f"{q}: {body['total']} hits, not {full[json.dumps(q)]}")
            elif status == 503 and not (body and body.get("error")):
                problems.append("a 503 without a message")
            elif status not in (200, 503):
                problems.append(f"HTTP {status}: {body}")

    threads = [threading.Thread(target=search_forever, args=(k,)) for k in range(4)]
    killed = None
    try:
        for t in threads:
            t.start()
        time.sleep(2)
        manager = cluster.cluster_manager()
        killed = 1 - [n.name for n in cluster.nodes].index(manager)  # the node that does not vote
        indexing = index_run(backend, during)
        deadline = time.monotonic() + 120
        while count(cluster.urls[1 - killed]) <= expected and time.monotonic() < deadline:
            time.sleep(0.05)  # kill once the run's bulk writes are landing
        before_kill = sum(statuses.values())
        cluster.kill(killed)  # SIGKILL
        out, err = indexing.communicate(timeout=600)
        searched_while_down = sum(statuses.values()) - before_kill
        assert indexing.returncode == 0, err  # the run went on through the loss
        report = json.loads(out)
        acknowledged += report["indexed"]
        time.sleep(1)
        cluster.restart(killed)
        killed = None
        cluster.wait_for_health("green", timeout=180)
        time.sleep(1)
    finally:
        stop.set()
        for t in threads:
            t.join()
        server.stop()
        if killed is not None:
            cluster.restart(killed)
    late = index_run(backend, after)  # indexing works with both nodes back
    out, err = late.communicate(timeout=300)
    assert late.returncode == 0, err
    acknowledged += json.loads(out)["indexed"]
    cluster.wait_for_health("green", timeout=180)

    print(f"node loss: {dict(statuses)} answers ({searched_while_down} from the kill until the run ended); "
          f"index run during the loss: {report['indexed']} written, notes {report['notes']}")
    assert problems == []
    assert statuses[200] > 50 and statuses[503] <= max(3, statuses[200] // 20)
    assert set(statuses) <= {200, 503}
    assert acknowledged == expected + DURING + 200
    for node in cluster.nodes:  # every copy on every node holds every acknowledged article
        code, body = http_json(f"{node.url}/nodeloss/_count?preference=_local")
        assert code == 200 and body["count"] == acknowledged, node.name


def test_writes_wait_for_a_shard_whose_only_node_is_away(opensearch_cluster, opensearch_client):
    """The only copy of a shard is on the node that went away: writes to it fail (503) until it
    returns; the writer sends them again, with the same ids, and they land once it is back."""
    cluster, client = opensearch_cluster, opensearch_client
    manager = cluster.cluster_manager()
    away = 1 - [n.name for n in cluster.nodes].index(manager)
    client.indices.create(index="bulk-retry", body={"settings": {"index": {
        "number_of_shards": 1, "number_of_replicas": 0,
        "routing.allocation.require._name": cluster.nodes[away].name}}})
    cluster.wait_for_health("green")
    writer = BulkWriter(client, "the test cluster", patience=120, shard_wait="1s")
    done: dict = {}
    cluster.kill(away)
    try:
        def write():
            for i in range(5):
                writer.index("bulk-retry", f"a{i}", {"n": i})
            done["result"] = writer.close()

        t = threading.Thread(target=write)
        t.start()
        time.sleep(4)
        assert t.is_alive()  # still trying: nothing can land while the shard is away
    finally:
        cluster.restart(away)
    t.join(150)
    result = done["result"]
    assert (result.written, result.failed) == (5, []) and result.retried >= 5
    client.indices.refresh(index="bulk-retry")
    assert client.count(index="bulk-retry")["count"] == 5
    client.indices.delete(index="bulk-retry")
    cluster.wait_for_health("green", timeout=120)
