"""Dates read from scraped pages: the forms parse_date reads, day-first or month-first numeric
dates, and the date of a page's own story rather than another date printed on it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from index.dates import find_date, find_dates, guess_day_first, locale_day_first, parse_date
from index.extract import extract_scraped_text
from tests.test_extract_text import PROSE_3, page


@pytest.mark.parametrize("text, expected", [
    ("2023-06-19 20:15", datetime(2023, 6, 19, 20, 15, tzinfo=timezone.utc)),
    ("June 19, 2023", datetime(2023, 6, 19, tzinfo=timezone.utc)),
    ("19 June 2023", datetime(2023, 6, 19, tzinfo=timezone.utc)),
    ("Thursday, November 9, 2023 4:41AM", datetime(2023, 11, 9, 4, 41, tzinfo=timezone.utc)),
    ("06/19/2023", datetime(2023, 6, 19, tzinfo=timezone.utc)),
    ("2023-06-19T20:15:00Z", datetime(2023, 6, 19, 20, 15, tzinfo=timezone.utc)),
    ("2023-06-19T20:15:00+02:00", datetime(2023, 6, 19, 20, 15, tzinfo=timezone(timedelta(hours=2)))),
    ("Mon, 19 Jun 2023 20:15:00 +0000", datetime(2023, 6, 19, 20, 15, tzinfo=timezone.utc)),
    ("Jan. 28, 2020, at 5:55 AM", datetime(2020, 1, 28, 5, 55, tzinfo=timezone.utc)),
    ("Jun 18th 2018", datetime(2018, 6, 18, tzinfo=timezone.utc)),
    ("Oct 13, 2020 @ 4:48 pm", datetime(2020, 10, 13, 16, 48, tzinfo=timezone.utc)),
    ("November 8 2023, 3:18 p.m.", datetime(2023, 11, 8, 15, 18, tzinfo=timezone.utc)),
    ("Monday 28 September 2020 19:27", datetime(2020, 9, 28, 19, 27, tzinfo=timezone.utc)),
])
def test_parse_date_forms(text, expected):
    assert parse_date(text) == expected


def test_parse_date_keeps_the_stated_zone():
    d = parse_date("Posted: Nov 8, 2023 / 04:43 PM CST")
    assert d.utcoffset() == timedelta(hours=-6) and d.date().isoformat() == "2023-11-08"
    d = parse_date("12/30/2019 05:03 AM EST")
    assert d.utcoffset() == timedelta(hours=-5) and d.hour == 5


@pytest.mark.parametrize("text", ["", "no date here", "April 29 4:05 am", "May 2023", "1.14Tb per square inch",
                                  "Call 555-1234", "version 2.10.3"])
def test_parse_date_needs_day_month_and_year(text):
    assert parse_date(text) is None


def test_numeric_dates_day_first_and_ambiguity():
    assert parse_date("02/10/2020", day_first=True).date().isoformat() == "2020-10-02"
    assert parse_date("02/10/2020").date().isoformat() == "2020-02-10"
    assert parse_date("25/12/2022").date().isoformat() == "2022-12-25"   # unambiguous either way
    (m,) = find_dates("The Guardian 02/10/2020 Anna Fazackerley")
    assert m.ambiguous and m.alternative.date().isoformat() == "2020-10-02"


def test_guess_day_first_and_find_date():
    assert guess_day_first("Work began on 1 February and ends on 28 February.") is True
    assert guess_day_first("Work began on February 1 and ends on February 28.") is False
    assert guess_day_first("No dates at all.") is None
    assert find_date(["By Jane Doe", "Posted on April 29, 2022"]).date().isoformat() == "2022-04-29"
    assert find_date(["nothing", "here"]) is None


def test_guess_day_first_from_unambiguous_numeric_dates_then_locale():
    assert guess_day_first("Filed 25/12/2023. Amended 03/01/2024.") is True
    assert guess_day_first("Filed 12/25/2023. Amended 03/01/2024.") is False
    # no date settles it: the page's spellings, time zones and currency do
    assert guess_day_first("The town centre plan was criticised by councillors at 7pm BST.") is True
    assert guess_day_first("The convention center plan was criticized by the councilors, 7 p.m. EDT.") is False
    assert guess_day_first("The plan was discussed at length by the committee.") is None


@pytest.mark.parametrize("text, expected", [
    ("Our neighbours organised a programme for the harbour; tickets cost £5.", True),
    ("Prices in € rose at the trade fair, 10:00 CET.", True),
    ("Our neighbors organized a program for the harbor at 5 p.m. ET and 2 p.m. PT.", False),
    ("The centre opened.", None),                                 # one cue is not enough
    ("The centre and the colour scheme; the center and the color.", None),   # no clear majority
])
def test_locale_day_first(text, expected):
    assert locale_day_first(text) is expected


def test_ambiguous_numeric_date_read_day_first_on_a_british_page():
    text = page("Allotment rents to rise at the Fernbrook sites", "", "Staff Reporter", "09/03/2024 07:15", "",
                "Councillors in Fernbrook agreed on Tuesday to raise allotment rents for the first time in ten "
                "years, saying the money would pay for new fencing around the town centre sites.", "",
                "A full plot measures roughly 250 square metres, and tenants will pay about £10 more a year "
                "under the plan, which takes effect in the spring.", "", PROSE_3)
    assert extract_scraped_text(text).published.date().isoformat() == "2024-03-09"
    us = (text.replace("Councillors", "Council members").replace("centre", "center")
          .replace("metres", "feet").replace("£10", "$10").replace("councillors", "council members"))
    assert extract_scraped_text(us).published.date().isoformat() == "2024-09-03"
