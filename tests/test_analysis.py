"""The one analyzer: each filter over lists of token texts, then the whole chain."""
import re

import pytest

from index.analysis import ANALYZER, INNER_APOSTROPHES, TOKEN_PATTERN, acronym_term, analyze, fold, stem, strip_possessive
from index.stopwords import STOPWORDS


def texts(text, mode="index"):
    return [t.text for t in ANALYZER(text, mode=mode)]


def test_fold_accents_quotes():
    assert fold("Zürich’s José") == "Zurich's Jose"
    assert fold("plain") == "plain"


def test_inner_apostrophes_are_the_token_patterns():
    """The apostrophes snippets make "'" (INNER_APOSTROPHES) are the ones a token keeps inside it."""
    for apostrophe in ("'", *INNER_APOSTROPHES):
        assert re.fullmatch(TOKEN_PATTERN, f"O{apostrophe}Brien"), apostrophe
    kept = {c for c in map(chr, range(0x2100))
            if not re.match(r"\w", c) and re.fullmatch(TOKEN_PATTERN, f"O{c}Brien")}
    assert kept <= {"'", *INNER_APOSTROPHES}


@pytest.mark.parametrize("word,expected", [
    ("China's", "China"), ("countries'", "countries"), ("don't", "dont"), ("O'Brien", "OBrien"),
])
def test_strip_possessive(word, expected):
    assert strip_possessive(word) == expected


def test_possessive_through_chain():
    assert texts("China's and China’s") == ["china", "china"]


@pytest.mark.parametrize("word,term", [
    ("U.S.", "US"), ("US", "US"), ("us", "us"), ("Us", "us"), ("U.K.", "uk"), ("NATO", "nato"),
    ("Nato", "nato"), ("WHO", "WHO"), ("who", "who"), ("IT", "IT"),
])
def test_acronym_term(word, term):
    assert acronym_term(word) == term


def test_acronyms_same_term_and_not_pronoun():
    assert texts("U.S.") == texts("US") == ["US"]
    assert texts("let us go") == ["let", "go"]
    assert "US" in texts("The US and China")


def test_shouting_line_is_not_acronyms():
    # In an all-capitals headline, "US" is not evidence of an acronym... but a dotted one is.
    assert texts("WHO IS IN CHARGE NOW") == ["charg", "now"]
    assert texts("U.S. WHEAT EXPORTS RISE") == ["US", "wheat", "export", "rise"]


def test_lowercase_us_in_query_means_country():
    assert texts("us tariffs", mode="query") == ["US", "tariff"]
    assert texts("us tariffs", mode="index") == ["tariff"]


def test_hyphenated_compound_is_adjacent_words():
    tokens = [(t.text, t.pos) for t in ANALYZER("US-China ties", positions=True)]
    assert tokens == [("US", 0), ("china", 1), ("tie", 2)]


def test_stemming_and_stopwords():
    assert texts("The controls were stabilizing") == ["control", "stabil"]
    assert stem("US") == "US"
    assert {"the", "of", "us", "and"} <= STOPWORDS
    assert not {"new", "state", "may", "china"} & STOPWORDS


def test_char_offsets_point_at_original_text():
    text = "Blinken’s “positive step” in Zürich"
    for t in ANALYZER(text, chars=True):
        assert text[t.startchar:t.endchar]  # a real span of the input
    spans = [text[t.startchar:t.endchar] for t in ANALYZER(text, chars=True)]
    assert spans == ["Blinken’s", "positive", "step", "Zürich"]


def test_numbers_kept_whole():
    assert analyze("profits of $1.13bn in 2004") == ["profit", "1.13bn", "2004"]


def test_tokenizer_spans_are_nltks(samples_index):
    """The tokenizer runs NLTK's pattern itself (with the GIL held, for a threaded server); its
    tokens must stay exactly those of NLTK's RegexpTokenizer, on the sample corpus and odd text."""
    from nltk.tokenize import RegexpTokenizer

    from index.analysis import TOKEN_PATTERN, NewsTokenizer
    from search.engine import SearchEngine

    engine = SearchEngine(samples_index)
    texts = [engine.article(row["id"])["body"] for row in engine.export(q="the OR a OR China", group=False)]
    texts += ["Zürich’s U.S.-China 1.5bn don\u02bct naïve 日本語 Ελλάδα 2,225 O'Neill <script>x</script>"]
    nltk_tok, ours = RegexpTokenizer(TOKEN_PATTERN), NewsTokenizer()
    for text in texts:
        assert [(t.startchar, t.endchar) for t in ours(text, chars=True)] == list(nltk_tok.span_tokenize(text))


