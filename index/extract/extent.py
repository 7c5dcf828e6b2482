"""The article's extent: which lines, among those the smoothed model calls article text, make
up the story.

The smoothing (:meth:`index.extract.classify.LineModel.smooth`) already gives runs of article
lines. Here the runs are weighed: the main run is the one carrying the most words, and another
run is kept only when it is substantial (enough words) and not far from the main run in lines
of chrome between them, with a mean probability of at least :data:`MIN_PROB`; a stray line or two of "article-like" text in a footer or a teaser list
is dropped. A page whose article comes out nearly empty is looked at again with a threshold of its
own (:func:`relaxed_threshold`; :func:`index.extract.assembly.analyse` does the second look).
Once the headline is found, the article's lines are chosen again over the lines the model calls
article text at the lower body threshold (with :data:`BODY_MAX_GAP`), less the contents of a tool's
box (:func:`widen`). The story then ends where a thread of readers' comments starts under its
count (:func:`comment_thread`) or a box on its author opens with the byline's name
(:func:`author_box`).

>>> from index.extract.lines import split_lines
>>> lines = split_lines("\\n\\n".join(["a b c d e f g h i j"] * 3 + ["menu"] * 30 + ["x y z"]))
>>> for ln in lines:
...     ln.prob = 0.9
>>> body = [True] * 3 + [False] * 30 + [True]
>>> article_lines(lines, body)
[0, 1, 2]
"""
from __future__ import annotations

import re

from index.extract.lines import WORD, Line
from index.extract.features import ends_sentence
from index.extract.words import (ALL_STOPWORDS, BIO_ARTICLES, BIO_VERBS, COMMENT_COUNTS, COMMENT_NOUNS,
                                 SERVICE_WORDS)

__all__ = ["runs", "article_lines", "widen", "relaxed_threshold", "comment_thread", "author_box",
           "MIN_ARTICLE_WORDS", "BODY_MAX_GAP"]

# Lines of chrome another run may be away from the kept ones. Chosen by by-site CV over 4 splits
# (scripts/fit_extraction.py --cv 5 --splits 4; F1 mean, headlines mean of 801, pages-eval F1 and
# headlines of 33): 12 0.885 / 557.2 / 0.919 / 25.0; 16 0.887 / 559.2 / 0.924 / 25.5 (F1 higher on
# each of the 4 splits, overall and on pages-eval); 20 0.888 / 560.5 / 0.924 / 25.2, but fitted on
# everything it loses two pages-eval headlines; 30 0.890 / 560.0 / 0.922 / 23.8.
MAX_GAP = 16
# The same for the article's own lines, taken at the body threshold once the headline is found
# (index.extract.assembly.analyse; the headline's search keeps MAX_GAP). By-site CV over 6 splits
# (scripts/fit_extraction.py --cv 5, seeds 0-5; body F1 means), 16 -> 32: all pages 0.8902 ->
# 0.8918 (up on 6 of 6), English 0.8880 -> 0.8885, pages-eval 0.9428 the same; on the held-out
# line probabilities of 4 splits, 24 did less and 48 about the same.
BODY_MAX_GAP = 32
MIN_SHARE = 0.15    # words a faraway-looking run must carry, as a share of the main run
# Second words that make a service word a link or a tool ("Sign up", "Log in", "See also", "Read more").
_LINK_SECOND = frozenset("up in also more".split())
# Marks of a line of program code: an assignment or comparison, a statement's end, a brace, a
# call ("print f()", "x = 1", "click==7.0"). A service word opening such a line is code in a
# programming article, not a link of the site. Addresses are left out first ("watch?v=...").
_CODE = re.compile(r"[=;{}]|[A-Za-z_]\(")
_ADDRESS = re.compile(r"\S+://\S+|www\.\S+")
# Share of the article's words a comment count must have above it to end the article there
# (:func:`comment_thread`).
COMMENTS_SHARE = 0.1
# Share of the article's words an author's box must have above it to end the article there
# (:func:`author_box`): a box closing the story, not the story's opening naming its author.
AUTHOR_SHARE = 0.5
_AUTHORS_SPLIT = re.compile(r",|;|&|\b(?:and|und|et|y|e)\b")   # between the names of a byline
MIN_PROB = 0.0      # mean probability a run two or more lines apart needs (unless it is long)
# A page whose article comes out under MIN_ARTICLE_WORDS words is looked at again with a threshold
# of its own: RELAX_SHARE of the probability of its likeliest line of LONG_LINE words or more (a
# story of one short paragraph, a teaser behind a paywall, on a page of menus, where no line
# reaches the model's threshold), unless that falls under RELAX_FLOOR; the article is then the
# longest run of that second look and the runs right next to it, no farther (a second look that
# reached as far as the first added teaser headlines 20 lines away). By-site CV, means over 6
# splits (scripts/fit_extraction.py --cv 5 --splits 6), without -> with: body F1 of all held-out
# pages 0.8869 -> 0.8873, English 0.8628 -> 0.8656, pages-eval 0.9277 -> 0.9346 (up on 5 of 6
# splits, down on none); headlines 572.2 -> 571.8 of 801, pages-eval's 28.2 of 33 the same. The
# settings were chosen on the held-out line probabilities of 2 of those splits: 30 or 100 words
# did the same as 50; a share of 0.7 or a floor of 0.2 recovered fewer pages; taking the floor
# as the threshold when the share falls under it recovered 2 more but put chrome on 4 others.
# No page of the seeds, pages-eval, the fixtures or the blind sets changes with the shipped weights.
MIN_ARTICLE_WORDS, RELAX_SHARE, RELAX_FLOOR, LONG_LINE = 50, 0.5, 0.1, 10


