#!/usr/bin/env python3
"""Measure article extraction from scraped text pages against labelled pages.

Runs ``index.extract.extract_scraped_text`` over every ``<name>.txt`` in a folder and
scores the result against the folder's ``labels.json``
(``{name: {"with": [...], "without": [...], "title": ..., "date": ..., "source": ...}}``):

* snippet precision / recall / F1 of headline + "\\n\\n" + body, computed by the shared scorer
  ``../shared/tools/extract_score.py`` (imported from beside the repository, not copied);
* headline accuracy over pages labelled with a ``title`` (compared after the scorer's
  normalisation; a label cut short by at most 10% still matches its full headline);
* date accuracy over pages whose label has a ``date`` key (``published.date()`` must equal it;
  a null label means the page states no date and none may be returned);
* outlet accuracy over pages whose label has a ``source`` key (null: no outlet).

Examples::

    python scripts/eval_extraction.py                 # ../shared/corpora/pages-eval
    python scripts/eval_extraction.py --fixtures -v   # tests/fixtures/pages, list failures
    python scripts/eval_extraction.py --samples -v    # samples/corpus/pages (tests/fixtures/samples_labels.json)
    python scripts/eval_extraction.py --blind -v      # tests/fixtures/blind (written without seeing the extractor)
    python scripts/eval_extraction.py --blind2 -v     # tests/fixtures/blind2 (a second blind set)
    python scripts/eval_extraction.py --blind3 -v     # tests/fixtures/blind3 (a third blind set)
    python scripts/eval_extraction.py DIR --labels DIR/labels.json --json
    python scripts/eval_extraction.py --write-digests # record every known page's extraction (see below)

``--write-digests`` writes ``tests/extraction_outputs.json``: a SHA-256 digest of the record extracted
from every page of the seeds, pages-eval, the fixtures, the samples and the blind sets (digests only:
no page text enters the repository). ``tests/test_extract_outputs.py`` checks that the extraction
still gives exactly those records, so a change meant only to make extraction faster cannot alter
what it extracts; a change meant to alter it rewrites the digests and says why.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.extract import extract_scraped_text  # noqa: E402

SCORER_PATH = REPO / ".." / "shared" / "tools" / "extract_score.py"
PAGES_EVAL = REPO / ".." / "shared" / "corpora" / "pages-eval"
FIXTURES = REPO / "tests" / "fixtures" / "pages"
# The project's own sample pages (written without knowledge of the extractor); their labels
# live with the test fixtures so the sample corpus itself stays a plain corpus.
SAMPLES = REPO / "samples" / "corpus" / "pages"
SAMPLES_LABELS = REPO / "tests" / "fixtures" / "samples_labels.json"
# A blind set: pages and labels written by someone who had not seen the extractor.
BLIND = REPO / "tests" / "fixtures" / "blind"
# A second blind set (other layouts: tight headline/deck stacks, one-line menus, stats rows,
# government press releases, newsletter posts), also written without seeing the extractor.
BLIND2 = REPO / "tests" / "fixtures" / "blind2"
BLIND3 = REPO / "tests" / "fixtures" / "blind3"

# Every labelled set by name: (pages folder, labels file or None for the folder's own labels.json,
# what it is). The command-line flags and tests/test_extraction_gate.py both read this.
SETS = {
    "pages-eval": (PAGES_EVAL / "pages", PAGES_EVAL / "labels.json", "../shared/corpora/pages-eval (the default)"),
    "fixtures": (FIXTURES, None, "tests/fixtures/pages"),
    "samples": (SAMPLES, SAMPLES_LABELS, "samples/corpus/pages with tests/fixtures/samples_labels.json"),
    "blind": (BLIND, None, "tests/fixtures/blind (pages labelled without seeing the extractor)"),
    "blind2": (BLIND2, None, "tests/fixtures/blind2 (a second blind set, other layouts)"),
    "blind3": (BLIND3, None, "tests/fixtures/blind3 (a third blind set: logo and domain banners, photo essays)"),
}


SEEDS = REPO / ".." / "shared" / "seeds"
DIGESTS = REPO / "tests" / "extraction_outputs.json"


def digest_pages() -> dict[str, Path]:
    """Every page whose extraction is recorded: name (set/file stem) -> path."""
    folders = {"seeds": SEEDS, **{name: pages for name, (pages, _, _) in SETS.items()}}
    return {f"{name}/{p.stem}": p for name, folder in folders.items() if folder.is_dir()
            for p in sorted(folder.glob("*.txt"))}


def record_digest(path: Path) -> str:
    """SHA-256 of the record extracted from one page (title, outlet, date, byline, body, notes)."""
    art = extract_scraped_text(path.read_bytes().decode("utf-8", errors="replace"))
    record = [art.title, art.source, art.published.isoformat() if art.published else None,
              art.byline, art.body, list(art.notes)]
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode("utf-8")).hexdigest()


def load_scorer():
    """The shared scorer module, imported by path."""
    spec = importlib.util.spec_from_file_location("extract_score", SCORER_PATH.resolve())
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"scorer not found: {SCORER_PATH}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_labels(pages_dir: Path) -> Path:
    """labels.json inside the pages folder, else beside it (pages-eval keeps it one level up)."""
    inside = pages_dir / "labels.json"
    return inside if inside.exists() else pages_dir.parent / "labels.json"


def headline_matches(norm, got: str, want: str) -> bool:
    """Equal after normalisation, or the label is the headline cut short by at most 10%."""
    g, w = norm(got or ""), norm(want or "")
    if g == w:
        return True
    short, long_ = sorted((g, w), key=len)
    return bool(short) and long_.startswith(short) and len(short) >= 0.9 * len(long_)


def evaluate(pages_dir: Path, labels_path: Path | None = None) -> dict:
    """Extract every labelled page in ``pages_dir`` and score it; returns a JSON-ready dict."""
    scorer = load_scorer()
    labels_path = labels_path or default_labels(pages_dir)
    labels = scorer.load_labels(str(labels_path))
    texts, pages = {}, {}
    started = time.perf_counter()
    for name in sorted(labels):
        path = pages_dir / f"{name}.txt"
        if not path.exists():
            continue
        art = extract_scraped_text(path.read_text(encoding="utf-8", errors="replace"))
        texts[name] = f"{art.title}\n\n{art.body}"
        pages[name] = art
    seconds = time.perf_counter() - started
    res = scorer.score(labels, texts)

    head = {"n": 0, "ok": 0, "failures": {}}
    date = {"n": 0, "ok": 0, "failures": {}}
    outlet = {"n": 0, "ok": 0, "failures": {}}
    for name, item in sorted(labels.items()):
        art = pages.get(name)
        if item.get("title"):
            head["n"] += 1
            got = art.title if art else ""
            if headline_matches(scorer.norm, got, item["title"]):
                head["ok"] += 1
            else:
                head["failures"][name] = {"got": got, "want": item["title"]}
        if "date" in item:
            date["n"] += 1
            got = art.published.date().isoformat() if art and art.published else None
            if got == (item["date"] or None):
                date["ok"] += 1
            else:
                date["failures"][name] = {"got": got, "want": item["date"]}
        if "source" in item:
            outlet["n"] += 1
            got = art.source if art else None
            if (got or None) == (item["source"] or None):
                outlet["ok"] += 1
            else:
                outlet["failures"][name] = {"got": got, "want": item["source"]}
    for d in (head, date, outlet):
        d["accuracy"] = d["ok"] / d["n"] if d["n"] else 1.0

    snippet_failures = {n: {"missing": p["missing_with"], "unwanted": p["present_without"]}
                        for n, p in res["per_page"].items() if p["fn"] or p["fp"]}
    return {
        "pages_dir": str(pages_dir), "labels": str(labels_path), "pages": res["pages"],
        "extracted": res["extracted"], "perfect_pages": res["perfect_pages"],
        "tp": res["tp"], "fp": res["fp"], "fn": res["fn"], "tn": res["tn"],
        "f1": res["f1"], "precision": res["precision"], "recall": res["recall"],
        "accuracy": res["accuracy"],
        "headline_accuracy": head["accuracy"], "headlines_labelled": head["n"],
        "date_accuracy": date["accuracy"], "dates_labelled": date["n"],
        "outlet_accuracy": outlet["accuracy"], "outlets_labelled": outlet["n"],
        "seconds": round(seconds, 3),
        "failures": {"snippets": snippet_failures, "headline": head["failures"],
                     "date": date["failures"], "outlet": outlet["failures"]},
    }


def format_report(r: dict, verbose: bool = False) -> str:
    out = []
    if verbose:
        for name, f in r["failures"]["snippets"].items():
            out.append(f"{name}: missing {f['missing']}  unwanted {f['unwanted']}")
        for kind in ("headline", "date", "outlet"):
            for name, f in r["failures"][kind].items():
                out.append(f"{name}: {kind} got {f['got']!r} want {f['want']!r}")
    out.append(
        f"pages {r['pages']} (all snippets right {r['perfect_pages']})  tp {r['tp']} fp {r['fp']} "
        f"fn {r['fn']} tn {r['tn']}  P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
    out.append(
        f"headline {r['headline_accuracy']:.3f} ({r['headlines_labelled']} labelled)  "
        f"date {r['date_accuracy']:.3f} ({r['dates_labelled']})  "
        f"outlet {r['outlet_accuracy']:.3f} ({r['outlets_labelled']})  in {r['seconds']:.2f}s")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="?", type=Path,
                    help="folder of <name>.txt pages (default: ../shared/corpora/pages-eval/pages)")
    ap.add_argument("--labels", type=Path, help="labels.json (default: in or beside the folder)")
    which = ap.add_mutually_exclusive_group()
    for name, (_, _, what) in SETS.items():
        if name != "pages-eval":
            which.add_argument(f"--{name}", dest="set", action="store_const", const=name, help=f"use {what}")
    ap.add_argument("-v", "--verbose", action="store_true", help="list per-page failures")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--write-digests", action="store_true",
                    help=f"record the extraction of every known page in {DIGESTS.relative_to(REPO)} and stop")
    args = ap.parse_args(argv)
    if args.write_digests:
        digests = {name: record_digest(path) for name, path in digest_pages().items()}
        DIGESTS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(digests)} digests to {DIGESTS.relative_to(REPO)}")
        return 0
    set_pages, set_labels, _ = SETS[args.set or "pages-eval"]
    pages = args.pages or set_pages
    labels = args.labels or (set_labels if args.pages is None else None)
    result = evaluate(pages.resolve(), labels)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json
          else format_report(result, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
