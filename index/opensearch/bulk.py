"""Bulk writes that survive a node going away: actions are sent in chunks, and every item that
fails for a passing reason (a node lost, a shard with no active copy yet, 429) is sent again
with the same id after a pause, until it lands or the patience runs out.

Sending again is safe because every write names its document: an article's id is its document
id, so a write the cluster applied without acknowledging it (the node died before answering)
is simply overwritten by the same content. Nothing is reported written that was not
acknowledged.

    writer = BulkWriter(client, "http://127.0.0.1:9200 (index newsdesk)")
    writer.index("newsdesk-...", "a1", {"id": "a1", "title": "..."})
    writer.delete("newsdesk-...", "old")
    result = writer.close()      # result.written, result.failed [(id, reason)]
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from .target import PASSING_STATUS, ClusterUnavailable, passing, passing_error, short_error

CHUNK_ACTIONS = 500
CHUNK_BYTES = 8 * 1024 * 1024
PATIENCE = 180.0  # seconds a passing failure is retried before the run gives up
SHARD_WAIT = "30s"  # how long OpenSearch waits for a shard with no active primary before answering 503


@dataclass
class BulkResult:
    written: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)
    retried: int = 0        # items sent more than once
    seconds_waiting: float = 0.0


@dataclass
class _Action:
    lines: str              # the bulk body's lines for this action (ending in a newline)
    doc_id: str
    missing_ok: bool = False  # a delete or update of a document that is gone counts as done


class BulkWriter:
    """Buffers write actions and sends them in chunks (see the module docstring). ``on_chunk``
    is called after every chunk that landed (the writer renews its lock there)."""

    def __init__(self, client, where: str, chunk_actions: int = CHUNK_ACTIONS, chunk_bytes: int = CHUNK_BYTES,
                 patience: float = PATIENCE, on_chunk=None, refresh: bool = False, shard_wait: str = SHARD_WAIT):
        self.client, self.where, self.shard_wait = client, where, shard_wait
        self.chunk_actions, self.chunk_bytes, self.patience = chunk_actions, chunk_bytes, patience
        self.on_chunk = on_chunk
        self.refresh = refresh
        self.result = BulkResult()
        self._buffer: list[_Action] = []
        self._bytes = 0

    # ------------------------------------------------------------------ actions

    def index(self, index: str, doc_id: str, doc: dict) -> None:
        self._add(_Action(_line({"index": {"_index": index, "_id": doc_id}}) + _line(doc), doc_id))

    def update(self, index: str, doc_id: str, partial: dict, missing_ok: bool = True) -> None:
        """Change some fields of a document; one that is gone is not an error."""
        self._add(_Action(_line({"update": {"_index": index, "_id": doc_id, "retry_on_conflict": 5}})
                          + _line({"doc": partial}), doc_id, missing_ok))

    def delete(self, index: str, doc_id: str) -> None:
        self._add(_Action(_line({"delete": {"_index": index, "_id": doc_id}}), doc_id, True))

    def _add(self, action: _Action) -> None:
        self._buffer.append(action)
        self._bytes += len(action.lines)
        if len(self._buffer) >= self.chunk_actions or self._bytes >= self.chunk_bytes:
            self.flush()

    # ------------------------------------------------------------------ sending

    def flush(self) -> None:
        pending, self._buffer, self._bytes = self._buffer, [], 0
        if pending:
            self._send(pending)
            if self.on_chunk is not None:
                self.on_chunk()

    def close(self) -> BulkResult:
        self.flush()
        return self.result

    def _send(self, pending: list[_Action]) -> None:
        deadline = time.monotonic() + self.patience
        delay = 0.5
        first = True
        while pending:
            if not first:
                if time.monotonic() + delay > deadline:
                    raise ClusterUnavailable(self.where, f"{len(pending)} writes still failing after "
                                                         f"{self.patience:.0f} s: {self._last_reason}")
                time.sleep(delay)
                self.result.seconds_waiting += delay
                self.result.retried += len(pending)
                delay = min(delay * 2, 8.0)
            first = False
            body = "".join(a.lines for a in pending)
            try:
                params = {"timeout": self.shard_wait, **({"refresh": "true"} if self.refresh else {})}
                resp = self.client.bulk(body=body, request_timeout=120, params=params)
            except Exception as e:  # noqa: BLE001 - sorted below
                if not passing(e):
                    raise ClusterUnavailable(self.where, short_error(e)) from None
                self._last_reason = short_error(e)
                continue
            retry = []
            for action, item in zip(pending, resp.get("items", [])):
                (op, info), = item.items()
                status = int(info.get("status", 0) or 0)
                if status < 300 or (status == 404 and action.missing_ok):
                    self.result.written += 1
                    continue
                reason = _reason(info.get("error"))
                if status in PASSING_STATUS or status >= 500 or passing_error(reason):
                    self._last_reason = f"HTTP {status} {reason}"
                    retry.append(action)
                else:
                    self.result.failed.append((action.doc_id, f"OpenSearch refused it: {reason}"))
            pending = retry

    _last_reason = ""


def _line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def _reason(error) -> str:
    """An item's error as one short line: its type and reason.

    >>> _reason({"type": "mapper_parsing_exception", "reason": "failed to parse field [published]"})
    'mapper_parsing_exception: failed to parse field [published]'
    """
    if isinstance(error, dict):
        text = f"{error.get('type', '')}: {error.get('reason', '')}"
        cause = error.get("caused_by")
        if isinstance(cause, dict) and cause.get("reason"):
            text += f" ({cause.get('reason')})"
        return text[:300]
    return str(error)[:300]
