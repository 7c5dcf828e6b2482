"""The headline: the candidate line a fitted ranker puts first, when it clears a floor.

Candidates are the lines of one to sixty words from about forty lines above the article down to
just under the start of its main run (the run of article lines carrying the most words; a
teaser or a slogan taken for article text above it must not hide the headline), leaving out
lines marked as furniture (a byline, a date, a credit, ...). Each is described by shape signals
(length, capitals, closing punctuation, symbols), layout (blank lines around it, its distance
to the article and to its main run, a run of short lines around it as menus print), the line
model's own view of it, whether its words come back in the article's first paragraphs, whether
it is printed twice on the page or inside a longer line ("1 Comment on <headline>"), and what
sits around it (how near a date or byline line sits under it, whether it is a caption or a
caption follows it, a longer sentence under it as a deck, a short title line over it as over a
deck, section words as in a kicker). Two models fitted on the labelled headlines
(``scripts/fit_extraction.py``) weigh them: a ranker (gradient-boosted trees,
:mod:`index.extract.trees`) that learned which candidate of a page is more headline-like than
the others picks one, and a logistic model gives the probability that the picked line is a
headline at all; under the floor the page has none. A line whose form marks it as a photo
caption is ranked with the others but never taken while another candidate is left. A pick printed
under the story's byline gives way to the line over that byline (:func:`above_byline`): what sits
between a byline and its story is a deck, a video's title or a caption.

Printed prefixes that say what kind of piece it is ("VIDEO:", "LIVE:", "Opinion |") are cut
from the headline (:func:`clean_headline`).

>>> clean_headline("VIDEO: Storm hits the coast")
'Storm hits the coast'
>>> clean_headline("Opinion | Why the bridge matters")
'Why the bridge matters'
>>> clean_headline("Why the bridge matters")
'Why the bridge matters'
"""
from __future__ import annotations

import math
import re

import numpy as np

from index.extract.classify import model_for
from index.extract.extent import runs
from index.extract.features import BASE
from index.extract.lines import Line
from index.extract.trees import TreeEnsemble
from index.extract.words import ALL_STOPWORDS, BYLINE_WORDS, HEADLINE_PREFIXES, NAV_WORDS, SECTION_WORDS

__all__ = ["FEATURES", "DEFAULT_FLOOR", "candidates", "choose", "clean_headline"]

DEFAULT_FLOOR = 0.05          # below this probability no line is taken for the headline
ABOVE, BELOW, MAX_WORDS = 40, 2, 60
MAX_LEAD = 0.25  # article words above the main run, as a share of it, past which they are a lead
LEAD_GAP = 6     # lines of other text at most between a lead and the main run

_FROM_BASE = ["words", "words_1", "words_2_3", "words_4_7", "words_8_15", "words_16_40", "words_41_",
              "stop_any", "end_punct", "sentences", "commas", "caps", "all_caps", "title_case", "digits",
              "symbols", "pipes", "service", "service_only", "reader", "credit", "link_like", "copyright",
              "date_like", "bullet", "colon_end", "truncated", "lower_start", "quote", "repeat",
              "gap_before", "gap_after", "block_lines", "block_short", "short_run", "site_name"]
