"""A page that is already an article (index/extract/plain.py): taken as it is, and only such a page; and a
story lead that opens with a service noun ("Shares in ..."), on a page the line model reads."""
from __future__ import annotations

from pathlib import Path

import pytest

from index.decode import decode_bytes
from index.extract import extract_scraped_text
from index.extract.assembly import analyse, body_paragraphs
from index.extract.explain import explain

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / ".." / "shared" / "corpora"

TITLE = "Chip maker's shares slide after it cuts its forecast"
PARAGRAPHS = [
    "Shares in the chip maker fell by a tenth on Thursday after it said sales would be lower this year.",
    "The company blamed weak demand for personal computers and a glut of memory chips in Asia.",
    "Its chief executive said orders from carmakers had held up better than those from phone makers.",
    "Analysts said the forecast was the third cut in a year and that more could follow in the spring.",
]


def page(title: str = TITLE, paragraphs: list[str] = PARAGRAPHS) -> str:
    return "\n\n".join([title, *paragraphs]) + "\n"


def test_a_page_that_is_already_an_article_is_taken_as_it_is():
    a = analyse(page())
    assert a.plain and a.headline == 0 and a.article == [1, 2, 3, 4]
    art = extract_scraped_text(page())
    assert art.title == TITLE
    assert art.body.split("\n\n") == PARAGRAPHS        # the first paragraph too, "Shares in ..." and all
    assert art.notes == []


def test_a_question_is_a_title_but_a_sentence_is_not():
    assert analyse(page("Will the chip maker cut its forecast again?")).plain
    assert not analyse(page("The chip maker cut its forecast again.")).plain


@pytest.mark.parametrize("change", [
    lambda t, ps: ("Home\n\n" + page(t, ps)),                                   # a menu item above
    lambda t, ps: page(t, [ps[0], "Share", *ps[1:]]),                          # a share button
    lambda t, ps: page(t, [ps[0], "Photo: Jane Doe/Reuters", *ps[1:]]),       # a photo credit
    lambda t, ps: page(t, ["By Jane Doe", *ps]),                               # a byline
    lambda t, ps: page(t, ["12 March 2024", *ps]),                             # a date line
    lambda t, ps: page(t, [*ps, ps[1]]),                                       # a paragraph printed twice
    lambda t, ps: page(t, [*ps, "Read more about the chip industry"]),         # a link without a full stop
    lambda t, ps: page(t, [*ps, "Sign up now."]),                              # a short line
    lambda t, ps: page(t, [*ps, "• The company will report its results in May."]),  # a list item
    lambda t, ps: page("Markets", ps),                                         # a one-word first line
], ids=["menu", "share", "credit", "byline", "date", "repeat", "link", "short", "bullet", "section"])
def test_one_line_of_chrome_sends_the_page_to_the_line_model(change):
    text = change(TITLE, PARAGRAPHS)
    a = analyse(text)
    assert not a.plain
    assert a.probs != [float(i > 0) for i in range(len(a.lines))]   # the model's own probabilities


def test_explain_says_the_page_was_taken_as_it_is_and_shows_the_models_view():
    out = explain(page())
    assert "already an article" in out.splitlines()[0]
    rows = [ln for ln in out.splitlines() if ln.strip().startswith(("0 ", "1 "))]
    assert rows and "headline" in rows[0] and "|" in rows[0]    # each line still with its signals


def _pages(folder: Path):
    for path in sorted(folder.rglob("*.txt")):
        if path.name.lower() != "readme.txt":
            yield path, decode_bytes(path.read_bytes())


@pytest.mark.parametrize("corpus", ["pages-train", "pages-eval"])
def test_no_labelled_scraped_page_is_taken_as_plain(corpus):
    found = [p.name for p, text in _pages(CORPORA / corpus / "pages") if analyse(text).plain]
    assert found == []


def test_no_fixture_page_is_taken_as_plain():
    fixtures = REPO / "tests" / "fixtures"
    assert [p.name for p, text in _pages(fixtures) if analyse(text).plain] == []


def test_on_bbc_plain_pages_keep_everything_the_line_model_keeps():
    """BBC's pages are clean articles: most are plain, and on those the plain reading gives the
    title the line model gives and a body holding every paragraph the model keeps."""
    plain = same_title = 0
    for path, text in _pages(CORPORA / "bbc"):
        a = analyse(text)
        if not a.plain:
            continue
        plain += 1
        model = analyse(text, plain_pages=False)
        # (where the model found no headline it took the title for article text)
        assert set(body_paragraphs(model)) - {a.lines[0].text} <= set(body_paragraphs(a)), path
        same_title += model.headline == 0
    assert plain >= 2000
    assert same_title >= 0.99 * plain



def test_a_lead_opening_with_shares_in_is_kept_on_a_page_of_chrome():
    """On a scraped page (menus: the line model decides), a story's first sentence opening with
    the plural of a service noun ("Shares in ...") is article text, not a share link."""
    text = "Home\nMarkets\nSign in\n\n" + page() + "\nSign up for our daily briefing.\n\u00a9 2024 The Gazette\n"
    assert not analyse(text).plain
    art = extract_scraped_text(text)
    assert art.title == TITLE
    assert art.body.split("\n\n")[0] == PARAGRAPHS[0]
