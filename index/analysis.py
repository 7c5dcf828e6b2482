"""The one text analyzer, used both when indexing and when parsing queries.

A tokenizer built on NLTK's regexp tokenizer, then small single-purpose filters:

    fold → possessive → acronym/lowercase → stop → stem

>>> [t.text for t in news_analyzer()("China's U.S. envoy met us in Zürich")]
['china', 'US', 'envoy', 'met', 'zurich']
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from whoosh.analysis import Filter, StopFilter, Token, Tokenizer

from .nltk_parts import EnglishStemmer, redos
from .stopwords import STOPWORDS

# Dotted acronyms (U.S., U.K.), numbers with inner separators (1.13bn, 2,225), words with
# inner apostrophes (China's, don't). Hyphens split words: "US-China" is two tokens, adjacent.
TOKEN_PATTERN = r"(?:[A-Z]\.){2,}|\d+(?:[.,:]\d+)+\w*|\w+(?:['\u2019\u02bc]\w+)*"
# The apostrophes besides "'" that TOKEN_PATTERN keeps inside a word (snippets make them "'").
INNER_APOSTROPHES = ("\u2019", "\u02bc")
_NLTK_FLAGS = re.UNICODE | re.MULTILINE | re.DOTALL  # RegexpTokenizer's default

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SHOUTING_LINE_MIN_WORDS = 3


_ASCII_LOWER = re.compile("[a-z]")


def _shouting_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of lines written in capitals ("BAHIA COCOA REVIEW").

    In such a line a capitalised word is not evidence of an acronym.

    >>> _shouting_spans("Calm words here\\nLOUD WORDS HERE NOW\\nok")
    [(16, 36)]
    """
    spans = []
    start = 0
    for line in text.splitlines(keepends=True):
        n = len(line)
        # Quick no: a fifth of the line in lower-case ASCII letters already rules capitals out.
        if _ASCII_LOWER.subn("", line)[1] * 5 < n:
            letters = [c for c in line if c.isalpha()]
            if letters and len(line.split()) >= _SHOUTING_LINE_MIN_WORDS:
                upper = sum(1 for c in letters if c.isupper())
                if upper / len(letters) > 0.8:
                    spans.append((start, start + n))
        start += n
    return spans


class NewsTokenizer(Tokenizer):
    """Splits text into word tokens the way NLTK's ``RegexpTokenizer`` does (same pattern
    compiler and flags; a test checks the spans agree), keeping character spans.

    Marks each token with ``shouting`` when it sits in an all-capitals line.

    >>> [t.text for t in NewsTokenizer()("U.S.-China talks, 1.5bn")]
    ['U.S.', 'China', 'talks', '1.5bn']
    """

    def __init__(self, pattern: str = TOKEN_PATTERN):
        self.pattern = pattern
        # The pattern as NLTK's RegexpTokenizer compiles it (through nltk.redos, on the ``regex`` engine,
        # with NLTK's default flags), matched with the GIL held: by default ``regex`` releases
        # the GIL at every match, and in a threaded server that became lock thrashing (four
        # threads searching ran at half the speed of one). The pattern is ours and linear, so
        # the per-match timeout (a backstop for untrusted patterns) is off.
        self._rx = redos.compile(pattern, _NLTK_FLAGS, timeout=None)

    # Whoosh pickles the schema, analyzer included, into the index. NLTK's compiled pattern
    # does not survive pickling (its timeout sentinel changes identity), so only the pattern
    # is stored and the tokenizer is rebuilt on load.
    def __getstate__(self):
        return {"pattern": self.pattern}

    def __setstate__(self, state):
        self.__init__(state["pattern"])

    def __eq__(self, other):
        return type(self) is type(other) and self.pattern == other.pattern

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.shouting = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        shouting = _shouting_spans(value) if any(c.isupper() for c in value) else []
        si = 0
        for pos, (start, end) in enumerate(m.span() for m in self._rx.finditer(value, concurrent=False)):
            while si < len(shouting) and shouting[si][1] <= start:
                si += 1
            t.text = value[start:end]
            t.boost = 1.0
            t.stopped = False
            t.shouting = si < len(shouting) and shouting[si][0] <= start
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