FEATURES = _FROM_BASE + [
    "logit", "above", "dist", "dist_1", "dist_2_3", "first_body", "in_body", "overlap", "overlap_title",
    "rank_words", "prefix", "next_date", "next_byline", "next_short", "next_logit", "prev_short",
    "prev_logit", "first_line", "candidate_rank", "bias",
    "above_main", "main_dist", "main_dist_1", "main_dist_2_3", "words_rel", "next_deck", "prev_head",
    "prev_words", "next_words", "contained", "contains", "section", "logit_rank", "off_first",
    "overlap_next", "rank_above_main", "meta_below", "caption", "next_caption",
]
_COL = {name: k for k, name in enumerate(BASE)}
# Furniture marked by its form (index.extract.markers) is never the headline.
_NEVER = frozenset({"byline", "date", "label", "credit", "utility", "url", "copyright"})
# A byline or a date line: the story's own metadata, printed next to its headline.
_META = frozenset({"byline", "date"})
_CAPTION = frozenset({"caption", "credit"})
BYLINE_REACH = 12      # lines over a pick searched for the byline it may sit under
BYLINE_TITLE_WORDS = 4  # words at least of a headline taken over a byline
META_REACH = 6  # lines searched under a candidate for its story's metadata
_CRUMBS = re.compile(r"\s+/\s+|\s*[»>›→]\s*")
# Ornaments before a headline ("• ", "► ", "| ", "» "), but not an opening quote or bracket that is
# part of it ("»Zitat«", "[Update] ...", "#Hashtag", "*Ab Montag*") nor the sign of an amount or a
# name that opens it ("$1m payoff ...", "£5bn deal ...", "&Other Stories opens ...", "@user ...").
_LEAD_ORNAMENT = re.compile(r"^(?:[^\w\s\"'“‘„«»(\[{#*¿¡$£€¥₹₽₩¢&@]|[»#*]\s|\s)+")
_PREFIX_SPLIT = re.compile(r"^\s*([^\W\d_]+(?:\s[^\W\d_]+)?)\s*(?::|\||[-–—]{1,2}(?=\s))\s*(?=\S)")


def clean_headline(text: str) -> str:
    """The headline without a printed kind prefix ("VIDEO: ...", "LIVE | ..."), without the
    breadcrumb trail printed before it ("Home » Blog » Title") and without leading ornaments.

    >>> clean_headline("Start » Blog » Council approves the new library")
    'Council approves the new library'
    >>> clean_headline("» Storm hits the coast"), clean_headline("»Wir bleiben«")
    ('Storm hits the coast', '»Wir bleiben«')
    """
    text = _LEAD_ORNAMENT.sub("", text)
    parts = _CRUMBS.split(text) if any(c in text for c in "/»>›→") else [text]
    if len(parts) >= 3 and len(parts[-1].split()) >= 3 and all(len(p.split()) <= 4 for p in parts[:-1]):
        text = parts[-1]
    m = _PREFIX_SPLIT.match(text)
    if m and all(w.casefold() in HEADLINE_PREFIXES for w in m.group(1).split()) and len(text) > m.end() + 8:
        return text[m.end():].strip()
    return text.strip()


def _has_prefix(text: str) -> bool:
    return clean_headline(text) != text.strip()


def _content(ln: Line) -> set[str]:
    """The line's content words: casefolded, longer than two letters, not function words."""
    if ln.text.isascii():       # casefolding keeps an ASCII word's length
        return {k for k in set(ln.low).difference(ALL_STOPWORDS) if len(k) > 2}
    return {k for w, k in zip(ln.tokens, ln.low) if len(w) > 2} - ALL_STOPWORDS


_FROM_IDX = np.array([_COL[name] for name in _FROM_BASE])


_SECTION = NAV_WORDS | SECTION_WORDS


def _main_start(lines: list[Line], body: list[bool], first: int) -> int:
    """The first line of the article's run of lines carrying the most words, or of the lead
    printed just above it."""
    rs = runs(list(body))
    if not rs:
        return first
    words = [sum(lines[i].words for i in range(a, b + 1)) for a, b in rs]
    main = max(range(len(rs)), key=lambda k: words[k])
    # Article text just above the main run that amounts to something (a lead, an intro under its
    # own subheading) belongs to the story: the headline is sought above it, not between. Text
    # further up, past more than LEAD_GAP lines of anything else, is a sidebar or a teaser.
    k = main
    while k > 0 and rs[k][0] - rs[k - 1][1] - 1 <= LEAD_GAP:
        k -= 1
    return rs[k][0] if sum(words[k:main]) >= MAX_LEAD * words[main] else rs[main][0]


