"""Credits (index.credits): the wire or outlet a story's own text names, never guessed."""
from __future__ import annotations

from pathlib import Path

import pytest

from index.article import Article
from index.credits import AGENCIES, agency, closing_credit, credited_agency, dateline_credit, find_credit
from index.readers import Ignored, Skipped, find_sources, read_source
from tests.conftest import SAMPLES, SEEDS


def read_articles(path: Path) -> dict[str, Article]:
    out = {}
    for source in find_sources([path]):
        if not isinstance(source, (Ignored, Skipped)):
            for a in read_source(source):
                if isinstance(a, Article):
                    out[a.origin.split("/")[-1]] = a
    return out


@pytest.mark.parametrize("opening, name", [
    ("BEIJING (Reuters) - China said on Tuesday", "Reuters"),
    ("WASHINGTON, June 5 (AP) — The Senate passed", "Associated Press"),
    ("MEXICO CITY (AFP) – Claudia Sheinbaum", "AFP"),
    ("(Bloomberg) -- Oil rose for a third day", "Bloomberg"),
    ("TAIPEI, Taiwan (AP) — Lai Ching-te won", "Associated Press"),
    ("SOUTHPORT, England, June 5, 2023 /PRNewswire/ -- Acme Ltd announced", "PR Newswire"),
    ("Berlin/Frankfurt (dpa) - Immer mehr junge Menschen", "dpa"),
    ("SEOUL, March 3 (Yonhap): North Korea fired", "Yonhap"),
])
def test_dateline_credits(opening, name):
    assert dateline_credit(opening).name == name
    assert credited_agency(opening + " more text.\n\nA second paragraph.") == name


@pytest.mark.parametrize("line, name, kind", [
    ("-- Bloomberg", "Bloomberg", "sign-off"),
    ("— Reuters", "Reuters", "sign-off"),
    ("REUTER", "Reuters", "sign-off"),
    ("(Reporting by Jane Doe in Tokyo; Editing by Tom Roe)", "Reuters", "house-credit"),
    ("(Additional reporting by Sam Poe; editing by Kim Lee)", "Reuters", "house-credit"),
    ("(c) 2024 The Associated Press. All rights reserved.", "Associated Press", "copyright"),
    ("Copyright 2023 Agence France-Presse", "AFP", "copyright"),
    ("© Thomson Reuters 2024", "Reuters", "copyright"),
    ("Associated Press writers Ann Roe and Bo Li contributed to this report.", "Associated Press", "contributor"),
    ("This story was first published by Kyodo News.", "Kyodo", "published-by"),
])
def test_closing_credits(line, name, kind):
    credit = closing_credit(line)
    assert (credit.name, credit.kind) == (name, kind)
    assert credited_agency("Prices rose on Monday.\n\nTraders were cautious.\n\n" + line) == name


@pytest.mark.parametrize("body", [
    "The minister told Bloomberg TV the economy was not in great shape.",
    "Reuters reported on Monday that talks had stalled, citing two sources.",
    "LONDON (Photo) - a caption left in the text",
    "WASHINGTON — The Senate voted on Tuesday.",                     # dateline without a credit
    "Prices rose.\n\n© 2025 Capitol Brief Media LLC. All rights reserved.",   # a site, not an agency
    "Prices rose.\n\n(Reporting by our correspondent)",                # no editing credit: not Reuters' form
    "Prices rose.\n\n-- With assistance from Jane Doe.",
    "",
])
def test_no_credit_is_guessed(body):
    assert find_credit(body) is None


def test_a_credit_in_the_middle_of_a_story_is_not_read():
    middle = "\n\n".join(["First paragraph."] * 3 + ["-- Reuters"] + ["More text."] * 5)
    assert credited_agency(middle) is None


def test_agency_names_are_data_with_aliases():
    assert agency("the Associated Press") == agency("AP") == "Associated Press"
    assert agency("Agence France-Presse") == "AFP"
    assert all(agency(alias) == name for name, aliases in AGENCIES.items() for alias in aliases)
    assert agency("Capitol Brief") is None


def test_seeds_credit_only_what_their_text_says():
    """004 opens "BEIJING (Reuters) –"; 000 and 002 carry a Bloomberg story but do not say so
    (002 quotes "Bloomberg TV" in a sentence), 001 and 003 credit no one."""
    arts = read_articles(SEEDS)
    found = {name[:3]: credited_agency(a.body) for name, a in arts.items()}
    assert found == {"000": None, "001": None, "002": None, "003": None, "004": "Reuters"}


def test_sample_corpus_credits_match_its_readme():
    """samples/corpus/README.md lists which texts credit a wire in their dateline."""
    arts = read_articles(SAMPLES)
    found = {name: credited_agency(a.body) for name, a in arts.items() if credited_agency(a.body)}
    assert found == {
        "wire.jsonl#1": "Associated Press", "wire.jsonl#2": "Reuters", "wire.jsonl#3": "Reuters",
        "wire.jsonl#8": "Reuters", "wire.jsonl#9": "Associated Press", "wire.jsonl#10": "Reuters",
        "wire.jsonl#12": "Reuters", "wire.jsonl#15": "Associated Press",
        "2024-12-03-eveningcourier-china-bans-mineral-exports.html": "Associated Press",
        "2023-10-17-harborview-export-controls-ai-chips.txt": "Reuters",
        "2024-01-13-northfield-taiwan-election.txt": "Associated Press",
        "2024-06-03-globaldesk-sheinbaum-wins.txt": "AFP",
        "2024-12-03-lakeshore-china-mineral-ban.txt": "Associated Press",
    }
