#!/usr/bin/env python3
"""How well story clustering tells copies from different stories, and what it finds in corpora.

    python scripts/eval_clusters.py                       # threshold table, shipped rule, clustering
    python scripts/eval_clusters.py --pairs /tmp/p.jsonl  # pairs written by make_cluster_pairs.py -o
    python scripts/eval_clusters.py --corpus bbc --show 20          # clusters of 2+ on BBC, 20 printed
    python scripts/eval_clusters.py --corpus reuters --show 20 --seed 3

Pairs (``scripts/make_cluster_pairs.py``, built in the run unless ``--pairs`` names a file):
precision, recall and F1 of the pair decision on the tuning pairs and on the held-out pairs,
first for every minimum containment x minimum of shared shingles (and for Jaccard alone, for
comparison), then, with the best of those, for date windows (texts published further apart
must be near-identical). At each step the rule kept is the best F1 on the tuning pairs (to
three decimals; ties go to the stricter rule). It is printed beside the rule the code ships
(``index.stories.similarity.SHIPPED_RULE``). The shipped rule (or the one given with the
options below) is then run through the whole pipeline (exact-copy path, sampled candidates,
exact check), two articles at a time, per split, corpus and kind of pair; and as one
clustering of every article of a split, where a pair counts as grouped when both articles end
in one cluster, so that chaining through other articles shows.

Corpora (``--corpus bbc`` reads ../shared/corpora/bbc with the project's reader, as the indexer
does; ``--corpus reuters`` reads Reuters-21578 as scripts/reuters_to_jsonl.py does): the number
of clusters of two or more articles, and ``--show N`` prints N of them at random, each member's
headline, date and opening, with the evidence that joined it, for a person to read.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from index.stories import SHIPPED_RULE, PairRule, StoryClusters, compare  # noqa: E402
from index.stories.shingles import fingerprint, shingle_set  # noqa: E402

CONTAINMENTS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8]
MIN_SHARED = [1, 10, 15, 20, 25, 30, 40]
JACCARDS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
MAX_DAYS = [float("inf"), 14, 7, 3, 1]
FAR_CONTAINMENTS = [0.8, 0.9]


def load_pairs(path: Path | None, corpora: tuple[str, ...]) -> list[dict]:
    if path:
        return [json.loads(line) for line in path.open(encoding="utf-8")]
    from dataclasses import asdict

    import make_cluster_pairs
    return [asdict(p) for p in make_cluster_pairs.build_pairs(corpora)]


def prf(decisions: list[tuple[int, bool]]) -> tuple[float, float, float, int, int]:
    """Precision, recall, F1, false positives, false negatives of (label, decision) pairs."""
    tp = sum(1 for y, d in decisions if y and d)
    fp = sum(1 for y, d in decisions if not y and d)
    fn = sum(1 for y, d in decisions if y and not d)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, fp, fn


def pair_decision(pair: dict, rule: PairRule) -> bool:
    """The full pipeline on two articles alone: do they end in one cluster?"""
    sc = StoryClusters(rule)
    for name in ("a", "b"):
        d = pair[name]
        sc.add(name, d["body"], d.get("published"))
    return sc.cluster_of("a") == sc.cluster_of("b")


def simulate(p: dict, rule: PairRule) -> bool:
    """The pipeline's decision for two articles, from precomputed evidence: the same words
    always group; otherwise the rule decides."""
    return p["_same_words"] or rule.same_story(p["_ev"])


def _days_apart(a: dict, b: dict) -> float | None:
    if not (a.get("published") and b.get("published")):
        return None
    ta, tb = (datetime.fromisoformat(d["published"].replace("Z", "+00:00")) for d in (a, b))
    return abs((ta - tb).total_seconds()) / 86400


def prepare(pairs: list[dict]) -> None:
    for p in pairs:
        a, b = p["a"], p["b"]
        fa, fb = fingerprint(a["body"]), fingerprint(b["body"])
        p["_ev"] = compare(fa.shingles, fb.shingles, _days_apart(a, b))
        p["_same_words"] = fa.key is not None and fa.key == fb.key


def _scores(pairs: list[dict], rule: PairRule | None, jaccard: float | None = None) -> dict:
    out = {}
    for split in ("tune", "heldout"):
        ps = [p for p in pairs if p["split"] == split]
        if rule is not None:
            out[split] = prf([(p["label"], simulate(p, rule)) for p in ps])
        else:
            out[split] = prf([(p["label"], p["_ev"].jaccard >= jaccard) for p in ps])
    return out


def _print_rows(rows: list[tuple[str, object, dict]]) -> None:
    print(f"{'rule':<44} {'tune P':>7} {'R':>6} {'F1':>6} {'FP':>4} {'FN':>4}   {'held P':>7} {'R':>6} {'F1':>6} "
          f"{'FP':>4} {'FN':>4}")
    for name, _, res in rows:
        t, h = res["tune"], res["heldout"]
        print(f"{name:<44} {t[0]:7.3f} {t[1]:6.3f} {t[2]:6.3f} {t[3]:4d} {t[4]:4d}   {h[0]:7.3f} {h[1]:6.3f} "
              f"{h[2]:6.3f} {h[3]:4d} {h[4]:4d}")


def _best(rows, strict):
    """Best F1 on the tuning pairs (to three decimals), then the stricter rule."""
    return max((r for r in rows if r[1] is not None), key=lambda r: (round(r[2]["tune"][2], 3), strict(r[1])))


def threshold_table(pairs: list[dict]) -> PairRule:
    """Print P/R/F1 on tune and held-out for the candidate rules; return the one chosen on the
    tuning pairs: first containment x shared shingles (dates not used), then, with those
    fixed, the date window and the containment asked of texts further apart."""
    n_tune = sum(p["split"] == "tune" for p in pairs)
    print(f"pair decision ({n_tune} tuning pairs, {len(pairs) - n_tune} held out; the same words always group)")
    rows = [(f"containment>={c:.2f} shared>={n}", PairRule(c, n), _scores(pairs, PairRule(c, n)))
            for c in CONTAINMENTS for n in MIN_SHARED]
    rows += [(f"jaccard>={j:.2f}", None, _scores(pairs, None, j)) for j in JACCARDS]
    _print_rows(rows)
    base = _best(rows, lambda r: (r.min_shared, r.min_containment))[1]
    print(f"\nwith containment>={base.min_containment} shared>={base.min_shared}: dates")
    rows = []
    for days in MAX_DAYS:
        for far in FAR_CONTAINMENTS if days != float("inf") else [1.0]:
            rule = replace(base, max_days=days, far_containment=far)
            rows.append((f"days<={days:g} (else containment>={far})", rule, _scores(pairs, rule)))
    _print_rows(rows)
    chosen = _best(rows, lambda r: (-r.max_days, r.far_containment))[1]
    print(f"\nchosen on the tuning pairs (best F1, then the stricter rule): {chosen}\nshipped: {SHIPPED_RULE}")
    return chosen


def report_rule(pairs: list[dict], rule: PairRule, verbose: int) -> None:
    """The full pipeline per split, corpus and kind; the errors listed with ``-v``."""
    print(f"\nthe rule through the whole pipeline (two articles at a time): {rule}")
    groups: dict[tuple, list] = defaultdict(list)
    errors, missed = [], 0
    for p in pairs:
        d = pair_decision(p, rule)
        missed += simulate(p, rule) and not d
        for key in [(p["split"], "all", "all"), (p["split"], p["corpus"], "all"), (p["split"], "all", p["kind"])]:
            groups[key].append((p["label"], d))
        if d != bool(p["label"]):
            errors.append((p, d))
    print(f"{'split':<8} {'corpus':<8} {'kind':<17} {'pairs':>6} {'P':>6} {'R':>6} {'F1':>6} {'FP':>4} {'FN':>4}"
          "   (P, R, F1 '-' for groups of different stories only: their FP count is what counts)")
    for key in sorted(groups, key=lambda k: (k[0] != "tune", k[1] != "all", k[1], k[2] != "all", k[2])):
        pr = prf(groups[key])
        figures = (f"{pr[0]:6.3f} {pr[1]:6.3f} {pr[2]:6.3f}" if any(y for y, _ in groups[key])
                   else f"{'-':>6} {'-':>6} {'-':>6}")
        print(f"{key[0]:<8} {key[1]:<8} {key[2]:<17} {len(groups[key]):6d} {figures} {pr[3]:4d} {pr[4]:4d}")
    print(f"pairs the rule accepts that the candidate search did not find: {missed}")
    if verbose:
        for p, d in errors:
            ev = p["_ev"]
            what = "false positive" if d else "false negative"
            print(f"  {what}: {p['id']} [{p['split']} {p['kind']}] shared={ev.shared} sizes={ev.size_a},{ev.size_b} "
                  f"C={ev.containment:.2f} J={ev.jaccard:.2f}")
            if verbose > 1:
                for name in ("a", "b"):
                    print(f"      {p[name]['title'][:70]!r}: {p[name]['body'][:160]!r}")


def clustering_report(pairs: list[dict], rule: PairRule) -> None:
    """Every article of a split in one StoryClusters; pairs judged by the final clusters."""
    print("\nfinal clustering (all articles of a split together; pairs grouped when in one cluster)")
    for split in ("tune", "heldout"):
        ps = [p for p in pairs if p["split"] == split]
        docs = {}
        for p in ps:
            for name in ("a", "b"):
                docs[p[name]["key"]] = p[name]
        sc = StoryClusters(rule)
        for key, d in docs.items():
            sc.add(key, d["body"], d.get("published"))
        res = prf([(p["label"], sc.cluster_of(p["a"]["key"]) == sc.cluster_of(p["b"]["key"])) for p in ps])
        sizes = Counter(len(m) for m in sc.clusters().values())
        print(f"{split:<8} {len(docs)} articles, {len(sc.clusters(2))} clusters of 2+ (largest {max(sizes)}): "
              f"P {res[0]:.3f}  R {res[1]:.3f}  F1 {res[2]:.3f}  FP {res[3]}  FN {res[4]}")


# ------------------------------------------------------------------------------------ corpora

def corpus_articles(name: str) -> list[dict]:
    if name == "bbc":
        from index.article import Article
        from index.readers import Ignored, Skipped, find_sources, read_source

        out = []
        for source in find_sources([REPO.parent / "shared" / "corpora" / "bbc"]):
            if isinstance(source, (Ignored, Skipped)):
                continue
            for a in read_source(source):
                if isinstance(a, Article):
                    out.append({"id": a.origin.split("corpora/")[-1], "title": a.title, "body": a.body,
                                "published": a.published.isoformat() if a.published else None})
        return out
    import reuters_to_jsonl as r

    files = r.input_files([str(REPO.parent / "shared" / "corpora" / "reuters21578")])
    return [{"id": f"reuters:{a['newid']}", "title": a["title"], "body": a["body"], "published": a["published"]}
            for a in r.read_records(files, {"records": 0, "no_body": 0})]


def corpus_report(name: str, show: int, seed: int, rule: PairRule) -> None:
    arts = corpus_articles(name)
    sc = StoryClusters(rule)
    started = time.perf_counter()
    for a in arts:
        sc.add(a["id"], a["body"], a["published"])
    took = time.perf_counter() - started
    multi = sc.clusters(2)
    sizes = Counter(len(m) for m in multi.values())
    print(f"{name}: {len(arts)} articles, {len(multi)} clusters of 2 or more holding {sum(map(len, multi.values()))} "
          f"articles (sizes: {', '.join(f'{k}x{v}' for k, v in sorted(sizes.items()))}); "
          f"add() {took / len(arts) * 1e6:.0f} us per article")
    by_id = {a["id"]: a for a in arts}
    for cid in random.Random(seed).sample(sorted(multi), min(show, len(multi))):
        members = multi[cid]
        print(f"\n--- cluster {cid} ({len(members)} articles)")
        first = shingle_set(by_id[members[0]]["body"])
        for m in members:
            a = by_id[m]
            ev = compare(first, shingle_set(a["body"]))
            print(f"  {m}  {(a['published'] or '')[:10]}  {a['title'][:70]!r}  "
                  f"(vs first: shared {ev.shared}, C {ev.containment:.2f}, J {ev.jaccard:.2f})")
            print(f"      {' '.join(a['body'].split())[:220]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, help="pairs JSONL from make_cluster_pairs.py -o (default: build them)")
    ap.add_argument("--pair-corpus", action="append", help="build pairs only from these corpora")
    ap.add_argument("--corpus", choices=("bbc", "reuters"), action="append",
                    help="report clusters found in a corpus instead of scoring pairs (repeatable)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="with --corpus: print N clusters")
    ap.add_argument("--seed", type=int, default=1, help="which clusters --show picks")
    ap.add_argument("--min-containment", type=float, help="score this rule instead of the shipped one ...")
    ap.add_argument("--min-shared", type=int, help="... with these values changed")
    ap.add_argument("--max-days", type=float)
    ap.add_argument("--far-containment", type=float)
    ap.add_argument("-v", "--verbose", action="count", default=0, help="list the pipeline's errors (-vv: with text)")
    args = ap.parse_args(argv)
    changes = {k: v for k in ("min_containment", "min_shared", "max_days", "far_containment")
               if (v := getattr(args, k)) is not None}
    rule = replace(SHIPPED_RULE, **changes)
    if args.corpus:
        for name in args.corpus:
            corpus_report(name, args.show, args.seed, rule)
        return 0
    import make_cluster_pairs
    pairs = load_pairs(args.pairs, tuple(args.pair_corpus or make_cluster_pairs.CORPORA))
    prepare(pairs)
    threshold_table(pairs)
    report_rule(pairs, rule, args.verbose)
    clustering_report(pairs, rule)
    return 0


if __name__ == "__main__":
    sys.exit(main())
