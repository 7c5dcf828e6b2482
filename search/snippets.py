"""Snippets in three replaceable parts — fragmenter, scorer, formatter — the way Whoosh's
highlighter is laid out, on plain ``(start, end, ...)`` tuples rather than its token and fragment
objects (a page of hits makes thousands of them; the tuples make snippets about a third faster).

Only the words of the body where a query term can occur are analysed (:func:`matched_spans`).
The fragmenter cuts the body into sentences (long ones trimmed at word boundaries around their
matches); the scorer prefers the sentence that matches the most distinct query terms; the
formatter escapes everything and wraps each matched word in ``<mark>``. Escaping happens only
in the formatter, so a snippet can go into a page as it is.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from heapq import nlargest

from index.analysis import INNER_APOSTROPHES, _shouting_spans, fold, term_spans

MAX_FRAGMENT_CHARS = 220
TOP_FRAGMENTS = 2
ELLIPSIS = "\u2026"
BETWEEN = f" {ELLIPSIS} "  # between two fragments that are not next to each other
# A sentence's last mark and the space after it, or a line break. Both open with one character
# set, so the search skips to the candidates at C speed; which one it is, the branches tell by
# looking back (an alternation of the two took three times as long, 8.4 against 2.7 us a line,
# for the same matches over every text of ../shared).
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|(?<=\n)\n*)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or paragraph line, whitespace excluded.

    >>> t = "One two. Three four!\\nFive"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['One two.', 'Three four!', 'Five']
    """
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start()
        if text[end] != "\n":
            end += 1  # the sentence keeps its mark
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def trim_to_words(text: str, start: int, end: int, keep_from: int, keep_to: int,
                  limit: int = MAX_FRAGMENT_CHARS) -> tuple[int, int]:
    """Narrow ``[start, end)`` to about ``limit`` characters around ``[keep_from, keep_to)``,
    moving each cut to a word boundary, so no word is ever cut in half."""
    if end - start <= limit:
        return start, end
    room = max(0, limit - (keep_to - keep_from))
    # Keep the sentence's own start whenever the matches fit within the limit from it.
    new_start = start if keep_to - start <= limit else max(start, keep_from - room // 3)
    new_end = min(end, max(keep_to, new_start + limit))
    if new_start > start:
        space = text.find(" ", new_start, keep_from + 1)
        new_start = space + 1 if space != -1 else keep_from
    if new_end < end:
        space = text.rfind(" ", keep_to, new_end + 1)
        new_end = space if space != -1 else keep_to
    return new_start, new_end


def _spans_around(text: str, matches: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The sentence spans of only the lines that hold a match (a sentence never crosses a line
    break, so these are exactly :func:`sentence_spans` of the whole text, there)."""
    out = []
    done_to = -1
    for start, _, _ in matches:
        if start < done_to:
            continue
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", start)
        b = len(text) if b < 0 else b
        out.extend((a + x, a + y) for x, y in sentence_spans(text[a:b]))
        done_to = b
    return out


def fragments(text: str, matches: list[tuple[int, int, str]], limit: int = MAX_FRAGMENT_CHARS):
    """The fragmenter: one fragment per sentence that has a match, trimmed around its matches
    when long, as ``(start, end, matches)`` (``matches``: the ``(start, end, term)`` inside)."""
    i, n = 0, len(matches)
    for s, e in _spans_around(text, matches):
        inside = []
        while i < n and matches[i][0] < e:
            if matches[i][0] >= s:
                inside.append(matches[i])
            i += 1
        if inside:
            fs, fe = trim_to_words(text, s, e, inside[0][0], inside[-1][1], limit)
            kept = [t for t in inside if t[0] >= fs and t[1] <= fe]
            yield fs, fe, kept or inside[:1]


def fragment_score(fragment) -> int:
    """The scorer: distinct query terms in the fragment first, then the number of matches."""
    found = fragment[2]
    return len({t[2] for t in found}) * 10 + len(found)


def top_fragments(candidates, top: int) -> list:
    """The ``top`` best-scored fragments, in text order (a tie goes to the later fragment, as
    Whoosh's ``highlight.top_fragments`` has it)."""
    best = nlargest(top, ((fragment_score(f), f[0], f) for f in candidates))
    return sorted((f for _, _, f in best), key=lambda f: f[0])


def format_fragment(text: str, fragment) -> str:
    """The formatter for one fragment: escaped text, ``<mark>`` around each match, an ellipsis
    where the fragment starts or ends inside a sentence."""
    start, end, found = fragment
    out, index = [], start
    for s, e, _ in found:
        if s < index:
            continue
        out.append(html.escape(text[index:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        index = e
    out.append(html.escape(text[index:end]))
    body = "".join(out)
    if start > 0 and not _starts_sentence(text, start):
        body = ELLIPSIS + body
    if end < len(text.rstrip()) and text[end - 1] not in ".!?\"'\u201d\u2019":
        body += ELLIPSIS
    return body


def format_fragments(text: str, chosen: list) -> str:
    """The fragments joined: a space between touching or already trimmed ones, else an ellipsis."""
    out, prev = [], None
    for f in chosen:
        formatted = format_fragment(text, f)
        if prev is not None:
            gap = text[prev[1]:f[0]]
            touching = not gap.strip() and "\n" not in gap
            trimmed = out[-1].endswith(ELLIPSIS) or formatted.startswith(ELLIPSIS)
            out.append(" " if touching or trimmed else BETWEEN)
        out.append(formatted)
        prev = f
    return "".join(out)


def _starts_sentence(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?\n\"'\u201d\u2019)" or text[pos - 1] == "\n"


def mark_terms(text: str, terms: set[str]) -> str:
    """``text`` escaped, with every word whose index term is in ``terms`` wrapped in ``<mark>``:
    the same analysis as the index, so the term "tariff" marks "Tariffs" and "tariff's".

    >>> mark_terms("Tariffs <b>rose</b>", {"tariff"})
    '<mark>Tariffs</mark> &lt;b&gt;rose&lt;/b&gt;'
    """
    if not terms:
        return html.escape(text)
    out, at = [], 0
    for term, start, end in term_spans(text):
        if term in terms and start >= at:
            out.append(html.escape(text[at:start]))
            out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
            at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def opening(body: str, limit: int = MAX_FRAGMENT_CHARS) -> str:
    """The body's opening, cut at a sentence or word boundary, escaped."""
    text = " ".join(body.split())
    if len(text) <= limit:
        return html.escape(text)
    spans = sentence_spans(text)
    end = spans[0][1] if spans else limit
    for s, e in spans[1:]:
        if e > limit:
            break
        end = e
    if end > limit:
        cut = text.rfind(" ", 0, limit)
        return html.escape(text[:cut if cut > 0 else limit]) + ELLIPSIS
    return html.escape(text[:end])


def term_probes(terms: set[str]) -> set[str]:
    """Lowercase strings one of which starts every word that can yield one of ``terms``: an
    index term is a Snowball stem, and a word's stem is, but for its last letter, the start of
    the word. Every rule of the stemmer keeps or rewrites at most the stem's last letter against
    the word ("polici" ← "policy", "hope" ← "hoping", "relate" ← "relational"), but for a few
    irregular words in the stemmer's own table ("lie" ← "lying"), whose stems keep the prefix
    they share with them (:data:`_IRREGULAR`). A test checks the rule over every word of the
    shared corpora.

    >>> sorted(term_probes({"polici", "US", "lie", "word"}))
    ['l', 'polic', 'u', 'wor']
    """
    if _IRREGULAR is None:  # the stemmer's table unknown: a short stem may come from any longer form
        return {t.lower()[:len(t) - 1] if len(t) >= 5 else t.lower()[:max(1, len(t) - 2)] for t in terms}
    return {_IRREGULAR.get(t) or t.lower()[:max(1, len(t) - 1)] for t in terms}


def _irregular_stems() -> dict[str, str] | None:
    """The stems of the stemmer's table of irregular words that do not start their word less
    their last letter, with the prefix stem and word share ("lie": "l" for "lying"); None when
    this NLTK keeps no such table where it is looked for."""
    from os.path import commonprefix

    from index.nltk_parts import EnglishStemmer

    table = getattr(EnglishStemmer, "_EnglishStemmer__special_words", None)
    if not isinstance(table, dict):
        return None
    return {stem: commonprefix([word, stem]) or stem[:1]
            for word, stem in table.items() if not word.startswith(stem[:-1])}


_IRREGULAR = _irregular_stems()


MIN_ANYWHERE_PROBE = 2  # letters of the shortest probe searched for anywhere in a word
# The apostrophes a token may hold (index.analysis.INNER_APOSTROPHES) are made "'" in the searched
# text: a class of characters beyond Latin-1 costs the pattern's compilation about a millisecond.
_APOSTROPHE = "'?"


@lru_cache(maxsize=256)  # one per query: every hit of a page shares it
def _probe_source(terms: frozenset) -> str:
    """The probes as an alternation: each probe's letters (an apostrophe allowed between them),
    and the dotted form of an acronym term ("U.S." for ``US``)."""
    # An apostrophe inside a word is dropped from its term ("O'Brien" gives "obrien").
    parts = sorted({_APOSTROPHE.join(map(re.escape, p)) for p in term_probes(terms)}, key=len, reverse=True)
    parts += [r"\.".join(re.escape(c) for c in t) + r"\." for t in terms if t.isupper() and len(t) > 1]
    return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=256)
def _probe_pattern_of(terms: frozenset) -> re.Pattern:
    """Where a matching word can start: a probe at a word start, in any case."""
    return re.compile(r"(?<!\w)" + _probe_source(terms), re.IGNORECASE)


@lru_cache(maxsize=256)
def _probe_anywhere_of(terms: frozenset) -> re.Pattern | None:
    """The probes anywhere in a lower-cased text: found three times faster than
    :func:`_probe_pattern_of` (no look-behind, no case folding), and every word start that one
    finds is found, or lies in the chunk of a match found (see :func:`matched_spans`). None when
    a probe is not ASCII, or is a single letter ("u" for ``US``, "e" for ``EU``): found inside
    every other word, it would have far more chunks analysed than the word starts do (BBC
    bodies: 560 against 72 us for ``EU``)."""
    source = _probe_source(terms)
    if not source.isascii() or min(map(len, term_probes(terms))) < MIN_ANYWHERE_PROBE:
        return None
    return re.compile(source.lower())


_SPACE = re.compile(r"\s")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")


def _uncased(chars) -> bool:
    """Whether every one of ``chars`` (a text's characters beyond ASCII) is without case ("€",
    "—", "“"): then lower-casing keeps the text's length and a case-blind match of ASCII probes
    is an exact match of its lower-cased form (no "ſ" for "s", no Kelvin sign for "k", no "İ")."""
    return all(c.lower() == c == c.upper() for c in chars)


def matched_spans(body: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """``(start, end, term)`` of every token of ``body`` whose index term is one of ``terms``.

    Only the words where a match can start are analysed: a token never spans whitespace, so the
    whitespace-free chunk around a probe's hit tokenizes exactly as it does inside the whole
    text (with its line's all-capitals state), and the rest of a long body is never touched."""
    searched = body
    beyond = set() if body.isascii() else set(_NON_ASCII.findall(body))  # characters beyond ASCII
    if any(c.isalpha() for c in beyond):
        folded = fold.__wrapped__(body)
        if len(folded) == len(body):  # accents folded in place: "Zürich" is found by "zurich"
            searched = folded
            beyond = set(_NON_ASCII.findall(folded))
    # (The apostrophes made "'" below are without case: what ``beyond`` says of case holds.)
    for other in INNER_APOSTROPHES:
        if other in searched:
            searched = searched.replace(other, "'")
    key = frozenset(terms)
    anywhere = _probe_anywhere_of(key)
    if anywhere is not None and _uncased(beyond):
        # The probes anywhere in the lower-cased text: every word start the first pattern finds
        # is found here or lies in the same whitespace-free chunk as a match found here (a match
        # never spans whitespace), and a chunk is all that is analysed; a chunk found here
        # without a word start of a probe holds no word of the terms (every such word starts
        # with its probe, which a test checks over the corpora) and adds nothing.
        probes = anywhere.finditer(searched.lower())
    else:
        probes = _probe_pattern_of(key).finditer(searched)
    out = []
    done_to = -1
    line_start, line_loud = -1, False
    for m in probes:
        start = m.start()
        if start < done_to:
            continue
        a = start
        while a > 0 and not body[a - 1].isspace():
            a -= 1
        found = _SPACE.search(body, start)
        b = done_to = found.start() if found else len(body)
        chunk = body[a:b]
        loud = False
        if _TWO_CAPITALS.search(chunk) is not None:
            # Only a capitalised token's term can depend on its line being in capitals.
            start = body.rfind("\n", 0, a) + 1
            if start != line_start:
                end = body.find("\n", b)
                line_start = start
                line_loud = bool(_shouting_spans(body[start:end if end >= 0 else len(body)]))
            loud = line_loud
        for term, s, e in _chunk_terms(chunk, loud):
            if term in terms:
                out.append((a + s, a + e, term))
    return out


_CHUNKS: dict[tuple[str, bool], tuple] = {}
MAX_CHUNKS = 200_000


def _chunk_terms(chunk: str, loud: bool) -> tuple:
    """The index terms of one whitespace-free chunk with their spans in it: the analysis of a
    chunk depends on nothing else, and the same words come back in hit after hit, so each
    distinct chunk is analysed once per process (as the indexer does per distinct token)."""
    key = (chunk, loud)
    found = _CHUNKS.get(key)
    if found is None:
        found = tuple(term_spans(chunk, 0, shouting=loud))
        if len(_CHUNKS) >= MAX_CHUNKS:
            _CHUNKS.clear()
        _CHUNKS[key] = found
    return found


def snippet(body: str, terms: set[str], top: int = TOP_FRAGMENTS) -> str:
    """One or two highlighted fragments of ``body`` around the best-matching sentences; the
    body's opening when no term matches the body (a title-only match)."""
    if not body:
        return ""
    if terms:
        matches = matched_spans(body, terms)
        if matches:
            return format_fragments(body, top_fragments(fragments(body, matches), top))
    return opening(body)
