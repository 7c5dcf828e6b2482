"""Snippets in three replaceable parts — fragmenter, scorer, formatter — on Whoosh's highlighter.

The fragmenter cuts the body into sentences (long ones trimmed at word boundaries around their
matches); the scorer prefers the sentence that matches the most distinct query terms; the
formatter escapes everything and wraps each matched word in ``<mark>``. Escaping happens only
in the formatter, so a snippet can go into a page as it is.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from whoosh import highlight

from index.analysis import _shouting_spans, fold, term_spans

MAX_FRAGMENT_CHARS = 220
TOP_FRAGMENTS = 2
ELLIPSIS = "\u2026"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or paragraph line, whitespace excluded.

    >>> t = "One two. Three four!\\nFive"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['One two.', 'Three four!', 'Five']
    """
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start()
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


def _spans_around(text: str, matches) -> list[tuple[int, int]]:
    """The sentence spans of only the lines that hold a match (a sentence never crosses a line
    break, so these are exactly :func:`sentence_spans` of the whole text, there)."""
    out = []
    done_to = -1
    for t in matches:
        if t.startchar < done_to:
            continue
        a = text.rfind("\n", 0, t.startchar) + 1
        b = text.find("\n", t.startchar)
        b = len(text) if b < 0 else b
        out.extend((a + x, a + y) for x, y in sentence_spans(text[a:b]))
        done_to = b
    return out


class SentenceFragmenter(highlight.Fragmenter):
    """One fragment per sentence that has a match, trimmed around the matches when long."""

    def __init__(self, limit: int = MAX_FRAGMENT_CHARS):
        self.limit = limit

    def fragment_tokens(self, text, all_tokens):
        matches = [highlight.Token(startchar=t.startchar, endchar=t.endchar, text=t.text, matched=True)
                   for t in all_tokens if t.matched]
        if not matches:
            return
        i = 0
        for s, e in _spans_around(text, matches):
            inside = []
            while i < len(matches) and matches[i].startchar < e:
                if matches[i].startchar >= s:
                    inside.append(matches[i])
                i += 1
            if inside:
                fs, fe = trim_to_words(text, s, e, inside[0].startchar, inside[-1].endchar, self.limit)
                kept = [t for t in inside if t.startchar >= fs and t.endchar <= fe]
                yield highlight.Fragment(text, kept or inside[:1], fs, fe)


class DistinctTermsScorer(highlight.FragmentScorer):
    """Score: distinct query terms in the fragment first, then the number of matches."""

    def __call__(self, fragment):
        distinct = {t.text for t in fragment.matches}
        return len(distinct) * 10 + len(fragment.matches)


class MarkFormatter(highlight.Formatter):
    """Escaped text with ``<mark>`` around every match; fragments joined by an ellipsis."""

    between = f" {ELLIPSIS} "

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(text[token.startchar:token.endchar]) + "</mark>"

    def _text(self, text):
        return html.escape(text)

    def format_fragment(self, fragment, replace=False):
        out, index, text = [], fragment.startchar, fragment.text
        for t in fragment.matches:
            if t.startchar < index:
                continue
            out.append(html.escape(text[index:t.startchar]))
            out.append(self.format_token(text, t))
            index = t.endchar
        out.append(html.escape(text[index:fragment.endchar]))
        body = "".join(out)
        if fragment.startchar > 0 and not _starts_sentence(text, fragment.startchar):
            body = ELLIPSIS + body
        if fragment.endchar < len(text.rstrip()) and text[fragment.endchar - 1] not in ".!?\"'\u201d\u2019":
            body += ELLIPSIS
        return body

    def format(self, fragments, replace=False):
        out, prev = [], None
        for f in fragments:
            if prev is not None:
                gap = f.text[prev.endchar:f.startchar]
                touching = not gap.strip() and "\n" not in gap
                trimmed = out[-1].endswith(ELLIPSIS) or self.format_fragment(f).startswith(ELLIPSIS)
                out.append(" " if touching or trimmed else self.between)
            out.append(self.format_fragment(f))
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
    index term is a stem, and a word's stem is, but for its last letter ("polici" ← "policy"),
    the start of the word; a short stem may come from a longer, irregular form ("lie" ← "lying",
    "sky" ← "skies"), so only its first letter is certain.

    >>> sorted(term_probes({"polici", "US", "lie", "word"}))
    ['l', 'polic', 'u', 'wo']
    """
    return {t.lower()[:len(t) - 1] if len(t) >= 5 else t.lower()[:max(1, len(t) - 2)] for t in terms}


def _probe_pattern(terms: set[str]) -> re.Pattern:
    return _probe_pattern_of(frozenset(terms))


@lru_cache(maxsize=256)  # one per query: every hit of a page shares it
def _probe_pattern_of(terms: frozenset) -> re.Pattern:
    """Where a matching word can start: a probe at a word start (any case), or the dotted form
    of an acronym term ("U.S." for ``US``)."""
    parts = sorted({re.escape(p) for p in term_probes(terms)}, key=len, reverse=True)
    parts += [r"\.".join(re.escape(c) for c in t) + r"\." for t in terms if t.isupper() and len(t) > 1]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


_SPACE = re.compile(r"\s")
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")


def candidate_tokens(body: str, terms: set[str]):
    """The tokens of ``body`` whose index term is one of ``terms``, with character offsets.

    Only the words where a match can start are analysed: a token never spans whitespace, so the
    whitespace-free chunk around a probe's hit tokenizes exactly as it does inside the whole
    text (the line's all-capitals state is kept), and the rest of a long body is never touched."""
    pattern = _probe_pattern(terms)
    done_to = -1
    shouting = None
    searched = body
    if not body.isascii():
        folded = fold.__wrapped__(body)
        if len(folded) == len(body):  # accents folded in place: "Zürich" is found by "zurich"
            searched = folded
    for m in pattern.finditer(searched):
        start = m.start()
        if start < done_to:
            continue
        a = start
        while a > 0 and not body[a - 1].isspace():
            a -= 1
        found = _SPACE.search(body, start)
        b = found.start() if found else len(body)
        done_to = b
        line_start = body.rfind("\n", 0, a) + 1
        line_end = body.find("\n", b)
        line = body[line_start:line_end if line_end >= 0 else len(body)]
        if shouting is None or shouting[0] != line_start:
            # Only a capitalised token's term can depend on its line being in capitals.
            shouting = (line_start, _TWO_CAPITALS.search(body, a, b) is not None and bool(_shouting_spans(line)))
        chunk = body[a:b]
        loud = shouting[1] and _TWO_CAPITALS.search(chunk) is not None
        for term, s, e in _chunk_terms(chunk, loud):
            if term in terms:
                yield highlight.Token(startchar=a + s, endchar=a + e, text=term, matched=True)


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
        fragments = SentenceFragmenter().fragment_tokens(body, candidate_tokens(body, terms))
        best = highlight.top_fragments(fragments, top, DistinctTermsScorer(), highlight.FIRST, minscore=1)
        if best:
            return MarkFormatter().format(best)
    return opening(body)
