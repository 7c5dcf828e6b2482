"""Putting the article together: lines -> signals -> labels -> extent -> headline, body, metadata.

>>> art = extract_scraped_text("Home\\nNews\\nSport\\n\\nCouncil approves new library\\n\\n"
...     "The council approved the plan on Monday after a long debate about its cost and the site.\\n\\n"
...     "Work is due to start in the spring, and the library should open two years later.\\n\\n"
...     "© 2024 The Gazette")
>>> art.title
'Council approves new library'
>>> art.body.startswith("The council approved")
True
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from index.article import Article
from index.extract import headline as headline_mod
from index.extract.classify import load_weights, model_for
from index.extract.extent import (BODY_MAX_GAP, MIN_ARTICLE_WORDS, article_lines, author_box,
                                   comment_thread, relaxed_threshold, widen)
from index.extract.features import line_features, page_language
from index.extract.byline import find_byline
from index.extract.lines import Line, split_lines
from index.extract.markers import META_CHROME as FURNITURE, mark
from index.extract.outlet import find_outlet
from index.extract.plain import is_plain_article
from index.extract.published import find_published

__all__ = ["extract_scraped_text", "analyse", "Analysis", "FIRST_SENTENCE_NOTE"]

# Put in Article.notes when no line scored as a headline and the body's first sentence stands in.
FIRST_SENTENCE_NOTE = "title: first sentence of the body (no headline scored above the floor)"
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(]?[^\W\d_])")


@dataclass
class Analysis:
    """Everything the extraction decided about a page (for ``--explain`` and for tests)."""

    lines: list[Line]
    rows: np.ndarray
    probs: list[float]
    body: list[bool]
    article: list[int]
    headline: int | None
    headline_prob: float
    headline_why: list = field(default_factory=list)
    language: str | None = None
    threshold: float | None = None   # the page's own threshold when its article took a second look
    body_threshold: float | None = None  # the threshold its article's lines were taken at, when lower
    plain: bool = False  # the page is already an article (index.extract.plain), taken as it is
    comments: int | None = None  # the line counting the comments whose thread ended the article
    author_box: int | None = None  # the first line of the box on the author that ended the article
    headline_moved_from: int | None = None  # the ranker's pick, under the byline, when the line over it was taken
    byline: str | None = None  # the authors printed near the headline (index.extract.byline)


def analyse(text: str, weights: dict | None = None, explain: bool = False, plain_pages: bool = True) -> Analysis:
    """Classify every line of ``text`` and choose the article's lines and headline; with
    ``explain``, also the signals behind the headline (``headline_why``). A page that is already
    an article is taken as it is (:mod:`index.extract.plain`) unless ``plain_pages`` is false."""
    weights = weights or load_weights()
    lines = mark(split_lines(text or ""))
    plain = plain_pages and is_plain_article(lines)
    if plain and not explain:
        return _plain_analysis(lines)
    lang = page_language(lines)
    rows = line_features(lines, lang)
    model = model_for(weights["line"])
    probs = model.probabilities(rows).tolist()
    if plain:                # the model's view of each line is explained; the page is taken as it is
        return _plain_analysis(lines, rows, probs, lang)
    body, article, head, hp, why, moved = _extent(lines, rows, probs, model.smooth(probs), weights, explain)
    used = wider = None
    if sum(lines[i].words for i in article) < MIN_ARTICLE_WORDS:
        relaxed = relaxed_threshold(lines, probs, model.threshold)
        if relaxed is not None:
            again = _extent(lines, rows, probs, model.smooth(probs, relaxed), weights, explain, near_only=True)
            if sum(lines[i].words for i in again[1]) > sum(lines[i].words for i in article):
                body, article, head, hp, why, moved = again
                used = relaxed
    elif model.body_threshold < model.threshold:
        # The headline found, the article's own lines are taken at the lower body threshold: a
        # line of the story the model is unsure of (a list item, a short paragraph, a line after
        # an advert) is kept more often, while the headline search stays where it was fitted.
        # The extent is chosen over every such line; the lines of a tool's box are then left out.
        wide = _article_text(lines, model.smooth(probs, model.body_threshold))
        body = widen(lines, wide, body)
        article = [i for i in article_lines(lines, wide, BODY_MAX_GAP) if (head is None or i > head) and body[i]]
        wider = model.body_threshold
    # A headline taken over its byline leaves the ranker's pick under the byline: a deck or a
    # subtitle (its story's standfirst) heads the article's text.
    if moved is not None and head is not None and moved > head and moved not in article \
            and not lines[moved].flags & FURNITURE and (not article or moved < article[0]):
        article = [moved, *article]
    # Readers' comments under a count of them ("12 Comments") are not the story.
    comments = comment_thread(lines, article)
    if comments is not None:
        article = [i for i in article if i < comments]
    # Nor is a box on its author closing it ("Jane Doe covers ...", "About Jane Doe").
    byline = find_byline(lines, head, _story_start(article, head))
    box = author_box(lines, article, byline)
    if box is not None:
        article = [i for i in article if i < box]
    for ln, p, b in zip(lines, probs, body):
        ln.prob = p
        ln.label = "body" if b else "chrome"
    if head is not None:
        lines[head].label = "headline"
    keep = set(article)
    for i in range(len(lines)):
        if i not in keep and lines[i].label == "body":
            lines[i].label = "chrome"
    return Analysis(lines, rows, probs, body, article, head, hp, why, lang, used, wider, comments=comments,
                    author_box=box, headline_moved_from=moved, byline=byline)


def _plain_analysis(lines: list[Line], rows=None, probs: list[float] | None = None,
                    lang: str | None = None) -> Analysis:
    """The analysis of a page that is already an article: its first line the headline, every
    other line article text (the model's ``rows`` and ``probs``, when given, are kept for
    ``--explain``)."""
    body = [i > 0 for i in range(len(lines))]
    for ln, b in zip(lines, body):
        ln.label = "body" if b else "headline"
    if probs is None:
        probs = [float(b) for b in body]
        rows = np.zeros((len(lines), 0))
    for ln, p in zip(lines, probs):
        ln.prob = p
    article = list(range(1, len(lines)))
    return Analysis(lines, rows, probs, body, article, 0, 1.0, language=lang, plain=True,
                    byline=find_byline(lines, 0, _story_start(article, 0)))


def _story_start(article: list[int], head: int | None) -> int:
    """The line the story starts on: its article's first line, else the one under its headline."""
    return article[0] if article else (head + 1 if head is not None else 0)


