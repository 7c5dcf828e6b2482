"""The locale cues (index.spellings): each spelling counts for one side only, whole words only."""
from index.dates import locale_day_first
from index.spellings import (AMERICAN_STARTS, AMERICAN_WORDS, BRITISH_STARTS, BRITISH_WORDS, locale_cues)


def test_no_spelling_counts_for_both_sides():
    assert not BRITISH_WORDS & AMERICAN_WORDS
    assert not [w for w in AMERICAN_WORDS if w.startswith(BRITISH_STARTS)]
    assert not [w for w in BRITISH_WORDS if w.startswith(AMERICAN_STARTS)]


def test_cues_are_whole_words_and_zones_in_capitals():
    assert locale_cues("Colourful programmes, travelled, organisations") == (4, 0)
    assert locale_cues("colorful programs, traveled, organizations") == (0, 3)  # "programs" is both
    assert locale_cues("recentre metres-long discolour") == (1, 0)  # only "metres" starts a word
    assert locale_cues("best EST-based 7pm est ESTATE EST") == (0, 1)
    assert locale_cues("£5 and €3") == (2, 0)


def test_locale_needs_a_clear_majority():
    assert locale_day_first("colour centre") is True
    assert locale_day_first("colour centre color center") is None
    assert locale_day_first("colour centre color") is True  # 2 against 1: a clear majority
    assert locale_day_first("color center organize") is False
