"""Story clusters (index.stories): copies group, same-topic stories stay apart, ids are stable,
the state survives a save and a load, removal splits what it held together.

Texts are the project's sample corpus and the seed pages, read as the indexer reads them, and
BBC News bodies from ../shared as unrelated material. The edited copies are made here, with
wording of their own (not the pools of scripts/make_cluster_pairs.py).
"""
from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import numpy as np
import pytest

from index.article import Article
from index.readers import Ignored, Skipped, find_sources, read_source
from index.stories import (STATE_FILE, PairRule, StoryClusters, StoryStateCorrupt, StoryStateError,
                           StoryStateIncompatible, StoryStateMissing)
from tests.conftest import SAMPLES, SEEDS, SHARED


def read_articles(path: Path) -> list[Article]:
    out = []
    for source in find_sources([path]):
        if not isinstance(source, (Ignored, Skipped)):
            out.extend(a for a in read_source(source) if isinstance(a, Article))
    return out


@pytest.fixture(scope="module")
def samples() -> dict[str, Article]:
    """Sample articles by file name (and wire.jsonl#N)."""
    return {a.origin.split("corpus/")[-1]: a for a in read_articles(SAMPLES)}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {Path(a.origin).name[:3]: a for a in read_articles(SEEDS)}


@pytest.fixture(scope="module")
def bbc_bodies() -> list[tuple[str, str]]:
    """Two hundred BBC News bodies (unrelated to the samples), as (id, body)."""
    out = []
    for path in sorted((SHARED / "corpora" / "bbc").glob("*/*.txt"))[::11][:200]:
        title, _, body = path.read_bytes().decode("utf-8", "replace").partition("\n")
        out.append((f"bbc/{path.parent.name}/{path.name}", body))
    return out


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def build(items, rule=None) -> StoryClusters:
    sc = StoryClusters(rule) if rule else StoryClusters()
    for item in items:
        sc.add(*item)
    return sc


ARTICLE = "pages/2024-09-06-lowlands-asml-licences.txt"

