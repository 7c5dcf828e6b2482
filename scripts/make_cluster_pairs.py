#!/usr/bin/env python3
"""Labelled article pairs for near-duplicate ("same story") detection, built at run time.

    python scripts/make_cluster_pairs.py --summary                 # counts by split, corpus and kind
    python scripts/make_cluster_pairs.py -o /tmp/pairs.jsonl       # every pair, one JSON object a line
    python scripts/make_cluster_pairs.py --corpus samples --show 5 # print five pairs to read

Positive pairs (label 1) are an article and a copy of it made by one kind of edit that
syndication and re-posting make (``scripts/cluster_edits.py``): another headline and outlet
with a dateline credit, site chrome around the text, the ending cut, an editor's line or an
unrelated paragraph added, light rewording ("said" -> "says", "pct" -> "percent"), paragraphs
re-wrapped, three of these at once, and a heavy update that drops or moves about a quarter of
the sentences and adds new paragraphs. A copy runs 0-2 days after its original (15% of them
3-10 days). The originals are the project's sample corpus (``samples/corpus``), BBC News bodies
and Reuters-21578 stories of 50 words or more, read from ``../shared`` at run time (nothing
from ``../shared`` is written into the repository). The sample corpus's two syndicated pairs,
and seeds 000 and 002, are positives too.

Negative pairs (label 0) are different stories on one subject: sample articles sharing subject
terms (one beat), BBC stories of one category sharing two of their ten strongest terms (drawn
at random among those, not the closest, which is too often a copy), Reuters stories sharing a
TOPICS label and two subject terms and published within three days (``same-topic``) or more
than a week apart (``same-topic-far``: recurring reports), Reuters stories of one topic and
day drawn at random (``same-day``: templated items) and short ones of different companies
(``same-day-short``), and the seed pages other than 000+002. Same-text copies are never used
as negatives. Pairs a person read and judged (those a rule flagged, and the grey zone below
it) are relabelled from ``scripts/cluster_pairs_adjudicated.json`` (keys and reasons only).

Every pair belongs to a split: ``tune`` (thresholds are chosen on it) or ``heldout``, by a hash
of the originals' keys; and the edits draw their words (outlets, chrome lines, rewordings,
editor's lines) from two disjoint halves of each pool, one per split, so held-out copies carry
chrome and rewordings never seen while tuning. Deterministic: the same corpora give the same
pairs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from cluster_edits import EDITS, Doc  # noqa: E402
from index.stopwords import STOPWORDS  # noqa: E402
from index.stories.shingles import words  # noqa: E402

ADJUDICATED = REPO / "scripts" / "cluster_pairs_adjudicated.json"
CORPORA = ("samples", "seeds", "bbc", "reuters")


@dataclass
class Pair:
    id: str
    corpus: str
    split: str                    # "tune" | "heldout"
    kind: str                     # an edit name, "natural" (a real syndicated pair) or "same-topic"
    label: int                    # 1: one story; 0: different stories
    a: Doc
    b: Doc


def split_of(*keys: str, heldout_share: float = 0.4) -> str:
    """``tune`` or ``heldout``, from a hash of the originals' keys (stable across runs)."""
    h = int(hashlib.sha1("|".join(sorted(keys)).encode()).hexdigest()[:8], 16)
    return "heldout" if (h % 1000) / 1000 < heldout_share else "tune"


# ------------------------------------------------------------------------------------- corpora

def load_samples() -> list[Doc]:
    """The sample corpus as the indexer reads it (extracted bodies)."""
    from index.article import Article
    from index.readers import Ignored, Skipped, find_sources, read_source

    docs = []
    root = REPO / "samples" / "corpus"
    for source in find_sources([root]):
        if isinstance(source, (Ignored, Skipped)):
            continue
        for a in read_source(source):
            if isinstance(a, Article):
                rel = Path(a.origin.split("#")[0]).relative_to(root).as_posix()
                suffix = "#" + a.origin.split("#")[1] if "#" in a.origin else ""
                docs.append(Doc(f"samples:{rel}{suffix}", a.title, a.body, a.source,
                                a.published.isoformat() if a.published else None))
    return docs


