"""The OpenSearch index for the article record: analysis, similarity and mappings, as data.

The analyzer rebuilds Newsdesk's own (``index.analysis``) from OpenSearch's built-in parts
(core and the analysis-common module), in the same order:

===============================  ============================================================
Newsdesk (index/analysis.py)     OpenSearch
===============================  ============================================================
shouting lines (no acronyms in   ``pattern_replace`` char filter: an all-capitals stopword on
"US TRADE GAP WIDENS")           a line in capitals is removed (see :func:`shouting_pattern`)
FoldFilter (NFKD, quotes)        ``mapping`` char filter generated from ``index.analysis.fold``
                                 itself (é → e, ﬁ → fi, ’ → '; ß, æ, ø, ł, ı stay)
NewsTokenizer (TOKEN_PATTERN)    ``pattern`` tokenizer with the same pattern; ``(?U)`` makes
                                 ``\\w`` and ``\\d`` Unicode, as in the ``regex`` module
PossessiveFilter                 ``pattern_replace`` ``'[sS]$|'`` → "" (a final 's, then every
                                 other apostrophe)
AcronymLowercaseFilter           ``pattern_replace`` drops the dots of U.S.-style acronyms; a
                                 second one marks an all-capitals stopword (US, IT, WHO) with
                                 ``#``; ``lowercase``; after the stop filter a
                                 ``stemmer_override`` turns ``us#`` into the term ``US`` and
                                 marks it a keyword, so the stemmer leaves it alone
StopFilter(STOPWORDS)            ``stop`` with the project's list (index/stopwords.py)
StemFilter (NLTK Snowball)       ``snowball`` English (Lucene's Snowball: the same Porter2)
===============================  ============================================================

Query text goes through ``newsdesk_query``: the same chain, where "us" in any case means the
country, as ``analyze(text, mode="query")`` does.

Measured agreement of ``_analyze`` with ``index.analysis.analyze`` (same terms, same order):
BBC 2,225/2,225 articles identical, Reuters (first two files) 1,854/1,855, the labelled pages
42/43 and 886/889 (3 in 10,000 terms differ). Known differences:

* Newsdesk calls a line shouting when over 80% of its letters are capitals; the pattern cannot
  count, so here only lines with no lowercase letter count: on a line that is mostly but not
  all capitals OpenSearch keeps "THE", "WITH" as acronym terms where Newsdesk drops them.
* removed stopwords leave a gap in OpenSearch's positions (Whoosh renumbers): the phrase
  "bank england" finds "bank of england" only in Newsdesk; "bank of england" finds
  "bank for england" in both.
* Python's ``str.lower`` writes a final Greek sigma as ς, Lucene's ``lowercase`` as σ; and an
  all-capitals line longer than 1,000 characters is not seen as shouting.

>>> body = index_body(shards=2, replicas=1)
>>> body["settings"]["index"]["number_of_shards"], body["mappings"]["properties"]["title"]["analyzer"]
(2, 'newsdesk')
>>> "US" in PROTECTED_ACRONYMS and "WHO" in PROTECTED_ACRONYMS and "I" not in PROTECTED_ACRONYMS
True
"""
from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache

from index.analysis import TOKEN_PATTERN, NewsTokenizer, fold
from index.stopwords import STOPWORDS

from .ranking import B, DEFAULT_B, K1

ANALYZER = "newsdesk"
QUERY_ANALYZER = "newsdesk_query"
_MARK = "#"  # never inside a token: the tokenizer keeps only word characters, ' . , :

# Stopwords that read as an acronym when written in capitals ("US", "IT", "WHO"): Newsdesk keeps
# them as upper-case terms, apart from the stopword. Single letters never count ("I", "A").
PROTECTED_ACRONYMS = sorted(w.upper() for w in STOPWORDS if len(w) >= 2 and w.isalpha())


