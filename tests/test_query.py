"""The query language, one feature at a time, and hostile input that must never raise."""
import pytest

from search.plan import build_plan
from search.query import MAX_QUERY_CHARS, lex, parse_date_limit


def plan(text, expand=None):
    return build_plan(lex(text), expand)


def reading(text):
    return lex(text).reading


def test_plain_words():
    p = lex("export controls")
    assert [(c.text, c.kind) for c in p.clauses] == [("export", "word"), ("controls", "word")]
    assert reading("  export   controls ") == "export controls"


def test_phrase():
    p = lex('"export controls" china')
    assert (p.clauses[0].text, p.clauses[0].kind) == ("export controls", "phrase")
    pl = build_plan(p)
    assert [(u.kind, u.terms) for g in pl.groups for u in g] == [("phrase", ["export", "control"]),
                                                                 ("term", ["china"])]


def test_exclusion():
    p = lex('taiwan -"trade war" -chips')
    assert [c.negated for c in p.clauses] == [False, True, True]
    pl = build_plan(p)
    assert [u.terms for u in pl.negatives] == [["trade", "war"], ["chip"]]
    assert len(pl.groups) == 1


def test_or_groups():
    p = lex("chips OR semiconductors export")
    assert [c.either for c in p.clauses] == [False, True, False]
    pl = build_plan(p)
    assert [[u.terms[0] for u in g] for g in pl.groups] == [["chip", "semiconductor"], ["export"]]
    assert reading("chips OR semiconductors export") == "chips OR semiconductors export"


def test_or_after_a_dropped_word_starts_its_own_group():
    pl = plan("the OR chips export")
    assert [[u.terms[0] for u in g] for g in pl.groups] == [["chip"], ["export"]]


def test_fields():
    p = lex('title:taiwan source:"business maverick" source:Reuters')
    assert [(c.field, c.text) for c in p.clauses] == [
        ("title", "taiwan"), ("source", "business maverick"), ("source", "Reuters")]
    fields = [[f for f, _ in u.fields] for g in build_plan(p).groups for u in g]
    assert fields == [["title"], ["source_text"], ["source_text"]]


def test_prefix():
    p = lex("stabili*")
    assert (p.clauses[0].kind, p.clauses[0].text) == ("prefix", "stabili")
    seen = []
    pl = build_plan(p, lambda forms, limit: (seen.append((forms, limit)) or (["stabil", "stabl"], 2)))
    assert seen == [(["stabili"], 200)] and pl.groups[0][0].terms == ["stabil", "stabl"]
    assert any("nothing" in n for n in plan("stabili*").notes)  # no index to expand it in


def test_dates():
    p = lex("taiwan after:2023-06-01 before:2024")
    assert p.after.isoformat() == "2023-06-01T00:00:00" and p.before.isoformat() == "2024-01-01T00:00:00"
    assert reading("taiwan after:2023-06-01 before:2024") == "taiwan after:2023-06-01 before:2024-01-01"
    assert parse_date_limit("2023-02", end=True).isoformat() == "2023-03-01T00:00:00"
    assert parse_date_limit("2023-13-01") is None


@pytest.mark.parametrize("text,expected", [
    ('"unbalanced quote', "unbalanced quote"),
    ("OR", ""),
    ("taiwan OR", "taiwan"),
    ("OR taiwan", "taiwan"),
    ("-", ""),
    ("title:", ""),
    ("title: taiwan", "taiwan"),
    ("source:", ""),
    ("*", ""),
    ('""', ""),
    ("after:yesterday taiwan", "taiwan"),
    ("foo:bar", "foo bar"),
    ("taiwan\x00\x07 chips", "taiwan chips"),
    ("((taiwan))", "taiwan"),
    ("-\"\" - -- ::", ""),
])
def test_hostile_queries_read_as_words(text, expected):
    p = lex(text)
    assert p.reading == expected
    build_plan(p, lambda forms, limit: ([], 0))  # never raises


def test_huge_query_is_cut():
    p = lex("word " * 20000)
    assert len(p.reading) <= MAX_QUERY_CHARS
    assert any("cut" in n for n in p.notes)


def test_notes_explain_changes():
    assert any("quote" in n for n in lex('"abc').notes)
    assert any("title:" in n for n in lex("title:").notes)
    assert any("not a date" in n for n in lex("after:soon").notes)


def test_stopword_only_query_matches_nothing():
    p = lex("the of and")
    pl = build_plan(p)
    assert pl.empty and pl.dropped_positive
    assert any("too common" in n for n in p.notes)