def runs(body: list[bool]) -> list[tuple[int, int]]:
    """(first, last) of every run of consecutive True values.

    >>> runs([False, True, True, False, True])
    [(1, 2), (4, 4)]
    """
    out, start = [], None
    for i, b in enumerate(body + [False]):
        if b and start is None:
            start = i
        elif not b and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def service_lead(ln: Line) -> bool:
    """A line of up to 25 words opening with a word of site service ("Comments ...", "Sign up for ...",
    "See also <title>"): a link or a tool of the page, not a sentence of the story.

    >>> from index.extract.lines import split_lines
    >>> [service_lead(ln) for ln in split_lines("Sign up for our newsletter\\n\\nShare prices fell sharply on Monday.")]
    [True, False]
    >>> [service_lead(ln) for ln in split_lines("Sign up for our daily briefing.\\n\\nShares in the firm rose 6%.")]
    [True, False]
    >>> [service_lead(ln) for ln in split_lines("Print this page\\n\\nprint(total)\\n\\nx = 1\\n\\nclick==7.0\\n\\nX https://x.com/?a=b")]
    [True, False, False, False, True]
    """
    words = ln.low
    if not words or len(words) > 25 or words[0] not in SERVICE_WORDS or not ln.text.lstrip()[:1].isalpha():
        return False
    if _CODE.search(_ADDRESS.sub(" ", ln.text)):
        return False
    if not ln.text.rstrip().endswith((".", "!", "?")):
        return True
    # A sentence is a link when its service word is a verb with its particle ("Sign up for ...",
    # "Read more."); the plural of a service noun is the subject of a sentence ("Shares in the
    # firm rose 6% on Monday.", "Comments in the report ..."), not a link.
    first = words[0]
    return len(words) > 1 and words[1] in _LINK_SECOND and not (first.endswith("s") and first[:-1] in SERVICE_WORDS)


def bio_opening(ln: Line) -> bool:
    """A paragraph opening as a short biography: two or three capitalised words, then "is a",
    "was the", "ist ein" ... (an author box after the story).

    >>> from index.extract.lines import split_lines
    >>> bio_opening(split_lines("Jane Doe is a senior correspondent based in Washington.")[0])
    True
    """
    words = ln.text.split()
    for k in (2, 3):
        if (len(words) > k + 1 and all(w[:1].isupper() for w in words[:k])
                and words[k].casefold() in BIO_VERBS and words[k + 1].casefold() in BIO_ARTICLES):
            return True
    return False


