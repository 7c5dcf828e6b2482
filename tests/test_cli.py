"""The newsdesk command: terminal output, the exact JSON object, exports, errors."""
import csv
import io
import json

import pytest

from search.engine import SearchEngine
from tests.conftest import SEEDS

API_KEYS = ["query", "parsed", "notes", "total", "articles", "page", "per_page", "took_ms", "hits", "facets", "timeline",
            "suggestion", "showing_results_for"]
HIT_KEYS = ["id", "title", "source", "published", "url", "snippet", "score", "cluster", "cluster_size", "copies",
            "first_published", "origin_source", "credit"]


def test_search_json_is_the_api_object(cli, seeds_index):
    r = cli(["search", "Taiwan", "--json", "--index", seeds_index])
    assert r.code == 0
    obj = r.json()
    assert list(obj) == API_KEYS
    assert obj["total"] >= 4 and obj["parsed"] == "Taiwan"
    for hit in obj["hits"]:
        assert list(hit) == HIT_KEYS
        assert "<mark>Taiwan" in hit["snippet"]
    assert set(obj["facets"]) == {"source", "month"}
    direct = SearchEngine(seeds_index).search(q="Taiwan")
    assert [h["id"] for h in direct["hits"]] == [h["id"] for h in obj["hits"]]


def test_search_terminal_output_is_readable(cli, seeds_index):
    r = cli(["search", "export", "controls", "--index", seeds_index])
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].startswith("1 result") or "results for 'export controls'" in lines[0]
    assert "<mark>" not in r.out and "&" not in r.out.replace("&amp;", "")
    assert "  1. U.S.-China ties" in r.out


def test_no_group_lists_every_article(cli, seeds_index):
    grouped = cli(["search", "Blinken", "--json", "--index", seeds_index]).json()
    flat = cli(["search", "Blinken", "--json", "--no-group", "--index", seeds_index]).json()
    assert flat["total"] == 5 and len({h["id"] for h in flat["hits"]}) == 5
    assert grouped["total"] <= flat["total"]
    assert all(h["copies"] == [] for h in flat["hits"])


def test_export_formats(cli, seeds_index):
    r = cli(["search", "Blinken", "--format", "csv", "--index", seeds_index])
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == 5 and {"id", "title", "source", "published", "url"} <= set(rows[0])
    r = cli(["search", "Blinken", "--format", "jsonl", "--index", seeds_index])
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == [row["id"] for row in rows]


def test_sort_and_filters(cli, seeds_index):
    obj = cli(["search", "Blinken", "--json", "--source", "Reuters", "--index", seeds_index]).json()
    assert [h["source"] for h in obj["hits"]] == ["Reuters"]
    obj = cli(["search", "Blinken", "--json", "--after", "2023-06-19", "--before", "2023-06-20",
               "--index", seeds_index]).json()
    assert obj["total"] == 1
    obj = cli(["search", "Blinken", "--json", "--sort", "newest", "--no-group", "--index", seeds_index]).json()
    assert obj["hits"][0]["published"] is not None  # dated articles first, undated last


@pytest.mark.parametrize("args,message", [
    (["--limit", "0"], "--limit"), (["--limit", "1000"], "--limit"), (["--page", "0"], "--page"),
    (["--after", "yesterday"], "--after"), (["--before", "2024-13-01"], "--before"),
])
def test_bad_options_explained(cli, seeds_index, args, message):
    r = cli(["search", "x", "--index", seeds_index, *args])
    assert r.code == 2 and message in r.err and "Traceback" not in r.err


def test_hostile_queries_never_fail(cli, seeds_index):
    for q in ['"unbalanced', "title:", "OR", "-", "x" * 20000, "\x00\x01 taiwan", "(((", "*"]:
        r = cli(["search", q, "--json", "--index", seeds_index])
        assert r.code == 0, q
        assert isinstance(r.json()["parsed"], str)


def test_search_without_index_says_what_to_do(cli, tmp_path):
    r = cli(["search", "x", "--index", tmp_path / "none"])
    assert r.code == 2 and "newsdesk index" in r.err


def test_index_summary_and_incremental(cli, tmp_path):
    first = cli(["index", SEEDS, "--index", tmp_path / "ix"])
    assert first.code == 0 and "indexed        5" in first.out
    again = cli(["index", SEEDS, "--index", tmp_path / "ix", "--json"]).json()
    assert (again["indexed"], again["unchanged"], again["total"]) == (0, 5, 5)


def test_index_location_from_environment(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_INDEX", str(tmp_path / "env-ix"))
    assert cli(["index", SEEDS]).code == 0
    assert (tmp_path / "env-ix" / "CURRENT").exists()
    assert cli(["search", "Blinken", "--json"]).json()["total"] >= 4


def test_every_option_is_documented_in_readme():
    from tests.conftest import REPO
    from newsdesk.cli import build_parser

    readme = (REPO / "README.md").read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, sp in sub.choices.items():
        assert f"newsdesk {name}" in readme, name
        for action in sp._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, (name, opt)


def test_every_web_address_is_documented_in_readme(tmp_path):
    from tests.conftest import REPO
    from web import create_app

    readme = (REPO / "README.md").read_text()
    app = create_app({"INDEX_DIR": str(tmp_path)})
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        documented = rule.rule.replace("<article_id>", "<id>")
        assert f"`{documented}" in readme, rule.rule
