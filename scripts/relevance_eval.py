#!/usr/bin/env python3
"""Relevance evaluation on Reuters-21578 topic queries (judgements = the TOPICS labels).

Converts the collection (scripts/reuters_to_jsonl.py --topics-only), indexes it, runs every
query of tests/relevance/reuters_topics.json and prints P@10, nDCG@10 and MAP@100 per query and
on average, for AND and OR as the default operator (or one of them with --operator).

    python scripts/relevance_eval.py                       # full topics-only set (10,377 articles)
    python scripts/relevance_eval.py --limit 3000          # the subset the test suite pins
    python scripts/relevance_eval.py --json                # machine-readable

Expected scores are pinned in tests/relevance/expected.json and checked by
tests/test_relevance.py, which reproduces the --limit run.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import reuters_to_jsonl  # noqa: E402

from index.build import build_index  # noqa: E402
from search.engine import SearchEngine, SearchRequest  # noqa: E402

TOPICS = REPO / "tests" / "relevance" / "reuters_topics.json"
DEFAULT_COLLECTION = REPO.parent / "shared" / "corpora" / "reuters21578"
DEPTH = 100


def write_collection(src: Path, out: Path, limit: int | None) -> list[list[str]]:
    """Write the topics-only JSONL; return the topics of each line (line n → index n-1)."""
    stats = {"records": 0, "no_body": 0}
    topics = []
    with open(out, "w", encoding="utf-8") as f:
        for art in reuters_to_jsonl.read_records(reuters_to_jsonl.input_files([str(src)]), stats):
            if not art["topics"]:
                continue
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
            topics.append(art["topics"])
            if limit and len(topics) >= limit:
                break
    return topics


def precision_at(rels: list[int], k: int) -> float:
    return sum(rels[:k]) / k


def ndcg_at(rels: list[int], k: int, n_relevant: int) -> float:
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rels[:k]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, n_relevant)))
    return dcg / ideal if ideal else 0.0


def average_precision(rels: list[int], n_relevant: int, depth: int = DEPTH) -> float:
    hits, total = 0, 0.0
    for i, r in enumerate(rels[:depth]):
        if r:
            hits += 1
            total += hits / (i + 1)
    return total / min(n_relevant, depth) if n_relevant else 0.0


def evaluate(index_dir: Path, line_topics: list[list[str]], queries: list[dict], operator: str) -> dict:
    engine = SearchEngine(index_dir, default_operator=operator)
    per_query = {}
    for q in queries:
        n_rel = sum(1 for t in line_topics if q["topic"] in t)
        if not n_rel:
            continue
        rels = []
        for row in engine.export(SearchRequest(q=q["query"], group=False)):
            line = int(engine.article(row["id"])["origin"].rsplit("#", 1)[1])
            rels.append(1 if q["topic"] in line_topics[line - 1] else 0)
            if len(rels) >= DEPTH:
                break
        per_query[q["id"]] = {"query": q["query"], "relevant": n_rel,
                              "p@10": precision_at(rels, 10), "ndcg@10": ndcg_at(rels, 10, n_rel),
                              "map@100": average_precision(rels, n_rel)}
    means = {m: sum(v[m] for v in per_query.values()) / len(per_query) for m in ("p@10", "ndcg@10", "map@100")}
    return {"operator": operator, "queries": len(per_query), "mean": means, "per_query": per_query}


def run(collection: Path, limit: int | None, operators: list[str], index_dir: Path | None = None) -> dict:
    queries = json.loads(TOPICS.read_text())["queries"]
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "reuters.jsonl"
        line_topics = write_collection(collection, jsonl, limit)
        ix = index_dir or Path(tmp) / "index"
        build_index([jsonl], ix, rebuild=True)
        return {"documents": len(line_topics), "limit": limit,
                "runs": {op: evaluate(ix, line_topics, queries, op) for op in operators}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--collection", type=Path, default=DEFAULT_COLLECTION, help="folder of reut2-*.sgm files")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N topic-labelled articles")
    ap.add_argument("--operator", choices=["AND", "OR"], action="append",
                    help="default operator(s) to evaluate (default: both)")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = ap.parse_args(argv)
    result = run(args.collection, args.limit, args.operator or ["AND", "OR"])
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Reuters-21578 topics, {result['documents']} articles")
    for op, r in result["runs"].items():
        m = r["mean"]
        print(f"\ndefault operator {op}: mean P@10 {m['p@10']:.3f}  nDCG@10 {m['ndcg@10']:.3f}  "
              f"MAP@100 {m['map@100']:.3f}  over {r['queries']} queries")
        for qid, v in r["per_query"].items():
            print(f"  {qid:<13} {v['query']:<26} rel {v['relevant']:>5}  P@10 {v['p@10']:.2f}  "
                  f"nDCG@10 {v['ndcg@10']:.3f}  MAP@100 {v['map@100']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