def candidates(lines: list[Line], rows, probs, body: list[bool]) -> tuple[list[int], np.ndarray]:
    """The headline candidates, bottom-up: (their line indices, their :data:`FEATURES` rows)."""
    n = len(lines)
    if not n:
        return [], np.zeros((0, len(FEATURES)))
    first = next((i for i, b in enumerate(body) if b), None)
    if first is None:
        first = int(np.asarray(probs).argmax())
    main = _main_start(lines, body, first)
    lo, hi = max(0, min(first, main) - ABOVE), min(n, max(first, main) + BELOW + 1)
    cands = [i for i in range(lo, hi) if 1 <= lines[i].words <= MAX_WORDS and not lines[i].flags & _NEVER]
    if not cands:
        return [], np.zeros((0, len(FEATURES)))
    # The words of the article under each candidate (its next 400 words or so, from the main run
    # on): a candidate is compared with the text that follows it, never with itself. An ASCII line
    # may give all its words (casefolding keeps their length; the candidate's are content words).
    following: list[tuple[int, int, set[str]]] = []
    seen = 0
    for i in range(min(first, main), n):
        if body[i]:
            following.append((i, lines[i].words, set(lines[i].low) if lines[i].text.isascii() else _content(lines[i])))
            seen += lines[i].words if i >= main else 0
            if seen > 400:
                break
    words_of = {j: c for j, _, c in following}

    def shared_with_body_after(i: int, words: set[str]) -> int:
        """How many of ``words`` (content words) the article's next 400 words or so hold."""
        after = []
        count = 0
        for j, w, c in following:
            if j > i:
                after.append(c)
                count += w
                if count > 400:
                    break
        return sum(1 for x in words if any(x in c for c in after))

    p = np.asarray(probs, dtype=float)
    logit = np.minimum(np.maximum(np.log(np.maximum(p, 1e-6) / np.maximum(1 - p, 1e-6)), -8.0), 8.0).tolist()
    rank_words = {i: r for r, i in enumerate(sorted(cands, key=lambda i: -lines[i].words))}
    rank_logit = {i: r for r, i in enumerate(sorted(cands, key=lambda i: logit[i]))}
    mean_words = sum(math.log1p(lines[i].words) for i in cands) / len(cands)
    order = cands[::-1]
    rank_above = {i: r for r, i in enumerate(i for i in order if i < main)}
    date_col, end_col = rows[:, _COL["date_like"]], rows[:, _COL["end_punct"]]
    keys = [ln.key for ln in lines]
    meta = [bool(ln.flags & _META) for ln in lines]

    def meta_below(i: int) -> float:
        """How near the closest byline or date line under ``i`` is (1 right under it, falling to
        0 at META_REACH + 1 lines or past an article line): the metadata printed between a
        headline and its story. (Metadata above a line says little: a dateline or a date sits
        above many headlines, and above many decks.)"""
        for j in range(i + 1, min(n, i + META_REACH + 1)):
            if body[j]:
                break
            if meta[j]:
                return 1.0 - (j - i - 1) / META_REACH
        return 0.0

    extra = []
    for rank, i in enumerate(order):
        ln = lines[i]
        words = _content(ln)
        overlap = shared_with_body_after(i, words) / max(len(words), 1)
        d, dm = first - i, main - i
        nxt = lines[i + 1] if i + 1 < n else None
        prv = lines[i - 1] if i else None
        k = keys[i]
        contained = len(k) >= 8 and any(len(o) > len(k) + 3 and k in o for o in keys[max(0, i - 60):i + 60])
        contains = any(len(keys[j]) >= 8 and len(keys[j]) + 3 < len(k) and keys[j] in k for j in cands if j != i)
        # The next line's words, as a set holding all its content words (a body line's is made already).
        next_words = (words_of.get(i + 1) or _content(nxt)) if nxt is not None else set()
        extra.append([
            logit[i], float(d > 0), math.log1p(abs(d)), float(abs(d) == 1),
            float(2 <= abs(d) <= 3), float(d == 0), float(body[i]), overlap, float(overlap >= 0.5),
            math.log1p(rank_words[i]), float(_has_prefix(ln.text)),
            float(nxt is not None and date_col[i + 1] > 0),
            float(nxt is not None and nxt.text.split(None, 1)[0].casefold() in BYLINE_WORDS),
            float(nxt is not None and nxt.words <= 40 and not body[i + 1]),
            logit[i + 1] if nxt is not None else 0.0,
            float(prv is not None and prv.words <= 6),
            logit[i - 1] if prv is not None else 0.0,
            float(i == 0), math.log1p(rank), 1.0,
            float(dm > 0), math.log1p(abs(dm)), float(dm == 1), float(2 <= dm <= 3),
            math.log1p(ln.words) - mean_words,
            float(nxt is not None and not body[i] and ln.words < nxt.words <= MAX_WORDS and end_col[i + 1] > 0),
            float(prv is not None and prv.words <= 20 and end_col[i - 1] == 0 and not prv.flags & _NEVER
                  and prv.words < ln.words),
            math.log1p(prv.words) if prv is not None else 0.0, math.log1p(nxt.words) if nxt is not None else 0.0,
            float(contained), float(contains),
            sum(map(_SECTION.__contains__, ln.low)) / max(ln.words, 1),
            math.log1p(rank_logit[i]), float(not first - ABOVE <= i <= first + BELOW),
            sum(1 for x in words if x in next_words) / max(len(words), 1), math.log1p(rank_above.get(i, 50)),
            meta_below(i), float("caption" in ln.flags),
            float(nxt is not None and bool(nxt.flags & _CAPTION)),
        ])
    return order, np.hstack([rows[order][:, _FROM_IDX], np.array(extra)])


