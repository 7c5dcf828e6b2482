"""Extraction gate: scores on labelled pages must not drop below the pins in extraction_gate.json.

Runs scripts/eval_extraction.py's ``evaluate`` on ../shared/corpora/pages-eval, on
tests/fixtures/pages, on the project's sample pages (samples/corpus/pages, labelled in
tests/fixtures/samples_labels.json) and on the blind set (tests/fixtures/blind, pages and labels
written without seeing the extractor), the second blind set (tests/fixtures/blind2) and the third
(tests/fixtures/blind3). To see what changed:
``python scripts/eval_extraction.py [--fixtures | --samples | --blind | --blind2 | --blind3] -v``.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GATE = json.loads((REPO / "tests" / "extraction_gate.json").read_text(encoding="utf-8"))


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_extraction", REPO / "scripts" / "eval_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVAL = _eval_module()
FIXTURES, SAMPLES, SAMPLES_LABELS = EVAL.FIXTURES, EVAL.SAMPLES, EVAL.SAMPLES_LABELS
BLIND, BLIND2, BLIND3 = EVAL.BLIND, EVAL.BLIND2, EVAL.BLIND3


@pytest.fixture(scope="module")
def results():
    return {name: EVAL.evaluate(pages.resolve(), labels) for name, (pages, labels, _) in EVAL.SETS.items()}


@pytest.mark.parametrize("suite, metric", [(s, m) for s, pins in GATE.items() if not s.startswith("_")
                                           for m in pins])
def test_score_not_below_pin(results, suite, metric):
    r = results[suite]
    pin = GATE[suite][metric]
    failures = r["failures"]
    assert r[metric] >= pin, (
        f"{suite} {metric} {r[metric]:.3f} < pinned {pin:.3f}; "
        f"snippet failures {failures['snippets']}, headline {failures['headline']}, "
        f"date {failures['date']}, outlet {failures['outlet']}")


def test_every_labelled_page_was_extracted(results):
    for suite, r in results.items():
        assert r["extracted"] == r["pages"], suite


def test_fixture_suite_is_big_enough():
    labels = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))
    assert len(labels) >= 8
    assert all((FIXTURES / f"{name}.txt").exists() for name in labels)


def test_every_sample_page_is_labelled():
    labels = json.loads(SAMPLES_LABELS.read_text(encoding="utf-8"))
    pages = {p.stem for p in SAMPLES.glob("*.txt")}
    assert pages and set(labels) == pages
    assert all(item.get("title") and "date" in item and "source" in item and item["with"] and item["without"]
               for item in labels.values())


@pytest.mark.parametrize("folder, least", [(BLIND, 14), (BLIND2, 14), (BLIND3, 12)],
                         ids=["blind", "blind2", "blind3"])
def test_every_blind_page_is_labelled(folder, least):
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pages = {p.stem for p in folder.glob("*.txt")}
    assert len(pages) >= least and set(labels) == pages
    assert all(item.get("title") and "date" in item and "source" in item and item["with"] and item["without"]
               for item in labels.values())
