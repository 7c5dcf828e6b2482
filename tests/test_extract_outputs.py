"""Extraction gives the records it gave before a change meant only to make it faster.

``tests/extraction_outputs.json`` holds a digest of the record extracted from every seed page,
pages-eval page, fixture, sample and blind page (``python scripts/eval_extraction.py
--write-digests``). A speed change must leave every digest as it is; a change meant to alter what
is extracted rewrites them and says why in its commit.

The fast paths the extraction takes (ASCII shortcuts, checks that skip a regular expression when
it cannot match, counting in C) are also checked here against the plain forms they replace, on
every line of the labelled pages and on made-up lines with the awkward characters.
"""
from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

from index.extract import features as F
from index.extract.lines import _QUOTES, _SPACES, WORD, Line, norm_text, split_lines, tidy_spaces
from index.extract.markers import copyright_mark
from index.extract.words import ALL_STOPWORDS, CREDIT_WORDS, READER_WORDS, SERVICE_WORDS, STOPWORDS, stopword_language

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
DIGESTS = REPO / "tests" / "extraction_outputs.json"


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_extraction", REPO / "scripts" / "eval_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVAL = _eval_module()


def test_every_recorded_page_extracts_as_recorded():
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))
    pages = EVAL.digest_pages()
    assert len(recorded) >= 100 and set(recorded) <= set(pages)
    changed = [name for name, digest in recorded.items() if EVAL.record_digest(pages[name]) != digest]
    assert not changed, (f"extraction changed on {changed}; if that is meant, run "
                         "scripts/eval_extraction.py --write-digests and say why in the commit")


# --- the fast paths against the plain forms they replace --------------------------------------

AWKWARD = [
    "", " ", "a", "A.", "  Two  spaces\tand a tab ", "No\u00a0break\u2009thin\u3000wide", "vertical\x0btab",
    "“Quoted” — dash – en ‘single’", "soft\u00adhyphen zero\u200bwidth", "ﬁ ligature ﬃ", "Straße STRASSE",
    "İstanbul ıi", "x² ½ Ⅻ ①", "Copyright © 2024", "COPYRİGHT (C) 1999", "(c) 2020 Gazette", "copyrıght",
    "Visit example.com/path now", "mail me@example.org", "www.site.de", "https://x.y", "end.\"", "end?)",
    "end…»", "ends with ... ", "Pipe | slash / more > less <", "#tag @user [x] {y} a=b_c ~d ^e *f +g",
    "£600m (€1bn) rose 2.5%", "Ünïcödé wörds ärë hérë", "日本語のテキスト", "ALL CAPS LINE HERE", "I A B",
]


def _lines():
    texts = list(AWKWARD)
    for folder in (SHARED / "seeds", SHARED / "corpora" / "pages-eval" / "pages", REPO / "tests" / "fixtures" / "pages"):
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))]
    out = []
    for t in texts:
        out += split_lines(t) or []
    out += [Line(0, s) for s in AWKWARD]          # hand-made lines, not tidied
    return out


LINES = _lines()


def test_tokens_and_keys_match_the_plain_forms():
    for ln in LINES:
        assert ln.tokens == WORD.findall(ln.text), ln.text
        assert ln.low == [w.casefold() for w in ln.tokens]
        s = unicodedata.normalize("NFKC", ln.text).translate(str.maketrans(_QUOTES))
        assert ln.key == _SPACES.sub(" ", s).strip().casefold(), ln.text
        assert norm_text(ln.text) == ln.key


@pytest.mark.parametrize("text", AWKWARD + ["a \x1c b", " \u2028x\u2029 ", "\x85y"])
def test_tidy_spaces_is_the_spaces_pattern(text):
    assert tidy_spaces(text) == _SPACES.sub(" ", text).strip()


def test_split_lines_tidies_as_the_spaces_pattern():
    for text in AWKWARD + ["line one\x0b here\nline  two\n\n\u2028three"]:
        raw = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
        assert [ln.text for ln in split_lines(text)] == [r for r in raw if r]


def test_text_signals_match_their_patterns_and_word_lists():
    for ln in LINES:
        t, low = ln.text, ln.low
        assert copyright_mark(ln) == ("©" in t or re.search(r"\(c\)\s*\d{4}", t, re.I) is not None
                                    or "copyright" in low), t
        assert F._link_like(t) == bool(F._LINKLIKE.search(t)), t
        assert F.ends_sentence(t) == bool(F._END.search(t)), t
        row = dict(zip([c for c in F.BASE if c in _TEXT_NAMES], F._text_signals(ln, F._stop_bits("en"))))
        n = max(len(low), 1)
        alpha = [w for w in ln.tokens if w[0].isalpha()]
        assert row["stop"] == sum(w in STOPWORDS["en"] for w in low) / n
        assert row["stop_any"] == sum(w in ALL_STOPWORDS for w in low) / n
        assert row["service"] == sum(w in SERVICE_WORDS for w in low) / n
        assert row["reader"] == sum(w in READER_WORDS for w in low) / n
        assert row["credit"] == sum(w in CREDIT_WORDS for w in low) / n
        assert row["caps"] == sum(w[0].isupper() for w in alpha) / max(len(alpha), 1)
        assert row["all_caps"] == sum(len(w) > 1 and w.isupper() for w in alpha) / max(len(alpha), 1)
        assert row["digits"] == sum(c.isdigit() for c in t) / max(len(t), 1)
        assert row["symbols"] == len(F._SYMBOLS.findall(t)) / max(len(t), 1)


_TEXT_NAMES = set(F.BASE[:F.BASE.index("quote") + 1]) | {"colon_lead", "lead_service", "promo_shape"}


def test_page_language_is_the_word_list_vote():
    pages = [LINES[i:i + 40] for i in range(0, len(LINES), 40)]
    for lines in pages:
        words = [w.casefold() for ln in lines for w in WORD.findall(ln.text)[:60]]
        assert F.page_language(lines) == stopword_language(words)


def test_site_tokens_and_content_words_match_their_definitions():
    from index.extract.headline import _content
    for ln in LINES:
        assert F._caps_words(ln) == {w.casefold() for w in ln.tokens if len(w) > 2 and w[0].isupper()}
        assert _content(ln) == {k for k in (w.casefold() for w in ln.tokens if len(w) > 2)
                                if k not in ALL_STOPWORDS}