def _extent(lines: list[Line], rows, probs, smoothed: list[bool], weights: dict, explain: bool,
            near_only: bool = False):
    """(article-text flags, the article's lines under its headline, the headline line or None,
    its probability, the signals behind it) from the smoothed line labels; with ``near_only``,
    the article is its longest run and the runs right next to it only."""
    for ln, p in zip(lines, probs):
        ln.prob = p
    body = _article_text(lines, smoothed)
    article = article_lines(lines, body, 1, math.inf) if near_only else article_lines(lines, body)
    keep = set(article)
    in_article = [i in keep for i in range(len(lines))]
    head, hp, why, moved = headline_mod.choose(lines, rows, probs, in_article, weights["headline"],
                                        weights.get("floor", headline_mod.DEFAULT_FLOOR), explain)
    if head is not None:
        # The story starts under its headline: "article" lines above it are a slogan or a teaser.
        article = [i for i in article if i > head]
    return body, article, head, hp, why, moved


def _article_text(lines: list[Line], smoothed: list[bool]) -> list[bool]:
    """The smoothed labels less the lines whose form marks them as page furniture (a photo
    credit or caption, a byline, a date line, a row of service links, a copyright or a bare
    address): those are never article text."""
    return [b and not (ln.flags & FURNITURE) for b, ln in zip(smoothed, lines)]


def _first_sentence(paragraph: str) -> str:
    first = _SENTENCE_SPLIT.split(paragraph, maxsplit=1)[0]
    return first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0]


def body_paragraphs(a: Analysis) -> list[str]:
    """The article's paragraphs: its lines without the headline and without repeats."""
    seen: set[str] = set()
    if a.headline is not None:
        seen.add(a.lines[a.headline].key)
    order = [i for i in a.article if i != a.headline]
    # A summary printed as bullets before the story's first paragraph is not its text.
    while order and "bullet" in a.lines[order[0]].flags and any("bullet" not in a.lines[j].flags for j in order):
        order.pop(0)
    keys = [a.lines[i].key for i in order]
    out = []
    for n, i in enumerate(order):
        k = keys[n]
        if k in seen:
            continue
        # A teaser: the opening of a later paragraph, cut short.
        if len(k) >= 40 and any(len(o) > len(k) and o.startswith(k.rstrip(".… ")) for o in keys[n + 1:]):
            continue
        seen.add(k)
        out.append(a.lines[i].text)
    return out


def extract_scraped_text(text: str, weights: dict | None = None) -> Article:
    """Extract headline, outlet, date, byline and body from a scraped text page.

    ``id``, ``origin`` and ``url`` are left empty for the reader to fill. When no line scores
    as a headline, the title is the body's first sentence and ``notes`` says so
    (:data:`FIRST_SENTENCE_NOTE`).
    """
    a = analyse(text, weights)
    paras = body_paragraphs(a)
    notes = []
    if a.headline is not None:
        title = headline_mod.clean_headline(a.lines[a.headline].text)
    elif paras:
        title = _first_sentence(paras[0])
        notes.append(FIRST_SENTENCE_NOTE)
    else:
        title = ""
    start = _story_start(a.article, a.headline)
    art = Article(title=title, body="\n\n".join(paras),
                  source=find_outlet(a.lines, a.headline, paras, start),
                  published=find_published(a.lines, a.headline, start, text or ""),
                  byline=a.byline)
    art.notes.extend(notes)
    return art