def test_an_index_keeps_each_word_with_the_stem_nltk_gives_it(samples_index):
    """The stems a server seeds its analysis with (so snippets need not stem an indexed word
    again) are exactly NLTK's, and a seeded word is answered from them."""
    import json

    from index import analysis
    from search.local.view import ViewCache

    metas = list(samples_index.glob("gen-*/*.nd.meta.json"))
    assert metas
    checked = 0
    for path in metas:
        meta = json.loads(path.read_text(encoding="utf-8"))
        assert len(meta["stems"]) == len(meta["words"]) > 100
        for word, stored in zip(meta["words"], meta["stems"]):
            assert (stored or word) == analysis._stem(word), word
            checked += 1
    assert checked > 1000
    ViewCache(samples_index).get().vocabulary()
    word = next(iter(json.loads(metas[0].read_text(encoding="utf-8"))["words"]))
    assert word in analysis._KNOWN_STEMS and analysis.stem(word) == analysis._stem(word)


def test_a_new_tokens_three_analyses_agree_with_the_filter_steps():
    """``index_terms`` learns a token it has not met in one pass (its index term outside and inside
    an all-capitals line, and its vocabulary word); each must be what the separate steps give,
    for tokens of every kind: acronyms, possessives, accents, stopwords, capitals, numbers."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import index.analysis as A
    from tests.conftest import SEEDS

    made = ["US", "U.S.", "us", "IT", "It", "WHO", "Who", "China's", "countries'", "don't", "O'Brien", "Zürich’s",
            "NATO", "Nato", "U.K.", "the", "THE", "An", "AN", "controls", "CONTROLS", "3.5", "1,000", "Ünïcödé", "ß"]
    seen = sorted({w for p in sorted(SEEDS.rglob("*"))[:40] if p.is_file()
                   for w in A.ANALYZER[0]._rx.findall(p.read_text(encoding="utf-8", errors="replace"))})

    def check(token: str) -> None:
        A._QUIET_TERMS.pop(token, None)
        A._WORDS.pop(token, None)
        A._SENSITIVE.discard(token)
        assert A._learn(token) == A._QUIET_TERMS[token] == A.index_term(token)
        assert A._WORDS[token] == A.vocabulary_word(token)
        assert (token in A._SENSITIVE) == (A.index_term(token, True) != A.index_term(token))

    for token in made + seen:
        check(token)

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("aUsStIoOeé’'.ß") + ["Ä", "İ"]), min_size=1, max_size=8))
    def any_token(text):
        for token in A.ANALYZER[0]._rx.findall(text):
            check(token)

    any_token()


def _chain_terms(text):
    """What Whoosh's own field indexing records for a text through the filter chain: the number
    of terms and each term's positions."""
    positions = {}
    n = 0
    for t in ANALYZER(text, positions=True, mode="index"):
        positions.setdefault(t.text, []).append(t.pos)
        n += 1
    return n, positions


def test_index_terms_agree_with_the_chain_around_lines_in_capitals():
    """The one-pass analysis (``index_terms``) gives the filter chain's terms and positions for
    texts where acronyms that are also stopwords ("US", "IT", "WHO") sit in and out of lines
    written in capitals, whatever separates the lines: it looks for such lines only around
    those tokens, so a line break it misses would show here as a wrong term."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from index.analysis import index_terms

    word = st.sampled_from(["US", "U.S.", "IT", "WHO", "us", "It", "who", "TALKS", "talks", "Trade", "NEWS",
                            "the", "THE", "China's", "5", "USA", "BUSY", "a", "A"])
    line = st.lists(word, min_size=0, max_size=6).map(" ".join)
    breaks = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028", "\x0b", " "])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.tuples(line, breaks), min_size=1, max_size=6))
    def agree(parts):
        text = "".join(a + b for a, b in parts)
        assert index_terms(text) == _chain_terms(text)

    agree()
    loud = "Talks went on.\nUS AND CHINA AGREE TALKS\nThe US said."
    # In the line in capitals "US" is the stopword "us" (dropped); in the last line, the country.
    assert index_terms(loud)[1]["US"] == [5] and "us" not in index_terms(loud)[1]