def widen(lines: list[Line], wide: list[bool], sure: list[bool]) -> list[bool]:
    """The article-text flags at the body threshold (``wide``) less each stretch of lines that
    only that threshold takes (not in ``sure``) opening right under a line of site service or a
    tool ("Watch next", "Sign up for our newsletter", "Share"): the stretch is that box's own
    content (video titles, a sign-up pitch), not more of the story.

    >>> from index.extract.lines import split_lines
    >>> lines = split_lines("Watch next\\nVideo one\\nVideo two\\n\\nThe story goes on.\\n\\nA subheading")
    >>> widen(lines, [False, True, True, True, True], [False, False, False, True, False])
    [False, False, False, True, True]
    """
    out = list(wide)
    for a, b in runs([w and not s for w, s in zip(wide, sure)]):
        if a > 0 and (service_lead(lines[a - 1]) or "utility" in lines[a - 1].flags):
            out[a:b + 1] = [False] * (b - a + 1)
    return out


def relaxed_threshold(lines: list[Line], probs, threshold: float) -> float | None:
    """The threshold for a second look at a page whose article came out too short: a share of
    its likeliest long line's probability, or None when that would not lower ``threshold`` or
    would fall under the floor (a page of chrome only stays without an article).

    >>> from index.extract.lines import split_lines
    >>> lines = split_lines("Home\\n\\nOne paragraph of the story, all the page has, a little under the bar.")
    >>> relaxed_threshold(lines, [0.01, 0.3], 0.32)
    0.15
    >>> relaxed_threshold(lines, [0.01, 0.1], 0.32) is None
    True
    """
    likeliest = max((p for ln, p in zip(lines, probs) if ln.words >= LONG_LINE), default=0.0)
    t = RELAX_SHARE * likeliest
    return t if RELAX_FLOOR <= t < threshold else None


def article_lines(lines: list[Line], body: list[bool], max_gap: int = MAX_GAP,
                  min_share: float = MIN_SHARE) -> list[int]:
    """Indices of the lines that make up the article, in page order: the run with the most words
    and the runs near it (at most ``max_gap`` lines of chrome away) or carrying ``min_share`` of
    its words."""
    body = [b and not service_lead(ln) for b, ln in zip(body, lines)]
    rs = runs(body)
    if not rs:
        return []
    words = [sum(lines[i].words for i in range(a, b + 1)) for a, b in rs]
    sure = [sum(lines[i].prob for i in range(a, b + 1)) / (b - a + 1) >= MIN_PROB for a, b in rs]
    main = max(range(len(rs)), key=lambda k: words[k])
    keep = {main}
    lo, hi = rs[main]
    for k in range(main - 1, -1, -1):       # upwards
        a, b = rs[k]
        gap = lo - b - 1
        if (gap <= 1 or (gap <= max_gap and sure[k])) or words[k] >= min_share * words[main]:
            keep.add(k)
            lo = a
        else:
            break
    for k in range(main + 1, len(rs)):      # downwards
        a, b = rs[k]
        if any(service_lead(lines[j]) for j in range(hi + 1, a)) and words[k] < min_share * words[main]:
            break                           # past "Comments", "Sign up ...": the story has ended
        if a - hi - 1 >= 1 and bio_opening(lines[a]):
            break                           # an author box after the story
        gap = a - hi - 1
        if (gap <= 1 or (gap <= max_gap and sure[k])) or words[k] >= min_share * words[main]:
            keep.add(k)
            hi = b
        else:
            break
    return [i for k in sorted(keep) for i in range(rs[k][0], rs[k][1] + 1)]


