"""The search engine over the sample corpus: the API object's behaviour, option by option."""
import pytest

from search.engine import BadRequest, SearchEngine, SearchRequest


@pytest.fixture(scope="module")
def engine(samples_index):
    return SearchEngine(samples_index)


def test_paging_is_consistent(engine):
    one = engine.search(q="China", per_page=5, page=1, group=False)
    two = engine.search(q="China", per_page=5, page=2, group=False)
    assert one["total"] == two["total"] > 10
    ids = [h["id"] for h in one["hits"]] + [h["id"] for h in two["hits"]]
    assert len(set(ids)) == 10
    everything = engine.search(q="China", per_page=100, group=False)
    assert [h["id"] for h in everything["hits"][:10]] == ids


def test_sort_newest_and_oldest_undated_last(engine):
    newest = engine.search(q="China", sort="newest", per_page=100, group=False)["hits"]
    oldest = engine.search(q="China", sort="oldest", per_page=100, group=False)["hits"]
    dated = [h["published"] for h in newest if h["published"]]
    assert dated == sorted(dated, reverse=True)
    assert [h["published"] for h in oldest if h["published"]] == sorted(dated)
    for hits in (newest, oldest):
        flags = [h["published"] is None for h in hits]
        assert flags == sorted(flags)  # every undated hit after every dated one


def test_source_filter_and_facets(engine):
    everything = engine.search(q="China", group=False)
    counts = {f["value"]: f["count"] for f in everything["facets"]["source"]}
    outlet, n = max(counts.items(), key=lambda kv: kv[1])
    filtered = engine.search(q="China", sources=[outlet], group=False, per_page=100)
    assert filtered["total"] == n and {h["source"] for h in filtered["hits"]} == {outlet}
    # The outlet facet still offers the other outlets, so that more can be added.
    assert {f["value"] for f in filtered["facets"]["source"]} == set(counts)
    assert sum(f["count"] for f in filtered["facets"]["month"]) == n


def test_date_options_and_query_limits_agree(engine):
    from datetime import date

    by_option = engine.search(q="tariffs", date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), group=False)
    by_query = engine.search(q="tariffs after:2025-01-01 before:2026-01-01", group=False)
    assert by_option["total"] == by_query["total"] > 0
    assert all(h["published"] >= "2025" for h in by_option["hits"])


def test_coordination_and_suggestion(engine):
    r = engine.search(q="taiwn election", spell=False)
    assert r["total"] > 0 and r["parsed"] == "taiwn election" and r["showing_results_for"] is None
    assert any("every word" in n for n in r["notes"])  # none has both; the ones with one are listed
    assert r["suggestion"] == "taiwan election"
    assert engine.search(q="tarifs", spell=False)["suggestion"] == "tariffs"
    assert engine.search(q="qqqzzzx")["suggestion"] is None


def test_a_misspelled_query_shows_the_corrections_results_google_style(engine):
    typed = engine.search(q="tarifs", spell=False)
    fixed = engine.search(q="tarifs")
    assert fixed["showing_results_for"] == "tariffs" and fixed["query"] == "tarifs"
    assert fixed["total"] > typed["total"] and fixed["parsed"] == "tariffs"
    assert {h["id"] for h in fixed["hits"]} == {h["id"] for h in engine.search(q="tariffs")["hits"]}


def test_articles_with_every_word_come_first(engine):
    r = engine.search(q="Taiwan election", group=False, per_page=100)
    both = [h for h in r["hits"] if "taiwan" in (h["title"] + h["snippet"]).lower()
            and "election" in (h["title"] + h["snippet"]).lower()]
    assert both and r["hits"][0] in both


def test_export_yields_every_match(engine):
    rows = list(engine.export(q="China", group=False))
    assert len(rows) == engine.search(q="China", group=False)["total"]
    assert {"id", "title", "source", "published", "byline", "url", "score", "cluster"} == set(rows[0])


def test_article_record(engine):
    hit = engine.search(q="gallium")["hits"][0]
    art = engine.article(hit["id"], q="gallium")
    assert art["title"] == hit["title"] and "gallium" in art["body"].lower()
    assert "gallium" in art["highlight_terms"]
    assert engine.article("no-such-id") is None


@pytest.mark.parametrize("kwargs", [dict(sort="best"), dict(page=0), dict(per_page=101), dict(per_page=0)])
def test_bad_requests_say_what_is_wrong(kwargs):
    with pytest.raises(BadRequest):
        SearchRequest(q="x", **kwargs)


def test_threads_share_one_reader_and_read_the_same_stored_articles(samples_index):
    """A view's Whoosh reader is shared by every thread (each read under its lock): articles
    read by eight threads at once are exactly those read one at a time, and warm() opens it."""
    import threading

    from search.local.backend import LocalBackend

    backend = LocalBackend(samples_index)
    backend.warm()
    view = backend.view()
    assert view._reader is not None
    docs = [d for d in range(view.n) if view.live[d]] * 20
    want = {d: view.stored(d) for d in set(docs)}
    bad: list[int] = []

    def read(part):
        for d in part:
            if view.stored(d) != want[d]:
                bad.append(d)

    threads = [threading.Thread(target=read, args=(docs[k::8],)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not bad and len(want) > 20
