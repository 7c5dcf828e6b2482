#!/usr/bin/env python3
"""Pinned relevance figures (Pyserini's two-click-reproduction habit): tests/relevance/expected.json.

The file holds, for each CI-sized judged set, the figures ``scripts/relevance_eval.py --pin``
measured (Newsdesk with its default options, and bm25s when it was installed), the command that
reproduces each set's figures, a tolerance, and a history of re-pins. tests/test_relevance.py
recomputes them and fails when any moved by more than the tolerance, either way: lower is a
regression, higher means the pins (and docs/relevance.md) are out of date.

Re-pinning prints every figure that changed as ``old -> new`` and refuses to write a lower figure
unless ``--accept-lower "why"`` is given; the reason and the lowered figures go into the history.

    python scripts/relevance_pins.py            # print the pinned figures
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PINS = REPO / "tests" / "relevance" / "expected.json"
TOLERANCE = 0.002
PIN_COMMAND = "python scripts/relevance_eval.py --pin"
PINNED_SYSTEMS = ("newsdesk", "bm25s")
README = ("Pinned relevance figures (Pyserini 2CR habit), checked by tests/test_relevance.py: every figure "
          "must be reproduced within 'tolerance' (lower is a regression; higher means re-pin). Each set's "
          "'command' reproduces its figures (add --json for every decimal). Re-pin after a ranking change with "
          f"`{PIN_COMMAND}`: it prints old -> new for every figure and refuses to lower one unless given "
          "--accept-lower REASON, which is recorded in 'history'. Figures: macro means over queries, by "
          "split (tune/report/all) and query kind; MAP@100 is normalised by min(R, 100). bm25s figures are "
          "checked only where bm25s is installed (the eval extra). Never edit the numbers by hand.")


def round4(x: float) -> float:
    return round(float(x), 4)


def pins_from(results: dict) -> dict:
    """The pinned form of a harness run (``relevance_eval.run``): figures rounded to 4 places."""
    sets, suggest = {}, {}
    for r in results["sets"]:
        figures = {system: {group: {k: (v if k == "n" else round4(v)) for k, v in means.items()}
                            for group, means in r["means"][system].items()}
                   for system in PINNED_SYSTEMS if system in r["means"]}
        sets[r["set"]] = {"command": f"python scripts/relevance_eval.py --set {r['set']}",
                          "articles": r["articles"], "queries": len(r["queries"]), "figures": figures}
        if "suggest" in r:
            s = r["suggest"]
            suggest[r["set"]] = {"command": f"python scripts/relevance_eval.py --suggest --set {r['set']}",
                                 "cases": s["all"]["n"], "correct_share": round4(s["all"]["correct_share"]),
                                 "none": s["all"]["none"], "wrong": s["all"]["wrong"]}
    return {"sets": sets, "suggest": suggest}


def flatten(pins: dict) -> dict[str, float]:
    """'set system split/kind measure' → value, and 'set suggest field' → value."""
    out = {}
    for name, s in pins.get("sets", {}).items():
        for system, groups in s["figures"].items():
            for group, means in groups.items():
                for measure, v in means.items():
                    if measure != "n":
                        out[f"{name} {system} {group} {measure}"] = v
    for name, s in pins.get("suggest", {}).items():
        for k in ("correct_share",):
            out[f"{name} suggest {k}"] = s[k]
    return out


def compare(old: dict, new: dict) -> tuple[list[tuple[str, float | None, float | None]], list]:
    """(every changed figure as (name, old, new), the lowered or vanished ones)."""
    a, b = flatten(old), flatten(new)
    changes = [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    lowered = [c for c in changes if c[2] is None or (c[1] is not None and c[2] < c[1])]
    return changes, lowered


def check(pinned: dict, measured: dict, tolerance: float | None = None) -> list[str]:
    """What a fresh run fails to reproduce: figures that moved by more than the tolerance and pinned
    figures missing from a set and system it did run (a set or system it did not run, such as bm25s
    without the extra, is skipped)."""
    tolerance = pinned.get("tolerance", TOLERANCE) if tolerance is None else tolerance
    a, b = flatten(pinned), flatten(measured)
    ran = {tuple(k.split(" ", 2)[:2]) for k in b}
    problems = []
    for k, v in sorted(a.items()):
        if k not in b:
            if tuple(k.split(" ", 2)[:2]) in ran:
                problems.append(f"{k}: pinned {v}, not measured")
            continue
        if b[k] < v - tolerance:
            problems.append(f"{k}: {v} -> {b[k]} (lower than pinned: a regression)")
        elif b[k] > v + tolerance:
            problems.append(f"{k}: {v} -> {b[k]} (higher than pinned: re-pin with `{PIN_COMMAND}`)")
    return problems


def dumps(doc: dict) -> str:
    """JSON with every innermost object on one line (one line per group of figures: short diffs).

    >>> print(dumps({"a": {"x": 1, "y": 2}}))
    {
     "a": {"x": 1, "y": 2}
    }
    <BLANKLINE>
    """
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    text = re.sub(r"\{\n\s+([^{}\[\]]*?)\n\s*\}",
                  lambda m: "{" + " ".join(line.strip() for line in m.group(1).split("\n")) + "}", text)
    return text + "\n"


def load(path: Path = PINS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def repin(measured: dict, path: Path = PINS, accept_lower: str | None = None, out=print) -> int:
    """Write ``measured`` as the new pins, printing old -> new; refuse (return 1, file untouched) when
    a figure would go down and no ``accept_lower`` reason is given."""
    old = load(path)
    # Keep pinned systems this run could not measure (bm25s without the extra).
    for name, s in old.get("sets", {}).items():
        if name in measured["sets"]:
            for system, groups in s["figures"].items():
                measured["sets"][name]["figures"].setdefault(system, groups)
    changes, lowered = compare(old, measured)
    for k, a, b in changes:
        mark = "  LOWER" if (k, a, b) in lowered else ""
        out(f"  {k}: {a if a is not None else '-'} -> {b if b is not None else '-'}{mark}")
    if not changes:
        out("pins unchanged")
        return 0
    if lowered and not accept_lower:
        out(f"refusing to pin: {len(lowered)} figure(s) would go down (marked LOWER). If that is intended, "
            f"run again with --accept-lower \"why\"; the reason is kept in {path.name}'s history.")
        return 1
    history = old.get("history", [])
    entry = {"date": date.today().isoformat(), "changed": len(changes), "lowered": len(lowered)}
    if lowered:
        entry["reason"] = accept_lower
        entry["lowered_figures"] = [f"{k}: {a} -> {b}" for k, a, b in lowered]
    doc = {"README": README, "command": PIN_COMMAND,
           "tolerance": old.get("tolerance", TOLERANCE) if "sets" in old else TOLERANCE,
           **measured, "history": history + [entry]}
    path.write_text(dumps(doc), encoding="utf-8")
    out(f"pinned {len(changes)} changed figure(s) in {path}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, default=PINS)
    args = ap.parse_args(argv)
    for k, v in flatten(load(args.file)).items():
        print(f"{k:<58} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