# The sample corpus's two syndicated pairs (samples/corpus/README.md, "Syndicated pairs").
SAMPLE_COPIES = [("samples:pages/2023-10-17-harborview-export-controls-ai-chips.txt", "samples:wire.jsonl#3"),
                 ("samples:html/2024-12-03-eveningcourier-china-bans-mineral-exports.html",
                  "samples:pages/2024-12-03-lakeshore-china-mineral-ban.txt")]


def load_seeds() -> list[Doc]:
    from index.article import Article
    from index.readers import read_file

    docs = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for a in read_file(path):
            if isinstance(a, Article):
                docs.append(Doc(f"seeds:{path.name[:3]}", a.title, a.body, a.source))
    return docs


def load_bbc() -> list[Doc]:
    """BBC bodies as files hold them (headline on the first line); byte-identical copies dropped."""
    docs, seen = [], set()
    for path in sorted((SHARED / "corpora" / "bbc").glob("*/*.txt")):
        data = path.read_bytes()
        digest = hashlib.sha1(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        title, _, body = data.decode("utf-8", "replace").partition("\n")
        docs.append(Doc(f"bbc:{path.parent.name}/{path.name}", title.strip(), body.strip(),
                        topics=[path.parent.name]))
    return docs


def load_reuters() -> list[Doc]:
    """Reuters-21578 stories with a body (scripts/reuters_to_jsonl.py's reading)."""
    import reuters_to_jsonl as r

    files = r.input_files([str(SHARED / "corpora" / "reuters21578")])
    stats = {"records": 0, "no_body": 0}
    return [Doc(f"reuters:{a['newid']}", a["title"], a["body"], "Reuters", a["published"], a["topics"])
            for a in r.read_records(files, stats)]


# ---------------------------------------------------------------------- different stories, one topic

def _content_terms(doc: Doc) -> Counter:
    ws = (w.decode("utf-8", "replace") for w in words(doc.title + "\n" + doc.body))
    return Counter(w for w in ws if len(w) > 2 and w not in STOPWORDS and not w[0].isdigit())


def subject_terms(docs: list[Doc], top: int = 10) -> list[set[str]]:
    """Each document's ``top`` strongest tf-idf terms (words in more than 5% of the documents
    left out): what it is about."""
    tfs = [_content_terms(d) for d in docs]
    df = Counter(t for tf in tfs for t in tf)
    n, cap = len(docs), max(20, len(docs) // 20)
    out = []
    for tf in tfs:
        w = {t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in tf.items() if 1 < df[t] <= cap}
        out.append({t for t, _ in sorted(w.items(), key=lambda x: (-x[1], x[0]))[:top]})
    return out


def same_subject_partners(docs: list[Doc], i: int, terms: list[set[str]], postings: dict[str, list[int]],
                          min_terms: int, days: int | None, min_days: float | None = None) -> list[int]:
    """Documents sharing a topic label (when there are labels), ``min_terms`` subject terms and,
    when dated, a publication window with document ``i``; never one with the same text."""
    shared = Counter(j for t in terms[i] for j in postings[t] if j != i)
    topics = set(docs[i].topics)
    out = []
    for j, n in sorted(shared.items()):
        if n < min_terms or (topics and not topics & set(docs[j].topics)):
            continue
        if days is not None and not _within_days(docs[i], docs[j], days):
            continue
        if min_days is not None and (_days_apart(docs[i], docs[j]) or 0) < min_days:
            continue
        if not _same_text(docs[i], docs[j]):
            out.append(j)
    return out


def _same_text(a: Doc, b: Doc) -> bool:
    return words(a.body) == words(b.body)


def _later(published: str | None, days: float) -> str | None:
    """A copy's date: the original's plus ``days`` (copies run the same day or a few days
    later; some, in weekly papers or re-runs, a week or more later)."""
    if not published:
        return None
    from datetime import datetime, timedelta
    return (datetime.fromisoformat(published) + timedelta(days=days)).isoformat()


def _days_apart(a: Doc, b: Doc) -> float | None:
    if not (a.published and b.published):
        return None
    from datetime import datetime
    return abs((datetime.fromisoformat(a.published) - datetime.fromisoformat(b.published)).total_seconds()) / 86400


def _within_days(a: Doc, b: Doc, days: int) -> bool:
    if not (a.published and b.published):
        return True
    from datetime import datetime
    return abs((datetime.fromisoformat(a.published) - datetime.fromisoformat(b.published)).days) <= days


def negative_pairs(corpus: str, docs: list[Doc], count: int, seed: int, min_terms: int = 2,
                   days: int | None = None, min_days: float | None = None) -> list[Pair]:
    """Different stories on one subject: for ``count`` documents drawn at random, one partner
    drawn at random among those on its subject (not the most similar one, which is too often
    a copy). ``days``: published at most that many days apart; ``min_days``: at least (a
    recurring report, "same-topic-far")."""
    terms = subject_terms(docs)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(terms):
        for t in ts:
            postings[t].append(i)
    rng = random.Random(f"{seed}|{corpus}|negatives" + (f"|{min_days}" if min_days else ""))
    order = list(range(len(docs)))
    rng.shuffle(order)
    pairs, seen = [], set()
    for i in order:
        if len(pairs) >= count:
            break
        partners = same_subject_partners(docs, i, terms, postings, min_terms, days, min_days)
        if not partners:
            continue
        a, b = docs[i], docs[rng.choice(partners)]
        key = tuple(sorted((a.key, b.key)))
        if key in seen:
            continue
        seen.add(key)
        pairs.append(Pair(f"{key[0]}|{key[1]}", corpus, split_of(*key),
                          "same-topic-far" if min_days else "same-topic", 0, a, b))
    return pairs


def same_day_pairs(corpus: str, docs: list[Doc], count: int, seed: int, short: bool = False) -> list[Pair]:
    """Different stories sharing a topic label and a publication day, drawn at random whatever
    their words: on a wire this is where templated items sit (dividend notices, earnings tables,
    daily market reports), which share much of their wording and none of their news. With
    ``short``, only bodies under 40 words whose headlines start with different words (notices
    of different companies: "ACME CORP SETS QUARTERLY" and "BETA INC SETS QUARTERLY")."""
    by_day: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        if short and len(d.body.split()) >= 40:
            continue
        for topic in d.topics:
            if d.published:
                by_day[(topic, d.published[:10])].append(i)
    groups = [g for _, g in sorted(by_day.items()) if len(g) > 1]
    rng = random.Random(f"{seed}|{corpus}|same-day")
    pairs, seen = [], set()
    for _ in range(count * 20):
        if len(pairs) >= count or not groups:
            break
        i, j = rng.sample(rng.choice(groups), 2)
        a, b = docs[i], docs[j]
        key = tuple(sorted((a.key, b.key)))
        if key in seen or _same_text(a, b) or (short and words(a.title)[:1] == words(b.title)[:1]):
            continue
        seen.add(key)
        pairs.append(Pair(f"{key[0]}|{key[1]}", corpus, split_of(*key), "same-day-short" if short else "same-day",
                          0, a, b))
    return pairs


# ---------------------------------------------------------------------------------------- build

def positive_pairs(corpus: str, bases: list[Doc], others: list[Doc], seed: int,
                   kinds: list[str] | None = None) -> list[Pair]:
    out = []
    for base in bases:
        split = split_of(base.key)
        pool_others = [o for o in others if o.key != base.key]
        for kind in kinds or list(EDITS):
            rng = random.Random(f"{seed}|{base.key}|{kind}")
            copy = EDITS[kind](base, rng, split, pool_others)
            copy.published = _later(base.published, rng.uniform(0, 2) if rng.random() < 0.85 else rng.uniform(3, 10))
            out.append(Pair(f"{base.key}|{kind}", corpus, split, kind, 1, base, copy))
    return out


def build_pairs(corpora: tuple[str, ...] = CORPORA, per_corpus: int = 150, seed: int = 9) -> list[Pair]:
    """All labelled pairs of the chosen corpora (deterministic)."""
    pairs: list[Pair] = []
    if "samples" in corpora:
        docs = load_samples()
        by_key = {d.key: d for d in docs}
        copies = {k for pair in SAMPLE_COPIES for k in pair[1:]}
        bases = [d for d in docs if d.key not in copies]
        pairs += positive_pairs("samples", bases, docs, seed)
        for a, b in SAMPLE_COPIES:
            if a in by_key and b in by_key:
                pairs.append(Pair(f"{a}|{b}", "samples", split_of(a, b), "natural", 1, by_key[a], by_key[b]))
        pairs += negative_pairs("samples", bases, count=len(bases), seed=seed, min_terms=1)
    if "seeds" in corpora:
        docs = load_seeds()
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                same = {a.key, b.key} == {"seeds:000", "seeds:002"}
                pairs.append(Pair(f"{a.key}|{b.key}", "seeds", "heldout", "natural" if same else "same-topic",
                                  int(same), a, b))
    if "bbc" in corpora:
        docs = load_bbc()
        rng = random.Random(seed)
        pairs += positive_pairs("bbc", rng.sample(docs, min(per_corpus, len(docs))), docs, seed)
        pairs += negative_pairs("bbc", docs, count=4 * per_corpus, seed=seed)
    if "reuters" in corpora:
        docs = load_reuters()
        rng = random.Random(seed)
        long_enough = [d for d in docs if len(d.body.split()) >= 50]
        pairs += positive_pairs("reuters", rng.sample(long_enough, min(per_corpus, len(long_enough))), docs, seed)
        with_topics = [d for d in docs if d.topics]
        pairs += negative_pairs("reuters", with_topics, count=4 * per_corpus, seed=seed, days=3)
        pairs += same_day_pairs("reuters", with_topics, count=2 * per_corpus, seed=seed)
        pairs += negative_pairs("reuters", with_topics, count=2 * per_corpus, seed=seed, min_days=8)
        pairs += same_day_pairs("reuters", with_topics, count=2 * per_corpus, seed=seed, short=True)
    return apply_adjudication(pairs)


def apply_adjudication(pairs: list[Pair]) -> list[Pair]:
    """Relabel the pairs a person read and judged (scripts/cluster_pairs_adjudicated.json)."""
    if not ADJUDICATED.exists():
        return pairs
    judged = json.loads(ADJUDICATED.read_text(encoding="utf-8"))["pairs"]
    for p in pairs:
        verdict = judged.get(p.id)
        if verdict is not None:
            p.label = int(verdict["label"])
            p.kind = p.kind if p.label == 0 else "adjudicated-copy"
    return pairs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", type=Path, help="write the pairs as JSONL here")
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="only these corpora (repeatable)")
    ap.add_argument("--per-corpus", type=int, default=150, help="originals copied per shared corpus (150)")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--summary", action="store_true", help="print counts by split, corpus, kind and label")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print N pairs (first 400 characters)")
    args = ap.parse_args(argv)
    pairs = build_pairs(tuple(args.corpus or CORPORA), args.per_corpus, args.seed)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            for p in pairs:
                f.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
        print(f"{len(pairs)} pairs written to {args.output}", file=sys.stderr)
    if args.summary or not (args.output or args.show):
        counts = Counter((p.split, p.corpus, p.kind, p.label) for p in pairs)
        print(f"{'split':<8} {'corpus':<8} {'kind':<17} {'label':>5} {'pairs':>6}")
        for (split, corpus, kind, label), n in sorted(counts.items()):
            print(f"{split:<8} {corpus:<8} {kind:<17} {label:>5} {n:>6}")
        print(f"total {len(pairs)}: {sum(p.label for p in pairs)} same story, "
              f"{sum(1 - p.label for p in pairs)} different stories")
    for p in random.Random(args.seed).sample(pairs, min(args.show, len(pairs))):
        print(f"\n=== {p.id}  [{p.split} {p.kind} label={p.label}]")
        for d in (p.a, p.b):
            print(f"--- {d.title!r} ({d.source})\n{d.body[:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
