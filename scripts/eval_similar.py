#!/usr/bin/env python3
"""How good "similar coverage" is: on Reuters-21578, the share of the similar articles shown for an
article that share one of its TOPICS labels (precision@5 against the topics), beside the share for
articles picked at random (what chance gives) and for the most-common-topic baseline.

    python scripts/eval_similar.py                 # 400 articles of the reuters set, seed 1
    python scripts/eval_similar.py -n 1000 --seed 2 --set reuters-3000

Uses the relevance harness's collections and cached indexes (scripts/relevance_sets.py) and the
public API: SearchEngine(index).article(id)["similar"]. Copies of the article (its story) are never
among the similar articles, so a copy cannot inflate the figure.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from relevance_sets import prepare, reuters_set  # noqa: E402
from search.engine import SearchEngine  # noqa: E402


def topics_by_key(js) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in js.queries:
        topic = q.label.split("/")[0]
        for key, grade in q.qrels.items():
            if grade > 0:
                out.setdefault(key, set()).add(topic)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="reuters", choices=["reuters", "reuters-3000"])
    ap.add_argument("-n", type=int, default=400, help="articles to look at (default 400)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    js = reuters_set(args.set, limit=3000 if args.set == "reuters-3000" else None)
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare(js, Path(tmp))
    topics = topics_by_key(js)
    key_of = {i: d.key for i, d in prepared.docs.items()}
    labelled = [i for i, k in key_of.items() if topics.get(k)]
    rng = random.Random(args.seed)
    sample = rng.sample(labelled, min(args.n, len(labelled)))
    engine = SearchEngine(prepared.index_dir)
    shown, hits, chance, took = 0, 0, [], []
    for article_id in sample:
        mine = topics[key_of[article_id]]
        started = time.perf_counter()
        similar = engine.article(article_id)["similar"]
        took.append((time.perf_counter() - started) * 1000)
        for s in similar:
            shown += 1
            hits += bool(topics.get(key_of.get(s["id"], ""), set()) & mine)
        others = rng.sample(labelled, 5)
        chance.append(sum(bool(topics[key_of[o]] & mine) for o in others) / 5)
    print(f"{args.set}: {len(sample)} articles, {shown} similar articles shown "
          f"({shown / max(1, len(sample)):.1f} per article)")
    print(f"  share with a topic in common: {hits / max(1, shown):.3f}   (5 random articles: "
          f"{statistics.mean(chance):.3f})")
    print(f"  time per article page's similar list: median {statistics.median(took):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
