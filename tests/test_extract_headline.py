"""The headline on small synthetic pages: the line over the byline, not a line between the
byline and the story (a video's title, a deck, a caption)."""
from __future__ import annotations

from index.extract import extract_scraped_text
from index.extract.explain import explain
from tests.test_extract_text import BODY_A, BODY_B, PROSE_1, PROSE_2, PROSE_3, page

HEADLINE = "Canal trust finishes lock repairs weeks early"


def test_a_video_title_under_the_byline_and_share_row_is_not_the_headline():
    # Headline, then "By" / name / "Date" / date and a row of share links, then the title of a
    # video right over the story: the headline is the line over the byline.
    video = "Watch the new gates swing open for the first boats"
    text = page("Pellandine Sentinel", "Home", "News", "Sport", "Weather", "", HEADLINE,
                "By", "Corin Maddox", "Date", "April 9, 2024", "Share", "Facebook", "Twitter", "Email", "",
                video, "", BODY_A, "", BODY_B, "", PROSE_1, "", PROSE_2, "", PROSE_3, "",
                "© 2024 Pellandine Sentinel")
    a = extract_scraped_text(text)
    assert a.title == HEADLINE
    assert a.byline == "Corin Maddox"
    account = explain(text)
    assert account.splitlines()[0].endswith(HEADLINE)
    assert "taken over its byline: the ranker's pick, line 14, is printed under the byline" in account


def test_a_deck_under_the_byline_is_not_the_headline():
    deck = "The first boats went through on Tuesday, three weeks ahead of the trust's own timetable"
    text = page("Pellandine Sentinel", "Home", "News", "", HEADLINE, "By Corin Maddox", "April 9, 2024", "",
                deck, "", BODY_A, "", BODY_B, "", PROSE_1, "", PROSE_2, "", "© 2024 Pellandine Sentinel")
    assert extract_scraped_text(text).title == HEADLINE


def test_a_short_section_label_over_the_byline_is_not_taken_for_the_headline():
    # Over the byline sits only a section label ("Local news"): too short to be a headline, so
    # the headline under the byline stays.
    text = page("Pellandine Sentinel", "Home", "News", "", "Local news", "By Corin Maddox", "April 9, 2024", "",
                HEADLINE, "", BODY_A, "", BODY_B, "", PROSE_1, "", PROSE_2, "", "© 2024 Pellandine Sentinel")
    assert extract_scraped_text(text).title == HEADLINE
