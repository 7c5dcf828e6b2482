#!/usr/bin/env python3
"""Make a large synthetic news corpus (JSON Lines) from Reuters-21578's real sentences.

Each article is assembled from sentences of Reuters stories that share a topic (``crude``,
``grain``, ``money-fx``...), so the vocabulary and the co-occurrence of words are real: its headline
is one story's headline with a twist, its body 7–15 sentences (about 1.9 KB), two thirds drawn from
the topic's stories and a third from the whole collection, so that two articles seldom share more
than a sentence or two (story clusters find few copies among them, as among real articles), with
an outlet from a list of twenty and a date spread over 1986–1988. Deterministic for a seed.

    python scripts/make_large_corpus.py -n 100000 -o /tmp/news100k.jsonl
    python scripts/make_large_corpus.py -n 10000 -o /tmp/news10k.jsonl --seed 2

Used by the 100,000-article measurements of docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuters_to_jsonl import read_records  # noqa: E402

DEFAULT_REUTERS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578"
OUTLETS = ["Harbor View Times", "Meridian Post", "Signal Street Journal", "Northfield Gazette",
           "Capitol Brief", "Lowlands Courier", "Prairie Courier", "Straits Observer", "Alpine Report",
           "Frontera Daily", "Pacific Wire Daily", "Greenline News", "Evening Courier", "Brussels Bulletin",
           "Touchline Daily", "Global Desk Online", "Tideway Ledger", "Summit Record", "Delta Herald",
           "Crescent Times"]
TWISTS = ["", "", "", "Analysis: ", "Update: ", "Markets: ", "Exclusive: ", "Explainer: "]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


def sentence_pools(reuters: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """topic -> sentences of its stories, and topic -> its stories' headlines."""
    sentences: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    files = sorted(reuters.glob("reut2-*.sgm"))
    stats = {"records": 0, "no_body": 0}
    for rec in read_records(files, stats):
        if not rec["topics"]:
            continue
        body = " ".join(rec["body"].split())
        parts = [s for s in _SENTENCE.split(body) if 40 <= len(s) <= 400]
        for topic in rec["topics"]:
            sentences.setdefault(topic, []).extend(parts)
            if rec.get("title"):
                titles.setdefault(topic, []).append(rec["title"].title())
    keep = {t for t, s in sentences.items() if len(s) >= 30 and titles.get(t)}
    return {t: sentences[t] for t in keep}, {t: titles[t] for t in keep}


def articles(n: int, seed: int, reuters: Path):
    rng = random.Random(seed)
    sentences, titles = sentence_pools(reuters)
    topics = sorted(sentences)
    weights = [len(sentences[t]) ** 0.5 for t in topics]  # big topics more often, small ones too
    everything = [x for t in topics for x in sentences[t]]
    start = datetime(1986, 1, 1, tzinfo=timezone.utc)
    for i in range(n):
        topic = rng.choices(topics, weights)[0]
        pool = sentences[topic]
        k = rng.randint(7, 15)
        own = rng.sample(pool, min(len(pool), (2 * k) // 3))
        body_sentences = own + rng.sample(everything, k - len(own))
        rng.shuffle(body_sentences)
        paragraphs, k = [], 0
        while k < len(body_sentences):
            step = rng.randint(1, 3)
            paragraphs.append(" ".join(body_sentences[k:k + step]))
            k += step
        published = start + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        yield {
            "title": rng.choice(TWISTS) + rng.choice(titles[topic]),
            "body": "\n\n".join(paragraphs),
            "source": rng.choice(OUTLETS),
            "published": published.isoformat(),
            "url": f"https://news.example/{topic}/{seed}-{i}",
            "topics": [topic],
        }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=100_000, help="articles to make (default 100000)")
    ap.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reuters", type=Path, default=DEFAULT_REUTERS)
    args = ap.parse_args(argv)
    size = 0
    with open(args.output, "w", encoding="utf-8") as f:
        for rec in articles(args.n, args.seed, args.reuters):
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            f.write(line)
    print(f"{args.n} articles, {size / 1e6:.0f} MB, in {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
