#!/usr/bin/env python3
"""The judged query sets of the relevance harness: their collections, queries and judgements.

Each set names a collection, writes or locates its articles, indexes them (once: the index is
cached under ``data/relevance-cache/`` and rebuilt whenever the articles or the code in ``index/``
change), and maps every indexed article back to the key its judgements use, through the article's
``origin``. Judgement files live in ``tests/relevance/``.

    python scripts/relevance_sets.py                      # list the sets, their sizes and queries
    python scripts/relevance_sets.py --export /tmp/sets   # collections as JSONL + TREC qrels/topics

| set            | collection                                                          | judged by          |
|----------------|---------------------------------------------------------------------|--------------------|
| reuters        | Reuters-21578 stories with a body and at least one topic (10,377)   | TOPICS labels      |
| reuters-3000   | the first 3,000 of those (for CI)                                   | TOPICS labels      |
| reuters-judged | stories with a body the indexers reviewed, TOPICS="YES" (12,344)    | TOPICS labels      |
| bbc            | BBC News 2004-2005, five folders (2,225)                            | folder = category  |
| seeds          | the five seed pages                                                 | graded by hand 0-3 |
| samples        | samples/corpus (38 articles)                                        | graded by hand 0-3 |
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import reuters_to_jsonl  # noqa: E402
from benchlib import headline_page  # noqa: E402
from relevance_metrics import query_kind  # noqa: E402

SHARED = Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared"))
JUDGED = REPO / "tests" / "relevance"
DEFAULT_CACHE = REPO / "data" / "relevance-cache"
SPLITS = ("tune", "report")


@dataclass
class Query:
    """One judged query: ``qrels`` maps a document key to its grade (unlisted = 0)."""

    id: str
    q: str
    split: str
    label: str
    qrels: dict[str, int]

    @property
    def kind(self) -> str:
        return query_kind(self.q)


@dataclass
class JudgedSet:
    """A collection and its judged queries. ``write(workdir)`` returns the sources to index and a
    function from an article's origin to its document key; ``keys`` lists every document of the
    collection (indexed or not), so that the count of relevant documents never depends on the indexer."""

    name: str
    title: str
    queries: list[Query]
    keys: list[str]
    write: Callable[[Path], tuple[list[Path], Callable[[str], str | None]]]
    ci: bool = False
    hand_judged: bool = False
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- collections

def reuters_stories(collection: Path, which: str):
    """(newid key, article, topics) for the Reuters-21578 stories with a body.

    ``which`` is ``labelled`` (at least one TOPICS label) or ``judged`` (TOPICS="YES": the indexers
    reviewed the story, maybe finding no topic)."""
    for path in reuters_to_jsonl.input_files([str(collection)]):
        data = path.read_bytes().decode("latin-1")
        for m in reuters_to_jsonl.RECORD_RE.finditer(data):
            art = reuters_to_jsonl.parse_record(m.group(1), m.group(2))
            if art is None:
                continue
            reviewed = dict(reuters_to_jsonl.ATTR_RE.findall(m.group(1))).get("TOPICS") == "YES"
            if (which == "labelled" and art["topics"]) or (which == "judged" and reviewed):
                yield f"newid:{art['newid']}", art, art["topics"]


def bbc_articles(root: Path):
    """(key 'category/file', article) for every BBC article: first line the headline, then the body
    (:func:`benchlib.headline_page`)."""
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.txt")):
            title, body = headline_page(path)
            yield f"{folder.name}/{path.name}", {"title": title, "body": body, "source": "BBC News"}


def _jsonl_writer(name: str, records: list[tuple[str, dict]]):
    """A ``write`` for a set whose articles the harness writes as one JSONL file (key = line)."""
    keys = [k for k, _ in records]

    def write(workdir: Path):
        path = workdir / f"{name}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for _, art in records:
                f.write(json.dumps(art, ensure_ascii=False) + "\n")

        def key(origin: str) -> str | None:
            file, _, line = origin.rpartition("#")
            return keys[int(line) - 1] if line.isdigit() and Path(file).name == path.name else None
        return [path], key
    return write


def _folder_writer(root: Path):
    """A ``write`` for a set indexed straight from a folder (key = path under it, '#N' for JSONL lines)."""
    root = root.resolve()

    def write(workdir: Path):
        def key(origin: str) -> str | None:
            file, sep, line = origin.rpartition("#")
            path, suffix = (file, sep + line) if sep and line.isdigit() else (origin, "")
            try:
                return Path(path).resolve().relative_to(root).as_posix() + suffix
            except ValueError:
                return None
        return [root], key
    return write


def _shared_path(text: str) -> Path:
    """A path written relative to the repository; '../shared/...' follows $NEWSDESK_SHARED."""
    return SHARED / text[len("../shared/"):] if text.startswith("../shared/") else REPO / text


# ---------------------------------------------------------------- sets

def reuters_set(name: str = "reuters", limit: int | None = None, which: str = "labelled",
                collection: Path | None = None) -> JudgedSet:
    collection = collection or SHARED / "corpora" / "reuters21578"
    spec = json.loads((JUDGED / "reuters_queries.json").read_text(encoding="utf-8"))
    records, labels = [], {}
    for key, art, topics in reuters_stories(collection, which):
        records.append((key, art))
        labels[key] = topics
        if limit and len(records) >= limit:
            break
    queries, notes = [], []
    for t in spec["topics"]:
        qrels = {k: 1 for k, topics in labels.items() if t["topic"] in topics}
        expected = t.get("relevant", {}).get(name)
        if expected is not None and expected != len(qrels):
            raise SystemExit(f"{name}: topic {t['topic']} has {len(qrels)} relevant stories in "
                             f"{collection}, the judged set says {expected}: the collection differs")
        if not qrels:
            notes.append(f"topic {t['topic']} has no relevant story here; its queries are left out")
            continue
        queries += [Query(f"{t['topic']}/{q}", q, t["split"], t["topic"], qrels) for q in t["queries"]]
    what = {"labelled": "with a body and at least one topic",
            "judged": 'with a body, reviewed for topics (TOPICS="YES")'}[which]
    title = f"Reuters-21578 stories {what}" + (f", the first {limit:,}" if limit else "")
    return JudgedSet(name, title, queries, list(labels), _jsonl_writer(name, records),
                     ci=name == "reuters-3000", notes=notes)


def bbc_set(root: Path | None = None) -> JudgedSet:
    root = root or SHARED / "corpora" / "bbc"
    spec = json.loads((JUDGED / "bbc_queries.json").read_text(encoding="utf-8"))
    records = list(bbc_articles(root))
    queries = []
    for c in spec["categories"]:
        qrels = {k: 1 for k, _ in records if k.split("/", 1)[0] == c["category"]}
        queries += [Query(f"{c['category']}/{q['q']}", q["q"], q["split"], c["category"], qrels)
                    for q in c["queries"]]
    return JudgedSet("bbc", "BBC News 2004-2005, judged by category folder", queries,
                     [k for k, _ in records], _jsonl_writer("bbc", records), ci=True)


def graded_set(name: str, title: str) -> JudgedSet:
    spec = json.loads((JUDGED / f"{name}_qrels.json").read_text(encoding="utf-8"))
    root = _shared_path(spec["root"])
    queries = [Query(f"{name}/{q['q']}", q["q"], q["split"], "graded", dict(q["grades"]))
               for q in spec["queries"]]
    keys = sorted({k for q in queries for k in q.qrels})  # the judged ones; others come from the index
    return JudgedSet(name, title, queries, keys, _folder_writer(root), ci=True, hand_judged=True)


SETS: dict[str, Callable[[], JudgedSet]] = {
    "reuters": lambda: reuters_set("reuters"),
    "reuters-3000": lambda: reuters_set("reuters-3000", limit=3000),
    "reuters-judged": lambda: reuters_set("reuters-judged", which="judged"),
    "bbc": bbc_set,
    "seeds": lambda: graded_set("seeds", "the five seed pages, graded by hand"),
    "samples": lambda: graded_set("samples", "samples/corpus, graded by hand"),
}
CI_SETS = ("reuters-3000", "bbc", "seeds", "samples")
DEFAULT_SETS = ("reuters", "bbc", "seeds", "samples")


# ---------------------------------------------------------------- indexing

@dataclass
class Doc:
    key: str
    title: str
    body: str


@dataclass
class PreparedSet:
    """A set with its index built: ``docs`` maps engine id → :class:`Doc`."""

    set: JudgedSet
    index_dir: Path
    docs: dict[str, Doc]
    build_seconds: float
    reused: bool


def _fingerprint(sources: list[Path]) -> str:
    """Hash of the articles to index and of everything in index/ (code and fitted weights)."""
    import whoosh

    h = hashlib.sha1(f"whoosh {whoosh.versionstring()}".encode())
    for p in sorted(REPO.joinpath("index").rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(REPO).as_posix().encode() + p.read_bytes())
    for src in sources:
        files = sorted(f for f in src.rglob("*") if f.is_file()) if src.is_dir() else [src]
        for f in files:
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def newsdesk(argv: list[str]) -> str:
    """Run a ``newsdesk`` command in-process (its documented contract, not index/ internals) and
    return what it printed; stop with its error output when it fails."""
    from newsdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 2
    if code:
        raise SystemExit(f"`newsdesk {' '.join(map(str, argv))}` failed ({code}): {err.getvalue()[-2000:]}")
    return out.getvalue()


def prepare(js: JudgedSet, workdir: Path, cache: Path | None = DEFAULT_CACHE) -> PreparedSet:
    """Write the set's articles, read them with ``newsdesk extract --json`` (the records exactly as
    the indexer stores them: id, origin, title, body) and index them with ``newsdesk index
    --rebuild``; or reuse the cached result for the same articles and index/ code."""
    sources, key_of = js.write(workdir)
    started = time.perf_counter()
    target = workdir / js.name if cache is None else cache / f"{js.name}-{_fingerprint(sources)}"
    listing = target / "documents.jsonl"
    reused = listing.exists()
    if not reused:
        if cache is not None:
            for old in cache.glob(f"{js.name}-*"):
                shutil.rmtree(old, ignore_errors=True)
        target.mkdir(parents=True, exist_ok=True)
        records, seen = [], set()
        for line in newsdesk(["extract", *sources, "--json"]).splitlines():
            r = json.loads(line)
            if r["id"] not in seen:  # the indexer keeps the first of a repeated id
                seen.add(r["id"])
                records.append({k: r.get(k) or "" for k in ("id", "origin", "title", "body")})
        newsdesk(["index", *sources, "--index", target / "index", "--rebuild", "--json"])
        tmp = listing.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        tmp.replace(listing)  # written last: its presence means the cached index is complete
    docs = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        key = key_of(r["origin"])
        if key is None:
            raise SystemExit(f"{js.name}: cannot map origin {r['origin']!r} to a judged document")
        docs[r["id"]] = Doc(key, r["title"], r["body"])
    seconds = time.perf_counter() - started
    missing = sorted({k for q in js.queries for k, g in q.qrels.items() if g > 0}
                     - {d.key for d in docs.values()})
    if missing and js.hand_judged:
        raise SystemExit(f"{js.name}: judged documents missing from the index: {', '.join(missing)}")
    if missing:
        js.notes.append(f"{len(missing)} relevant documents were not indexed (a miss for every system)")
    return PreparedSet(js, target / "index", docs, seconds, reused)


# ---------------------------------------------------------------- command line

def export(js: JudgedSet, out: Path) -> None:
    """Write TREC qrels, a topics TSV and (for the sets the harness writes as JSONL) the collection
    exactly as indexed, for other tools (trec_eval, Pyserini)."""
    sources, _ = js.write(out)
    with open(out / f"{js.name}.qrels", "w", encoding="utf-8") as f:
        for i, q in enumerate(js.queries, 1):
            for key, grade in sorted(q.qrels.items()):
                f.write(f"{i} 0 {key} {grade}\n")
    with open(out / f"{js.name}.topics.tsv", "w", encoding="utf-8") as f:
        for i, q in enumerate(js.queries, 1):
            f.write(f"{i}\t{q.q}\t{q.split}\t{q.kind}\t{q.label}\n")
    print(f"{js.name}: {', '.join(str(s) for s in sources)}, {out / (js.name + '.qrels')}, "
          f"{out / (js.name + '.topics.tsv')}")


def describe(js: JudgedSet) -> str:
    n = {s: sum(q.split == s for q in js.queries) for s in SPLITS}
    kinds = {}
    for q in js.queries:
        kinds[q.kind] = kinds.get(q.kind, 0) + 1
    size = "judged by hand" if js.hand_judged else f"{len(js.keys):,} articles"
    return (f"{js.name:<15} {size:<17} {len(js.queries):>3} queries (tune {n['tune']}, report {n['report']}; "
            + ", ".join(f"{v} of {k}" for k, v in sorted(kinds.items())) + f")  {js.title}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", choices=list(SETS), help="only these sets (default: all)")
    ap.add_argument("--export", type=Path, metavar="DIR",
                    help="write each set's collection, TREC qrels (query number, 0, key, grade) and topics")
    args = ap.parse_args(argv)
    for name in args.set or list(SETS):
        js = SETS[name]()
        print(describe(js))
        for note in js.notes:
            print(f"  note: {note}")
        if args.export:
            args.export.mkdir(parents=True, exist_ok=True)
            export(js, args.export)
    return 0


if __name__ == "__main__":
    sys.exit(main())
