"""Ranking must not regress: judged queries on the seeds, and the pinned figures of the relevance
harness (scripts/relevance_eval.py) on Reuters-21578 (first 3,000 stories), BBC, the seeds and the
samples, reproduced from scratch once per session. bm25s's pinned figures are checked too when the
eval extra is installed; Newsdesk's always are."""
import copy
import json
import math
import subprocess
import sys

import pytest

from tests.conftest import REPO, SHARED

sys.path.insert(0, str(REPO / "scripts"))

import relevance_eval  # noqa: E402
import relevance_metrics as metrics  # noqa: E402
import relevance_pins  # noqa: E402
import relevance_sets  # noqa: E402
import relevance_suggest  # noqa: E402


def titles(engine, q, **kw):
    return [h["title"] for h in engine.search(q=q, group=False, **kw)["hits"]]


def test_export_controls_ranks_the_export_controls_article_first(seeds_engine):
    # 003 is the seed that is about export controls (Xi and Biden "clashed on the subject of export controls").
    top = seeds_engine.search(q="export controls", group=False)["hits"][0]
    assert top["title"].startswith("U.S.-China ties are")
    assert "<mark>export controls</mark>" in top["snippet"].replace("</mark> <mark>", " ")


def test_us_and_u_s_find_the_same_articles(seeds_engine):
    us = set(titles(seeds_engine, "US"))
    dotted = set(titles(seeds_engine, "U.S."))
    assert us == dotted and len(us) == 5


def test_chrome_words_find_nothing(seeds_engine):
    for q in ('"leave a comment"', '"scroll to top"', '"source link"', '"open sesame"',
              '"email address will not be published"', "Knight-Bagehot", "Tigray", '"Bondi Junction"'):
        assert seeds_engine.search(q=q)["total"] == 0, q


# ---------------------------------------------------------------- pinned figures (2CR)

@pytest.fixture(scope="session")
def ci_run():
    """The CI-sized sets, each indexed from scratch once per session, with did-you-mean measured."""
    return relevance_eval.run(relevance_sets.CI_SETS, suggest=True, cache=None)


def test_pinned_relevance_figures_are_reproduced(ci_run):
    pinned = relevance_pins.load()
    measured = relevance_pins.pins_from(ci_run)
    assert set(pinned["sets"]) == set(relevance_sets.CI_SETS) == set(measured["sets"])
    assert set(pinned["suggest"]) == set(measured["suggest"])
    for name, s in measured["sets"].items():  # every article indexed, every query run
        assert (s["articles"], s["queries"]) == (pinned["sets"][name]["articles"], pinned["sets"][name]["queries"])
    problems = relevance_pins.check(pinned, measured)
    assert not problems, "\n".join(problems)


def test_every_pinned_set_names_the_command_that_reproduces_it():
    pinned = relevance_pins.load()
    assert pinned["command"] == relevance_pins.PIN_COMMAND
    for name, s in pinned["sets"].items():
        assert s["command"] == f"python scripts/relevance_eval.py --set {name}"
        assert {"report/all", "tune/all", "all/all"} <= set(s["figures"]["newsdesk"])
    for name, s in pinned["suggest"].items():
        assert s["command"] == f"python scripts/relevance_eval.py --suggest --set {name}"


def test_re_pinning_never_lowers_a_figure_silently(ci_run, tmp_path):
    measured = relevance_pins.pins_from(ci_run)
    path = tmp_path / "expected.json"
    higher = copy.deepcopy(measured)
    higher["sets"]["seeds"]["figures"]["newsdesk"]["report/all"]["map@100"] += 0.05
    path.write_text(json.dumps(higher))
    before = path.read_text()

    said = []
    assert relevance_pins.repin(copy.deepcopy(measured), path, out=said.append) == 1
    assert path.read_text() == before
    assert any(line.strip().startswith("seeds newsdesk report/all map@100:") and "->" in line
               and line.endswith("LOWER") for line in said), said
    assert "refusing to pin" in said[-1]

    assert relevance_pins.repin(copy.deepcopy(measured), path, accept_lower="a test", out=said.append) == 0
    written = json.loads(path.read_text())
    assert written["history"][-1]["reason"] == "a test"
    assert written["history"][-1]["lowered_figures"]
    assert relevance_pins.check(written, measured) == []


def test_check_reports_a_regression_and_a_stale_pin():
    pins = {"sets": {"s": {"figures": {"newsdesk": {"report/all": {"n": 3, "map@100": 0.5, "p@10": 0.5}}}}}}
    measured = copy.deepcopy(pins)
    measured["sets"]["s"]["figures"]["newsdesk"]["report/all"].update({"map@100": 0.49, "p@10": 0.6})
    problems = relevance_pins.check(pins, measured, tolerance=0.002)
    assert len(problems) == 2
    assert "map@100: 0.5 -> 0.49 (lower" in problems[0] and "p@10: 0.5 -> 0.6 (higher" in problems[1]