# The caches below bound the memory a server can spend on analysis, whatever queries it is sent:
# at most CACHE_TOKENS entries each (a token and its result, a few hundred bytes).
CACHE_TOKENS = 250_000


@lru_cache(maxsize=50_000)
def fold(text: str) -> str:
    """Fold accents and typographic quotes to plain forms, keeping case.

    >>> fold("Zürich’s José")
    "Zurich's Jose"
    """
    text = text.translate(_QUOTES)
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFKD", text)))


class FoldFilter(Filter):
    """Accents and curly quotes to their plain forms: "Zürich’s" → "Zurich's"."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def strip_possessive(text: str) -> str:
    """Drop a possessive ending and any remaining apostrophes.

    >>> [strip_possessive(w) for w in ["China's", "countries'", "don't", "O'Brien"]]
    ['China', 'countries', 'dont', 'OBrien']
    """
    if text.endswith(("'s", "'S")):
        text = text[:-2]
    return text.replace("'", "")


class PossessiveFilter(Filter):
    """"China's" → "China"; other apostrophes are removed ("don't" → "dont")."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = strip_possessive(t.text)
            if t.text:
                yield t


@lru_cache(maxsize=50_000)
def acronym_term(text: str, shouting: bool = False, query: bool = False) -> str:
    """Lowercase a token, except an acronym that would otherwise read as a common word.

    "U.S." and "US" both become the term ``US``, distinct from the pronoun "us"; so do "WHO"
    and "IT". Acronyms that collide with nothing are simply lowercased ("NATO", "Nato" → "nato";
    "U.K." → "uk"). A capitalised word in an all-capitals line is not taken as an acronym.
    In a query, a lone lowercase "us" means the country: nobody searches for the pronoun.

    >>> [acronym_term(w) for w in ["U.S.", "US", "us", "NATO", "U.K.", "It"]]
    ['US', 'US', 'us', 'nato', 'uk', 'it']
    """
    dotted = "." in text and text.replace(".", "").isalpha()
    letters = text.replace(".", "") if dotted else text
    lower = letters.lower()
    if lower not in STOPWORDS:
        return lower
    if dotted or (letters.isupper() and len(letters) >= 2 and not shouting):
        return letters.upper()
    if query and lower == "us":
        return "US"
    return lower


class AcronymLowercaseFilter(Filter):
    """Lowercases every token but keeps colliding acronyms apart (see :func:`acronym_term`)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = acronym_term(t.text, getattr(t, "shouting", False), t.mode == "query")
            yield t


_stemmer = EnglishStemmer()
# Stems already known (an index's words with their stems, :func:`remember_stems`), looked up
# before NLTK's stemmer, which takes tens of microseconds a word.
_KNOWN_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """Snowball English stem of a lowercase word; acronym terms (upper case) are left alone.

    >>> [stem(w) for w in ["controls", "stabilizing", "US"]]
    ['control', 'stabil', 'US']
    """
    known = _KNOWN_STEMS.get(word)
    return known if known is not None else _stem(word)


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    if word.isupper():
        return word
    return _stemmer.stem(word)


def remember_stems(words, stems) -> None:
    """Take ``stems[i]`` as the stem of ``words[i]`` (None: the word is its own stem), as the
    indexer computed them, so these words are not stemmed again in this process. Bounded like
    the other caches: beyond :data:`CACHE_TOKENS` words, the rest are stemmed when met."""
    room = CACHE_TOKENS - len(_KNOWN_STEMS)
    for w, t in zip(words, stems):
        if room <= 0:
            break
        if w not in _KNOWN_STEMS and isinstance(w, str) and (t is None or isinstance(t, str)):
            _KNOWN_STEMS[w] = w if t is None else t
            room -= 1


class StemFilter(Filter):
    """Snowball English stemming (NLTK), cached."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = stem(t.text)
            yield t


