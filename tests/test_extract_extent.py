"""The article's extent on small synthetic pages: where the story ends (a comment thread under
its count, a box on the author, a code listing that only looks like a row of site links)."""
from __future__ import annotations

import pytest

from index.extract import extract_scraped_text
from index.extract.explain import explain
from tests.test_extract_text import BODY_A, BODY_B, PROSE_1, PROSE_2, PROSE_3, page


def test_code_lines_opening_with_a_service_word_do_not_end_a_programming_article():
    # "print(total)" and "x = 1" open with words that head site service lines elsewhere ("Print",
    # "X"); in a code listing they are program text, and the story goes on under them in short
    # paragraphs, each far smaller than the run above the first listing. (The model is unsure of
    # the last two, right above the footer, on a page this short.)
    steps = [f"Step {k} of the tutorial explains how the shop's basket adds up prices, why rounding "
             f"each item first gives a different total, and what the tests should check for it." for k in range(12)]
    parts = [
        (["total = 0", "for item in basket:", "    total += item.cents", "print(total)"],
         "Run that on the sample basket and the figure matches the printed receipt exactly, because "
         "every price is kept in whole cents until the very end, where the total is formatted once."),
        (["x = round(price * 1.2, 2)", "print(x)"],
         "Rounding each line first, as here, drifts by a cent on larger orders, as the tests show: "
         "with forty items the difference grew to three cents, which the auditors would notice."),
        (["assert total == receipt_total", "print('all totals agree')"],
         "The last check compares every stored order against its receipt before the release goes out, "
         "and the build stops when a single order disagrees, so nobody ships a drifting total."),
    ]
    text = page("Example Code Blog", "Home", "Tutorials", "About", "",
                "Adding up a shopping basket without rounding errors", "", "By Ama Mensah", "",
                *[s for p in steps for s in (p, "")], *[s for code, p in parts for s in (*code, "", p, "")],
                "Share", "Comments", "Leave a reply", "© Example Code Blog")
    a = extract_scraped_text(text)
    assert a.title == "Adding up a shopping basket without rounding errors"
    assert steps[-1] in a.body and parts[0][1] in a.body


COMMENTS = [
    "Lovely write-up, thank you. I walked the towpath on Sunday and the new gates already look far "
    "sturdier than the old ones did, even with the river as high as it was after the rain.",
    "Does anyone know whether the lock will be closed again in the spring? My brother keeps a narrowboat "
    "at the basin and he was stuck above it for almost three weeks during the last round of repairs.",
    "The county should have done this years ago, frankly. The collision only made obvious what every "
    "boater on this stretch had been saying since the old gates started leaking at the hinges.",
]


@pytest.mark.parametrize("count", ["3 Comments", "3 thoughts on “Lock gates repaired after barge collision”",
                                   "3 Kommentare"])
def test_a_comment_thread_under_its_count_is_not_the_story(count):
    text = page("Pellandine Sentinel", "Home", "News", "",
                "Lock gates repaired after barge collision", "", "By Corin Maddox", "April 9, 2024", "",
                BODY_A, "", BODY_B, "", PROSE_1, "", count, "",
                *[s for c in COMMENTS for s in ("Reader from the basin", "April 9, 2024 at 6:12 pm", c, "Reply", "")],
                "Leave a Reply", "© Pellandine Sentinel")
    a = extract_scraped_text(text)
    assert BODY_A in a.body and PROSE_1 in a.body
    assert not any(c in a.body for c in COMMENTS)
    assert f"the count over a comment thread: {count!r}" in explain(text)


def test_a_comment_count_printed_near_the_top_does_not_cut_the_story():
    # A count printed by the byline or under the first paragraph is a link to the thread: next
    # to none of the story is above it, and the story goes on under it.
    more = [PROSE_3.replace("Several", f"Some {k}") for k in range(10)]
    text = page("Pellandine Sentinel", "Home", "News", "",
                "Lock gates repaired after barge collision", "", "By Corin Maddox", "April 9, 2024", "",
                BODY_A, "", "12 Comments", "", BODY_B, "", PROSE_1, "", *[s for p in more for s in (p, "")],
                PROSE_2, "", "Share", "Leave a Reply")
    a = extract_scraped_text(text)
    assert all(p in a.body for p in (BODY_A, BODY_B, PROSE_1, PROSE_2, *more))