def comment_count(ln: Line) -> bool:
    """A line counting readers' comments over their thread: a number (or "One", "No", "Keine")
    then a word for comments or replies, at most 20 words, not a sentence of the story.

    >>> from index.extract.lines import split_lines
    >>> [comment_count(ln) for ln in split_lines("12 Comments\\n\\nOne thought on “Bridge repairs”\\n\\n"
    ...                                          "3 responses were received by the council.\\n\\n"
    ...                                          "No Comments\\n\\nNo comment from the ministry")]
    [True, True, False, True, False]
    """
    words = ln.low
    if not (2 <= len(words) <= 20 and (words[0].isdigit() or words[0] in COMMENT_COUNTS)
            and words[1] in COMMENT_NOUNS) or ends_sentence(ln.text):
        return False
    # "No comment from the ministry": a phrase of the story, not "No Comments" or "No Response so far".
    return not (words[0] == "no" and words[1] == "comment")


def comment_thread(lines: list[Line], article: list[int], share: float = COMMENTS_SHARE) -> int | None:
    """The line heading the article's comment thread, or None: the first comment count
    (:func:`comment_count`) within the article's extent with at least ``share`` of the article's
    words above it. What follows such a count is readers' text, not the story. A count printed by
    the headline or the byline, a link to the thread, has next to none of the story above it, and
    the story goes on under it."""
    if not article:
        return None
    inside = set(article)
    total = sum(lines[i].words for i in article)
    seen = 0
    for i in range(article[0], article[-1] + 1):
        if seen >= share * total and comment_count(lines[i]):
            return i
        if i in inside:
            seen += lines[i].words
    return None


def author_names(byline: str | None) -> list[list[str]]:
    """The names of a byline's authors as lists of casefolded words: the capitalised words of two
    letters or more that are not function words.

    >>> author_names("Jane Doe and Li Wei")
    [['jane', 'doe'], ['li', 'wei']]
    """
    names = []
    for name in _AUTHORS_SPLIT.split(byline or ""):
        words = [w.casefold() for w in WORD.findall(name) if len(w) >= 2 and w[:1].isupper()]
        words = [w for w in words if w not in ALL_STOPWORDS]
        if words:
            names.append(words)
    return names


def _opens_with_author(low: list[str], names: list[list[str]]) -> bool:
    """Whether a line (its casefolded words) opens on an author: the whole name in its first
    words, with one word before it at most ("About Jane Doe", "JANE DOE has ...", "I'm Jane"), the
    first name and a verb of a biography ("Jane is ...", "Jane has ..."), or the first name alone
    on a short line (the heading of a box, "Jane")."""
    for name in names:
        head = low[:len(name) + 1]
        if all(w in head for w in name):
            return True
        if low[:1] == name[:1] and (len(low) <= 3 or low[1] in BIO_VERBS):
            return True
    return False


def author_box(lines: list[Line], article: list[int], byline: str | None,
               share: float = AUTHOR_SHARE) -> int | None:
    """The first line of a box about the article's author closing it, or None: an article line
    opening on an author of the byline (:func:`_opens_with_author`: "About Jane Doe", "JANE DOE
    has covered ...", "Jane Doe studierte ...", "Jane is ..."; a first name or a surname alone
    may be a word of the story, "Young people ...", "Grace periods ..."), with at least ``share`` of the article's
    words above it, when no word of those names is in the article above it (a name the story
    itself uses is the story's, not a note on its author). In any language: the signal is the
    byline's own names, not the wording of the box.

    >>> from index.extract.lines import split_lines
    >>> lines = split_lines("The council met on Monday and approved the new library plans.\\n\\n"
    ...                     "Work starts in spring and should take two years to finish.\\n\\n"
    ...                     "Jane Doe covers local government for the Gazette.")
    >>> author_box(lines, [0, 1, 2], "Jane Doe"), author_box(lines, [0, 1, 2], "John Roe")
    (2, None)
    """
    names = author_names(byline)
    if not names or not article:
        return None
    words = {w for name in names for w in name}
    total = sum(lines[i].words for i in article)
    seen, used = 0, set()
    for i in article:
        low = lines[i].low
        if seen >= share * total and _opens_with_author(low, names) and words.isdisjoint(used):
            return i
        seen += lines[i].words
        used.update(low)
    return None