def news_analyzer():
    """The analyzer for every searchable text field, at index and at query time."""
    return (NewsTokenizer() | FoldFilter() | PossessiveFilter() | AcronymLowercaseFilter()
            | StopFilter(stoplist=STOPWORDS, minsize=1) | StemFilter())


def vocabulary_analyzer():
    """Words as people write them (folded, lowercased, no stemming): the index's vocabulary,
    from which "did you mean" suggestions are drawn."""
    return (NewsTokenizer() | FoldFilter() | PossessiveFilter() | AcronymLowercaseFilter()
            | StopFilter(stoplist=STOPWORDS, minsize=3))


_STOPPED = ""  # the cache's mark for a token that yields no term


@lru_cache(maxsize=100_000)
def index_term(token: str, shouting: bool = False) -> str:
    """The index term of one token exactly as the filter chain makes it at index time (fold,
    possessive, acronym/lowercase, stop, stem), or "" when the chain drops it. Cached: a
    corpus has far fewer distinct tokens than tokens.

    >>> [index_term(w) for w in ["China's", "U.S.", "the", "Controls"]]
    ['china', 'US', '', 'control']
    """
    text = strip_possessive(fold(token))
    if not text:
        return _STOPPED
    text = acronym_term(text, shouting, False)
    if text in STOPWORDS:
        return _STOPPED
    return stem(text)


def vocabulary_word(token: str) -> str:
    """A token as people write it (folded, lower case, possessive off), or "" when it is a
    stopword or shorter than three letters: the words "did you mean" draws on.

    >>> [vocabulary_word(t) for t in ["Economy's", "the", "US", "Zürich"]]
    ['economy', '', '', 'zurich']
    """
    word = acronym_term(strip_possessive(fold(token)))
    if len(word) < 3 or word in STOPWORDS or not word.islower():
        return ""
    return word


# One entry per distinct token the indexer has seen: its term outside all-capitals lines (also
# what snippets mark), its vocabulary word, and whether an all-capitals line would change its term.
_QUIET_TERMS: dict[str, str] = {}
_WORDS: dict[str, str] = {}
_SENSITIVE: set[str] = set()
_SNIPPET_TERMS: dict[str, str] = {}  # the same terms, for snippets (a server's own cache)


def _learn(token: str) -> str:
    """Analyse a token the indexer has not met: :func:`index_term` outside and inside an
    all-capitals line and :func:`vocabulary_word`, sharing their first steps (fold, possessive,
    case) instead of taking each from the start."""
    text = strip_possessive(fold(token))
    quiet = word = _STOPPED
    if text:
        lower = acronym_term(text, False, False)
        if lower not in STOPWORDS:
            quiet = stem(lower)
            if len(lower) >= 3 and lower.islower():
                word = lower
        loud = acronym_term(text, True, False)
        if loud != lower and (_STOPPED if loud in STOPWORDS else stem(loud)) != quiet:
            _SENSITIVE.add(token)
    _QUIET_TERMS[token] = quiet
    _WORDS[token] = word
    return quiet