# One function per kind of edit a syndicated or re-posted copy shows.
EDITS = {
    "exact copy, other case and quotes": lambda body: body.upper().replace("’", "'").replace("“", '"'),
    "dateline credit of another outlet": lambda body: "THE HAGUE, Sept 6 (Newswire) -- " + body,
    "site chrome around it": lambda body: "\n\n".join(
        ["Home | News | Markets | Opinion", "Subscribe now for full access", body,
         "Tell us what you think: comments are moderated", "More stories from our newsroom",
         "Follow us on all the usual networks", "Terms | Privacy | Cookies"]),
    "ending cut": lambda body: "\n\n".join(paragraphs(body)[: max(1, len(paragraphs(body)) * 3 // 5)]),
    "editor's line and a paragraph added": lambda body: "\n\n".join(
        paragraphs(body)[:2] + ["Markets in Amsterdam were closed for a public holiday on the day the rules "
                                "were announced, and traders said volumes were thin all week."]
        + paragraphs(body)[2:] + ["Editor's note: this article has been updated with a company statement."]),
    "light rewording": lambda body: body.replace(" said", " says").replace("percent", "pct")
    .replace(" about ", " around ").replace("U.S.", "US"),
    "paragraphs re-wrapped": lambda body: "\n".join(textwrap.fill(p, 62) for p in paragraphs(body)),
}


# ------------------------------------------------------------------------------- copies group

@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_copy_joins_the_original(samples, edit):
    original = samples[ARTICLE]
    copy = EDITS[edit](original.body)
    assert copy != original.body
    sc = StoryClusters()
    sc.add("1-original", original.body, original.published)
    change = sc.add("2-copy", copy, original.published)
    assert change.cluster == "1-original", edit
    assert sc.members("1-original") == ["1-original", "2-copy"]


def test_every_edit_at_once_still_groups_and_other_samples_do_not_join(samples):
    original = samples[ARTICLE]
    body = original.body
    for edit in ("site chrome around it", "light rewording", "ending cut", "paragraphs re-wrapped"):
        body = EDITS[edit](body)
    items = [(name, a.body, a.published) for name, a in samples.items()] + [("copy", body, original.published)]
    sc = build(items)
    assert sc.cluster_of("copy") == sc.cluster_of(ARTICLE)
    assert len(sc.members(sc.cluster_of(ARTICLE))) == 2


def test_exact_copies_always_group_however_short(samples):
    sc = StoryClusters()
    sc.add("a", "Qtly div 10 cts vs 10 cts prior.")
    assert sc.add("b", "QTLY DIV 10 CTS VS 10 CTS PRIOR").cluster == "a"
    # a short text that differs is not a copy: too little to tell a copy from a template
    assert sc.add("c", "Qtly div 12 cts vs 10 cts prior.").cluster == "c"


def test_an_article_without_words_is_a_story_of_its_own():
    sc = StoryClusters()
    sc.add("a", "")
    assert sc.add("b", "  \n ").cluster == "b"
    assert sc.cluster_of("a") == "a"


# ----------------------------------------------------------------------- same topic stays apart

def test_seeds_000_and_002_are_one_story_and_no_other_seed_joins_them(seeds):
    sc = build((name, a.body, a.published) for name, a in sorted(seeds.items()))
    assert sc.cluster_of("000") == sc.cluster_of("002")
    together = sc.cluster_of("000")
    assert [n for n in ("001", "003", "004") if sc.cluster_of(n) == together] == []
    assert len({sc.cluster_of(n) for n in ("001", "003", "004")}) == 3


def test_sample_corpus_groups_its_two_syndicated_pairs_and_nothing_else(samples):
    """The samples README: 38 articles, 36 stories; the two syndicated pairs are the copies.
    Many of the others share a beat (US-China chips and tariffs) and recurring analysts."""
    sc = build((name, a.body, a.published) for name, a in samples.items())
    assert len(samples) == 38
    assert len(sc.clusters()) == 36
    pairs = sorted(sorted(m) for m in sc.clusters(min_size=2).values())
    assert pairs == [["html/2024-12-03-eveningcourier-china-bans-mineral-exports.html",
                      "pages/2024-12-03-lakeshore-china-mineral-ban.txt"],
                     ["pages/2023-10-17-harborview-export-controls-ai-chips.txt", "wire.jsonl#3"]]


def test_template_notices_with_other_figures_and_dates_stay_apart():
    a = ("The Federal Reserve entered the U.S. government securities market to arrange 1.5 billion dlrs "
         "of customer repurchase agreements, a Fed spokesman said. Dealers said Federal funds were trading "
         "at 6-3/16 pct when the Fed began its temporary and indirect supply of reserves to the banking system.")
    b = a.replace("1.5 billion", "two billion").replace("6-3/16", "6-1/2")
    sc = StoryClusters()
    sc.add("march", a, "1987-03-23T11:43:00+00:00")
    assert sc.add("april", b, "1987-04-13T11:48:00+00:00").cluster == "april"
    # the same text three weeks later is the same story, re-run
    assert sc.add("rerun", a.upper(), "1987-04-14T09:00:00+00:00").cluster == "march"


# ------------------------------------------------------------------------------- cluster ids

def test_founder_is_the_earliest_dated_then_the_smallest_id(samples):
    body = samples[ARTICLE].body
    sc = StoryClusters()
    sc.add("m", body)                                           # undated
    assert sc.add("z", body, "2024-09-07T10:00:00+00:00").relabelled == {"m": "z"}
    change = sc.add("y", body, "2024-09-06T10:00:00+00:00")     # earlier: founds the story
    assert change.cluster == "y" and change.relabelled == {"m": "y", "z": "y"}
    assert sc.add("a", body).relabelled == {}                   # undated: after every dated one
    assert sc.members("y") == ["y", "z", "a", "m"]


def test_ids_stay_when_unrelated_articles_are_added_and_across_a_rebuild_in_another_order(samples, bbc_bodies):
    first = build((name, a.body, a.published) for name, a in samples.items())
    before = first.assignments()
    for item in bbc_bodies:
        change = first.add(*item)
        assert not set(change.relabelled) & set(before), "an unrelated article relabelled a sample"
    assert {k: first.cluster_of(k) for k in before} == before
    items = [(name, a.body, a.published) for name, a in samples.items()] + list(bbc_bodies)
    for seed in (1, 2):
        random.Random(seed).shuffle(items)
        assert build(items).assignments() == first.assignments()


def test_relabels_reported_by_add_and_remove_keep_a_copy_of_the_assignments_exact(samples, bbc_bodies):
    items = [(name, a.body, a.published) for name, a in samples.items()] + list(bbc_bodies)
    items.append(("again", samples[ARTICLE].body, "2020-01-01T00:00:00+00:00"))   # founds its story
    sc, mirror = StoryClusters(), {}
    for item in items:
        change = sc.add(*item)
        mirror[item[0]] = change.cluster
        mirror.update(change.relabelled)
    assert mirror == sc.assignments()
    for name in ["again", "wire.jsonl#3", "bbc/business/001.txt", ARTICLE]:
        mirror.update(sc.remove(name))
        mirror.pop(name, None)
        assert mirror == sc.assignments()


# -------------------------------------------------------------------------------- removal

def test_removing_the_article_that_bridges_two_stories_splits_them(samples):
    left = paragraphs(samples["pages/2024-11-20-prairiecourier-soybean-farmers.txt"].body)
    right = paragraphs(samples["pages/2023-09-28-alpinereport-swiss-glaciers.txt"].body)
    sc = StoryClusters()
    sc.add("left", "\n\n".join(left))
    sc.add("right", "\n\n".join(right))
    assert sc.cluster_of("left") != sc.cluster_of("right")
    bridge = "\n\n".join(left[len(left) // 2:] + right[: len(right) // 2 + 1])
    change = sc.add("bridge", bridge)
    assert sc.cluster_of("left") == sc.cluster_of("right") == sc.cluster_of("bridge") == "bridge"
    assert change.relabelled == {"left": "bridge", "right": "bridge"}
    assert sc.remove("bridge") == {"left": "left", "right": "right"}
    assert sc.cluster_of("left") == "left" and sc.cluster_of("right") == "right"


def test_removal_matches_a_build_without_the_removed_articles(samples, bbc_bodies):
    items = [(name, a.body, a.published) for name, a in samples.items()] + list(bbc_bodies)
    sc = build(items)
    gone = {name for name, *_ in random.Random(4).sample(items, 60)} | {"wire.jsonl#3"}
    for name in sorted(gone):
        sc.remove(name)
    assert sc.remove("no such article") == {}
    assert sc.assignments() == build(i for i in items if i[0] not in gone).assignments()


def test_adding_an_id_again_with_the_same_text_changes_nothing(samples):
    sc = build([("a", samples[ARTICLE].body, "2024-09-06T08:00:00+00:00"), ("b", samples[ARTICLE].body)])
    change = sc.add("a", samples[ARTICLE].body, "2024-09-06T08:00:00+00:00")
    assert (change.cluster, change.relabelled) == ("a", {})
    assert sc.members("a") == ["a", "b"]


def test_a_date_that_cannot_be_read_is_refused_before_anything_changes(samples):
    sc = build([("a", samples[ARTICLE].body)])
    with pytest.raises(ValueError, match="ISO 8601"):
        sc.add("a", "other text", "yesterday")
    assert sc.members("a") == ["a"] and len(sc) == 1


def test_adding_an_id_again_replaces_its_text(samples):
    sc = StoryClusters()
    sc.add("a", samples[ARTICLE].body)
    sc.add("b", samples[ARTICLE].body)
    change = sc.add("a", samples["pages/2024-07-15-touchline-copa-america-final.txt"].body)
    assert change.cluster == "a" and change.relabelled == {"b": "b"}
    assert len(sc) == 2 and sc.members("b") == ["b"]


# ---------------------------------------------------------------------------- on disk

def test_state_round_trip_is_plain_numpy_and_gives_the_same_clusters(tmp_path, samples, seeds):
    items = [(name, a.body, a.published) for name, a in samples.items()]
    items += [(f"seed{name}", a.body, a.published) for name, a in seeds.items()]
    sc = build(items)
    path = tmp_path / STATE_FILE
    sc.save(path)
    with np.load(path, allow_pickle=False) as z:           # no pickled objects inside
        assert len(z["article_ids"]) == len(items)
        assert json.loads(z["meta"].tobytes())["rule"]["min_shared"] == sc.rule.min_shared
    again = StoryClusters.load(path)
    assert again.assignments() == sc.assignments()
    assert again.clusters() == sc.clusters()
    assert [p.name for p in tmp_path.iterdir()] == [STATE_FILE]   # no temporary file left behind


def test_incremental_adds_after_a_load_equal_one_build(tmp_path, samples, bbc_bodies):
    items = [(name, a.body, a.published) for name, a in samples.items()] + list(bbc_bodies)
    random.Random(7).shuffle(items)
    half = len(items) // 2
    build(items[:half]).save(tmp_path / STATE_FILE)
    sc = StoryClusters.load(tmp_path / STATE_FILE)
    for item in items[half:]:
        sc.add(*item)
    assert sc.assignments() == build(items).assignments()
    sc.remove("wire.jsonl#3")                                 # removal works on loaded state too
    assert sc.cluster_of("pages/2023-10-17-harborview-export-controls-ai-chips.txt") == \
        "pages/2023-10-17-harborview-export-controls-ai-chips.txt"


def test_a_missing_state_file_raises_a_clear_error(tmp_path):
    with pytest.raises(StoryStateMissing, match="no story-cluster state") as info:
        StoryClusters.load(tmp_path / STATE_FILE)
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, StoryStateError)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_broken_state_file_raises_a_clear_error(tmp_path, samples, damage):
    path = tmp_path / STATE_FILE
    build((name, a.body) for name, a in samples.items()).save(path)
    data = path.read_bytes()
    path.write_bytes({"truncated": data[: len(data) // 2], "garbage": b"not a state file" * 10, "empty": b""}[damage])
    with pytest.raises(StoryStateCorrupt, match="rebuild"):
        StoryClusters.load(path)


def test_an_inconsistent_state_file_raises_a_clear_error(tmp_path, samples):
    path = tmp_path / STATE_FILE
    build((name, a.body) for name, a in samples.items()).save(path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["article_node"] = arrays["article_node"] + 1000
    np.savez(path.open("wb"), **arrays)
    with pytest.raises(StoryStateCorrupt, match="inconsistent"):
        StoryClusters.load(path)


def test_a_state_written_with_another_rule_is_incompatible(tmp_path, samples):
    path = tmp_path / STATE_FILE
    build(((name, a.body) for name, a in samples.items()), rule=PairRule(0.5, 30)).save(path)
    with pytest.raises(StoryStateIncompatible, match="rebuild the clusters"):
        StoryClusters.load(path)
    assert len(StoryClusters.load(path, rule=PairRule(0.5, 30))) == len(samples)


def test_candidates_screened_ahead_in_worker_processes_give_the_same_clusters(tmp_path, samples):
    """index.stories.ahead screens every new text's candidates before the adds (in two real
    worker processes here); the links and clusters must be exactly those of adding one by one,
    with a loaded state under them, copies of texts already there and of texts added in the
    same run, and a stock paragraph in more texts than the candidate index follows."""
    from index.stories.ahead import screen_ahead
    from index.stories.candidates import MAX_POSTING
    from index.stories.shingles import fingerprint

    stock = ("Officials said the figures would be revised next month once late returns from the "
             "regional offices had been counted and checked against the national register.")
    bodies = []
    for path in sorted((SHARED / "corpora" / "bbc").glob("*/*.txt"))[::4][:MAX_POSTING + 60]:
        _, _, body = path.read_bytes().decode("utf-8", "replace").partition("\n")
        bodies.append((f"bbc/{path.parent.name}/{path.name}", body + "\n\n" + stock, None))
    base = samples[ARTICLE]
    copies = [(f"copy/{i}", edit(base.body), "2024-09-0%dT08:00:00+00:00" % (i % 9 + 1))
              for i, edit in enumerate(EDITS.values())]
    copies.append(("copy/exact-late", base.body, "2024-12-01T08:00:00+00:00"))
    items = [(name, a.body, a.published) for name, a in samples.items()] + bodies + copies
    items += [(f"again/{aid}", body, "2023-01-01T00:00:00+00:00") for aid, body, _ in bodies[:5]]
    random.Random(11).shuffle(items)
    first, rest = items[:60], items[60:]
    build(first).save(tmp_path / STATE_FILE)

    one_by_one = StoryClusters.load(tmp_path / STATE_FILE)
    for item in rest:
        one_by_one.add(*item)
    for workers in (1, 2):
        sc = StoryClusters.load(tmp_path / STATE_FILE)
        fps = {aid: fingerprint(body) for aid, body, _ in rest}
        ahead = screen_ahead(sc, [(aid, fps[aid]) for aid, _, _ in rest], workers)
        assert len(ahead) > len(rest) - 20          # nearly every text is new, and screened
        for aid, body, published in rest:
            sc.add(aid, None, published, fp=fps[aid], ahead=ahead.get(aid))
        assert sc._links == one_by_one._links
        assert sc.assignments() == one_by_one.assignments()
    assert len(one_by_one.members(one_by_one.cluster_of("copy/0"))) >= len(copies)


def test_a_run_that_replaces_an_article_is_not_screened_ahead(samples):
    from index.stories.ahead import screen_ahead
    from index.stories.shingles import fingerprint

    sc = build([(name, a.body, a.published) for name, a in samples.items()])
    again = next(iter(samples))
    assert screen_ahead(sc, [("new/1", fingerprint("some words here")), (again, fingerprint("other"))], 1) == {}


def test_counting_candidates_as_of_a_later_moment_matches_the_live_index():
    """CandidateIndex.count_arrays_as_of (planned additions) answers what count_arrays answers
    once those additions are made, including for a passage held by more texts than the index
    follows (MAX_POSTING): past that many, the passage stops counting, at the same text."""
    from index.stories.candidates import MAX_POSTING, CandidateIndex

    rng = np.random.default_rng(3)
    stock = np.arange(0, 400, 4, dtype=np.uint32)                     # every hash sampled
    texts = [np.unique(np.concatenate([stock if i % 4 else stock[:10],
                                       rng.integers(1, 2**31, 100).astype(np.uint32) * 4]))
             for i in range(MAX_POSTING * 4 // 3 + 40)]
    before = 30
    live, ahead = CandidateIndex(), CandidateIndex()
    for node, sh in enumerate(texts[:before]):
        ahead.add(node, sh)
    planned = ahead.plan(list(enumerate(texts))[before:])
    capped = 0
    for node, sh in enumerate(texts):
        live.add(node, sh)
        if node < before:
            continue
        want, got = live.count_arrays(sh), ahead.count_arrays_as_of(sh, node, planned)
        assert want[0].tolist() == got[0].tolist() and want[1].tolist() == got[1].tolist(), node
        own = int(want[1][want[0] == node][0])
        capped += own < len(ahead.sample(sh))  # some of its own samples were left out as boilerplate
    assert capped > 0   # the stock passage did stop counting for the later texts