def choose(lines: list[Line], rows, probs, body: list[bool], spec: dict, floor: float = DEFAULT_FLOOR,
           explain: bool = False) -> tuple[int | None, float, list, int | None]:
    """(index of the headline line or None, the gate's probability that it is one, the gate's
    strongest signals for it (with ``explain`` only), the ranker's own pick when the headline was
    taken over its byline instead (:func:`above_byline`), else None). ``spec``: ``{"ranker":
    trees, "gate": logistic model}``."""
    order, x = candidates(lines, rows, probs, body)
    if not order:
        return None, 0.0, [], None
    scores = ranker_for(spec["ranker"]).scores(x)
    # A line marked as a photo caption by its form (a credit after what it says, an agency's
    # slash) is ranked with the others but never taken: 1 of 795 labelled headlines carries
    # that mark, while the ranker's caption picks in cross-validation were all wrong.
    captions = [bool(lines[i].flags & _CAPTION) for i in order]  # candidates are never credits
    if any(captions) and not all(captions):
        scores = np.where(captions, -np.inf, scores)
    k = int(scores.argmax())
    gate = model_for(spec["gate"])

    def prob(k: int) -> float:
        return 1.0 / (1.0 + math.exp(-max(min(gate.logit(x[k]), 40.0), -40.0)))

    p, moved = prob(k), None
    up = above_byline(lines, rows, order[k])
    j = order.index(up) if up in order else None
    if j is not None and prob(j) >= floor:
        moved, k, p = order[k], j, prob(j)
    return (order[k] if p >= floor else None), p, (gate.contributions(x[k]) if explain else []), moved


def above_byline(lines: list[Line], rows, pick: int) -> int | None:
    """The line printed right over the byline when ``pick`` sits under that byline, or None.
    A story's headline comes before its byline ("By Jane Doe"); a line between the byline and
    the story is a deck, a video's title or a caption. Taken: one of the two lines over the
    byline of a headline's shape (BYLINE_TITLE_WORDS to MAX_WORDS words, not page furniture, not
    a date, no service words). On the held-out pages of 4 by-site CV splits it moved 27 picks:
    20 from a wrong line to the labelled headline, 7 from one wrong line to another, none away
    from the labelled headline."""
    above = next((j for j in range(max(0, pick - BYLINE_REACH), pick) if "byline" in lines[j].flags), None)
    if above is None:
        return None
    for j in (above - 1, above - 2):
        ln = lines[j] if j >= 0 else None
        if (ln is not None and BYLINE_TITLE_WORDS <= ln.words <= MAX_WORDS and not ln.flags & (_NEVER | _CAPTION)
                and rows[j, _COL["date_like"]] == 0 and rows[j, _COL["service"]] == 0):
            return j
    return None


_RANKERS: dict[int, tuple[dict, TreeEnsemble]] = {}


def ranker_for(spec: dict) -> TreeEnsemble:
    """The :class:`~index.extract.trees.TreeEnsemble` of a spec, built once per spec object."""
    hit = _RANKERS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_RANKERS) >= 8:
        _RANKERS.clear()
    _RANKERS[id(spec)] = (spec, TreeEnsemble(spec))
    return _RANKERS[id(spec)][1]
