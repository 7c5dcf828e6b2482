#!/usr/bin/env python3
"""Relevance evaluation: MAP@100, nDCG@10, P@10 and recall@100 on judged query sets, for Newsdesk
(and variants of it) beside bm25s, per query, per query kind and per split (tune / report).

Each set (scripts/relevance_sets.py: reuters, reuters-3000, reuters-judged, bbc, seeds, samples)
is indexed once (cached in data/relevance-cache/ until its articles or index/ change); every query
goes through the public API, SearchEngine(index).search(SearchRequest(q, per_page=100,
group=False)), and bm25s ranks the same articles' title + body in the same run (the eval extra).
Tune ranking on the 'tune' split only; quote the 'report' (held-out) split.

    python scripts/relevance_eval.py                        # reuters, bbc, seeds, samples
    python scripts/relevance_eval.py --set reuters-3000 -v  # one set, every query
    python scripts/relevance_eval.py --option mode=and_fill
    python scripts/relevance_eval.py --variant fill:mode=and_fill --variant bm25f:combine=bm25f
    python scripts/relevance_eval.py --suggest --set samples  # did-you-mean on misspelled queries
    python scripts/relevance_eval.py --check                # reproduce tests/relevance/expected.json
    python scripts/relevance_eval.py --pin                  # re-pin it (prints old -> new)

--option NAME=VALUE is passed to SearchEngine(index_dir, NAME=VALUE) (VALUE read as JSON when it
parses, else as a string); --variant LABEL:NAME=VALUE[,NAME=VALUE] adds a column with its own options.
--backend URL[,URL...] also runs every Newsdesk column on an OpenSearch cluster (LABEL@os): each set
is indexed there with `newsdesk index --backend URL/relevance-SET --rebuild`, the same options apply.

    python scripts/relevance_eval.py --set reuters --backend http://127.0.0.1:9200 --no-bm25s
"""
from __future__ import annotations

import argparse
import inspect
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import relevance_bm25s  # noqa: E402
import relevance_pins  # noqa: E402
import relevance_sets  # noqa: E402
import relevance_suggest  # noqa: E402
from relevance_metrics import DEPTH, KINDS, MEASURES, evaluate, group_means  # noqa: E402

NAMES = {"map@100": "MAP@100", "ndcg@10": "nDCG@10", "p@10": "P@10", "recall@100": "R@100"}


# ---------------------------------------------------------------- engine options

