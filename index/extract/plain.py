"""A page that is already an article: a title on its first line, then only paragraphs of prose.

Text exports and corpora of clean articles (BBC's, an archive's plain-text dump) hold no menus,
no service boxes and no captions: the line model, whose job is to tell a site's chrome from its
story, has nothing to tell apart there, and when it is unsure of the story's first paragraph it
can only lose it. Such a page is taken as it is: its first line is the headline and every other
line is article text. Outlet, date and byline are found from the lines as on any page.

The test is on the form of every line, not on any wording, and it is strict: the first line
is 3 to :data:`TITLE_MAX_WORDS` words and does not end as a sentence does (a full stop; a
question or an exclamation may be a headline), and every other line is a paragraph of
:data:`PARAGRAPH_MIN_WORDS` words or more that ends in sentence punctuation. No line carries a
furniture mark (:mod:`index.extract.markers`: a byline, a date, a credit, a caption, a list
bullet, a link row, a copyright) and none is printed twice. One menu item, one "Share" or one
photo credit sends a page to the line model. Over ``../shared``, 2,076 of BBC's 2,225 pages
and none of the 932 labelled scraped pages (pages-train, pages-eval) or the test fixtures pass.

>>> from index.extract.lines import split_lines
>>> from index.extract.markers import mark
>>> page = ("Council approves new library\\n\\nThe council approved the plan on Monday after a long "
...         "debate.\\n\\nWork is due to start in the spring, the council's leader said.\\n")
>>> is_plain_article(mark(split_lines(page)))
True
>>> is_plain_article(mark(split_lines("Home\\n\\n" + page)))
False
"""
from __future__ import annotations

from index.extract.features import end_mark, ends_sentence
from index.extract.lines import Line

__all__ = ["is_plain_article", "TITLE_MAX_WORDS", "PARAGRAPH_MIN_WORDS"]

TITLE_MIN_WORDS, TITLE_MAX_WORDS = 3, 30
PARAGRAPH_MIN_WORDS = 8


def is_plain_article(lines: list[Line]) -> bool:
    """Whether the page (its lines, marked) is a title followed by paragraphs of prose only."""
    if len(lines) < 2:
        return False
    title = lines[0]
    if (not TITLE_MIN_WORDS <= title.words <= TITLE_MAX_WORDS or title.flags
            or end_mark(title.text) == "."):
        return False
    seen = {title.key}
    for ln in lines[1:]:
        if ln.words < PARAGRAPH_MIN_WORDS or ln.flags or not ends_sentence(ln.text) or ln.key in seen:
            return False
        seen.add(ln.key)
    return True