def index_terms(text: str, words: set | None = None) -> tuple[int, dict[str, list[int]]]:
    """One pass over a field's text giving what the index stores for it: the number of terms
    (the field's length) and each term's positions, identical to running :data:`ANALYZER` at
    index time (a test checks this over whole corpora) but several times faster, because each
    distinct token is analysed once and the per-token steps run as C-level maps. With ``words``,
    the text's vocabulary words (:func:`vocabulary_word`) are added to that set too.

    >>> index_terms("Export controls: the US and U.S. controls")
    (5, {'export': [0], 'control': [1, 4], 'US': [2, 3]})
    """
    found = ANALYZER[0]._rx.findall(text, concurrent=False)
    if len(_QUIET_TERMS) > CACHE_TOKENS:
        _QUIET_TERMS.clear()
        _WORDS.clear()
        _SENSITIVE.clear()
    terms = list(map(_QUIET_TERMS.get, found))
    if None in terms:
        terms = [_learn(found[i]) if t is None else t for i, t in enumerate(terms)]
    if words is not None:
        words.update(filter(None, map(_WORDS.get, set(found))))
    sensitive = _SENSITIVE.intersection(found)
    if sensitive and _shouting_near(text, sensitive):
        # A capitalised stopword ("US", "IT") in an all-capitals line is not an acronym there.
        shouting = _shouting_spans(text)
        terms = []
        si, n_shout = 0, len(shouting)
        for m in ANALYZER[0]._rx.finditer(text, concurrent=False):
            start = m.start()
            while si < n_shout and shouting[si][1] <= start:
                si += 1
            terms.append(index_term(m.group(), si < n_shout and shouting[si][0] <= start))
    kept = [t for t in terms if t]
    if not kept:
        return 0, {}
    # Whoosh's StopFilter renumbers: the first kept token keeps its place, the rest follow on.
    first = 0
    while not terms[first]:
        first += 1
    positions = defaultdict(list)
    for pos, term in enumerate(kept, first):
        positions[term].append(pos)
    return len(kept), dict(positions)


def _shouting_near(text: str, tokens) -> bool:
    """Whether a line written in capitals shares a stretch of ``text`` between newlines with one
    of ``tokens``: false means that no occurrence of them sits in such a line, so that their
    all-capitals terms cannot apply. Only the stretches holding them are looked at, not every
    line of the text (where they are common, as "US" is in news, looking at every line of
    every article cost a fifth of the analysis).

    >>> _shouting_near("Talks in the US went on.\\nTRADE NEWS TODAY", {"US"})
    False
    >>> _shouting_near("Talks went on.\\nUS TRADE NEWS TODAY", {"US"})
    True
    """
    for token in tokens:
        at = text.find(token)
        while at >= 0:
            lo = text.rfind("\n", 0, at) + 1
            hi = text.find("\n", at)
            hi = len(text) if hi < 0 else hi + 1
            if _shouting_spans(text[lo:hi]):
                return True
            at = text.find(token, hi)
    return False


def term_spans(text: str, start_char: int = 0, shouting: bool | None = None):
    """Each token's index term with its character span, ``(term, start, end)``, in order, the
    term "" for a token the index drops (a stopword): the same terms as :func:`index_terms`,
    for marking matches in stored text without running the filter chain token by token.
    ``shouting`` says whether the whole text sits in an all-capitals line (None: find out).

    >>> list(term_spans("The U.S. tariffs"))
    [('', 0, 3), ('US', 4, 8), ('tariff', 9, 16)]
    """
    if shouting is None:
        shouting = _shouting_spans(text) if any(c.isupper() for c in text) else ()
    else:
        shouting = [(0, len(text))] if shouting else ()
    si, n_shout = 0, len(shouting)
    cache = _SNIPPET_TERMS
    for m in ANALYZER[0]._rx.finditer(text, concurrent=False):
        token = m.group()
        start, end = m.span()
        if n_shout:
            while si < n_shout and shouting[si][1] <= start:
                si += 1
            if si < n_shout and shouting[si][0] <= start:
                yield index_term(token, True), start + start_char, end + start_char
                continue
        term = cache.get(token)
        if term is None:
            term = index_term(token)
            if len(cache) < CACHE_TOKENS:
                cache[token] = term
        yield term, start + start_char, end + start_char


def analyze(text: str, mode: str = "index") -> list[str]:
    """Terms of a text, as the index sees them."""
    return [t.text for t in ANALYZER(text, mode=mode)]


ANALYZER = news_analyzer()