BIOS = {
    "en": ["Corin Maddox is the Sentinel's waterways reporter and has covered the canal trust since 2019."],
    "de": ["Corin Maddox studierte Geschichte in Leipzig und schreibt seit 2019 über Kanäle und Häfen."],
    "about": ["About Corin Maddox",
              "Corin has written about boats, locks and the people who mend them for a decade and more."],
    "caps": ["CORIN MADDOX has walked every mile of the towpath, twice, and still gets lost at the basin."],
}


@pytest.mark.parametrize("kind", sorted(BIOS))
def test_a_box_on_the_author_after_the_story_is_not_the_story(kind):
    # The box is worded in other languages and ways each time; what marks it is that it opens
    # with the byline's name, which the story itself never used.
    text = page("Pellandine Sentinel", "Home", "News", "",
                "Lock gates repaired after barge collision", "", "By Corin Maddox", "April 9, 2024", "",
                BODY_A, "", BODY_B, "", PROSE_1, "", PROSE_2, "", *[s for b in BIOS[kind] for s in (b, "")],
                "Share", "© Pellandine Sentinel")
    a = extract_scraped_text(text)
    assert a.byline == "Corin Maddox"
    assert all(p in a.body for p in (BODY_A, BODY_B, PROSE_1, PROSE_2))
    assert not any(b in a.body for b in BIOS[kind])
    assert "a box on its author" in explain(text)


def test_a_closing_paragraph_naming_someone_the_story_is_about_is_kept():
    # The author shares a name with the story's subject, who is quoted above: a last paragraph
    # opening with that name is more of the story. And one naming the author in the story's
    # first half is its opening, not a box after it.
    last = "Maddox said the family would sail through the repaired lock on the first day it opens."
    text = page("Pellandine Sentinel", "Home", "News", "",
                "Lock gates repaired after barge collision", "", "By Corin Maddox", "April 9, 2024", "",
                BODY_A, "", "The barge's owner, Ellis Maddox, said the trust had acted quickly once the "
                "damage was clear, and that his family was glad the wait was nearly over.", "",
                BODY_B, "", PROSE_1, "", last, "", "Share", "© Pellandine Sentinel")
    a = extract_scraped_text(text)
    assert last in a.body
    first = "Corin Maddox walked the towpath on Monday to see the repairs begin at the north lock gates."
    text = page("Pellandine Sentinel", "Home", "News", "",
                "Lock gates repaired after barge collision", "", "By Corin Maddox", "April 9, 2024", "",
                first, "", BODY_A, "", BODY_B, "", PROSE_1, "", PROSE_2, "", "Share", "© Pellandine Sentinel")
    a = extract_scraped_text(text)
    assert first in a.body and PROSE_2 in a.body


@pytest.mark.parametrize("author, last", [
    ("Dana Young", "Young families who moor at the basin say they will be the first through the new gates."),
    ("Grace Okafor", "Grace periods for boat licences run until the end of May, the trust added on Monday."),
])
def test_a_closing_paragraph_opening_with_a_word_of_the_authors_name_is_kept(author, last):
    # A surname or a first name may be a word of the story ("Young people ..." under "By Dana
    # Young", "Grace periods ..." under "By Grace Okafor"): a box opens on the whole name, on the
    # first name and a verb of a biography, or on the first name alone on a short line.
    text = page("Pellandine Sentinel", "Home", "News", "",
                "Lock gates repaired after barge collision", "", f"By {author}", "April 9, 2024", "",
                BODY_A, "", BODY_B, "", PROSE_1, "", PROSE_2, "", last, "", "Share", "© Pellandine Sentinel")
    a = extract_scraped_text(text)
    assert a.byline == author
    assert last in a.body