def parse_options(pairs: list[str]) -> dict:
    """``["k=v", ...]`` → keyword arguments; a value is JSON when it parses, else a string.

    >>> parse_options(["mode=and_fill", "k1=0.9", "field_b={\\"title\\": 0.3}"])
    {'mode': 'and_fill', 'k1': 0.9, 'field_b': {'title': 0.3}}
    """
    options = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise SystemExit(f"--option takes NAME=VALUE, not {pair!r}")
        try:
            options[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            options[name.strip()] = value
    return options


def parse_variant(text: str) -> tuple[str, dict]:
    """``"LABEL:k=v,k=v"`` → (label, options); ``"LABEL"`` alone means the defaults."""
    label, _, rest = text.partition(":")
    if not label.strip():
        raise SystemExit(f"--variant takes LABEL:NAME=VALUE[,NAME=VALUE], not {text!r}")
    return label.strip(), parse_options([p for p in rest.split(",") if p.strip()])


def check_options(options: dict) -> None:
    """Stop with a clear message when SearchEngine does not take one of ``options`` (by its
    signature, or, when it takes ``**kwargs``, by trying them on an engine over no index)."""
    from search.engine import SearchEngine

    params = inspect.signature(SearchEngine.__init__).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        accepted = [n for n in params if n not in ("self", "index_dir")]
        unknown = [n for n in options if n not in accepted]
        if unknown:
            raise SystemExit(f"SearchEngine does not take {', '.join(unknown)}; it takes: "
                             f"{', '.join(accepted) or 'no options'}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        try:
            SearchEngine(Path(tmp) / "no-index", **options)
        except (TypeError, ValueError) as e:
            raise SystemExit(f"SearchEngine does not take {', '.join(f'{k}={v!r}' for k, v in options.items())}: {e}")
        except Exception:  # noqa: BLE001 - an engine that opens its index at once; the run will tell
            pass


# ---------------------------------------------------------------- running

def run_set(prepared: relevance_sets.PreparedSet, systems: dict[str, dict], bm25s: dict | None,
            suggest: bool = False) -> dict:
    """Every query of one prepared set through every system; per-query scores and group means."""
    from search.engine import SearchEngine, SearchRequest

    js, docs = prepared.set, prepared.docs
    rows = [{"id": q.id, "q": q.q, "split": q.split, "kind": q.kind, "label": q.label,
             "relevant": sum(1 for g in q.qrels.values() if g > 0), "total": {}, "scores": {}}
            for q in js.queries]
    timing = {"index": round(prepared.build_seconds, 2), "index_reused": prepared.reused}
    engines = {}
    for label, options in systems.items():
        if "backend" in options:  # an OpenSearch column: the set was indexed under its own name
            options = dict(options, backend=backend_for(options["backend"], js.name))
        engine = engines[label] = SearchEngine(prepared.index_dir, **options)
        started = time.perf_counter()
        for q, row in zip(js.queries, rows):
            result = engine.search(SearchRequest(q=q.q, per_page=DEPTH, group=False))
            ranking = [docs[h["id"]].key for h in result["hits"]]
            row["scores"][label] = evaluate(ranking, q.qrels)
            row["total"][label] = result["total"]
        timing[label] = round(time.perf_counter() - started, 2)
    if bm25s is not None:
        keys = [d.key for d in docs.values()]
        ref = relevance_bm25s.Bm25sReference([d.title + "\n" + d.body for d in docs.values()], **bm25s)
        started = time.perf_counter()
        for q, row in zip(js.queries, rows):
            ranked, total = ref.rank(q.q, DEPTH)
            row["scores"]["bm25s"] = evaluate([keys[i] for i in ranked], q.qrels)
            row["total"]["bm25s"] = total
        timing["bm25s_index"] = round(ref.index_seconds, 2)
        timing["bm25s"] = round(time.perf_counter() - started, 2)
    out = {"set": js.name, "title": js.title, "articles": len(docs), "collection": len(js.keys),
           "notes": js.notes, "systems": list(rows[0]["scores"]) if rows else [], "timing": timing,
           "queries": rows, "means": {s: group_means(rows, s) for s in (rows[0]["scores"] if rows else [])}}
    if suggest:
        vocabulary = relevance_suggest.vocabulary_of(d.title + " " + d.body for d in docs.values())
        cases = relevance_suggest.make_cases([q.q for q in js.queries], vocabulary)
        out["suggest"] = relevance_suggest.measure(next(iter(engines.values())), cases)
        timing["suggest"] = round(out["suggest"]["seconds"], 2)
    return out


def run(set_names, systems: dict[str, dict] | None = None, use_bm25s: bool = True, suggest: bool = False,
        cache: Path | None = relevance_sets.DEFAULT_CACHE, bm25s_params: dict | None = None, log=None) -> dict:
    """Evaluate the named sets; the result holds one entry per set (see :func:`run_set`)."""
    systems = systems or {"newsdesk": {}}
    for options in systems.values():
        check_options(options)
    missing = relevance_bm25s.available() if use_bm25s else "bm25s left out (--no-bm25s)"
    results = {"bm25s": missing or "ok", "systems": systems, "sets": []}
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        for name in set_names:
            prepared = relevance_sets.prepare(relevance_sets.SETS[name](), Path(tmp), cache)
            for url in sorted({o["backend"] for o in systems.values() if "backend" in o}):
                sources, _ = prepared.set.write(Path(tmp))
                started = time.perf_counter()
                relevance_sets.newsdesk(["index", *sources, "--backend", backend_for(url, name), "--rebuild", "--json"])
                prepared.set.notes.append(f"indexed into OpenSearch in {time.perf_counter() - started:.1f}s")
            results["sets"].append(run_set(prepared, systems, None if missing else (bm25s_params or {}), suggest))
            if log:
                log(results["sets"][-1])
    return results


def backend_for(url: str, set_name: str) -> str:
    """The OpenSearch backend setting for one set: the cluster's addresses and the set's index.

    >>> backend_for("http://a:9200,http://b:9200", "reuters-3000")
    'http://a:9200,http://b:9200/relevance-reuters-3000'
    """
    return f"{url.rstrip('/')}/relevance-{set_name}"


# ---------------------------------------------------------------- printing

def _num(x) -> str:
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def print_summary(r: dict, per_query: bool = False, worst: int = 5) -> None:
    t, n = r["timing"], len(r["queries"])
    splits = {s: sum(q["split"] == s for q in r["queries"]) for s in ("tune", "report")}
    print(f"\n== {r['set']}: {r['title']}: {r['articles']:,} articles indexed, {n} queries "
          f"(tune {splits['tune']}, report {splits['report']})")
    timing = [f"index {t['index']:.1f}s" + (" (cached)" if t["index_reused"] else "")]
    for s in r["systems"]:
        if s in t and n:
            timing.append(f"{s} {t[s]:.1f}s ({1000 * t[s] / n:.0f} ms/query)")
    if "bm25s_index" in t:
        timing[-1] += f" after {t['bm25s_index']:.1f}s indexing"
    print("   " + ", ".join(timing))
    for note in r["notes"]:
        print(f"   note: {note}")
    print(f"   {'split':<7}{'kind':<10}{'n':>4}  {'system':<15}" + "".join(f"{NAMES[m]:>9}" for m in MEASURES))
    for split in ("report", "tune", "all"):
        for kind in ("all",) + KINDS:
            group = f"{split}/{kind}"
            if group not in r["means"][r["systems"][0]]:
                continue
            for i, s in enumerate(r["systems"]):
                g = r["means"][s][group]
                head = f"{split:<7}{kind:<10}{g['n']:>4}" if i == 0 else " " * 21
                print(f"   {head}  {s:<15}" + "".join(f"{g[m]:>9.3f}" for m in MEASURES))
            if "bm25s" in r["systems"]:
                ref = r["means"]["bm25s"][group]
                for s in r["systems"]:
                    if s != "bm25s":
                        g = r["means"][s][group]
                        print(" " * 24 + f"{s[:9] + ' ÷ bm25s':<15}" + "".join(
                            f"{(g[m] / ref[m] if ref[m] else float('nan')):>8.3f}x" for m in MEASURES))
    if per_query:
        print_per_query(r)
    if worst and "bm25s" in r["systems"] and r["queries"]:
        print_extremes(r, worst)


def print_per_query(r: dict) -> None:
    systems = r["systems"]
    print(f"\n   {'split':<7}{'kind':<9}{'query':<36}{'R':>6}" + "".join(f"{'hits ' + s[:7]:>13}" for s in systems)
          + "".join(f"{'AP ' + s[:7]:>12}" for s in systems) + "".join(f"{'nDCG ' + s[:7]:>13}" for s in systems))
    for q in sorted(r["queries"], key=lambda q: (q["split"], q["label"], q["kind"])):
        print(f"   {q['split']:<7}{q['kind']:<9}{q['id'][:35]:<36}{q['relevant']:>6}"
              + "".join(f"{q['total'][s]:>13}" for s in systems)
              + "".join(f"{q['scores'][s]['map@100']:>12.3f}" for s in systems)
              + "".join(f"{q['scores'][s]['ndcg@10']:>13.3f}" for s in systems))


def print_extremes(r: dict, n: int) -> None:
    main = r["systems"][0]
    diffs = sorted(r["queries"], key=lambda q: q["scores"][main]["map@100"] - q["scores"]["bm25s"]["map@100"])
    for title, rows in ((f"largest {main} losses against bm25s (AP@100)", diffs[:n]),
                        (f"largest {main} wins over bm25s (AP@100)", diffs[::-1][:n])):
        print(f"\n   {title}:")
        for q in rows:
            a, b = q["scores"][main], q["scores"]["bm25s"]
            print(f"   {q['split']:<7}{q['id'][:40]:<41} R {q['relevant']:>5}  hits {q['total'][main]:>5} vs "
                  f"{q['total']['bm25s']:>5}  AP {a['map@100']:.3f} vs {b['map@100']:.3f}  "
                  f"nDCG@10 {a['ndcg@10']:.3f} vs {b['ndcg@10']:.3f}")


def print_suggest(r: dict) -> None:
    s = r["suggest"]
    print(f"\n   did you mean ({r['set']}): {s['all']['n']} misspelled queries in {s['seconds']:.1f}s")
    for group in ("all", "1 edit", "2 edits", "first letter changed"):
        g = s[group]
        if g["n"]:
            print(f"   {group:<22} {g['n']:>4} cases  correct {g['correct']:>4} ({g['correct_share']:.1%})  "
                  f"wrong {g['wrong']:>4}  none {g['none']:>4}")
    misses = [c for c in s["cases"] if c["outcome"] != "correct"][:8]
    for c in misses:
        print(f"      {c['typed']!r} -> {c['suggestion']!r} (meant {c['intended']!r}, {c['total']} hits)")


# ---------------------------------------------------------------- command line

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", choices=list(relevance_sets.SETS),
                    help=f"judged set(s) to run (default: {', '.join(relevance_sets.DEFAULT_SETS)})")
    ap.add_argument("--ci", action="store_true", help=f"the pinned CI-sized sets: {', '.join(relevance_sets.CI_SETS)}")
    ap.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                    help="keyword argument for SearchEngine(...) in the 'newsdesk' column (repeatable)")
    ap.add_argument("--variant", action="append", default=[], metavar="LABEL:NAME=VALUE[,...]",
                    help="another Newsdesk column with its own SearchEngine options (repeatable)")
    ap.add_argument("--backend", metavar="URL[,URL...]",
                    help="also run every Newsdesk column on this OpenSearch cluster (columns LABEL@os)")
    ap.add_argument("--no-bm25s", action="store_true", help="leave out the bm25s reference column")
    ap.add_argument("--bm25s-k1", type=float, default=relevance_bm25s.K1, help="bm25s k1 (default %(default)s)")
    ap.add_argument("--bm25s-b", type=float, default=relevance_bm25s.B, help="bm25s b (default %(default)s)")
    ap.add_argument("-v", "--per-query", action="store_true", help="print every query's scores")
    ap.add_argument("--worst", type=int, default=5, metavar="N", help="queries with the largest loss/win against bm25s")
    ap.add_argument("--suggest", action="store_true", help="also measure did-you-mean on misspelled queries")
    ap.add_argument("--json", action="store_true", help="print the whole result as JSON")
    ap.add_argument("--no-cache", action="store_true", help="build every index afresh in a temporary folder")
    ap.add_argument("--check", action="store_true", help="fail unless the pinned figures are reproduced")
    ap.add_argument("--pin", action="store_true", help="re-pin tests/relevance/expected.json from the CI sets")
    ap.add_argument("--accept-lower", metavar="REASON", help="with --pin: allow lower figures, recording why")
    args = ap.parse_args(argv)

    pinning = args.pin or args.check
    if pinning and (args.option or args.variant or args.set or args.no_bm25s or args.backend
                    or (args.bm25s_k1, args.bm25s_b) != (relevance_bm25s.K1, relevance_bm25s.B)):
        ap.error("--pin and --check run the CI sets with the defaults: no --set, --option, --variant or bm25s changes")
    if args.accept_lower and not args.pin:
        ap.error("--accept-lower goes with --pin")
    systems = {"newsdesk": parse_options(args.option)}
    for text in args.variant:
        label, options = parse_variant(text)
        if label in systems or label == "bm25s":
            ap.error(f"--variant label {label!r} is taken")
        systems[label] = options
    if args.backend:
        for label, options in list(systems.items()):
            systems[f"{label}@os"] = dict(options, backend=args.backend)
    names = relevance_sets.CI_SETS if (pinning or args.ci) else (args.set or relevance_sets.DEFAULT_SETS)
    suggest = args.suggest or pinning
    if not args.json and not pinning:
        print(f"systems: " + "; ".join(f"{k} {v or '(defaults)'}" for k, v in systems.items()))

    def log(r):
        if not args.json:
            print_summary(r, args.per_query, args.worst)
            if "suggest" in r:
                print_suggest(r)
            sys.stdout.flush()

    results = run(names, systems, not args.no_bm25s, suggest,
                  None if args.no_cache else relevance_sets.DEFAULT_CACHE,
                  {"k1": args.bm25s_k1, "b": args.bm25s_b}, log=log)
    if results["bm25s"] != "ok":
        print(results["bm25s"], file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=1))
    if args.check:
        problems = relevance_pins.check(relevance_pins.load(), relevance_pins.pins_from(results))
        print("\n".join(problems) or "pinned figures reproduced")
        return 1 if problems else 0
    if args.pin:
        return relevance_pins.repin(relevance_pins.pins_from(results), accept_lower=args.accept_lower)
    return 0


if __name__ == "__main__":
    sys.exit(main())