@lru_cache(maxsize=1)
def fold_mappings() -> tuple[str, ...]:
    r"""Newsdesk's own fold (index.analysis.fold) as ``mapping`` char filter rules, one per
    character that the fold changes: é → e, ﬁ → fi, a combining accent → nothing.

    Only word characters whose folded form is made of word characters are mapped, so folding
    before the tokenizer (the char filter's place) cuts text into the same tokens as folding
    after it (Newsdesk's place); "™" (→ "TM") or "½" stay as they are. The curly apostrophes
    that the token pattern accepts inside a word become "'".

    >>> rules = fold_mappings()
    >>> [r for r in rules if r.startswith((r"\u00e9 ", r"\ufb01 ", r"\u2019 ", r"\u0301 "))]
    ["\\u2019 => '", '\\u00e9 => e', '\\u0301 => ', '\\ufb01 => fi']
    >>> any(r.startswith((r"\u00df ", r"\u2122 ")) for r in rules)  # ß stays; ™ is no word character
    False
    """
    tokenizer = NewsTokenizer()
    raw_fold = fold.__wrapped__  # past its cache: a million one-off characters would evict real terms

    def is_word_char(c: str) -> bool:
        return [t.text for t in tokenizer(c)] == [c]

    rules = [f"{_escape(q)} => '" for q in ("\u2019", "\u02bc")]
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if not (unicodedata.decomposition(c) or unicodedata.combining(c)):
            continue
        folded = raw_fold(c)
        if folded != c and is_word_char(c) and all(is_word_char(f) for f in folded):
            rules.append(f"{_escape(c)} => {''.join(_escape(f) for f in folded)}")
    return tuple(rules)


def _escape(c: str) -> str:
    """A character as a mapping rule writes it (\\uXXXX outside ASCII; astral ones as a pair)."""
    if c.isascii():
        return c
    return "".join(f"\\u{unit:04x}" for unit in _utf16_units(c))


def _utf16_units(c: str) -> list[int]:
    data = c.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


# Characters that end a line for str.splitlines() (Newsdesk's notion of a line).
_LINE_END = r"\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029"


def shouting_pattern(words: list[str]) -> str:
    """A Java regex matching any of ``words`` written in capitals on a line written in capitals
    (no lowercase letter, at least three words), where Newsdesk does not read it as an acronym:
    "US" in "US TRADE DEFICIT WIDENS" is the pronoun, so it is dropped like any stopword.

    Newsdesk calls a line shouting when over 80% of its letters are capitals; a pattern cannot
    count, so here a line qualifies only when it has no lowercase letter at all. The lookarounds
    run only where two capitals start a word, so ordinary text costs little.
    """
    h = f"[^\\S{_LINE_END}]"          # whitespace inside a line
    caps = f"[^\\p{{Ll}}{_LINE_END}]"  # anything but a lowercase letter or a line end
    three_words = (f"(?:(?=\\S*{h}+\\S+{h}+\\S)"                                    # 2 words after
                   f"|(?<=\\S{h}{{1,50}}\\S{{1,500}}{h}{{1,50}}\\S{{0,500}})"       # 2 words before
                   f"|(?<=\\S{h}{{1,50}}\\S{{0,500}})(?=\\S*{h}+\\S))")           # one each side
    return ("(?U)(?=\\p{Lu}{2})\\b(?:" + "|".join(words) + ")\\b"
            f"(?={caps}*(?:[{_LINE_END}]|\\z))(?<=(?:\\A|[{_LINE_END}]){caps}{{0,1000}})" + three_words)


def _chain(acronym_mark: str) -> list[str]:
    return ["newsdesk_possessive", "newsdesk_acronym_dots", acronym_mark,
            "lowercase", "newsdesk_stop", "newsdesk_acronym_terms"]


