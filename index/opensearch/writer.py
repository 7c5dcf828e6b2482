"""Building a Newsdesk index on an OpenSearch cluster: the same runs as the embedded build
(:func:`index.build.build_index`), the same :class:`~index.build.BuildReport`.

Incremental (the default): a file whose fingerprint the index already holds is not read again;
a changed file's articles are written (ids are article ids, so a new version overwrites the old
one), and only then are its articles that are gone deleted: a run that dies between leaves the
file's articles with two fingerprints, and the next run reads it again.

Rebuild: a new article index and side index are written, with no replica and no refresh while
the bulk runs; then replicas are added, the cluster waits for them, and the aliases move from
the old generation to the new one in one ``_aliases`` call (atomic: a search sees the old index
or the new one, never a half-built one). The old indexes are deleted only after that. A rebuild
that reads nothing usable leaves the live index as it was.

Story clusters are computed here, before writing, with :class:`index.stories.StoryClusters`;
their state lives in the side index (:mod:`.side`), so every indexer on any machine continues
from it. Writes go through :class:`.bulk.BulkWriter` (sent again with the same ids while a node is
away). One writer at a time: :mod:`.lock`.

    report = build_opensearch_index(["corpus/"], Target.parse("http://127.0.0.1:9200"), index_body)

``index_body`` is the article index's settings and mappings (``search.opensearch.article_index_body()``):
the analysis and ranking settings belong to search/, which index/ does not import.
"""
from __future__ import annotations

import copy
import tempfile
import time
from pathlib import Path
from typing import Iterable


from ..analysis import index_terms
from ..progress import progress_bar
from ..build import BuildReport, _discover, _jobs, _worker_count
from ..settle import tally_outcomes
from ..readers import Skipped
from ..stories import StoryClusters, StoryStateError
from ..store import IndexLocked
from .bulk import PATIENCE, BulkWriter
from .existing import LiveIndex
from .lock import cluster_lock
from .side import LexiconDelta, load_stories, load_words, save_stories, save_words, side_body, write_last_build
from .spool import SpoolReader, SpooledDoc, document, spool_all
from .target import ClusterUnavailable, Target, short_error

WRITER_FIELDS = {"body_chars": {"type": "integer"}}
GREEN_WAIT = "120s"


def build_opensearch_index(sources: Iterable, target: Target, index_body: dict, rebuild: bool = False,
                           show_progress: bool = False, kind: str | None = None, sniff_unknown: bool = False,
                           workers: int | None = None, prune: bool = False, patience: float = PATIENCE,
                           client=None, source: str | None = None) -> BuildReport:
    """Index every article under ``sources`` into the OpenSearch index ``target``. Bad input is
    reported, never raised; raises :class:`index.store.IndexLocked` when another writer holds the
    index and :class:`.target.ClusterUnavailable` when the cluster cannot take the writes.
    ``source`` is the outlet of every article read in this run that names none."""
    report = BuildReport(index_dir=target.describe())
    found = _discover(sources, report, kind, sniff_unknown)
    report.files = len(found)
    client = client or target.client()
    started = time.monotonic()
    try:
        with cluster_lock(client, target.control, f"the OpenSearch index {target.describe()}") as lease:
            run = _Run(client, target, index_body, report, lease, patience, source)
            run.go(found, rebuild, prune, show_progress, workers)
            report.seconds = time.monotonic() - started
            write_last_build(client, target.side_alias, report.as_dict())
    except (IndexLocked, ClusterUnavailable):
        raise
    except Exception as e:  # noqa: BLE001 - opensearch-py's errors, said in one line
        from opensearchpy.exceptions import OpenSearchException

        if isinstance(e, OpenSearchException):
            raise ClusterUnavailable(target.describe(), short_error(e)) from None
        raise
    report.seconds = time.monotonic() - started
    return report


