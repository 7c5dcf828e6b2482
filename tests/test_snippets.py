"""Snippets: sentence fragments, word boundaries, every matched form marked, everything escaped."""
import html
import re

from search.snippets import ELLIPSIS, MAX_FRAGMENT_CHARS, opening, sentence_spans, snippet, trim_to_words

BODY = ("Officials met in Geneva on Monday. The US tightened export controls on chips, "
        "saying the control regime was narrow. Weather was mild.\n\n"
        "Critics said <b>controlling</b> exports & tools would hurt firms.")


def unmarked(s):
    return html.unescape(re.sub(r"</?mark>", "", s))


def test_marks_every_stemmed_form():
    s = snippet(BODY, {"control", "export"})
    marked = re.findall(r"<mark>(.*?)</mark>", s)
    assert {"export", "controls", "control"} <= set(marked)
    assert "controlling" in marked and "exports" in marked


def test_only_mark_is_markup():
    s = snippet(BODY, {"control"})
    assert "<b>" not in s and "&lt;b&gt;" in s and "&amp;" in s
    assert re.sub(r"</?mark>", "", s).count("<") == 0


def test_best_sentence_chosen_and_at_most_two():
    s = snippet(BODY, {"export", "control"})
    assert "Geneva" not in s and "Weather" not in s
    assert s.count(" " + ELLIPSIS + " ") <= 1


def test_no_half_words_in_long_sentence():
    words = [f"w{i}" for i in range(200)]
    words[120] = "tariffs"
    body = " ".join(words) + "."
    s = snippet(body, {"tariff"})
    text = unmarked(s).strip(ELLIPSIS)
    assert len(text) <= MAX_FRAGMENT_CHARS + 5
    for w in text.split():
        assert w.rstrip(".") in words or w == "tariffs"


def test_title_only_match_gets_opening():
    s = snippet(BODY, {"nothinghere"})
    assert s.startswith("Officials met in Geneva on Monday.")
    assert "<mark>" not in s


def test_opening_cuts_at_boundary():
    body = "First sentence here. " + "x" * 50 + " " + "long " * 100
    o = opening(body)
    assert o.startswith("First sentence here.")
    assert not o.endswith("lon") and len(o) <= MAX_FRAGMENT_CHARS + 1


def test_sentence_spans_and_trim():
    t = "Mr. Smith said no. Then “Yes.” Next line\nNew para"
    spans = [t[a:b] for a, b in sentence_spans(t)]
    assert spans[-1] == "New para"
    s, e = trim_to_words("aaa bbb ccc ddd eee", 0, 19, 8, 11, limit=9)
    assert "ccc" in "aaa bbb ccc ddd eee"[s:e] and not "aaa bbb ccc ddd eee"[s:e].startswith(" ")


def test_matched_spans_find_exactly_what_full_analysis_finds():
    """The probe-and-chunk search marks the same words as analysing every word of the text."""
    import random

    from index.analysis import term_spans
    from search.snippets import matched_spans
    from tests.conftest import SEEDS, SHARED

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in sorted((SHARED / "corpora" / "bbc" / "politics").glob("*.txt"))[:80]]
    texts.append("U.S. WHEAT EXPORTS RISE\nThe US and the U.S.-China talks; us and US; Zürich’s naïve co-op 1.5bn.")
    texts.append("O'Brien's lying ties: dying skies over d’Azur, hoping the relational policy holds; LYING, O’NEILL.")
    # Probes inside words ("macroeconomic"), characters without case beyond ASCII (the lower-cased
    # scan), and letters whose case-blind match is not their lower case (the word-start scan).
    texts.append("Macroeconomic and socio-economic “economies” — the economy’s €5bn; REECONOMISE; uneconomic.")
    texts.append("The ſaid KELVIN Kelvin İstanbul ΣΟΦΙΑ σοφία economy said: Straße STRASSE.")
    texts.append("The \u017faid the \u212aey economy grew\u2026")  # "\u2026" folds to three dots: searched as it is
    rng = random.Random(5)
    for text in texts:
        vocabulary = sorted({t for t, _, _ in term_spans(text) if t})
        for k in range(6):
            # With "US" (a one-letter probe) every body is searched for word starts; without it,
            # mostly for the probes anywhere in its lower-cased form (search.snippets).
            terms = set(rng.sample(vocabulary, min(3, len(vocabulary)))) | ({"US"} if k % 2 else {"economi", "said"})
            want = [(s, e) for t, s, e in term_spans(text) if t in terms]
            got = [(s, e) for s, e, _ in matched_spans(text, terms)]
            assert got == want, (terms, text[:80])


def test_every_word_of_the_corpora_starts_with_a_probe_of_its_own_term():
    """The stem rule behind the probes (search.snippets.term_probes) over every distinct token of
    the BBC corpus and the seeds, with the stemmer's irregular words added: a word whose term is
    asked for is always looked at. The probe patterns themselves are tried on a sample."""
    import random
    import re

    from index.analysis import ANALYZER, fold, index_term
    from search.snippets import _probe_anywhere_of, _probe_pattern_of, term_probes
    from tests.conftest import SEEDS, SHARED

    tokens = set("lying Dying tying skies skis idly gently ugly early only singly news O'Brien d’Azur".split())
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted((SHARED / "corpora" / "bbc").glob("*/*.txt"))]:
        tokens.update(ANALYZER[0]._rx.findall(path.read_bytes().decode("utf-8", "replace")))
    missed, checked = [], []
    for token in sorted(tokens):
        term = index_term(token)
        if not term:
            continue
        (probe,) = term_probes({term})
        word = re.sub("['\u2019\u02bc]", "", fold(token)).lower()
        if not (word.startswith(probe) or word.replace(".", "").startswith(probe)):
            missed.append((token, term))
        checked.append((token, term))
    assert len(checked) > 20_000 and not missed, missed[:20]
    rng = random.Random(3)
    for token, term in rng.sample(checked, 400) + [(t, index_term(t)) for t in ("lying", "O'Brien", "d’Azur")]:
        searched = fold(token).replace("\u2019", "'").replace("\u02bc", "'")
        assert _probe_pattern_of(frozenset({term})).match(searched), (token, term)
        anywhere = _probe_anywhere_of(frozenset({term}))
        assert anywhere is None or anywhere.match(searched.lower()), (token, term)


def test_sentence_ends_match_the_plain_alternation():
    """The sentence-end pattern, written to open with one character set for speed, finds what the
    plain alternation of its two cases finds (a mark and the space after it, or line breaks)."""
    import re

    from search.snippets import _SENTENCE_END
    from tests.conftest import SEEDS, SHARED

    plain = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n+")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in sorted((SHARED / "corpora" / "bbc" / "tech").glob("*.txt"))]
    texts += ["a.\nb", "end.)\n\nNext", "q?\u201d \u201cNo", "1. 2. 3.", "..\n\n\n", "!\n", "a .B", "e.g. 5", "Mr. X.\n\n\nY"]
    for text in texts:
        assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)], text[:60]