def analysis() -> dict:
    """The ``index.analysis`` settings: the analyzers ``newsdesk`` (indexing) and
    ``newsdesk_query`` (query text)."""
    protected = "|".join(PROTECTED_ACRONYMS)
    return {
        "char_filter": {
            "newsdesk_fold": {"type": "mapping", "mappings": list(fold_mappings())},
            "newsdesk_shouting": {"type": "pattern_replace", "replacement": "",
                                  "pattern": shouting_pattern(PROTECTED_ACRONYMS)},
            # in a query "US" is the country even on a line in capitals (analyze(mode="query"))
            "newsdesk_shouting_query": {"type": "pattern_replace", "replacement": "",
                                        "pattern": shouting_pattern([a for a in PROTECTED_ACRONYMS if a != "US"])},
        },
        "tokenizer": {
            "newsdesk_tokens": {"type": "pattern", "pattern": "(?U)" + TOKEN_PATTERN, "group": 0},
        },
        "filter": {
            "newsdesk_possessive": {"type": "pattern_replace", "pattern": "'[sS]$|'", "replacement": ""},
            # the dots of an all-capitals dotted acronym: U.S. → US, U.K. → UK (never 1.5bn)
            "newsdesk_acronym_dots": {"type": "pattern_replace", "pattern": r"\.(?=(?:[A-Z]\.)*$)",
                                      "replacement": ""},
            "newsdesk_acronym_mark": {"type": "pattern_replace", "pattern": f"^({protected})$",
                                      "replacement": "$1" + _MARK},
            "newsdesk_acronym_mark_query": {"type": "pattern_replace", "pattern": f"^({protected}|[uU][sS])$",
                                            "replacement": "$1" + _MARK},
            "newsdesk_stop": {"type": "stop", "stopwords": sorted(STOPWORDS), "ignore_case": False},
            "newsdesk_acronym_terms": {"type": "stemmer_override",
                                       "rules": [f"{a.lower()}{_MARK} => {a}" for a in PROTECTED_ACRONYMS]},
            "newsdesk_snowball": {"type": "snowball", "language": "English"},
        },
        "analyzer": {
            ANALYZER: {"type": "custom", "char_filter": ["newsdesk_shouting", "newsdesk_fold"], "tokenizer": "newsdesk_tokens",
                       "filter": [*_chain("newsdesk_acronym_mark"), "newsdesk_snowball"]},
            QUERY_ANALYZER: {"type": "custom", "char_filter": ["newsdesk_shouting_query", "newsdesk_fold"], "tokenizer": "newsdesk_tokens",
                             "filter": [*_chain("newsdesk_acronym_mark_query"), "newsdesk_snowball"]},
        },
    }


def similarity() -> dict:
    """BM25 per field with search.ranking's k1 and per-field b (title 0.3, body 0.75, source 0)."""
    return {f"newsdesk_{name}": {"type": "BM25", "k1": K1, "b": B.get(name, DEFAULT_B)}
            for name in ("title", "body", "source_text")}


def _text(similarity_name: str) -> dict:
    return {"type": "text", "analyzer": ANALYZER, "search_analyzer": QUERY_ANALYZER,
            "similarity": similarity_name}


def mappings() -> dict:
    """The article record's fields (index/schema.py's, in OpenSearch types). Unknown fields are
    refused (``dynamic: strict``), so a typo in the writer fails loudly. Title boost is applied
    at query time, as with Whoosh."""
    stored_only = {"type": "keyword", "index": False, "doc_values": False}
    return {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "keyword"},
            "title": _text("newsdesk_title"),
            "body": _text("newsdesk_body"),
            "source": {"type": "keyword"},
            "source_text": _text("newsdesk_source_text"),
            "published": {"type": "date"},
            "month": {"type": "keyword"},
            "byline": stored_only,
            "url": stored_only,
            "origin": stored_only,
            "cluster": {"type": "keyword"},
            "content_hash": {"type": "keyword"},
            "origin_file": {"type": "keyword"},
            "file_hash": {"type": "keyword"},
        },
    }


def index_settings(shards: int = 2, replicas: int = 1, refresh_interval: str | None = None) -> dict:
    """The ``settings`` of a Newsdesk index: shards, replicas, analysis, similarity."""
    if shards < 1 or replicas < 0:
        raise ValueError(f"shards must be >= 1 and replicas >= 0, got {shards} and {replicas}")
    index = {"number_of_shards": shards, "number_of_replicas": replicas}
    if refresh_interval is not None:
        index["refresh_interval"] = refresh_interval
    return {"index": index, "analysis": analysis(), "similarity": similarity()}


def index_body(shards: int = 2, replicas: int = 1, refresh_interval: str | None = None) -> dict:
    """Body for ``indices.create``: settings and mappings."""
    return {"settings": index_settings(shards, replicas, refresh_interval), "mappings": mappings()}


def index_template(patterns: list[str], shards: int = 2, replicas: int = 1, priority: int = 100) -> dict:
    """Body for ``indices.put_index_template``: every new index whose name matches ``patterns``
    (e.g. ``["newsdesk-*"]``, the indexes an alias is swapped between) gets these settings."""
    return {"index_patterns": list(patterns), "priority": priority,
            "template": index_body(shards, replicas)}