# ---------------------------------------------------------------- the harness's parts

def test_measures_follow_trec_eval_on_hand_computed_rankings():
    qrels = {"a": 3, "b": 1, "c": 2}
    s = metrics.evaluate(["a", "x", "c", "y"], qrels)
    assert s["map@100"] == pytest.approx((1 / 1 + 2 / 3) / 3)
    assert s["p@10"] == pytest.approx(0.2)
    assert s["recall@100"] == pytest.approx(2 / 3)
    ideal = 3 + 2 / math.log2(3) + 1 / 2
    assert s["ndcg@10"] == pytest.approx((3 + 2 / 2) / ideal)
    # AP@100 of a topic with more relevant documents than places: a perfect list scores 1.
    many = {f"d{i}": 1 for i in range(500)}
    assert metrics.average_precision([f"d{i}" for i in range(100)], many) == pytest.approx(1.0)
    assert metrics.recall_at([f"d{i}" for i in range(100)], many) == pytest.approx(0.2)
    assert metrics.evaluate([], qrels)["ndcg@10"] == 0.0


def test_reuters_wordings_cover_every_kind_in_both_halves_and_keep_topics_apart():
    spec = json.loads((REPO / "tests" / "relevance" / "reuters_queries.json").read_text())
    wordings = [(t["topic"], t["split"], q) for t in spec["topics"] for q in t["queries"]]
    assert len(wordings) >= 30
    for split in relevance_sets.SPLITS:
        kinds = [metrics.query_kind(q) for _, s, q in wordings if s == split]
        assert all(kinds.count(k) >= 10 for k in metrics.KINDS), (split, kinds)
    topics = [t["topic"] for t in spec["topics"]]
    assert len(topics) == len(set(topics))


def test_misspellings_are_seeded_new_and_within_two_edits():
    queries = ["crude oil prices", "opec output cut", "Taiwan", "gold"]
    vocabulary = {"crude", "oil", "prices", "opec", "output", "cut", "taiwan", "gold", "gild", "goad"}
    cases = relevance_suggest.make_cases(queries, vocabulary, seed=5)
    assert [c.typed for c in cases] == [c.typed for c in relevance_suggest.make_cases(queries, vocabulary, seed=5)]
    assert {c.edits for c in cases} == {1, 2} and len(cases) == 2 * len(queries)
    for c in cases:
        assert c.misspelled not in vocabulary and c.misspelled != c.word.lower()
        assert 1 <= osa_distance(c.word.lower(), c.misspelled) <= c.edits
        assert c.typed.replace(c.misspelled, c.word, 1) == c.intended


def osa_distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (what the generator's edits are)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_engine_options_are_parsed_and_unknown_ones_refused():
    assert relevance_eval.parse_options(["a=OR", "k1=0.9", "on=true"]) == {"a": "OR", "k1": 0.9, "on": True}
    assert relevance_eval.parse_variant("wide:a=1,b=x") == ("wide", {"a": 1, "b": "x"})
    with pytest.raises(SystemExit, match="SearchEngine does not take no_such_option"):
        relevance_eval.check_options({"no_such_option": 1})
    with pytest.raises(SystemExit, match="NAME=VALUE"):
        relevance_eval.parse_options(["novalue"])


def test_variants_are_columns_of_one_run(tmp_path):
    js = relevance_sets.SETS["seeds"]()
    prepared = relevance_sets.prepare(js, tmp_path, cache=None)
    r = relevance_eval.run_set(prepared, {"newsdesk": {}, "again": {}}, bm25s=None)
    assert r["systems"] == ["newsdesk", "again"]
    assert r["means"]["newsdesk"] == r["means"]["again"]
    assert len(r["queries"]) == len(js.queries) >= 12


def test_without_bm25s_the_harness_says_so_and_still_prints_newsdesk(tmp_path):
    # bm25s made unimportable in a child process, as if the eval extra were not installed.
    code = ("import sys, runpy; sys.modules['bm25s'] = None; "
            "sys.argv = ['relevance_eval.py', '--set', 'seeds', '--no-cache']; "
            f"runpy.run_path({str(REPO / 'scripts' / 'relevance_eval.py')!r}, run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={"NEWSDESK_SHARED": str(SHARED), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "bm25s is not installed" in done.stderr and "setup-env.sh eval" in done.stderr
    assert "newsdesk" in done.stdout and "MAP@100" in done.stdout
    assert "÷ bm25s" not in done.stdout