class _Run:
    def __init__(self, client, target: Target, index_body: dict, report: BuildReport, lease, patience: float,
                 default_source: str | None = None):
        self.client, self.target, self.report, self.lease = client, target, report, lease
        self.index_body, self.patience, self.default_source = index_body, patience, default_source

    # ------------------------------------------------------------------ the run

    def go(self, found, rebuild: bool, prune: bool, show_progress: bool, workers) -> None:
        live = self._aliased(self.target.alias)
        fresh = rebuild or live is None
        self.report.rebuilt = fresh
        if fresh:
            self._remove_stale_generations(live)
            gen = self._create_generation()
            side, existing, clusters = self.target.side_of(gen), None, StoryClusters()
        else:
            gen, side = live, self._aliased(self.target.side_alias) or self._create_side(live)
            existing = LiveIndex(self.client, gen)
            clusters = self._stories(existing, side)
        try:
            with tempfile.TemporaryDirectory(prefix="newsdesk-spool-") as spool_dir:
                jobs = _jobs(found, existing, self.report)
                n = _worker_count(jobs, workers)
                self.report.workers = n
                bar = progress_bar(len(jobs), "reading", "file", show_progress)
                try:
                    shares = spool_all(Path(spool_dir), jobs, n, progress=bar.update,
                                       default_source=self.default_source)
                finally:
                    bar.close()
                winners, changed = self._decide(shares, jobs, existing)
                if prune and existing is not None:
                    changed |= self._prune(existing)
                if not fresh and not (winners or changed):  # nothing to write: nothing changes
                    self.report.total = existing.count()
                    return
                if fresh and not winners:
                    self._drop(gen, side)
                    if live is not None:
                        self.report.total = LiveIndex(self.client, live).count()
                        self.report.notes.append("nothing usable was read: the live index was kept unchanged "
                                                 f"({self.report.total} articles)")
                    return
                self._write(gen, side, fresh, winners, changed, existing, clusters,
                            SpoolReader(Path(spool_dir)), show_progress)
        except BaseException:
            if fresh:
                self._drop(gen, side)
            raise
        if fresh:
            self._go_live(gen, side, live)
        else:
            self.client.indices.refresh(index=f"{gen},{side}", request_timeout=300)
        self.report.total = LiveIndex(self.client, self.target.alias).count()

    # ------------------------------------------------------------------ deciding (as index.settle.settle_shares)

    def _decide(self, shares, jobs, existing: LiveIndex | None) -> tuple[list[SpooledDoc], set[str]]:
        report = self.report
        if existing is None:
            changed = tally_outcomes(shares, jobs, report, lambda key: 0, lambda key: None)
        else:
            changed = tally_outcomes(shares, jobs, report, existing.docs_of_file,
                                     lambda key: existing.docs_of_file(key) if existing.file_hash(key) is not None
                                     else None)
        docs = sorted((d for s in shares for d in s.docs), key=lambda d: d.order)
        rivals = existing.lookup(dict.fromkeys(d.id for d in docs)) if existing is not None else {}
        kept: dict[str, SpooledDoc] = {}
        for d in docs:
            rival = kept.get(d.id)
            if rival is not None:  # read twice in this run
                report.duplicates += 1
                if d.body_chars > rival.body_chars:
                    kept[d.id] = d
                    report.notes.append(f"{d.origin}: the same article as {rival.origin} (same URL), and "
                                        f"fuller: kept this copy")
                else:
                    report.notes.append(f"{d.origin}: the same article as {rival.origin} (same URL); kept the "
                                        f"{'fuller' if d.body_chars < rival.body_chars else 'first'} copy")
                continue
            old = rivals.get(d.id)
            if old is not None and old.get("origin_file") not in changed and old.get("origin_file") != d.key:
                old_chars, where = int(old.get("body_chars") or 0), old.get("origin_file")
                report.duplicates += 1
                if d.body_chars > old_chars:
                    report.replaced += 1
                    report.notes.append(f"{d.origin}: a fuller copy of an indexed article (same URL, from "
                                        f"{where}): replaced it")
                else:
                    report.notes.append(f"{d.origin}: already indexed from {where} (same URL, "
                                        f"{'fuller' if old_chars > d.body_chars else 'same'} text): kept that copy")
                    continue
            kept[d.id] = d
        winners = sorted(kept.values(), key=lambda d: d.order)
        report.indexed = len(winners)
        self.overwritten = [d.id for d in winners if d.id in rivals]
        return winners, changed

    def _prune(self, existing: LiveIndex) -> set[str]:
        import os

        gone = [k for k in existing.files() if k.startswith(os.sep) and not os.path.exists(k)]
        n = sum(existing.docs_of_file(k) for k in gone)
        self.report.pruned = n
        if gone:
            shown = ", ".join(gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
            self.report.notes.append(f"pruned {n} article{'s' if n != 1 else ''} of {len(gone)} file"
                                     f"{'s' if len(gone) != 1 else ''} no longer on disk: {shown}")
        return set(gone)

    # ------------------------------------------------------------------ writing

    def _bulk(self, refresh: bool = False) -> BulkWriter:
        return BulkWriter(self.client, self.target.describe(), patience=self.patience,
                          on_chunk=self.lease.renew, refresh=refresh)

    def _write(self, gen, side, fresh, winners, changed, existing, clusters: StoryClusters, spool: SpoolReader,
               show_progress: bool) -> None:
        lexicon = LexiconDelta()
        new_ids = {d.id for d in winners}
        removed = [i for i in existing.ids_of_files(changed) if i not in new_ids] if existing and changed else []
        if existing is not None:  # the old texts of what is removed or overwritten leave the lexicon
            old = existing.lookup(removed + self.overwritten, fields=("title", "body"))
            for src in old.values():
                words: set = set()
                t = index_terms(src.get("title") or "", words)[1]
                b = index_terms(src.get("body") or "", words)[1]
                lexicon.add(t, b, words, sign=-1)
        relabelled: dict[str, str] = {}
        for doc_id in removed:
            relabelled.update(clusters.remove(doc_id))
        try:
            for d in winners:  # pass 1: the stories, so that every article is written with its final one
                stored, *_, fp = spool.record(d)
                relabelled.update(clusters.add(d.id, None, stored.get("published"), fp=fp).relabelled)
            bulk = self._bulk()
            bar = progress_bar(len(winners), "writing", "article", show_progress)
            origins = {}
            for d in winners:  # pass 2: the articles
                stored, title_terms, body_terms, words, _ = spool.record(d)
                bulk.index(gen, d.id, document(stored, clusters.cluster_of(d.id), d.body_chars))
                lexicon.add(title_terms, body_terms, words)
                origins[d.id] = d.origin
                bar.update(1)
            bar.close()
        finally:
            spool.close()
        for doc_id in removed:
            bulk.delete(gen, doc_id)
        for doc_id in set(relabelled) | getattr(self, "restory", set()):
            if doc_id not in new_ids and doc_id in clusters:
                bulk.update(gen, doc_id, {"cluster": clusters.cluster_of(doc_id)})
        result = bulk.close()
        for doc_id, reason in result.failed:  # refused by OpenSearch (not a passing failure)
            self.report.skipped.append(Skipped(origins.get(doc_id, doc_id), reason))
            self.report.indexed -= doc_id in new_ids
        if result.retried:
            self.report.notes.append(f"{result.retried} writes were sent again after a passing failure "
                                     f"(waited {result.seconds_waiting:.0f} s)")
        side_bulk = self._bulk()
        lexicon.write(self.client, side_bulk, side, fresh)
        side_bulk.flush()
        words = {} if fresh else load_words(self.client, side)
        save_words(lexicon.apply_words(words), self.client, side_bulk, side)
        save_stories(clusters, self.client, side_bulk, side)
        side_result = side_bulk.close()
        if side_result.failed:
            doc_id, reason = side_result.failed[0]
            self.report.notes.append(f"{len(side_result.failed)} lexicon entries could not be written "
                                     f"(first {doc_id}: {reason}); prefix* searches may miss their words")
        assignments = clusters.assignments()
        self.report.stories = len(set(assignments.values()))
        self.report.copies = len(assignments) - self.report.stories

    def _stories(self, existing: LiveIndex, side: str) -> StoryClusters:
        """The saved story clusters, brought in step with the index: articles an interrupted run
        wrote without saving the clusters are added, ones it deleted are taken out (their stories'
        ids written again at the end of the run); all recomputed when the state cannot be used."""
        self.restory: set[str] = set()
        try:
            clusters = load_stories(self.client, side)
        except StoryStateError as e:
            clusters = StoryClusters()
            if existing.count():
                self.report.notes.append(f"story clusters recomputed from the index ({type(e).__name__})")
        if len(clusters) == existing.count():
            return clusters
        live = {h["_id"] for h in existing.scan({"match_all": {}}, source=False)}
        known = set(clusters.assignments())
        for extra in known - live:
            self.restory.update(clusters.remove(extra))
        missing = sorted(live - known)
        for i in range(0, len(missing), 1000):
            for hit in existing.scan({"ids": {"values": missing[i:i + 1000]}}, source=("body", "published")):
                src = hit["_source"]
                self.restory.update(clusters.add(hit["_id"], src.get("body") or "", src.get("published")).relabelled)
        self.restory.update(missing)
        if known and (missing or known - live):
            self.report.notes.append(f"story clusters: {len(missing)} articles added and {len(known - live)} "
                                     "taken out that an interrupted run had left out of step")
        return clusters

    # ------------------------------------------------------------------ generations and aliases

    def _aliased(self, alias: str) -> str | None:
        from opensearchpy.exceptions import NotFoundError

        try:
            found = self.client.indices.get_alias(name=alias, request_timeout=60)
        except NotFoundError:
            if self.client.indices.exists(index=alias, request_timeout=60):
                raise ClusterUnavailable(self.target.describe(), f"an index named {alias!r} that is not "
                                         "Newsdesk's is in the way; give --backend another index name") from None
            return None
        return sorted(found)[-1] if found else None

    def _create_generation(self) -> str:
        gen = self.target.new_generation()
        body = copy.deepcopy(self.index_body)
        body["mappings"]["properties"].update(WRITER_FIELDS)
        settings = body["settings"].setdefault("index", {})
        self.replicas = settings.get("number_of_replicas", 1)
        settings.update(number_of_replicas=0, refresh_interval="-1")
        self.client.indices.create(index=gen, body=body, request_timeout=120)
        self.client.indices.create(index=self.target.side_of(gen), body=side_body(), request_timeout=120)
        return gen

    def _create_side(self, gen: str) -> str:
        side = self.target.side_of(gen)
        self.client.indices.create(index=side, body=side_body(), request_timeout=120)
        self.client.indices.update_aliases(body={"actions": [{"add": {"index": side, "alias": self.target.side_alias}}]})
        self.report.notes.append("the side index (lexicon, story clusters) was missing: made a new one; "
                                 "prefix* searches and suggestions know only the articles added from now on "
                                 "until a --rebuild")
        return side

    def _go_live(self, gen: str, side: str, live: str | None) -> None:
        self.client.indices.put_settings(index=gen, body={"index": {"number_of_replicas": self.replicas,
                                                                    "refresh_interval": None}},
                                         request_timeout=120)
        self.client.indices.refresh(index=f"{gen},{side}", request_timeout=300)
        health = self.client.cluster.health(index=f"{gen},{side}", wait_for_status="green", timeout=GREEN_WAIT,
                                            request_timeout=180)
        if health.get("timed_out"):
            self.report.notes.append(f"the new index's replicas were not all active after {GREEN_WAIT} "
                                     f"(cluster {health.get('status')}); it went live anyway")
        actions = [{"add": {"index": gen, "alias": self.target.alias}},
                   {"add": {"index": side, "alias": self.target.side_alias}}]
        old_side = self._aliased(self.target.side_alias)
        if live:
            actions.append({"remove": {"index": live, "alias": self.target.alias}})
        if old_side:
            actions.append({"remove": {"index": old_side, "alias": self.target.side_alias}})
        self.client.indices.update_aliases(body={"actions": actions}, request_timeout=120)
        for old in (live, old_side):  # only once the aliases point at the new generation
            if old:
                self._delete(old)

    def _remove_stale_generations(self, live: str | None) -> None:
        """Indexes of rebuilds that died before their swap (under the lock, nothing else writes them)."""
        keep = {live, self.target.side_of(live) if live else None, self._aliased(self.target.side_alias)}
        for name in self.client.indices.get(index=f"{self.target.name}-*", request_timeout=60):
            if self.target.is_generation(name) and name not in keep:
                self._delete(name)

    def _drop(self, gen: str, side: str) -> None:
        for name in (gen, side):
            self._delete(name)

    def _delete(self, name: str) -> None:
        try:
            self.client.indices.delete(index=name, ignore_unavailable=True, request_timeout=120)
        except Exception:  # noqa: BLE001 - best effort; the next rebuild removes it
            pass
